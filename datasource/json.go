package datasource

import (
	"context"
	"encoding/base64"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// jsonFormat reads JSON as Spark's JSON source does: one JSON document per line by
// default (split on line boundaries), or with multiLine=true one document per file
// (read by one split), where a top-level array holds one row per element.
type jsonFormat struct{}

var (
	_ Format     = jsonFormat{}
	_ Splittable = jsonFormat{}
)

func (jsonFormat) Name() string { return "json" }

// IsSplittable implements Splittable: multiLine files are read whole.
func (jsonFormat) IsSplittable(opts Options) bool {
	ml, _ := optBool(opts, "multiLine", false)
	return !ml
}

type jsonOptions struct {
	multiLine, primitivesAsString, prefersDecimal bool
	allowComments, allowUnquoted, allowSingle     bool
	inferTimestamp, dropFieldIfAllNull            bool
	lineSep                                       string
	mode                                          parseMode
	corruptCol                                    string
	// inferErr is the first error schema inference met inside a value.
	inferErr error
}

func parseJSONOptions(opts Options) (*jsonOptions, error) {
	if err := checkEncoding(opts); err != nil {
		return nil, err
	}
	o := &jsonOptions{mode: parseModeOption(opts), corruptCol: corruptColumn(opts)}
	for _, b := range []struct {
		key string
		dst *bool
		def bool
	}{
		{"multiLine", &o.multiLine, false}, {"primitivesAsString", &o.primitivesAsString, false},
		{"prefersDecimal", &o.prefersDecimal, false}, {"allowComments", &o.allowComments, false},
		{"allowUnquotedFieldNames", &o.allowUnquoted, false}, {"allowSingleQuotes", &o.allowSingle, true},
		{"inferTimestamp", &o.inferTimestamp, false}, {"dropFieldIfAllNull", &o.dropFieldIfAllNull, false},
	} {
		var err error
		if *b.dst, err = optBool(opts, b.key, b.def); err != nil {
			return nil, err
		}
	}
	if v, ok := opts.Get("lineSep"); ok {
		if v == "" {
			return nil, sqlerr.IllegalArgument("'lineSep' cannot be an empty string.")
		}
		o.lineSep = v
	}
	return o, nil
}

func (o *jsonOptions) parser(s string) *jsonParser {
	return &jsonParser{s: s, allowComments: o.allowComments, allowUnquoted: o.allowUnquoted, allowSingle: o.allowSingle}
}

// jsonRecord is one document: its parsed value (nil for an empty document) or a parse
// error, and its text.
type jsonRecord struct {
	value *jsonValue
	err   error
	raw   string
}

// jsonSource yields the documents of one split.
type jsonSource struct {
	o     *jsonOptions
	lines *lineReader
	whole []byte
	done  bool
}

func (o *jsonOptions) openSource(split Split) (*jsonSource, error) {
	s := &jsonSource{o: o}
	if o.multiLine {
		data, ok, err := readWholeFile(split)
		if err != nil {
			return nil, err
		}
		s.whole, s.done = data, !ok
		return s, nil
	}
	lr, err := openLines(split, o.lineSep)
	if err != nil {
		return nil, err
	}
	s.lines = lr
	return s, nil
}

func (o *jsonOptions) parseDocument(text string) jsonRecord {
	p := o.parser(text)
	if p.atEnd() {
		return jsonRecord{raw: text}
	}
	v, err := p.value(0)
	return jsonRecord{value: v, err: err, raw: text}
}

func (s *jsonSource) next() (jsonRecord, error) {
	if s.done {
		return jsonRecord{}, io.EOF
	}
	if s.lines == nil {
		s.done = true
		return s.o.parseDocument(string(s.whole)), nil
	}
	b, err := s.lines.next()
	if err == io.EOF {
		s.done = true
	}
	if err != nil {
		return jsonRecord{}, err
	}
	return s.o.parseDocument(string(b)), nil
}

func (s *jsonSource) close() error {
	if s.lines != nil {
		return s.lines.close()
	}
	return nil
}

// InferSchema implements Format with Spark's JsonInferSchema: fields sorted by name,
// integers as bigint, other numbers as double, conflicts widened, all-null as string.
func (jsonFormat) InferSchema(ctx context.Context, files []File, opts Options) (*arrow.Schema, error) {
	o, err := parseJSONOptions(opts)
	if err != nil {
		return nil, err
	}
	var root types.DataType = types.StructType{}
	for _, f := range files {
		src, err := o.openSource(Split{File: f, Length: f.Size})
		if err != nil {
			return nil, err
		}
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
			var t types.DataType
			switch {
			case rec.err != nil:
				switch o.mode {
				case modeFailFast:
					src.close()
					return nil, malformed(rec.raw)
				case modeDropMalformed:
					continue
				}
				t = types.StructType{Fields: []types.StructField{{Name: o.corruptCol, Type: types.String, Nullable: true}}}
			case rec.value == nil:
				t = types.Null
			default:
				t = o.inferValue(rec.value)
			}
			if o.inferErr != nil {
				src.close()
				return nil, o.inferErr
			}
			if root, err = o.mergeRoot(root, t); err != nil {
				src.close()
				return nil, err
			}
		}
		if err := src.close(); err != nil {
			return nil, err
		}
	}
	st, ok := o.canonicalize(root)
	if !ok {
		st = types.StructType{}
	}
	sst, isStruct := st.(types.StructType)
	if !isStruct {
		sst = types.StructType{}
	}
	return types.ArrowSchema(sst, "UTC"), nil
}

