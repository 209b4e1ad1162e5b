package datasource

import (
	"bufio"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// outputFormat creates the files of one format for a job: it holds the parsed options,
// so option errors surface when the job is created, before any file is written.
type outputFormat interface {
	// extension is the file name suffix after the file counter, such as
	// ".snappy.parquet" or ".csv.gz".
	extension() string
	// open starts a file holding rows of the data schema (the partition columns are
	// not written inside files).
	open(path string, data *arrow.Schema, mem memory.Allocator) (outputWriter, error)
}

// outputWriter writes the rows of one file. write does not take ownership of b. close
// flushes and closes the file; after a failed write the caller still calls close.
type outputWriter interface {
	write(b arrow.RecordBatch) error
	close() error
}

// newOutputFormat validates the options of a write (checkWriteTypes validates its
// schema).
func newOutputFormat(format string, opts Options, loc *time.Location) (outputFormat, error) {
	switch format {
	case "parquet":
		return newParquetOutput(opts)
	case "csv":
		return newCSVOutput(opts, loc)
	case "json":
		return newJSONOutput(opts, loc)
	case "text":
		return newTextOutput(opts)
	}
	return nil, sqlerr.Unsupported("writing the " + format + " format")
}

// formatDisplayName is the format's name in Spark's error messages.
func formatDisplayName(format string) string {
	switch format {
	case "csv", "json":
		return strings.ToUpper(format)
	case "parquet":
		return "Parquet"
	}
	return "Text"
}

// checkWriteTypes is Spark's DataSourceUtils.verifySchema for writes.
func checkWriteTypes(format string, data *arrow.Schema) error {
	for _, f := range data.Fields() {
		if !writableType(format, f.Type, true) {
			st, err := types.FromArrow(f.Type)
			name := f.Type.String()
			if err == nil {
				name = sqlTypeName(st)
			}
			return sqlerr.New("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", "format", formatDisplayName(format),
				"columnName", "`"+f.Name+"`", "columnType", `"`+name+`"`)
		}
	}
	if format == "text" && data.NumFields() != 1 {
		return sqlerr.New("_LEGACY_ERROR_TEMP_1290", "schemaSize", strconv.Itoa(data.NumFields()))
	}
	return nil
}

func writableType(format string, t arrow.DataType, top bool) bool {
	switch t := t.(type) {
	case *arrow.StringType, *arrow.LargeStringType:
		return true
	case *arrow.BooleanType, *arrow.Int8Type, *arrow.Int16Type, *arrow.Int32Type, *arrow.Int64Type,
		*arrow.Float32Type, *arrow.Float64Type, *arrow.Decimal128Type, *arrow.Date32Type,
		*arrow.TimestampType, *arrow.BinaryType:
		return format != "text"
	case *arrow.ListType:
		return (format == "json" || format == "parquet") && writableType(format, t.Elem(), false)
	case *arrow.MapType:
		return (format == "json" || format == "parquet") && writableType(format, t.KeyType(), false) && writableType(format, t.ItemType(), false)
	case *arrow.StructType:
		if format != "json" && format != "parquet" {
			return false
		}
		for _, f := range t.Fields() {
			if !writableType(format, f.Type, false) {
				return false
			}
		}
		return true
	}
	return false
}

// sqlTypeName is DataType.sql: the type as Spark prints it in error messages.
func sqlTypeName(t types.DataType) string {
	switch t := t.(type) {
	case types.ArrayType:
		return "ARRAY<" + sqlTypeName(t.Elem) + ">"
	case types.MapType:
		return "MAP<" + sqlTypeName(t.Key) + ", " + sqlTypeName(t.Value) + ">"
	case types.StructType:
		parts := make([]string, len(t.Fields))
		for i, f := range t.Fields {
			parts[i] = f.Name + ": " + sqlTypeName(f.Type)
		}
		return "STRUCT<" + strings.Join(parts, ", ") + ">"
	}
	return strings.ToUpper(t.String())
}

// codecNotAvailable is Spark's error for an unknown compression codec name.
func codecNotAvailable(name, available string) error {
	return sqlerr.New("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION", "codecName", name, "availableCodecs", available)
}

// ---- parquet ----

type parquetOutput struct {
	codec compress.Compression
	ext   string
}

func newParquetOutput(opts Options) (*parquetOutput, error) {
	name, ok := opts.Get("compression")
	if !ok {
		name, ok = opts.Get("parquet.compression")
	}
	if !ok {
		name = "snappy"
	}
	p := &parquetOutput{}
	switch strings.ToLower(name) {
	case "none", "uncompressed":
		p.codec, p.ext = compress.Codecs.Uncompressed, ".parquet"
	case "snappy":
		p.codec, p.ext = compress.Codecs.Snappy, ".snappy.parquet"
	case "gzip":
		p.codec, p.ext = compress.Codecs.Gzip, ".gz.parquet"
	case "zstd":
		p.codec, p.ext = compress.Codecs.Zstd, ".zstd.parquet"
	case "lz4_raw":
		p.codec, p.ext = compress.Codecs.Lz4Raw, ".lz4raw.parquet"
	case "brotli":
		p.codec, p.ext = compress.Codecs.Brotli, ".br.parquet"
	case "lzo", "lz4":
		return nil, sqlerr.Unsupported("writing parquet with the " + strings.ToLower(name) + " codec")
	default:
		return nil, codecNotAvailable(strings.ToLower(name), "brotli, uncompressed, lz4_raw, lz4, gzip, lzo, snappy, none, zstd")
	}
	return p, nil
}

func (p *parquetOutput) extension() string { return p.ext }

func (p *parquetOutput) open(path string, data *arrow.Schema, mem memory.Allocator) (outputWriter, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(p.codec), parquet.WithAllocator(mem),
		parquet.WithCreatedBy("fulgur"))
	w, err := pqarrow.NewFileWriter(data, f, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
	if err != nil {
		f.Close()
		return nil, err
	}
	return &parquetFileWriter{w: w}, nil
}

type parquetFileWriter struct{ w *pqarrow.FileWriter }

func (p *parquetFileWriter) write(b arrow.RecordBatch) error { return p.w.WriteBuffered(b) }
func (p *parquetFileWriter) close() error                    { return p.w.Close() }

// ---- line-oriented formats: csv, json, text ----

// textCodec is a Hadoop compression codec for the line-oriented formats.
type textCodec struct {
	ext  string
	wrap func(io.Writer) io.WriteCloser
}

func parseTextCodec(opts Options) (textCodec, error) {
	name, ok := opts.Get("compression")
	if !ok {
		name, _ = opts.Get("codec")
	}
	switch strings.ToLower(name) {
	case "", "none", "uncompressed":
		return textCodec{}, nil
	case "gzip":
		return textCodec{ext: ".gz", wrap: func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }}, nil
	case "deflate":
		return textCodec{ext: ".deflate", wrap: func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) }}, nil
	case "bzip2", "lz4", "snappy":
		return textCodec{}, sqlerr.Unsupported("writing text files with the " + strings.ToLower(name) + " codec")
	}
	return textCodec{}, codecNotAvailable(name, "bzip2, deflate, uncompressed, snappy, none, lz4, gzip")
}

