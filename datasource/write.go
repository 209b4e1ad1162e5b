package datasource

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/fulgur/fulgur/sqlerr"
)

// SaveMode is what a write does when its target already holds data.
type SaveMode int

// Save modes (DataFrameWriter.mode).
const (
	ErrorIfExists SaveMode = iota
	Append
	Overwrite
	Ignore
)

// ParseSaveMode reads Spark's mode names (error/errorifexists/default, append,
// overwrite, ignore).
func ParseSaveMode(s string) (SaveMode, error) {
	switch strings.ToLower(s) {
	case "", "error", "errorifexists", "default":
		return ErrorIfExists, nil
	case "append":
		return Append, nil
	case "overwrite":
		return Overwrite, nil
	case "ignore":
		return Ignore, nil
	}
	return 0, sqlerr.IllegalArgument("Unknown save mode: " + s + ". Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.")
}

// WriteJob writes a dataset into a directory atomically: files are written into a
// staging directory inside the target (hidden from readers, whose listing skips names
// starting with '_'), and Commit moves them into place in one step after every task
// has finished; an overwrite deletes the old files only then. A failed or abandoned
// job leaves the target as it was.
type WriteJob struct {
	Target       string
	Format       string
	Mode         SaveMode
	Options      Options
	PartitionBy  []string
	staging      string
	id           string
	skip         bool
	existedFiles []string
}

// NewWriteJob prepares a write to target. Skip reports that the job does nothing
// (mode ignore with existing data).
func NewWriteJob(target, format string, mode SaveMode, opts Options, partitionBy []string) (*WriteJob, error) {
	switch strings.ToLower(format) {
	case "parquet", "csv", "json", "text":
	default:
		return nil, sqlerr.Unsupported("writing the " + format + " format")
	}
	target = localPath(target)
	j := &WriteJob{Target: target, Format: strings.ToLower(format), Mode: mode, Options: opts, PartitionBy: partitionBy, id: newID()}
	existing, err := visibleFiles(target)
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 || dirExists(target) && mode == ErrorIfExists {
		switch mode {
		case ErrorIfExists:
			return nil, sqlerr.New("PATH_ALREADY_EXISTS", "outputPath", QualifiedPath(target))
		case Ignore:
			j.skip = true
			return j, nil
		}
	}
	j.existedFiles = existing
	j.staging = filepath.Join(target, "_temporary", j.id)
	if err := os.MkdirAll(j.staging, 0o755); err != nil {
		return nil, err
	}
	return j, nil
}

// Skip reports whether the job writes nothing.
func (j *WriteJob) Skip() bool { return j.skip }

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// visibleFiles lists the data files readers would see under dir.
func visibleFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == dir {
				return filepath.SkipAll
			}
			return err
		}
		if path != dir && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			out = append(out, path)
		}
		return nil
	})
	return out, err
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// partitionDir is Hive's key=value directory name, escaped as Spark escapes it.
func partitionDir(col, value string, null bool) string {
	if null {
		value = "__HIVE_DEFAULT_PARTITION__"
	} else {
		value = escapePartitionValue(value)
	}
	return escapePartitionValue(col) + "=" + value
}