func (o *jsonOptions) inferValue(v *jsonValue) types.DataType {
	switch v.kind {
	case jsonNull:
		return types.Null
	case jsonString:
		if v.text == "" {
			return types.Null
		}
		if o.prefersDecimal {
			if d, ok := parseJavaDecimal(v.text); ok && d.scale >= 0 && d.scale <= d.precision() && d.precision() <= 38 {
				return types.DecimalType{Precision: int32(d.precision()), Scale: int32(d.scale)}
			}
		}
		if o.inferTimestamp {
			if _, ok := stringToTimestampNTZ(v.text); ok {
				return types.Timestamp
			}
			if _, ok := parseTimestampString(v.text); ok {
				return types.Timestamp
			}
		}
		return types.String
	case jsonObject:
		fields := make([]types.StructField, 0, len(v.fields))
		for _, f := range v.fields {
			fields = append(fields, types.StructField{Name: f.name, Type: o.inferValue(f.value), Nullable: true})
		}
		sort.SliceStable(fields, func(i, j int) bool { return javaLess(fields[i].Name, fields[j].Name) })
		return types.StructType{Fields: fields}
	case jsonArray:
		var elem types.DataType = types.Null
		for _, e := range v.elems {
			elem = jsonCompatibleType(elem, o.inferValue(e))
		}
		return types.ArrayType{Elem: elem, ContainsNull: true}
	case jsonTrue, jsonFalse:
		if o.primitivesAsString {
			return types.String
		}
		return types.Boolean
	case jsonNumber:
		if o.primitivesAsString {
			return types.String
		}
		if !v.float {
			if _, ok := parseJavaInt(v.text, 64); ok {
				return types.Long
			}
			return decimalOrDouble(v.text)
		}
		if o.prefersDecimal {
			if d, ok := parseJavaDecimal(v.text); ok && d.scale < 0 && o.inferErr == nil {
				// Spark fails on DecimalType(p, negative scale) here.
				o.inferErr = sqlerr.New("NEGATIVE_SCALE_DISALLOWED", "scale", strconv.Itoa(d.scale), "sqlConf", `"spark.sql.legacy.allowNegativeScaleOfDecimal"`)
			}
			return decimalOrDouble(v.text)
		}
		return types.Double
	}
	return types.String
}

// decimalOrDouble is the type of a number read as a BigDecimal: decimal(max(p, s), s)
// when that fits 38 digits, double otherwise.
func decimalOrDouble(text string) types.DataType {
	d, ok := parseJavaDecimal(text)
	if !ok {
		return types.Double
	}
	p := max(d.precision(), d.scale)
	if p > 38 || d.scale < 0 {
		return types.Double
	}
	return types.DecimalType{Precision: int32(p), Scale: int32(d.scale)}
}

// javaLess compares strings as Java's String.compareTo (UTF-16 code units).
func javaLess(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if ra[i] != rb[i] {
			ca, cb := ra[i], rb[i]
			if ca >= 0x10000 {
				ca = 0xD800 + (ca-0x10000)>>10
			}
			if cb >= 0x10000 {
				cb = 0xD800 + (cb-0x10000)>>10
			}
			if ca == cb {
				return ra[i] < rb[i]
			}
			return ca < cb
		}
	}
	return len(ra) < len(rb)
}