// lineFile is an open file of a line-oriented format.
type lineFile struct {
	f   *os.File
	c   io.WriteCloser
	buf *bufio.Writer
}

func openLineFile(path string, codec textCodec) (*lineFile, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	lf := &lineFile{f: f}
	var w io.Writer = f
	if codec.wrap != nil {
		lf.c = codec.wrap(f)
		w = lf.c
	}
	lf.buf = bufio.NewWriterSize(w, 1<<16)
	return lf, nil
}

func (l *lineFile) close() error {
	err := l.buf.Flush()
	if l.c != nil {
		if cerr := l.c.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// dateTimeFormats are the dateFormat, timestampFormat and timestampNTZFormat options.
type dateTimeFormats struct {
	date, ts, ntz *dtFormatter
	loc           *time.Location
}

func parseDateTimeFormats(opts Options, loc *time.Location) (dateTimeFormats, error) {
	d := dateTimeFormats{loc: loc}
	var err error
	for _, o := range []struct {
		key, def string
		dst      **dtFormatter
	}{
		{"dateFormat", "yyyy-MM-dd", &d.date},
		{"timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", &d.ts},
		{"timestampNTZFormat", "yyyy-MM-dd'T'HH:mm:ss[.SSS]", &d.ntz},
	} {
		p, ok := opts.Get(o.key)
		if !ok {
			p = o.def
		}
		if *o.dst, err = newDTFormatter(p); err != nil {
			return d, sqlerr.IllegalArgument(err.Error())
		}
	}
	return d, nil
}

func (d dateTimeFormats) timestamp(t *arrow.TimestampType, v arrow.Timestamp) string {
	us := int64(v)
	switch t.Unit {
	case arrow.Second:
		us *= 1_000_000
	case arrow.Millisecond:
		us *= 1000
	case arrow.Nanosecond:
		us /= 1000
	}
	tm := time.UnixMicro(us).UTC()
	if t.TimeZone == "" {
		return d.ntz.format(tm)
	}
	return d.ts.format(tm.In(d.loc))
}

func lineSepOption(opts Options) (string, error) {
	v, ok := opts.Get("lineSep")
	if !ok {
		return "\n", nil
	}
	if v == "" {
		return "", sqlerr.IllegalArgument("requirement failed: 'lineSep' cannot be an empty string.")
	}
	return v, nil
}

// ---- csv ----

// csvOutput writes CSV as Spark's UnivocityGenerator: values are trimmed (by default),
// empty strings become emptyValue and nulls nullValue (both written as they are), and a
// value is quoted when it contains the delimiter, a line break or (with escapeQuotes) the
// quote character, or starts with the quote character. Inside quotes the quote is
// escaped with escape and escape with charToEscapeQuoteEscaping.
type csvOutput struct {
	codec                         textCodec
	header, quoteAll, escapeQuote bool
	ignoreLeading, ignoreTrailing bool
	delim, quote, escape, escEsc  rune
	nullValue, emptyValue         string
	lineSep                       string
	dt                            dateTimeFormats
}

func newCSVOutput(opts Options, loc *time.Location) (*csvOutput, error) {
	if err := checkEncoding(opts); err != nil {
		return nil, err
	}
	o := &csvOutput{}
	var err error
	if o.codec, err = parseTextCodec(opts); err != nil {
		return nil, err
	}
	for _, b := range []struct {
		key string
		dst *bool
		def bool
	}{
		{"header", &o.header, false}, {"quoteAll", &o.quoteAll, false}, {"escapeQuotes", &o.escapeQuote, true},
		{"ignoreLeadingWhiteSpace", &o.ignoreLeading, true}, {"ignoreTrailingWhiteSpace", &o.ignoreTrailing, true},
	} {
		if *b.dst, err = optBool(opts, b.key, b.def); err != nil {
			return nil, err
		}
	}
	if o.delim, err = csvChar(opts, []string{"sep", "delimiter"}, ','); err != nil {
		return nil, err
	}
	if o.delim == 0 {
		return nil, sqlerr.IllegalArgument("Delimiter cannot be empty string")
	}
	if o.quote, err = csvChar(opts, []string{"quote"}, '"'); err != nil {
		return nil, err
	}
	if o.escape, err = csvChar(opts, []string{"escape"}, '\\'); err != nil {
		return nil, err
	}
	def := rune(0)
	if o.escape != o.quote {
		def = o.escape
	}
	if o.escEsc, err = csvChar(opts, []string{"charToEscapeQuoteEscaping"}, def); err != nil {
		return nil, err
	}
	o.nullValue, _ = opts.Get("nullValue")
	o.emptyValue = `""`
	if v, ok := opts.Get("emptyValue"); ok {
		o.emptyValue = v
	}
	if o.lineSep, err = lineSepOption(opts); err != nil {
		return nil, err
	}
	if o.dt, err = parseDateTimeFormats(opts, loc); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *csvOutput) extension() string { return ".csv" + o.codec.ext }

// field renders one non-null value as it appears in the file.
func (o *csvOutput) field(s string) string {
	if o.ignoreLeading {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return r <= ' ' })
	}
	if o.ignoreTrailing {
		s = strings.TrimRightFunc(s, func(r rune) bool { return r <= ' ' })
	}
	if s == "" {
		return o.emptyValue
	}
	quote := o.quoteAll || o.quote != 0 && strings.HasPrefix(s, string(o.quote))
	if !quote {
		for _, r := range s {
			if r == o.delim || r == '\n' || r == '\r' || o.escapeQuote && o.quote != 0 && r == o.quote {
				quote = true
				break
			}
		}
	}
	if !quote || o.quote == 0 {
		return s
	}
	return o.quoted(s)
}