func escapePartitionValue(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || strings.ContainsRune("\"#%'*/:=?\\\x7f{[]^", r) {
			fmt.Fprintf(&b, "%%%02X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WriteTask writes one task's rows (all batches of src, which the task releases) into
// the staging area, one file per partition directory.
func (j *WriteJob) WriteTask(ctx context.Context, task int, schema *arrow.Schema, next func() (arrow.RecordBatch, error), mem memory.Allocator) error {
	if j.skip {
		return nil
	}
	part := make([]int, len(j.PartitionBy))
	for i, c := range j.PartitionBy {
		part[i] = -1
		for k, f := range schema.Fields() {
			if strings.EqualFold(f.Name, c) {
				part[i] = k
			}
		}
		if part[i] < 0 {
			return sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", "`"+c+"`", "proposal", "")
		}
	}
	// The data columns: all but the partition columns.
	var dataIdx []int
	var dataFields []arrow.Field
	for k, f := range schema.Fields() {
		isPart := false
		for _, p := range part {
			isPart = isPart || p == k
		}
		if !isPart {
			dataIdx = append(dataIdx, k)
			dataFields = append(dataFields, f)
		}
	}
	dataSchema := arrow.NewSchema(dataFields, nil)
	writers := map[string]fileWriter{}
	defer func() {
		for _, w := range writers {
			w.abort()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		groups := map[string][]int32{}
		var order []string
		for r := 0; r < int(b.NumRows()); r++ {
			var dirs []string
			for i, k := range part {
				col := b.Column(k)
				dirs = append(dirs, partitionDir(j.PartitionBy[i], col.ValueStr(r), col.IsNull(r)))
			}
			key := filepath.Join(dirs...)
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			groups[key] = append(groups[key], int32(r))
		}
		for _, key := range order {
			w, ok := writers[key]
			if !ok {
				dir := filepath.Join(j.staging, key)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					b.Release()
					return err
				}
				name := fmt.Sprintf("part-%05d-%s-c000%s", task, j.id, j.extension())
				w, err = j.newFileWriter(filepath.Join(dir, name), dataSchema, mem)
				if err != nil {
					b.Release()
					return err
				}
				writers[key] = w
			}
			rows := groups[key]
			cols := make([]arrow.Array, len(dataIdx))
			for i, k := range dataIdx {
				cols[i] = takeRows(mem, b.Column(k), rows)
			}
			rec := array.NewRecordBatch(dataSchema, cols, int64(len(rows)))
			for _, c := range cols {
				c.Release()
			}
			err := w.write(rec)
			rec.Release()
			if err != nil {
				b.Release()
				return err
			}
		}
		b.Release()
	}
	for key, w := range writers {
		if err := w.close(); err != nil {
			return err
		}
		delete(writers, key)
	}
	return nil
}

// takeRows gathers rows of a column (nested types through Arrow's concatenation of
// one-row slices, which keeps this independent of the engine's take).
func takeRows(mem memory.Allocator, col arrow.Array, rows []int32) arrow.Array {
	if len(rows) == col.Len() {
		col.Retain()
		return col
	}
	parts := make([]arrow.Array, 0, len(rows))
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end] == rows[end-1]+1 {
			end++
		}
		parts = append(parts, array.NewSlice(col, int64(rows[start]), int64(rows[end-1])+1))
		start = end
	}
	out, err := array.Concatenate(parts, mem)
	for _, p := range parts {
		p.Release()
	}
	if err != nil {
		panic(err)
	}
	return out
}

func (j *WriteJob) extension() string {
	switch j.Format {
	case "parquet":
		codec := strings.ToLower(j.Options.GetOr("compression", "snappy"))
		if codec == "none" || codec == "uncompressed" {
			return ".parquet"
		}
		return "." + codec + ".parquet"
	case "csv":
		return ".csv"
	case "json":
		return ".json"
	}
	return ".txt"
}

// Commit publishes the staged files: an overwrite first removes the target's old data
// files, then every staged file is renamed into place and _SUCCESS written.
func (j *WriteJob) Commit() error {
	if j.skip {
		return nil
	}
	if j.Mode == Overwrite {
		for _, f := range j.existedFiles {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	err := filepath.WalkDir(j.staging, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(j.staging, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(j.Target, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.Rename(path, dst)
	})
	if err != nil {
		return err
	}
	_ = os.RemoveAll(filepath.Join(j.Target, "_temporary"))
	return os.WriteFile(filepath.Join(j.Target, "_SUCCESS"), nil, 0o644)
}

// Abort removes the staged files; the target is untouched.
func (j *WriteJob) Abort() {
	if j.staging != "" {
		_ = os.RemoveAll(j.staging)
		_ = os.Remove(filepath.Join(j.Target, "_temporary"))
	}
}

// fileWriter writes batches into one file.
type fileWriter interface {
	write(arrow.RecordBatch) error
	close() error
	abort()
}

func (j *WriteJob) newFileWriter(path string, schema *arrow.Schema, mem memory.Allocator) (fileWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	switch j.Format {
	case "parquet":
		codec := compress.Codecs.Snappy
		switch strings.ToLower(j.Options.GetOr("compression", "snappy")) {
		case "none", "uncompressed":
			codec = compress.Codecs.Uncompressed
		case "gzip":
			codec = compress.Codecs.Gzip
		case "zstd":
			codec = compress.Codecs.Zstd
		case "snappy":
		default:
			f.Close()
			return nil, sqlerr.IllegalArgument("Codec [" + j.Options.GetOr("compression", "") + "] is not available. Available codecs are uncompressed, snappy, gzip, zstd, none.")
		}
		props := parquet.NewWriterProperties(parquet.WithCompression(codec), parquet.WithAllocator(mem))
		w, err := pqarrow.NewFileWriter(schema, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
		if err != nil {
			f.Close()
			return nil, err
		}
		return &parquetWriter{w: w, path: path}, nil
	case "csv", "json", "text":
		return &textWriter{f: f, path: path, format: j.Format, opts: j.Options, schema: schema}, nil
	}
	f.Close()
	return nil, sqlerr.Unsupported("writing the " + j.Format + " format")
}

type parquetWriter struct {
	w    *pqarrow.FileWriter
	path string
}

func (p *parquetWriter) write(b arrow.RecordBatch) error { return p.w.Write(b) }
func (p *parquetWriter) close() error                    { return p.w.Close() }
func (p *parquetWriter) abort()                          { _ = p.w.Close(); _ = os.Remove(p.path) }

// textWriter writes csv, json lines or text: one line per row.
type textWriter struct {
	f       *os.File
	path    string
	format  string
	opts    Options
	schema  *arrow.Schema
	started bool
}

func (t *textWriter) write(b arrow.RecordBatch) error {
	var sb strings.Builder
	if t.format == "csv" && !t.started && strings.EqualFold(t.opts.GetOr("header", "false"), "true") {
		names := make([]string, len(t.schema.Fields()))
		for i, f := range t.schema.Fields() {
			names[i] = csvField(f.Name, t.opts)
		}
		sb.WriteString(strings.Join(names, t.opts.GetOr("sep", ",")) + "\n")
	}
	t.started = true
	for r := 0; r < int(b.NumRows()); r++ {
		switch t.format {
		case "text":
			sb.WriteString(b.Column(0).ValueStr(r) + "\n")
		case "csv":
			cells := make([]string, b.NumCols())
			for c, col := range b.Columns() {
				if col.IsNull(r) {
					cells[c] = t.opts.GetOr("nullValue", "")
				} else {
					cells[c] = csvField(col.ValueStr(r), t.opts)
				}
			}
			sb.WriteString(strings.Join(cells, t.opts.GetOr("sep", ",")) + "\n")
		case "json":
			var parts []string
			for c, col := range b.Columns() {
				if col.IsNull(r) {
					continue // Spark omits NULL fields
				}
				parts = append(parts, quoteJSON(t.schema.Field(c).Name)+":"+jsonCell(col, r))
			}
			sb.WriteString("{" + strings.Join(parts, ",") + "}\n")
		}
	}
	_, err := t.f.WriteString(sb.String())
	return err
}

func (t *textWriter) close() error { return t.f.Close() }
func (t *textWriter) abort()       { _ = t.f.Close(); _ = os.Remove(t.path) }

// csvField quotes a value when it holds the separator, a quote or a line break.
func csvField(s string, opts Options) string {
	sep, quote := opts.GetOr("sep", ","), opts.GetOr("quote", `"`)
	if s == "" {
		return `""`
	}
	if strings.Contains(s, sep) || strings.Contains(s, quote) || strings.ContainsAny(s, "\n\r") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		esc := opts.GetOr("escape", `\`)
		return quote + strings.ReplaceAll(s, quote, esc+quote) + quote
	}
	return s
}

func quoteJSON(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// jsonCell renders one value as Spark's JSON writer does for flat types; nested
// values use Arrow's JSON form.
func jsonCell(col arrow.Array, r int) string {
	switch c := col.(type) {
	case *array.String:
		return quoteJSON(c.Value(r))
	case *array.Boolean, *array.Int8, *array.Int16, *array.Int32, *array.Int64, *array.Float32, *array.Float64, *array.Decimal128:
		return col.ValueStr(r)
	case *array.Date32, *array.Timestamp:
		return quoteJSON(col.ValueStr(r))
	}
	v := array.NewSlice(col, int64(r), int64(r)+1)
	defer v.Release()
	b, err := v.MarshalJSON()
	if err != nil {
		return "null"
	}
	s := strings.TrimSpace(string(b))
	return strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
}

// GetOr returns an option's value (keys are case-insensitive) or def.
func (o Options) GetOr(key, def string) string {
	if v, ok := o.Get(key); ok {
		return v
	}
	return def
}