// jsonCompatibleType is JsonInferSchema.compatibleType.
func jsonCompatibleType(a, b types.DataType) types.DataType {
	if t, ok := tightestCommonType(a, b); ok {
		return t
	}
	da, aDec := a.(types.DecimalType)
	db, bDec := b.(types.DecimalType)
	switch {
	case (a == types.Double && bDec) || (aDec && b == types.Double):
		return types.Double
	case aDec && bDec:
		return mergeDecimals(da, db)
	}
	if sa, ok := a.(types.StructType); ok {
		if sb, ok := b.(types.StructType); ok {
			return mergeStructs(sa, sb)
		}
	}
	if aa, ok := a.(types.ArrayType); ok {
		if ab, ok := b.(types.ArrayType); ok {
			return types.ArrayType{Elem: jsonCompatibleType(aa.Elem, ab.Elem), ContainsNull: aa.ContainsNull || ab.ContainsNull}
		}
	}
	if di, ok := decimalForIntegral(a); ok && bDec {
		return jsonCompatibleType(di, db)
	}
	if di, ok := decimalForIntegral(b); ok && aDec {
		return jsonCompatibleType(da, di)
	}
	_, aTS := a.(types.TimestampType)
	_, bTS := b.(types.TimestampType)
	_, aNTZ := a.(types.TimestampNTZType)
	_, bNTZ := b.(types.TimestampNTZType)
	if (aNTZ && bTS) || (aTS && bNTZ) {
		return types.Timestamp
	}
	return types.String
}

// mergeStructs merges two name-sorted field lists.
func mergeStructs(a, b types.StructType) types.StructType {
	var out []types.StructField
	i, j := 0, 0
	for i < len(a.Fields) && j < len(b.Fields) {
		fa, fb := a.Fields[i], b.Fields[j]
		switch {
		case fa.Name == fb.Name:
			out = append(out, types.StructField{Name: fa.Name, Type: jsonCompatibleType(fa.Type, fb.Type), Nullable: true})
			i++
			j++
		case javaLess(fa.Name, fb.Name):
			out = append(out, fa)
			i++
		default:
			out = append(out, fb)
			j++
		}
	}
	out = append(out, a.Fields[i:]...)
	out = append(out, b.Fields[j:]...)
	return types.StructType{Fields: out}
}

// mergeRoot is JsonInferSchema.compatibleRootType.
func (o *jsonOptions) mergeRoot(a, b types.DataType) (types.DataType, error) {
	if at, ok := a.(types.ArrayType); ok {
		return o.mergeRoot(at.Elem, b)
	}
	if bt, ok := b.(types.ArrayType); ok {
		return o.mergeRoot(a, bt.Elem)
	}
	sa, aStruct := a.(types.StructType)
	sb, bStruct := b.(types.StructType)
	_, aNull := a.(types.NullType)
	_, bNull := b.(types.NullType)
	switch {
	case aStruct && bNull:
		return a, nil
	case aNull && bStruct:
		return b, nil
	case aStruct && !bStruct:
		return o.withCorruptField(sa, b)
	case bStruct && !aStruct:
		return o.withCorruptField(sb, a)
	}
	return jsonCompatibleType(a, b), nil
}

func (o *jsonOptions) withCorruptField(s types.StructType, other types.DataType) (types.DataType, error) {
	switch o.mode {
	case modeFailFast:
		return nil, sqlerr.New("INVALID_JSON_RECORD_TYPE", "failFastMode", "FAILFAST", "invalidType", `"`+strings.ToUpper(other.String())+`"`)
	case modeDropMalformed:
		return s, nil
	}
	for _, f := range s.Fields {
		if f.Name == o.corruptCol {
			return s, nil
		}
	}
	fields := append([]types.StructField{{Name: o.corruptCol, Type: types.String, Nullable: true}}, s.Fields...)
	sort.SliceStable(fields, func(i, j int) bool { return javaLess(fields[i].Name, fields[j].Name) })
	return types.StructType{Fields: fields}, nil
}

// canonicalize drops empty structs and fields with empty names and turns NullType into
// string (or drops it with dropFieldIfAllNull).
func (o *jsonOptions) canonicalize(t types.DataType) (types.DataType, bool) {
	switch t := t.(type) {
	case types.ArrayType:
		e, ok := o.canonicalize(t.Elem)
		if !ok {
			return nil, false
		}
		return types.ArrayType{Elem: e, ContainsNull: t.ContainsNull}, true
	case types.StructType:
		var fields []types.StructField
		for _, f := range t.Fields {
			if f.Name == "" {
				continue
			}
			if ft, ok := o.canonicalize(f.Type); ok {
				f.Type = ft
				fields = append(fields, f)
			}
		}
		if len(fields) == 0 {
			return nil, false
		}
		return types.StructType{Fields: fields}, true
	case types.NullType:
		if o.dropFieldIfAllNull {
			return nil, false
		}
		return types.String, true
	}
	return t, true
}