// quoted wraps s in quotes, escaping the quote and escape characters.
func (o *csvOutput) quoted(s string) string {
	if o.quote == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteRune(o.quote)
	for _, r := range s {
		switch {
		case r == o.quote:
			if o.escape != 0 {
				b.WriteRune(o.escape)
			}
		case r == o.escape && o.escEsc != 0:
			b.WriteRune(o.escEsc)
		}
		b.WriteRune(r)
	}
	b.WriteRune(o.quote)
	return b.String()
}

func (o *csvOutput) open(path string, data *arrow.Schema, _ memory.Allocator) (outputWriter, error) {
	lf, err := openLineFile(path, o.codec)
	if err != nil {
		return nil, err
	}
	w := &csvFileWriter{o: o, lf: lf}
	if o.header {
		for i, f := range data.Fields() {
			if i > 0 {
				w.lf.buf.WriteRune(o.delim)
			}
			w.lf.buf.WriteString(o.field(f.Name))
		}
		w.lf.buf.WriteString(o.lineSep)
	}
	return w, nil
}

type csvFileWriter struct {
	o  *csvOutput
	lf *lineFile
}

func (w *csvFileWriter) write(b arrow.RecordBatch) error {
	buf := w.lf.buf
	for r := 0; r < int(b.NumRows()); r++ {
		for c, col := range b.Columns() {
			if c > 0 {
				buf.WriteRune(w.o.delim)
			}
			if col.IsNull(r) {
				if w.o.quoteAll {
					buf.WriteString(w.o.quoted(w.o.nullValue))
				} else {
					buf.WriteString(w.o.nullValue)
				}
				continue
			}
			buf.WriteString(w.o.field(w.o.value(col, r)))
		}
		if _, err := buf.WriteString(w.o.lineSep); err != nil {
			return err
		}
	}
	return nil
}

