package datasource

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// This file holds what the text formats share to build Arrow batches: Java-compatible
// number parsing and appending converted values to builders.
//
// Converted values are plain Go values, nil for null: bool, int64 (integers, dates in
// days, timestamps in microseconds), float64, string, []byte, decimal128.Num, []any (a
// list's elements or a struct's fields in order) and []mapEntry.

// errBadValue reports a value that does not fit its column's type.
var errBadValue = errors.New("value does not fit its type")

type mapEntry struct{ key, value any }

// appendValue appends a converted value to b, whose type matches the value.
func appendValue(b array.Builder, v any) {
	if v == nil {
		b.AppendNull()
		return
	}
	switch b := b.(type) {
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Int8Builder:
		b.Append(int8(v.(int64)))
	case *array.Int16Builder:
		b.Append(int16(v.(int64)))
	case *array.Int32Builder:
		b.Append(int32(v.(int64)))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float32Builder:
		b.Append(float32(v.(float64)))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BinaryBuilder:
		b.Append(v.([]byte))
	case *array.Date32Builder:
		b.Append(arrow.Date32(v.(int64)))
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v.(int64)))
	case *array.Decimal128Builder:
		b.Append(v.(decimal128.Num))
	case *array.ListBuilder:
		b.Append(true)
		vb := b.ValueBuilder()
		for _, e := range v.([]any) {
			appendValue(vb, e)
		}
	case *array.MapBuilder:
		b.Append(true)
		kb, ib := b.KeyBuilder(), b.ItemBuilder()
		for _, e := range v.([]mapEntry) {
			appendValue(kb, e.key)
			appendValue(ib, e.value)
		}
	case *array.StructBuilder:
		b.Append(true)
		for i, f := range v.([]any) {
			appendValue(b.FieldBuilder(i), f)
		}
	default:
		b.AppendNull()
	}
}

// batchBuilder accumulates rows of converted values into a record batch.
type batchBuilder struct {
	schema   *arrow.Schema
	builders []array.Builder
	rows     int
}

func newBatchBuilder(mem memory.Allocator, schema *arrow.Schema) *batchBuilder {
	bb := &batchBuilder{schema: schema, builders: make([]array.Builder, schema.NumFields())}
	for i, f := range schema.Fields() {
		bb.builders[i] = array.NewBuilder(mem, f.Type)
	}
	return bb
}

func (bb *batchBuilder) appendRow(row []any) {
	for i, b := range bb.builders {
		appendValue(b, row[i])
	}
	bb.rows++
}

// finish returns the batch of the appended rows (nil if none) and resets the builder.
func (bb *batchBuilder) finish() arrow.RecordBatch {
	if bb.rows == 0 {
		return nil
	}
	cols := make([]arrow.Array, len(bb.builders))
	for i, b := range bb.builders {
		cols[i] = b.NewArray()
	}
	rec := array.NewRecordBatch(bb.schema, cols, int64(bb.rows))
	releaseArrays(cols)
	bb.rows = 0
	return rec
}

func (bb *batchBuilder) release() {
	for _, b := range bb.builders {
		b.Release()
	}
}

// parseJavaInt parses an integer as Java's Long.parseLong and Integer.parseInt do: an
// optional sign and ASCII digits, within bits.
func parseJavaInt(s string, bits int) (int64, bool) {
	if s == "" {
		return 0, false
	}
	d := s
	if d[0] == '+' || d[0] == '-' {
		d = d[1:]
	}
	if d == "" {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, false
		}
	}
	if s[0] == '+' {
		s = s[1:]
	}
	v, err := strconv.ParseInt(s, 10, bits)
	return v, err == nil
}

// javaDecimal is a parsed java.math.BigDecimal: unscaled * 10^-scale.
type javaDecimal struct {
	unscaled *big.Int
	scale    int
}

// precision is the number of digits of the unscaled value (1 for zero).
func (d javaDecimal) precision() int {
	if d.unscaled.Sign() == 0 {
		return 1
	}
	return len(new(big.Int).Abs(d.unscaled).String())
}

