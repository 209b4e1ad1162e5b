package datasource

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// taskLayout is how a task's rows map to files: which columns name the partition
// directory and which are written inside the files.
type taskLayout struct {
	schema  *arrow.Schema
	partIdx []int // schema index of each partition column, in directory order
	dataIdx []int // schema index of each data column
	data    *arrow.Schema
	out     outputFormat
	loc     *time.Location
	maxRecs int64
}

// newTaskLayout validates a write's schema against its spec, as Spark does before a
// write starts.
func newTaskLayout(spec TaskSpec, schema *arrow.Schema) (*taskLayout, error) {
	opts := Options(spec.Options)
	l := &taskLayout{schema: schema, loc: sessionLocation(opts, schema)}
	isPart := make([]bool, schema.NumFields())
	for _, c := range spec.PartitionBy {
		k := -1
		for i, f := range schema.Fields() {
			if strings.EqualFold(f.Name, c) {
				k = i
				break
			}
		}
		if k < 0 {
			return nil, sqlerr.New("_LEGACY_ERROR_TEMP_1155", "col", c, "schemaCatalog", schemaCatalogString(schema))
		}
		switch schema.Field(k).Type.(type) {
		case *arrow.StructType, *arrow.ListType, *arrow.MapType:
			st, _ := types.FromArrow(schema.Field(k).Type)
			return nil, sqlerr.New("INVALID_PARTITION_COLUMN_DATA_TYPE", "type", `"`+sqlTypeName(st)+`"`)
		}
		isPart[k] = true
		l.partIdx = append(l.partIdx, k)
	}
	var dataFields []arrow.Field
	for i, f := range schema.Fields() {
		if !isPart[i] {
			l.dataIdx = append(l.dataIdx, i)
			dataFields = append(dataFields, f)
		}
	}
	if len(l.partIdx) > 0 && len(dataFields) == 0 {
		return nil, sqlerr.New("ALL_PARTITION_COLUMNS_NOT_ALLOWED")
	}
	l.data = arrow.NewSchema(dataFields, nil)
	if err := checkWriteTypes(spec.Format, l.data); err != nil {
		return nil, err
	}
	var err error
	if l.out, err = newOutputFormat(spec.Format, opts, l.loc); err != nil {
		return nil, err
	}
	if l.maxRecs, err = maxRecordsPerFile(opts); err != nil {
		return nil, err
	}
	return l, nil
}

// schemaCatalogString renders a schema as Spark's StructType.catalogString.
func schemaCatalogString(s *arrow.Schema) string {
	st, err := types.FromArrowSchema(s)
	if err != nil {
		return s.String()
	}
	return st.String()
}

// maxOpenFiles bounds the files a partitioned task keeps open; past it the least
// recently used file is closed and its partition continues in a new file.
const maxOpenFiles = 64

// TaskWriter writes one task's rows of a job into the task's staging directory. It is
// not safe for concurrent use; different TaskWriters may run concurrently.
//
// Files are named as Spark names them: part-<task>-<jobID>-c<n><ext> (or
// <k=v>/.../part-<task>-<jobID>.c<n><ext> under partition directories), where n counts
// the files of one directory (a new file starts when maxRecordsPerFile is reached).
type TaskWriter struct {
	spec     TaskSpec
	task     int
	attempt  int
	dir      string
	layout   *taskLayout
	mem      memory.Allocator
	skip     bool
	open     map[string]*openFile
	counters map[string]int
	tick     uint64
	files    []string
	rows     int64
	failed   bool
	done     bool
}

type openFile struct {
	w       outputWriter
	rows    int64
	lastUse uint64
}

// NewTaskWriter starts attempt `attempt` of task `task` of the job described by spec.
// schema is the schema of the batches Write receives (all columns, including the
// partition columns, matched by name case-insensitively). mem allocates the
// writer's buffers.
func NewTaskWriter(spec TaskSpec, task, attempt int, schema *arrow.Schema, mem memory.Allocator) (*TaskWriter, error) {
	l, err := newTaskLayout(spec, schema)
	if err != nil {
		return nil, err
	}
	w := &TaskWriter{spec: spec, task: task, attempt: attempt, layout: l, mem: mem,
		open: map[string]*openFile{}, counters: map[string]int{},
		dir: filepath.Join(spec.staging(), fmt.Sprintf("_attempt_%05d_%d", task, attempt))}
	if err := os.RemoveAll(w.dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return nil, err
	}
	return w, nil
}

