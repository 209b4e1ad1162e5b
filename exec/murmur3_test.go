package exec

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// testdata/murmur3.json holds SELECT hash(...) from Apache Spark 4.2.0; see
// testdata/oracle.py.
func loadHashes(t *testing.T) map[string]int32 {
	t.Helper()
	raw, err := os.ReadFile("testdata/murmur3.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ Hashes map[string]int32 }
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g.Hashes
}

func decimal(t *testing.T, s string, prec, scale int32) decimal128.Num {
	t.Helper()
	n, err := decimal128.FromString(s, prec, scale)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSparkHashScalars(t *testing.T) {
	golden := loadHashes(t)
	s := SparkHashSeed
	days := func(y, m, d int) int32 {
		return int32(math.Floor(float64(dateUnix(y, m, d)) / 86400))
	}
	dec := func(v string, prec, scale int32) uint32 {
		n := decimal(t, v, prec, scale)
		if prec <= 18 {
			return HashLong(int64(n.LowBits()), s)
		}
		return HashBytes(javaBigIntegerBytes(n), s)
	}
	cases := map[string]uint32{
		"0":                                     HashInt(0, s),
		"1":                                     HashInt(1, s),
		"-1":                                    HashInt(-1, s),
		"42":                                    HashInt(42, s),
		"2147483647":                            HashInt(math.MaxInt32, s),
		"-2147483648":                           HashInt(math.MinInt32, s),
		"0L":                                    HashLong(0, s),
		"1L":                                    HashLong(1, s),
		"-1L":                                   HashLong(-1, s),
		"4294967296L":                           HashLong(1<<32, s),
		"9223372036854775807L":                  HashLong(math.MaxInt64, s),
		"-9223372036854775808L":                 HashLong(math.MinInt64, s),
		"''":                                    HashString("", s),
		"'a'":                                   HashString("a", s),
		"'ab'":                                  HashString("ab", s),
		"'abc'":                                 HashString("abc", s),
		"'abcd'":                                HashString("abcd", s),
		"'abcde'":                               HashBytes([]byte("abcde"), s),
		"'Spark'":                               HashString("Spark", s),
		"'hello world!'":                        HashString("hello world!", s),
		"'日本語'":                                 HashString("日本語", s),
		"'ü'":                                   HashString("ü", s),
		"'ÿÿÿ'":                                 HashString("ÿÿÿ", s),
		"cast(1 as tinyint)":                    HashInt(1, s),
		"cast(-1 as tinyint)":                   HashInt(-1, s),
		"cast(-300 as smallint)":                HashInt(-300, s),
		"true":                                  HashInt(1, s),
		"false":                                 HashInt(0, s),
		"cast(1.0 as double)":                   HashDouble(1, s),
		"cast(0.0 as double)":                   HashDouble(0, s),
		"cast(-0.0 as double)":                  HashDouble(math.Copysign(0, -1), s),
		"cast('NaN' as double)":                 HashDouble(math.Float64frombits(0x7ff8000000000123), s),
		"cast(-1.25e300 as double)":             HashDouble(-1.25e300, s),
		"cast(1.5 as float)":                    HashFloat(1.5, s),
		"cast(0.0 as float)":                    HashFloat(0, s),
		"cast(-0.0 as float)":                   HashFloat(float32(math.Copysign(0, -1)), s),
		"cast('NaN' as float)":                  HashFloat(float32(math.NaN()), s),
		"date'1970-01-01'":                      HashInt(0, s),
		"date'2024-01-15'":                      HashInt(days(2024, 1, 15), s),
		"date'1900-03-01'":                      HashInt(days(1900, 3, 1), s),
		"timestamp_ntz'2024-01-15 10:30:00'":    HashLong((dateUnix(2024, 1, 15)+10*3600+30*60)*1_000_000, s),
		"timestamp'1970-01-01 00:00:00.000001'": HashLong(1, s),
		"cast(1.5 as decimal(10,2))":            dec("1.5", 10, 2),
		"cast(-123456789.12 as decimal(18,2))":  dec("-123456789.12", 18, 2),
		"cast(123.45 as decimal(38,2))":         dec("123.45", 38, 2),
		"cast(-1 as decimal(20,0))":             dec("-1", 20, 0),
		"cast(0 as decimal(30,5))":              dec("0", 30, 5),
		"cast(128 as decimal(20,0))":            dec("128", 20, 0),
		"cast(-128 as decimal(20,0))":           dec("-128", 20, 0),
		"cast(255 as decimal(20,0))":            dec("255", 20, 0),
		"cast(99999999999999999999999999999999999999 as decimal(38,0))": dec("99999999999999999999999999999999999999", 38, 0),
		"X''":                               HashBytes(nil, s),
		"X'01'":                             HashBytes([]byte{1}, s),
		"X'0102ff'":                         HashBytes([]byte{1, 2, 0xff}, s),
		"X'deadbeefcafe'":                   HashBytes([]byte{0xde, 0xad, 0xbe, 0xef, 0xca, 0xfe}, s),
		"cast(null as int)":                 s,
		"cast(null as string)":              s,
		"1, 'a'":                            HashString("a", HashInt(1, s)),
		"'a', cast(null as bigint), 1L":     HashLong(1, HashString("a", s)),
		"1L, 2L, 3L":                        HashLong(3, HashLong(2, HashLong(1, s))),
		"true, 1.5D, 'x', date'2020-02-29'": HashInt(days(2020, 2, 29), HashString("x", HashDouble(1.5, HashInt(1, s)))),
	}
	for expr, want := range golden {
		got, ok := cases[expr]
		if !ok {
			t.Errorf("no Go computation for hash(%s)", expr)
			continue
		}
		if int32(got) != want {
			t.Errorf("hash(%s) = %d, Spark says %d", expr, int32(got), want)
		}
	}
}

func dateUnix(y, m, d int) int64 {
	// Days from civil (proleptic Gregorian), as Spark's dates are.
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097+doe-719468) * 86400
}

// TestSparkHashColumns checks the vectorized column hashing against the scalar
// functions, including NULLs (which leave the running hash unchanged) and sliced arrays.
func TestSparkHashColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	ib := array.NewInt32Builder(mem)
	ib.AppendValues([]int32{99, 1, 0, -1, 7}, []bool{true, true, false, true, true})
	ints := ib.NewArray()
	ib.Release()
	defer ints.Release()
	sb := array.NewStringBuilder(mem)
	sb.AppendValues([]string{"zz", "a", "b", "", "abcde"}, []bool{true, true, true, false, true})
	strs := sb.NewArray()
	sb.Release()
	defer strs.Release()
	db := array.NewFloat64Builder(mem)
	db.AppendValues([]float64{0, math.Copysign(0, -1), math.NaN(), 2.5, 1}, nil)
	dbl := db.NewArray()
	db.Release()
	defer dbl.Release()

	sliceOf := func(a arrow.Array) arrow.Array { return array.NewSlice(a, 1, 5) }
	cols := []arrow.Array{sliceOf(ints), sliceOf(strs), sliceOf(dbl)}
	defer releaseAll(cols)
	hashes := []uint32{SparkHashSeed, SparkHashSeed, SparkHashSeed, SparkHashSeed}
	for _, c := range cols {
		if err := SparkHash(c, hashes); err != nil {
			t.Fatal(err)
		}
	}
	s := SparkHashSeed
	want := []uint32{
		HashDouble(0, HashString("a", HashInt(1, s))),
		HashDouble(math.NaN(), HashString("b", s)),
		HashDouble(2.5, HashInt(-1, s)),
		HashDouble(1, HashString("abcde", HashInt(7, s))),
	}
	for i := range want {
		if hashes[i] != want[i] {
			t.Errorf("row %d: hash %d, want %d", i, int32(hashes[i]), int32(want[i]))
		}
	}
	if got := Pmod(uint32(0xffffffff), 200); got != 199 {
		t.Errorf("pmod(-1, 200) = %d, want 199", got)
	}
}