func (w *csvFileWriter) close() error { return w.lf.close() }

// value renders a scalar as Spark's CSV writer: Java's toString for numbers, the date
// and timestamp patterns, and [01 02] for binary.
func (o *csvOutput) value(col arrow.Array, i int) string {
	switch c := col.(type) {
	case *array.Float32:
		return javaDouble(float64(c.Value(i)), 32)
	case *array.Float64:
		return javaDouble(c.Value(i), 64)
	case *array.Decimal128:
		return javaBigDecimal(c.Value(i), c.DataType().(*arrow.Decimal128Type).Scale)
	case *array.Date32:
		return o.dt.date.format(dateOf(int32(c.Value(i))))
	case *array.Timestamp:
		return o.dt.timestamp(c.DataType().(*arrow.TimestampType), c.Value(i))
	case *array.Binary:
		return csvBinary(c.Value(i))
	}
	s, _ := castToString(col, i, o.dt.loc)
	return s
}

// ---- json ----

// jsonOutput writes JSON lines as Spark's JacksonGenerator: null fields are left out
// (ignoreNullFields), NaN and infinities are strings, decimals use BigDecimal.toString,
// binary is base64, and maps are objects keyed by the key's string form.
type jsonOutput struct {
	codec      textCodec
	ignoreNull bool
	lineSep    string
	dt         dateTimeFormats
}