// NewTask starts a task writer of the job in this process (NewTaskWriter with the
// job's TaskSpec). The writer of a skipped job discards its rows.
func (j *Job) NewTask(task, attempt int, schema *arrow.Schema, mem memory.Allocator) (*TaskWriter, error) {
	if j.skipped {
		return &TaskWriter{skip: true}, nil
	}
	return NewTaskWriter(j.spec, task, attempt, schema, mem)
}

// Write writes the rows of b (whose columns follow the schema the writer was created
// with). It does not take ownership of b. After an error the writer must be aborted.
func (w *TaskWriter) Write(ctx context.Context, b arrow.RecordBatch) error {
	if w.skip {
		return nil
	}
	if w.done || w.failed {
		return errors.New("datasource: write to a finished task writer")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if int(b.NumCols()) != w.layout.schema.NumFields() {
		w.failed = true
		return fmt.Errorf("datasource: batch has %d columns, the write schema %d", b.NumCols(), w.layout.schema.NumFields())
	}
	if b.NumRows() == 0 {
		return nil
	}
	if err := w.write(ctx, b); err != nil {
		w.failed = true
		return err
	}
	w.rows += b.NumRows()
	return nil
}

func (w *TaskWriter) write(ctx context.Context, b arrow.RecordBatch) error {
	l := w.layout
	if len(l.partIdx) == 0 {
		return w.writeTo("", b)
	}
	// Route rows to partition directories, keeping first-appearance order.
	n := int(b.NumRows())
	groups := map[string][]int32{}
	var order []string
	var sb strings.Builder
	for r := 0; r < n; r++ {
		sb.Reset()
		for i, k := range l.partIdx {
			col := b.Column(k)
			if i > 0 {
				sb.WriteByte('/')
			}
			v, null := "", col.IsNull(r)
			if !null {
				var ok bool
				if v, ok = castToString(col, r, l.loc); !ok {
					return fmt.Errorf("datasource: cannot partition by a column of type %s", col.DataType())
				}
			}
			sb.WriteString(partitionDir(l.schema.Field(k).Name, v, null))
		}
		key := sb.String()
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], int32(r))
	}
	for _, key := range order {
		rows := groups[key]
		cols := make([]arrow.Array, len(l.dataIdx))
		for i, k := range l.dataIdx {
			c, err := takeRows(ctx, w.mem, b.Column(k), rows)
			if err != nil {
				releaseArrays(cols[:i])
				return err
			}
			cols[i] = c
		}
		rec := array.NewRecordBatch(l.data, cols, int64(len(rows)))
		releaseArrays(cols)
		err := w.writeTo(filepath.FromSlash(key), rec)
		rec.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// writeTo writes data-column rows (or, unpartitioned, all columns) into directory dir
// of the task, starting new files at maxRecordsPerFile.
func (w *TaskWriter) writeTo(dir string, b arrow.RecordBatch) error {
	if len(w.layout.partIdx) == 0 && len(w.layout.dataIdx) != int(b.NumCols()) {
		return fmt.Errorf("datasource: unexpected batch width %d", b.NumCols())
	}
	if len(w.layout.partIdx) == 0 {
		// Use the writer's own schema (names and nullability as given to the job).
		b = array.NewRecordBatch(w.layout.data, b.Columns(), b.NumRows())
		defer b.Release()
	}
	total := b.NumRows()
	for off := int64(0); off < total; {
		f, err := w.file(dir)
		if err != nil {
			return err
		}
		n := total - off
		if max := w.layout.maxRecs; max > 0 && n > max-f.rows {
			n = max - f.rows
		}
		part := b
		if off != 0 || n != total {
			part = b.NewSlice(off, off+n)
		}
		err = f.w.write(part)
		if part != b {
			part.Release()
		}
		if err != nil {
			return err
		}
		f.rows += n
		off += n
		if max := w.layout.maxRecs; max > 0 && f.rows >= max {
			delete(w.open, dir)
			if err := f.w.close(); err != nil {
				return err
			}
		}
	}
	return nil
}

// file returns the open file of dir, starting one if needed.
func (w *TaskWriter) file(dir string) (*openFile, error) {
	w.tick++
	if f, ok := w.open[dir]; ok {
		f.lastUse = w.tick
		return f, nil
	}
	if len(w.open) >= maxOpenFiles {
		var lru string
		var min uint64
		for d, f := range w.open {
			if lru == "" && min == 0 || f.lastUse < min {
				lru, min = d, f.lastUse
			}
		}
		f := w.open[lru]
		delete(w.open, lru)
		if err := f.w.close(); err != nil {
			return nil, err
		}
	}
	counter := w.counters[dir]
	w.counters[dir] = counter + 1
	sep := "-"
	if len(w.layout.partIdx) > 0 {
		sep = "."
	}
	name := fmt.Sprintf("part-%05d-%s%sc%03d%s", w.task, w.spec.JobID, sep, counter, w.layout.out.extension())
	rel := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Join(w.dir, dir), 0o755); err != nil {
		return nil, err
	}
	ow, err := w.layout.out.open(filepath.Join(w.dir, rel), w.layout.data, w.mem)
	if err != nil {
		return nil, err
	}
	w.files = append(w.files, rel)
	f := &openFile{w: ow, lastUse: w.tick}
	w.open[dir] = f
	return f, nil
}