// TestSparkHashColumnTypes checks the column hash of every supported type against the
// scalar functions on sliced arrays with NULLs.
func TestSparkHashColumnTypes(t *testing.T) {
	s := SparkHashSeed
	dec := func(v int64) decimal128.Num { return decimal128.FromI64(v) }
	cases := []struct {
		typ  arrow.DataType
		js   string // the first element is sliced off
		want []uint32
	}{
		{arrow.FixedWidthTypes.Boolean, `[true, true, null, false]`, []uint32{HashInt(1, s), s, HashInt(0, s)}},
		{arrow.PrimitiveTypes.Int8, `[5, -1, null, 7]`, []uint32{HashInt(-1, s), s, HashInt(7, s)}},
		{arrow.PrimitiveTypes.Int16, `[5, -300, null, 7]`, []uint32{HashInt(-300, s), s, HashInt(7, s)}},
		{arrow.PrimitiveTypes.Int64, `[5, -1, null, 7]`, []uint32{HashLong(-1, s), s, HashLong(7, s)}},
		{arrow.FixedWidthTypes.Date32, `[5, 19737, null, -25]`, []uint32{HashInt(19737, s), s, HashInt(-25, s)}},
		{&arrow.TimestampType{Unit: arrow.Microsecond}, `[5, 1, null, 2]`, []uint32{HashLong(1, s), s, HashLong(2, s)}},
		{arrow.PrimitiveTypes.Float32, `[5, -0.0, null, 1.5]`, []uint32{HashFloat(0, s), s, HashFloat(1.5, s)}},
		{arrow.BinaryTypes.Binary, `["AA==", "AQL/", null, ""]`, []uint32{HashBytes([]byte{1, 2, 0xff}, s), s, HashBytes(nil, s)}},
		{&arrow.Decimal128Type{Precision: 10, Scale: 2}, `["1", "1.50", null, "-2"]`, []uint32{HashLong(150, s), s, HashLong(-200, s)}},
		{&arrow.Decimal128Type{Precision: 20, Scale: 0}, `["1", "128", null, "-1"]`,
			[]uint32{HashBytes(javaBigIntegerBytes(dec(128)), s), s, HashBytes(javaBigIntegerBytes(dec(-1)), s)}},
		{arrow.Null, `[null, null, null, null]`, []uint32{s, s, s}},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			full, _, err := array.FromJSON(mem, c.typ, strings.NewReader(c.js))
			if err != nil {
				t.Fatal(err)
			}
			defer full.Release()
			col := array.NewSlice(full, 1, int64(full.Len()))
			defer col.Release()
			hashes := []uint32{s, s, s}
			if err := SparkHash(col, hashes); err != nil {
				t.Fatal(err)
			}
			for i := range hashes {
				if hashes[i] != c.want[i] {
					t.Errorf("row %d: %d, want %d", i, int32(hashes[i]), int32(c.want[i]))
				}
			}
		})
	}
	if got := javaBigIntegerBytes(decimal128.FromI64(128)); len(got) != 2 || got[0] != 0 || got[1] != 0x80 {
		t.Errorf("BigInteger(128).toByteArray = %x, want 0080", got)
	}
	if got := javaBigIntegerBytes(decimal128.FromI64(-129)); len(got) != 2 || got[0] != 0xff || got[1] != 0x7f {
		t.Errorf("BigInteger(-129).toByteArray = %x, want ff7f", got)
	}
}