// Open implements Format: the documents of the split, converted to schema's columns by
// name.
func (jsonFormat) Open(ctx context.Context, split Split, schema *arrow.Schema, opts Options, mem memory.Allocator) (Reader, error) {
	o, err := parseJSONOptions(opts)
	if err != nil {
		return nil, err
	}
	r := &jsonReader{o: o, schema: schema, mem: mem, corrupt: -1}
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
	var fields []arrow.Field
	for i, f := range schema.Fields() {
		if f.Name == o.corruptCol && f.Type.ID() == arrow.STRING {
			r.corrupt = i
			continue
		}
		r.cols = append(r.cols, i)
		fields = append(fields, f)
	}
	conv, err := r.converter(arrow.StructOf(fields...))
	if err != nil {
		return nil, err
	}
	r.root = conv
	if r.src, err = o.openSource(split); err != nil {
		return nil, err
	}
	return r, nil
}

// jsonConverter converts a JSON value to a column's Go value. bad reports a value (or
// a nested value) that did not fit: the value is then null, or partial for structs and
// arrays, as Spark's partial results.
type jsonConverter func(v *jsonValue) (out any, bad bool)

type jsonReader struct {
	o       *jsonOptions
	schema  *arrow.Schema
	mem     memory.Allocator
	src     *jsonSource
	cols    []int
	root    jsonConverter
	corrupt int
	dates   *dateParser
	ts, ntz *timestampParser
	pending [][]any
	done    bool
}

func (r *jsonReader) converter(t arrow.DataType) (jsonConverter, error) {
	switch t.ID() {
	case arrow.STRING:
		return func(v *jsonValue) (any, bool) {
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonString:
				return v.text, false
			}
			var b strings.Builder
			writeJSON(&b, v)
			return b.String(), false
		}, nil
	case arrow.BOOL:
		return func(v *jsonValue) (any, bool) {
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonTrue:
				return true, false
			case jsonFalse:
				return false, false
			}
			return nil, true
		}, nil
	case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64:
		bits := intBits(t)
		return func(v *jsonValue) (any, bool) {
			if v.kind == jsonNull {
				return nil, false
			}
			if v.kind == jsonNumber && !v.float {
				if n, ok := parseJavaInt(v.text, bits); ok {
					return n, false
				}
			}
			return nil, true
		}, nil
	case arrow.FLOAT32, arrow.FLOAT64:
		return func(v *jsonValue) (any, bool) {
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonNumber:
				if f, ok := jsonNumberFloat(v.text); ok {
					return f, false
				}
			case jsonString:
				switch v.text {
				case "NaN":
					return math.NaN(), false
				case "+INF", "+Infinity", "Infinity":
					return math.Inf(1), false
				case "-INF", "-Infinity":
					return math.Inf(-1), false
				}
			}
			return nil, true
		}, nil
	case arrow.DECIMAL128:
		dt := t.(*arrow.Decimal128Type)
		return func(v *jsonValue) (any, bool) {
			var d javaDecimal
			var ok bool
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonNumber:
				d, ok = parseJavaDecimal(v.text)
			case jsonString:
				if v.text != "" {
					d, ok = parseJavaDecimal(strings.ReplaceAll(v.text, ",", ""))
				}
			}
			if ok {
				if n, fits := d.toDecimal128(dt.Precision, dt.Scale); fits {
					return n, false
				}
			}
			return nil, true
		}, nil
	case arrow.DATE32:
		return func(v *jsonValue) (any, bool) {
			if v.kind == jsonNull {
				return nil, false
			}
			if v.kind == jsonString {
				if d, ok := r.dates.parse(v.text); ok {
					return int64(d), false
				}
			}
			return nil, true
		}, nil
	case arrow.TIMESTAMP:
		p := r.ts
		if t.(*arrow.TimestampType).TimeZone == "" {
			p = r.ntz
		}
		return func(v *jsonValue) (any, bool) {
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonString:
				if ts, ok := p.parse(v.text); ok {
					return ts, false
				}
			case jsonNumber:
				if n, ok := parseJavaInt(v.text, 64); ok && !v.float && !p.ntz {
					return n * microsPerSecond, false
				}
			}
			return nil, true
		}, nil
	case arrow.BINARY:
		return func(v *jsonValue) (any, bool) {
			switch v.kind {
			case jsonNull:
				return nil, false
			case jsonString:
				if b, err := base64.StdEncoding.DecodeString(v.text); err == nil {
					return b, false
				}
			}
			return nil, true
		}, nil
	case arrow.NULL:
		return func(*jsonValue) (any, bool) { return nil, false }, nil
	case arrow.LIST:
		elem, err := r.converter(t.(*arrow.ListType).Elem())
		if err != nil {
			return nil, err
		}
		return func(v *jsonValue) (any, bool) {
			if v.kind == jsonNull {
				return nil, false
			}
			if v.kind != jsonArray {
				return nil, true
			}
			// Unlike structs, an array with a bad element is null as a whole.
			out := make([]any, len(v.elems))
			for i, e := range v.elems {
				var bad bool
				if out[i], bad = elem(e); bad {
					return nil, true
				}
			}
			return out, false
		}, nil
	case arrow.MAP:
		mt := t.(*arrow.MapType)
		if mt.KeyType().ID() != arrow.STRING {
			return nil, unsupportedType("JSON", t)
		}
		item, err := r.converter(mt.ItemType())
		if err != nil {
			return nil, err
		}
		return func(v *jsonValue) (any, bool) {
			if v.kind == jsonNull {
				return nil, false
			}
			if v.kind != jsonObject {
				return nil, true
			}
			out := make([]mapEntry, len(v.fields))
			bad := false
			for i, f := range v.fields {
				iv, b := item(f.value)
				out[i] = mapEntry{f.name, iv}
				bad = bad || b
			}
			return out, bad
		}, nil
	case arrow.STRUCT:
		st := t.(*arrow.StructType)
		convs := make([]jsonConverter, st.NumFields())
		index := map[string]int{}
		for i, f := range st.Fields() {
			c, err := r.converter(f.Type)
			if err != nil {
				return nil, err
			}
			convs[i] = c
			index[f.Name] = i
		}
		return func(v *jsonValue) (any, bool) {
			if v.kind == jsonNull {
				return nil, false
			}
			if v.kind != jsonObject {
				return nil, true
			}
			out := make([]any, len(convs))
			bad := false
			for _, f := range v.fields {
				i, ok := index[f.name]
				if !ok {
					continue
				}
				var b bool
				out[i], b = convs[i](f.value)
				bad = bad || b
			}
			return out, bad
		}, nil
	}
	return nil, unsupportedType("JSON", t)
}