func newJSONOutput(opts Options, loc *time.Location) (*jsonOutput, error) {
	if err := checkEncoding(opts); err != nil {
		return nil, err
	}
	o := &jsonOutput{}
	var err error
	if o.codec, err = parseTextCodec(opts); err != nil {
		return nil, err
	}
	if o.ignoreNull, err = optBool(opts, "ignoreNullFields", true); err != nil {
		return nil, err
	}
	if o.lineSep, err = lineSepOption(opts); err != nil {
		return nil, err
	}
	if o.dt, err = parseDateTimeFormats(opts, loc); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *jsonOutput) extension() string { return ".json" + o.codec.ext }

func (o *jsonOutput) open(path string, data *arrow.Schema, _ memory.Allocator) (outputWriter, error) {
	lf, err := openLineFile(path, o.codec)
	if err != nil {
		return nil, err
	}
	return &jsonFileWriter{o: o, lf: lf, names: data.Fields()}, nil
}

type jsonFileWriter struct {
	o     *jsonOutput
	lf    *lineFile
	names []arrow.Field
	scr   []byte
}

func (w *jsonFileWriter) write(b arrow.RecordBatch) error {
	for r := 0; r < int(b.NumRows()); r++ {
		out := w.scr[:0]
		out = append(out, '{')
		first := true
		for c, col := range b.Columns() {
			if col.IsNull(r) && w.o.ignoreNull {
				continue
			}
			if !first {
				out = append(out, ',')
			}
			first = false
			out = appendJSONString(out, w.names[c].Name)
			out = append(out, ':')
			out = w.o.appendValue(out, col, r)
		}
		out = append(out, '}')
		out = append(out, w.o.lineSep...)
		w.scr = out
		if _, err := w.lf.buf.Write(out); err != nil {
			return err
		}
	}
	return nil
}

func (w *jsonFileWriter) close() error { return w.lf.close() }

func (o *jsonOutput) appendValue(out []byte, col arrow.Array, i int) []byte {
	if col.IsNull(i) {
		return append(out, "null"...)
	}
	switch c := col.(type) {
	case *array.String:
		return appendJSONString(out, c.Value(i))
	case *array.LargeString:
		return appendJSONString(out, c.Value(i))
	case *array.Boolean, *array.Int8, *array.Int16, *array.Int32, *array.Int64:
		s, _ := castToString(col, i, o.dt.loc)
		return append(out, s...)
	case *array.Float32:
		return appendJSONNumber(out, javaDouble(float64(c.Value(i)), 32))
	case *array.Float64:
		return appendJSONNumber(out, javaDouble(c.Value(i), 64))
	case *array.Decimal128:
		return append(out, javaBigDecimal(c.Value(i), c.DataType().(*arrow.Decimal128Type).Scale)...)
	case *array.Date32:
		return appendJSONString(out, o.dt.date.format(dateOf(int32(c.Value(i)))))
	case *array.Timestamp:
		return appendJSONString(out, o.dt.timestamp(c.DataType().(*arrow.TimestampType), c.Value(i)))
	case *array.Binary:
		return appendJSONString(out, base64.StdEncoding.EncodeToString(c.Value(i)))
	case *array.Struct:
		out = append(out, '{')
		first := true
		st := c.DataType().(*arrow.StructType)
		for k := 0; k < c.NumField(); k++ {
			f := c.Field(k)
			if f.IsNull(i) && o.ignoreNull {
				continue
			}
			if !first {
				out = append(out, ',')
			}
			first = false
			out = appendJSONString(out, st.Field(k).Name)
			out = append(out, ':')
			out = o.appendValue(out, f, i)
		}
		return append(out, '}')
	case *array.Map:
		start, end := c.ValueOffsets(i)
		keys, items := c.Keys(), c.Items()
		out = append(out, '{')
		for j := start; j < end; j++ {
			if j > start {
				out = append(out, ',')
			}
			k, _ := castToString(keys, int(j), o.dt.loc)
			if ts, ok := keys.(*array.Timestamp); ok {
				k = o.dt.timestamp(ts.DataType().(*arrow.TimestampType), ts.Value(int(j)))
			}
			out = appendJSONString(out, k)
			out = append(out, ':')
			out = o.appendValue(out, items, int(j))
		}
		return append(out, '}')
	case *array.List:
		start, end := c.ValueOffsets(i)
		vals := c.ListValues()
		out = append(out, '[')
		for j := start; j < end; j++ {
			if j > start {
				out = append(out, ',')
			}
			out = o.appendValue(out, vals, int(j))
		}
		return append(out, ']')
	}
	return append(out, "null"...)
}