// parseJavaDecimal parses as new java.math.BigDecimal(String).
func parseJavaDecimal(s string) (javaDecimal, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var digits strings.Builder
	frac := 0
	seenDot, any := false, false
	for ; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			digits.WriteByte(c)
			any = true
			if seenDot {
				frac++
			}
			continue
		}
		if c == '.' && !seenDot {
			seenDot = true
			continue
		}
		break
	}
	if !any {
		return javaDecimal{}, false
	}
	exp := 0
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return javaDecimal{}, false
		}
		e, ok := parseJavaInt(s[i+1:], 32)
		if !ok {
			return javaDecimal{}, false
		}
		exp = int(e)
	}
	u, _ := new(big.Int).SetString(digits.String(), 10)
	if neg {
		u.Neg(u)
	}
	return javaDecimal{unscaled: u, scale: frac - exp}, true
}

// toDecimal128 rescales d to scale (rounding half up, as Spark's Decimal.set) and checks
// that it fits precision.
func (d javaDecimal) toDecimal128(precision, scale int32) (decimal128.Num, bool) {
	u := new(big.Int).Set(d.unscaled)
	diff := int(scale) - d.scale
	if diff >= 0 {
		u.Mul(u, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(diff)), nil))
	} else {
		div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-diff)), nil)
		q, r := new(big.Int).QuoRem(u, div, new(big.Int))
		r.Abs(r).Mul(r, big.NewInt(2))
		if r.Cmp(div) >= 0 {
			if u.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
		u = q
	}
	if len(new(big.Int).Abs(u).String()) > int(precision) && u.Sign() != 0 {
		return decimal128.Num{}, false
	}
	return decimal128.FromBigInt(u), true
}

// parseJavaDouble parses as Java's Double.parseDouble: surrounding whitespace, an
// optional sign, NaN, Infinity, decimal or hexadecimal digits, and an optional type
// suffix (f, F, d, D).
func parseJavaDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if s == "" {
		return 0, false
	}
	body := s
	sign := 1.0
	if body[0] == '+' || body[0] == '-' {
		if body[0] == '-' {
			sign = -1
		}
		body = body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(int(sign)), true
	}
	if n := len(body); n > 0 && strings.ContainsRune("fFdD", rune(body[n-1])) {
		body = body[:n-1]
	}
	if body == "" {
		return 0, false
	}
	if strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X") {
		if !strings.ContainsAny(body, "pP") {
			return 0, false
		}
		v, err := strconv.ParseFloat(body, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, false
		}
		return sign * v, true
	}
	// Decimal: digits, optional fraction, optional exponent.
	i, any := 0, false
	for i < len(body) && body[i] >= '0' && body[i] <= '9' {
		i++
		any = true
	}
	if i < len(body) && body[i] == '.' {
		i++
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			i++
			any = true
		}
	}
	if !any {
		return 0, false
	}
	if i < len(body) && (body[i] == 'e' || body[i] == 'E') {
		i++
		if i < len(body) && (body[i] == '+' || body[i] == '-') {
			i++
		}
		st := i
		for i < len(body) && body[i] >= '0' && body[i] <= '9' {
			i++
		}
		if i == st {
			return 0, false
		}
	}
	if i != len(body) {
		return 0, false
	}
	v, err := strconv.ParseFloat(body, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return sign * v, true
}

// parseJavaBoolean parses as Scala's String.toBoolean.
func parseJavaBoolean(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// intBits returns the width of an Arrow integer type.
func intBits(t arrow.DataType) int {
	switch t.ID() {
	case arrow.INT8:
		return 8
	case arrow.INT16:
		return 16
	case arrow.INT32:
		return 32
	}
	return 64
}

// unsupportedType reports a column type a text format cannot read.
func unsupportedType(format string, t arrow.DataType) error {
	return fmt.Errorf("%s data source does not support %s data type", format, t)
}