// jsonNumberFloat converts a JSON number to a double.
func jsonNumberFloat(text string) (float64, bool) {
	switch text {
	case "NaN":
		return math.NaN(), true
	case "Infinity", "+Infinity", "+INF":
		return math.Inf(1), true
	case "-Infinity", "-INF":
		return math.Inf(-1), true
	}
	f, ok := parseJavaDouble(text)
	if !ok {
		if bf, _, err := big.ParseFloat(text, 10, 64, big.ToNearestEven); err == nil {
			f, _ = bf.Float64()
			return f, true
		}
	}
	return f, ok
}

// rows converts one document to rows of the output schema; ok=false for a malformed
// document (rows then holds the partial row, if any).
func (r *jsonReader) rows(rec jsonRecord) (rows [][]any, ok bool) {
	if rec.err != nil {
		return [][]any{make([]any, r.schema.NumFields())}, false
	}
	if rec.value == nil {
		return nil, true
	}
	toRow := func(v any) []any {
		row := make([]any, r.schema.NumFields())
		if v != nil {
			for j, x := range v.([]any) {
				row[r.cols[j]] = x
			}
		}
		return row
	}
	switch rec.value.kind {
	case jsonObject:
		v, bad := r.root(rec.value)
		return [][]any{toRow(v)}, !bad
	case jsonArray:
		good := true
		for _, e := range rec.value.elems {
			if e.kind != jsonObject {
				return [][]any{make([]any, r.schema.NumFields())}, false
			}
		}
		for _, e := range rec.value.elems {
			v, bad := r.root(e)
			rows = append(rows, toRow(v))
			good = good && !bad
		}
		if !good {
			return [][]any{make([]any, r.schema.NumFields())}, false
		}
		return rows, true
	}
	return [][]any{make([]any, r.schema.NumFields())}, false
}

func (r *jsonReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.done {
		return nil, io.EOF
	}
	bb := newBatchBuilder(r.mem, r.schema)
	defer bb.release()
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
		rows, ok := r.rows(rec)
		if !ok {
			switch r.o.mode {
			case modeFailFast:
				return nil, malformed(rec.raw)
			case modeDropMalformed:
				continue
			}
			for _, row := range rows {
				if r.corrupt >= 0 {
					row[r.corrupt] = rec.raw
				}
			}
		}
		for _, row := range rows {
			bb.appendRow(row)
		}
	}
	if b := bb.finish(); b != nil {
		return b, nil
	}
	return nil, io.EOF
}

func (r *jsonReader) Close() error { return r.src.close() }