func (w *TaskWriter) closeAll() error {
	var first error
	for d, f := range w.open {
		if err := f.w.close(); err != nil && first == nil {
			first = err
		}
		delete(w.open, d)
	}
	return first
}

// Commit closes the task's files and makes them part of the job: its attempt
// directory is renamed to the task's committed directory, which only one attempt of a
// task can do (others get ErrTaskCommitted). As in Spark, task 0 of an unpartitioned
// write that received no rows still writes one empty file (with the CSV header or the
// parquet schema). After an error the writer must be aborted.
func (w *TaskWriter) Commit() (TaskCommit, error) {
	if w.skip {
		return TaskCommit{}, nil
	}
	if w.done || w.failed {
		return TaskCommit{}, errors.New("datasource: commit of a finished or failed task writer")
	}
	if w.task == 0 && len(w.layout.partIdx) == 0 && len(w.files) == 0 {
		if _, err := w.file(""); err != nil {
			w.failed = true
			return TaskCommit{}, err
		}
	}
	if err := w.closeAll(); err != nil {
		w.failed = true
		return TaskCommit{}, err
	}
	staging := w.spec.staging()
	claim := filepath.Join(staging, fmt.Sprintf("_committed_%05d", w.task))
	f, err := os.OpenFile(claim, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		w.failed = true
		if errors.Is(err, fs.ErrExist) {
			return TaskCommit{}, ErrTaskCommitted
		}
		return TaskCommit{}, err
	}
	f.Close()
	if err := os.Rename(w.dir, filepath.Join(staging, fmt.Sprintf("task_%05d", w.task))); err != nil {
		_ = os.Remove(claim)
		w.failed = true
		return TaskCommit{}, err
	}
	w.done = true
	files := make([]string, len(w.files))
	for i, f := range w.files {
		files[i] = filepath.ToSlash(f)
	}
	return TaskCommit{Task: w.task, Attempt: w.attempt, Files: files, Rows: w.rows}, nil
}

// Abort closes and deletes the attempt's files. It is safe to call after a failed
// Write or Commit, more than once, and after a successful Commit (then it does
// nothing).
func (w *TaskWriter) Abort() error {
	if w.skip || w.done {
		return nil
	}
	w.done = true
	_ = w.closeAll()
	return os.RemoveAll(w.dir)
}

// takeRows gathers rows of a column: the column itself when all rows are taken, a
// slice for one contiguous run, and Arrow's take otherwise (concatenated slices for
// types take does not support).
func takeRows(ctx context.Context, mem memory.Allocator, col arrow.Array, rows []int32) (arrow.Array, error) {
	contiguous := true
	for i := 1; i < len(rows); i++ {
		if rows[i] != rows[i-1]+1 {
			contiguous = false
			break
		}
	}
	if contiguous {
		if len(rows) == col.Len() {
			col.Retain()
			return col, nil
		}
		return array.NewSlice(col, int64(rows[0]), int64(rows[len(rows)-1])+1), nil
	}
	ib := array.NewInt32Builder(mem)
	ib.AppendValues(rows, nil)
	idx := ib.NewArray()
	ib.Release()
	defer idx.Release()
	out, err := compute.TakeArray(compute.WithAllocator(ctx, mem), col, idx)
	if err == nil {
		return out, nil
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
	out, err = array.Concatenate(parts, mem)
	releaseArrays(parts)
	return out, err
}
