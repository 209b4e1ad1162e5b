package datasource

import (
	"context"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// csvFormat reads CSV files as Spark's CSV source does. With multiLine=false a file is
// split on line boundaries and every line is one record; with multiLine=true records
// may span lines inside quotes and each file is read by one split.
type csvFormat struct{}

var (
	_ Format     = csvFormat{}
	_ Splittable = csvFormat{}
)

func (csvFormat) Name() string { return "csv" }

// IsSplittable implements Splittable: multiLine files are read whole.
func (csvFormat) IsSplittable(opts Options) bool {
	ml, _ := optBool(opts, "multiLine", false)
	return !ml
}

// parseMode is how malformed records are handled.
type parseMode int

const (
	modePermissive parseMode = iota
	modeDropMalformed
	modeFailFast
)

func (m parseMode) String() string {
	return [...]string{"PERMISSIVE", "DROPMALFORMED", "FAILFAST"}[m]
}

func parseModeOption(opts Options) parseMode {
	v, _ := opts.Get("mode")
	switch strings.ToUpper(v) {
	case "DROPMALFORMED":
		return modeDropMalformed
	case "FAILFAST":
		return modeFailFast
	}
	return modePermissive
}

// corruptColumn returns the option naming the corrupt-record column.
func corruptColumn(opts Options) string {
	if v, ok := opts.Get("columnNameOfCorruptRecord"); ok {
		return v
	}
	return "_corrupt_record"
}

func errBadOption(key, value string) error {
	return sqlerr.IllegalArgument(fmt.Sprintf("%s flag can be true or false, got %q", key, value))
}

// checkEncoding accepts only UTF-8 input.
func checkEncoding(opts Options) error {
	for _, key := range []string{"encoding", "charset"} {
		if v, ok := opts.Get(key); ok {
			n := strings.ToUpper(strings.ReplaceAll(v, "_", "-"))
			if n != "UTF-8" && n != "UTF8" {
				return sqlerr.Unsupported(fmt.Sprintf("reading files with %s %q (only UTF-8 is supported)", key, v))
			}
		}
	}
	return nil
}

// csvOptions are the parsed CSV options.
type csvOptions struct {
	header, inferSchema, multiLine  bool
	delim, quote, escape, escEscape rune
	comment                         rune
	ignoreLeading, ignoreTrailing   bool
	nullValue, emptyValue           string
	nanValue, posInf, negInf        string
	lineSep                         string
	mode                            parseMode
	corruptCol                      string
	preferDate                      bool
}

// csvChar parses a one-character option; "" means none (0).
func csvChar(opts Options, keys []string, def rune) (rune, error) {
	for _, k := range keys {
		v, ok := opts.Get(k)
		if !ok {
			continue
		}
		switch v {
		case "":
			return 0, nil
		case `\t`:
			return '\t', nil
		case `\n`:
			return '\n', nil
		case `\r`:
			return '\r', nil
		case `\\`:
			return '\\', nil
		case `\u0000`:
			return 0, nil
		}
		if strings.HasPrefix(v, `\u`) && len(v) == 6 {
			var r rune
			if _, err := fmt.Sscanf(v[2:], "%04x", &r); err == nil {
				return r, nil
			}
		}
		if utf8.RuneCountInString(v) != 1 {
			return 0, sqlerr.IllegalArgument(fmt.Sprintf("%s cannot be more than one character: %s", k, v))
		}
		r, _ := utf8.DecodeRuneInString(v)
		return r, nil
	}
	return def, nil
}

func parseCSVOptions(opts Options) (*csvOptions, error) {
	if err := checkEncoding(opts); err != nil {
		return nil, err
	}
	o := &csvOptions{nanValue: "NaN", posInf: "Inf", negInf: "-Inf"}
	var err error
	for _, b := range []struct {
		key string
		dst *bool
		def bool
	}{
		{"header", &o.header, false}, {"inferSchema", &o.inferSchema, false}, {"multiLine", &o.multiLine, false},
		{"ignoreLeadingWhiteSpace", &o.ignoreLeading, false}, {"ignoreTrailingWhiteSpace", &o.ignoreTrailing, false},
		{"preferDate", &o.preferDate, true},
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
	if o.comment, err = csvChar(opts, []string{"comment"}, 0); err != nil {
		return nil, err
	}
	o.escEscape = 0
	if o.escape != o.quote {
		o.escEscape = o.escape
	}
	if o.escEscape, err = csvChar(opts, []string{"charToEscapeQuoteEscaping"}, o.escEscape); err != nil {
		return nil, err
	}
	o.nullValue, _ = opts.Get("nullValue")
	o.emptyValue, _ = opts.Get("emptyValue")
	for _, s := range []struct {
		key string
		dst *string
	}{{"nanValue", &o.nanValue}, {"positiveInf", &o.posInf}, {"negativeInf", &o.negInf}} {
		if v, ok := opts.Get(s.key); ok {
			*s.dst = v
		}
	}
	if v, ok := opts.Get("lineSep"); ok {
		if v == "" {
			return nil, sqlerr.IllegalArgument("'lineSep' cannot be an empty string.")
		}
		if utf8.RuneCountInString(v) > 1 && v != "\r\n" {
			return nil, sqlerr.IllegalArgument("'lineSep' can contain only 1 character.")
		}
		o.lineSep = v
	}
	o.mode = parseModeOption(opts)
	o.corruptCol = corruptColumn(opts)
	return o, nil
}

func (o *csvOptions) tokenizer() *csvTokenizer {
	t := &csvTokenizer{delim: o.delim, quote: o.quote, escape: o.escape, escapeEscape: o.escEscape,
		comment: o.comment, newLine: '\n', ignoreLeading: o.ignoreLeading, ignoreTrailing: o.ignoreTrailing,
		nullValue: &o.nullValue, emptyValue: &o.emptyValue}
	if o.quote == 0 {
		t.quote = -1
	}
	if o.escape == 0 {
		t.escape = -1
	}
	if o.lineSep != "" && o.multiLine {
		t.newLine, _ = utf8.DecodeRuneInString(o.lineSep)
	}
	return t
}

// tokenizeLine splits one line (multiLine=false) into fields.
func (o *csvOptions) tokenizeLine(t *csvTokenizer, line string) []*string {
	t.in = []rune(line)
	t.pos = 0
	fields, _, ok := t.parseNext()
	if !ok {
		return []*string{t.nullValue}
	}
	return fields
}

// keepLine is Spark's filterCommentAndEmpty.
func (o *csvOptions) keepLine(line string) bool {
	if strings.TrimFunc(line, func(r rune) bool { return r <= ' ' }) == "" {
		return false
	}
	return o.comment == 0 || !strings.HasPrefix(line, string(o.comment))
}

// normalizeMultiLine prepares a whole file for the tokenizer: univocity detects the
// first line separator (\r\n, \r or \n) and reads it as \n.
func (o *csvOptions) normalizeMultiLine(data []byte) []rune {
	s := string(data)
	if o.lineSep != "" {
		return []rune(s)
	}
	sep := "\n"
	if i := strings.IndexAny(s, "\r\n"); i >= 0 && s[i] == '\r' {
		sep = "\r"
		if i+1 < len(s) && s[i+1] == '\n' {
			sep = "\r\n"
		}
	}
	if sep != "\n" {
		s = strings.ReplaceAll(s, sep, "\n")
	}
	return []rune(s)
}

// csvRecord is one tokenized record and its raw text.
type csvRecord struct {
	fields []*string
	raw    string
}

// csvSource yields the records of one split (or, for inference, of a whole file),
// dropping the header record when the split starts the file.
type csvSource struct {
	o       *csvOptions
	tok     *csvTokenizer
	lines   *lineReader // multiLine=false
	dropHdr bool
	// hdrStart is the offset of the file's header line (multiLine=false, header=true),
	// so that whichever split holds it drops it; -1 if none.
	hdrStart int64
	done     bool
}

func (o *csvOptions) openSource(split Split) (*csvSource, error) {
	s := &csvSource{o: o, tok: o.tokenizer(), dropHdr: o.header && split.Start == 0, hdrStart: -1}
	if o.multiLine {
		data, ok, err := readWholeFile(split)
		if err != nil {
			return nil, err
		}
		if !ok {
			s.done = true
			return s, nil
		}
		s.tok.in = o.normalizeMultiLine(data)
		return s, nil
	}
	sep := o.lineSep
	lr, err := openLines(split, sep)
	if err != nil {
		return nil, err
	}
	s.lines = lr
	if o.header {
		s.dropHdr = false
		if s.hdrStart, err = o.headerOffset(split.File); err != nil {
			lr.close()
			return nil, err
		}
	}
	return s, nil
}

// headerOffset returns the offset of the first line of f that is neither empty nor a
// comment, or -1.
func (o *csvOptions) headerOffset(f File) (int64, error) {
	lr, err := openLines(Split{File: f, Length: f.Size}, o.lineSep)
	if err != nil {
		return -1, err
	}
	defer lr.close()
	for {
		b, err := lr.readLine()
		if err == io.EOF {
			return -1, nil
		}
		if err != nil {
			return -1, err
		}
		if o.keepLine(string(b)) {
			return lr.lineStart, nil
		}
	}
}

// next returns the next record, or io.EOF.
func (s *csvSource) next() (csvRecord, error) {
	for !s.done {
		var rec csvRecord
		if s.lines != nil {
			b, err := s.lines.next()
			if err == io.EOF {
				s.done = true
				break
			}
			if err != nil {
				return rec, err
			}
			line := string(b)
			if !s.o.keepLine(line) {
				continue
			}
			if s.lines.lineStart == s.hdrStart {
				continue
			}
			rec = csvRecord{fields: s.o.tokenizeLine(s.tok, line), raw: line}
		} else {
			fields, raw, ok := s.tok.parseNext()
			if !ok {
				s.done = true
				break
			}
			rec = csvRecord{fields: fields, raw: raw}
		}
		if s.dropHdr {
			s.dropHdr = false
			continue
		}
		return rec, nil
	}
	return csvRecord{}, io.EOF
}

func (s *csvSource) close() error {
	if s.lines != nil {
		return s.lines.close()
	}
	return nil
}

// InferSchema implements Format: the header (or _c0, _c1, ...) names the columns of the
// first record; with inferSchema the types are inferred from every record as Spark's
// CSVInferSchema does, otherwise they are strings.
func (csvFormat) InferSchema(ctx context.Context, files []File, opts Options) (*arrow.Schema, error) {
	o, err := parseCSVOptions(opts)
	if err != nil {
		return nil, err
	}
	inf, err := newCSVInferrer(o, opts)
	if err != nil {
		return nil, err
	}
	var header []string
	var headerRaw string
	var colTypes []types.DataType
	first := true
	for _, f := range files {
		src, err := o.withHeaderKept().openSource(Split{File: f, Length: f.Size})
		if err != nil {
			return nil, err
		}
		fileFirst := true
		for {
			if err := ctx.Err(); err != nil {
				src.close()
				return nil, err
			}
			rec, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				src.close()
				return nil, err
			}
			if first {
				first = false
				header, headerRaw = o.safeHeader(rec.fields), rec.raw
				colTypes = make([]types.DataType, len(header))
				for i := range colTypes {
					colTypes[i] = types.Null
				}
				fileFirst = false
				if o.header {
					continue
				}
			}
			if o.header {
				// Spark drops the header record of every file (multiLine) or every line
				// equal to the first file's header line.
				if o.multiLine && fileFirst {
					fileFirst = false
					continue
				}
				if !o.multiLine && rec.raw == headerRaw {
					continue
				}
			}
			fileFirst = false
			if !o.inferSchema {
				continue
			}
			for i := 0; i < len(colTypes) && i < len(rec.fields); i++ {
				colTypes[i] = inf.inferField(colTypes[i], rec.fields[i])
			}
		}
		if err := src.close(); err != nil {
			return nil, err
		}
		if !o.inferSchema && !first {
			break
		}
	}
	fields := make([]arrow.Field, len(header))
	for i, name := range header {
		t := types.String
		if o.inferSchema {
			if _, isNull := colTypes[i].(types.NullType); !isNull {
				t = colTypes[i]
			}
		}
		fields[i] = arrow.Field{Name: name, Type: types.ToArrow(t, "UTC"), Nullable: true}
	}
	return arrow.NewSchema(fields, nil), nil
}

// withHeaderKept returns a copy of o whose sources keep the header record (inference
// looks at it itself).
func (o *csvOptions) withHeaderKept() *csvOptions {
	c := *o
	c.header = false
	return &c
}

// safeHeader is Spark's makeSafeHeader: header names with empty or null names replaced
// by _c<i> and case-insensitive duplicates suffixed by their index.
func (o *csvOptions) safeHeader(fields []*string) []string {
	out := make([]string, len(fields))
	if !o.header {
		for i := range out {
			out[i] = fmt.Sprintf("_c%d", i)
		}
		return out
	}
	count := map[string]int{}
	for _, f := range fields {
		if f != nil {
			count[strings.ToLower(*f)]++
		}
	}
	for i, f := range fields {
		switch {
		case f == nil || *f == "" || *f == o.nullValue:
			out[i] = fmt.Sprintf("_c%d", i)
		case count[strings.ToLower(*f)] > 1:
			out[i] = fmt.Sprintf("%s%d", *f, i)
		default:
			out[i] = *f
		}
	}
	return out
}

// csvInferrer infers column types as Spark's CSVInferSchema.
type csvInferrer struct {
	o     *csvOptions
	dates *dateParser
	ts    *timestampParser
	ntz   *timestampParser
}

func newCSVInferrer(o *csvOptions, opts Options) (*csvInferrer, error) {
	dp, err := newDateParser(opts)
	if err != nil {
		return nil, err
	}
	loc := sessionLocation(opts, nil)
	ts, err := newTimestampParser(opts, loc, false)
	if err != nil {
		return nil, err
	}
	ntz, err := newTimestampParser(opts, loc, true)
	if err != nil {
		return nil, err
	}
	return &csvInferrer{o: o, dates: dp, ts: ts, ntz: ntz}, nil
}

func (c *csvInferrer) inferField(soFar types.DataType, tok *string) types.DataType {
	if tok == nil || *tok == "" || *tok == c.o.nullValue {
		return soFar
	}
	f := *tok
	var t types.DataType
	switch soFar.(type) {
	case types.NullType, types.IntegerType:
		t = c.tryInteger(f)
	case types.LongType:
		t = c.tryLong(f)
	case types.DecimalType:
		t = c.tryDecimal(f)
	case types.DoubleType:
		t = c.tryDouble(f)
	case types.DateType:
		t = c.tryDate(f)
	case types.TimestampNTZType:
		t = c.tryTimestampNTZ(f)
	case types.TimestampType:
		t = c.tryTimestamp(f)
	case types.BooleanType:
		t = c.tryBoolean(f)
	default:
		t = types.String
	}
	if ct, ok := csvCompatibleType(soFar, t); ok {
		return ct
	}
	return types.String
}

func (c *csvInferrer) tryInteger(f string) types.DataType {
	if _, ok := parseJavaInt(f, 32); ok {
		return types.Integer
	}
	return c.tryLong(f)
}

func (c *csvInferrer) tryLong(f string) types.DataType {
	if _, ok := parseJavaInt(f, 64); ok {
		return types.Long
	}
	return c.tryDecimal(f)
}

func (c *csvInferrer) tryDecimal(f string) types.DataType {
	// Only integral decimals (scale 0): DecimalType rejects negative scales and more
	// than 38 digits, and fractions are left to double.
	if d, ok := parseJavaDecimal(f); ok && d.scale == 0 && d.precision() <= 38 {
		return types.DecimalType{Precision: int32(d.precision()), Scale: 0}
	}
	return c.tryDouble(f)
}

func (c *csvInferrer) tryDouble(f string) types.DataType {
	if _, ok := parseJavaDouble(f); ok || f == c.o.nanValue || f == c.o.posInf || f == c.o.negInf {
		return types.Double
	}
	if c.o.preferDate {
		return c.tryDate(f)
	}
	return c.tryTimestampNTZ(f)
}

func (c *csvInferrer) tryDate(f string) types.DataType {
	if _, ok := c.dates.strict(f); ok {
		return types.Date
	}
	return c.tryTimestampNTZ(f)
}

func (c *csvInferrer) tryTimestampNTZ(f string) types.DataType {
	if _, ok := c.ntz.parse(f); ok {
		// spark.sql.timestampType is TIMESTAMP_LTZ.
		return types.Timestamp
	}
	return c.tryTimestamp(f)
}

func (c *csvInferrer) tryTimestamp(f string) types.DataType {
	if _, ok := c.ts.parse(f); ok {
		return types.Timestamp
	}
	return c.tryBoolean(f)
}

func (c *csvInferrer) tryBoolean(f string) types.DataType {
	if _, ok := parseJavaBoolean(f); ok {
		return types.Boolean
	}
	return types.String
}

// decimalForIntegral is Spark's DecimalType.forType.
func decimalForIntegral(t types.DataType) (types.DecimalType, bool) {
	switch t.(type) {
	case types.ByteType:
		return types.DecimalType{Precision: 3}, true
	case types.ShortType:
		return types.DecimalType{Precision: 5}, true
	case types.IntegerType:
		return types.DecimalType{Precision: 10}, true
	case types.LongType:
		return types.DecimalType{Precision: 20}, true
	}
	return types.DecimalType{}, false
}

func decimalWider(a, b types.DecimalType) bool {
	return a.Precision-a.Scale >= b.Precision-b.Scale && a.Scale >= b.Scale
}

var numericPrecedence = []types.DataType{types.Byte, types.Short, types.Integer, types.Long, types.Float, types.Double}

func numericRank(t types.DataType) int {
	for i, n := range numericPrecedence {
		if n == t {
			return i
		}
	}
	return -1
}

func isDatetime(t types.DataType) bool {
	switch t.(type) {
	case types.DateType, types.TimestampType, types.TimestampNTZType:
		return true
	}
	return false
}

// tightestCommonType is Spark's TypeCoercion.findTightestCommonType for the atomic
// types the text formats infer.
func tightestCommonType(a, b types.DataType) (types.DataType, bool) {
	if types.Equal(a, b) {
		return a, true
	}
	if _, ok := a.(types.NullType); ok {
		return b, true
	}
	if _, ok := b.(types.NullType); ok {
		return a, true
	}
	if da, ok := a.(types.DecimalType); ok {
		if db, ok := decimalForIntegral(b); ok && decimalWider(da, db) {
			return a, true
		}
	}
	if db, ok := b.(types.DecimalType); ok {
		if da, ok := decimalForIntegral(a); ok && decimalWider(db, da) {
			return b, true
		}
	}
	if ra, rb := numericRank(a), numericRank(b); ra >= 0 && rb >= 0 {
		return numericPrecedence[max(ra, rb)], true
	}
	if isDatetime(a) && isDatetime(b) {
		_, aDate := a.(types.DateType)
		_, bDate := b.(types.DateType)
		_, aNTZ := a.(types.TimestampNTZType)
		_, bNTZ := b.(types.TimestampNTZType)
		if (aDate && bNTZ) || (bDate && aNTZ) {
			return types.TimestampNTZ, true
		}
		return types.Timestamp, true
	}
	return nil, false
}

// mergeDecimals widens two decimals as the text formats' inference does (double when
// the result would need more than 38 digits).
func mergeDecimals(a, b types.DecimalType) types.DataType {
	scale := max(a.Scale, b.Scale)
	rng := max(a.Precision-a.Scale, b.Precision-b.Scale)
	if rng+scale > 38 {
		return types.Double
	}
	return types.DecimalType{Precision: rng + scale, Scale: scale}
}

// csvCompatibleType is CSVInferSchema.compatibleType (Spark 4.2 widens a date and a
// timestamp to the timestamp).
func csvCompatibleType(a, b types.DataType) (types.DataType, bool) {
	_, aTS := a.(types.TimestampType)
	_, bTS := b.(types.TimestampType)
	_, aNTZ := a.(types.TimestampNTZType)
	_, bNTZ := b.(types.TimestampNTZType)
	if t, ok := tightestCommonType(a, b); ok {
		return t, true
	}
	if a == types.String || b == types.String {
		return types.String, true
	}
	if da, ok := decimalForIntegral(a); ok {
		if db, ok := b.(types.DecimalType); ok {
			return csvCompatibleType(da, db)
		}
	}
	if db, ok := decimalForIntegral(b); ok {
		if da, ok := a.(types.DecimalType); ok {
			return csvCompatibleType(da, db)
		}
	}
	_, aDec := a.(types.DecimalType)
	_, bDec := b.(types.DecimalType)
	if (a == types.Double && bDec) || (aDec && b == types.Double) {
		return types.Double, true
	}
	if aDec && bDec {
		return mergeDecimals(a.(types.DecimalType), b.(types.DecimalType)), true
	}
	if (aNTZ && bTS) || (aTS && bNTZ) {
		return types.Timestamp, true
	}
	return nil, false
}

// Open implements Format. schema is the file's full data schema (the columns by
// position), optionally with the corrupt-record column.
func (csvFormat) Open(ctx context.Context, split Split, schema *arrow.Schema, opts Options, mem memory.Allocator) (Reader, error) {
	o, err := parseCSVOptions(opts)
	if err != nil {
		return nil, err
	}
	r := &csvReader{o: o, schema: schema, mem: mem, corrupt: -1}
	loc := sessionLocation(opts, schema)
	if r.dates, err = newDateParser(opts); err != nil {
		return nil, err
	}
	if r.ts, err = newTimestampParser(opts, loc, false); err != nil {
		return nil, err
	}
	if r.ntz, err = newTimestampParser(opts, loc, true); err != nil {
		return nil, err
	}
	for i, f := range schema.Fields() {
		if f.Name == o.corruptCol && f.Type.ID() == arrow.STRING {
			r.corrupt = i
			continue
		}
		conv, err := r.converter(f.Type)
		if err != nil {
			return nil, err
		}
		r.cols = append(r.cols, i)
		r.convs = append(r.convs, conv)
	}
	if r.src, err = o.openSource(split); err != nil {
		return nil, err
	}
	return r, nil
}

// csvReader converts the records of one split to batches.
type csvReader struct {
	o       *csvOptions
	schema  *arrow.Schema
	mem     memory.Allocator
	src     *csvSource
	cols    []int // schema index of each parsed column
	convs   []func(string) (any, error)
	corrupt int // schema index of the corrupt-record column, or -1
	dates   *dateParser
	ts, ntz *timestampParser
	done    bool
}

func (r *csvReader) converter(t arrow.DataType) (func(string) (any, error), error) {
	o := r.o
	bad := func() (any, error) { return nil, errBadValue }
	switch t.ID() {
	case arrow.STRING:
		return func(s string) (any, error) { return s, nil }, nil
	case arrow.BINARY:
		return func(s string) (any, error) { return []byte(s), nil }, nil
	case arrow.BOOL:
		return func(s string) (any, error) {
			if v, ok := parseJavaBoolean(s); ok {
				return v, nil
			}
			return bad()
		}, nil
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64:
		bits := intBits(t)
		return func(s string) (any, error) {
			if v, ok := parseJavaInt(s, bits); ok {
				return v, nil
			}
			return bad()
		}, nil
	case arrow.FLOAT32, arrow.FLOAT64:
		return func(s string) (any, error) {
			switch s {
			case o.nanValue:
				return math.NaN(), nil
			case o.negInf:
				return math.Inf(-1), nil
			case o.posInf:
				return math.Inf(1), nil
			}
			if v, ok := parseJavaDouble(s); ok {
				return v, nil
			}
			return bad()
		}, nil
	case arrow.DECIMAL128:
		dt := t.(*arrow.Decimal128Type)
		return func(s string) (any, error) {
			d, ok := parseJavaDecimal(strings.ReplaceAll(s, ",", ""))
			if !ok {
				return bad()
			}
			n, ok := d.toDecimal128(dt.Precision, dt.Scale)
			if !ok {
				return bad()
			}
			return n, nil
		}, nil
	case arrow.DATE32:
		return func(s string) (any, error) {
			if v, ok := r.dates.parse(s); ok {
				return int64(v), nil
			}
			return bad()
		}, nil
	case arrow.TIMESTAMP:
		p := r.ts
		if t.(*arrow.TimestampType).TimeZone == "" {
			p = r.ntz
		}
		return func(s string) (any, error) {
			if v, ok := p.parse(s); ok {
				return v, nil
			}
			return bad()
		}, nil
	case arrow.NULL:
		return func(string) (any, error) { return nil, nil }, nil
	}
	return nil, unsupportedType("CSV", t)
}

// malformed returns Spark's FAILFAST error for a bad record.
func malformed(record string) error {
	return sqlerr.New("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", "badRecord", record, "failFastMode", "FAILFAST")
}

func (r *csvReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.done {
		return nil, io.EOF
	}
	bb := newBatchBuilder(r.mem, r.schema)
	defer bb.release()
	row := make([]any, r.schema.NumFields())
	for bb.rows < defaultBatchRows {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.src.next()
		if err == io.EOF {
			r.done = true
			break
		}
		if err != nil {
			return nil, err
		}
		clear(row)
		bad := len(rec.fields) != len(r.cols) && (len(r.cols) > 0 || r.corrupt >= 0)
		for j, i := range r.cols {
			if j >= len(rec.fields) {
				continue
			}
			tok := rec.fields[j]
			if tok == nil || *tok == r.o.nullValue {
				continue
			}
			v, err := r.convs[j](*tok)
			if err != nil {
				bad = true
				continue
			}
			row[i] = v
		}
		if bad {
			switch r.o.mode {
			case modeFailFast:
				return nil, malformed(rec.raw)
			case modeDropMalformed:
				continue
			}
			if r.corrupt >= 0 {
				row[r.corrupt] = rec.raw
			}
		}
		bb.appendRow(row)
	}
	if b := bb.finish(); b != nil {
		return b, nil
	}
	return nil, io.EOF
}

func (r *csvReader) Close() error { return r.src.close() }