// appendJSONNumber writes a number, quoting NaN and the infinities as Jackson does.
func appendJSONNumber(out []byte, s string) []byte {
	if s == "NaN" || strings.HasSuffix(s, "Infinity") {
		return append(append(append(out, '"'), s...), '"')
	}
	return append(out, s...)
}

// appendJSONString quotes s as Jackson does: ", \ and control characters are escaped
// (\b \t \n \f \r short, others \u00XX); everything else is written as UTF-8.
func appendJSONString(out []byte, s string) []byte {
	const hexDigits = "0123456789ABCDEF"
	out = append(out, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c < utf8.RuneSelf {
				out = append(out, c)
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				out = append(out, "\uFFFD"...)
			} else {
				out = append(out, s[i:i+n]...)
			}
			i += n
			continue
		}
		switch c {
		case '"':
			out = append(out, '\\', '"')
		case '\\':
			out = append(out, '\\', '\\')
		case '\b':
			out = append(out, '\\', 'b')
		case '\t':
			out = append(out, '\\', 't')
		case '\n':
			out = append(out, '\\', 'n')
		case '\f':
			out = append(out, '\\', 'f')
		case '\r':
			out = append(out, '\\', 'r')
		default:
			out = append(out, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
		}
		i++
	}
	return append(out, '"')
}

// ---- text ----

// textOutput writes the single string column one value per line; a null is an empty
// line, as in Spark.
type textOutput struct {
	codec   textCodec
	lineSep string
}

func newTextOutput(opts Options) (*textOutput, error) {
	o := &textOutput{}
	var err error
	if o.codec, err = parseTextCodec(opts); err != nil {
		return nil, err
	}
	if o.lineSep, err = lineSepOption(opts); err != nil {
		return nil, err
	}
	return o, nil
}

func (o *textOutput) extension() string { return ".txt" + o.codec.ext }

func (o *textOutput) open(path string, _ *arrow.Schema, _ memory.Allocator) (outputWriter, error) {
	lf, err := openLineFile(path, o.codec)
	if err != nil {
		return nil, err
	}
	return &textFileWriter{o: o, lf: lf}, nil
}

type textFileWriter struct {
	o  *textOutput
	lf *lineFile
}

func (w *textFileWriter) write(b arrow.RecordBatch) error {
	col := b.Column(0)
	for r := 0; r < int(b.NumRows()); r++ {
		if !col.IsNull(r) {
			switch c := col.(type) {
			case *array.String:
				w.lf.buf.WriteString(c.Value(r))
			case *array.LargeString:
				w.lf.buf.WriteString(c.Value(r))
			default:
				return fmt.Errorf("text writer: column of type %s", col.DataType())
			}
		}
		if _, err := w.lf.buf.WriteString(w.o.lineSep); err != nil {
			return err
		}
	}
	return nil
}

func (w *textFileWriter) close() error { return w.lf.close() }
