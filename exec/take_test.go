package exec

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func fromJSON(t *testing.T, mem memory.Allocator, dt arrow.DataType, js string) arrow.Array {
	t.Helper()
	arr, _, err := array.FromJSON(mem, dt, strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	return arr
}

// TestTake covers the typed gathers and the compute fallback for nested types, on
// sliced arrays.
func TestTake(t *testing.T) {
	cases := []struct {
		typ  arrow.DataType
		in   string // JSON; the first element is sliced off
		want string
	}{
		{arrow.PrimitiveTypes.Int8, `[9, 1, null, 3]`, `[3, null, 1, 1]`},
		{arrow.PrimitiveTypes.Int32, `[9, 1, null, 3]`, `[3, null, 1, 1]`},
		{arrow.PrimitiveTypes.Float64, `[9, 1.5, null, -3]`, `[-3, null, 1.5, 1.5]`},
		{arrow.FixedWidthTypes.Boolean, `[true, false, null, true]`, `[true, null, false, false]`},
		{arrow.BinaryTypes.String, `["zz", "a", null, "ccc"]`, `["ccc", null, "a", "a"]`},
		{arrow.BinaryTypes.LargeString, `["zz", "a", null, "ccc"]`, `["ccc", null, "a", "a"]`},
		{arrow.BinaryTypes.Binary, `["enp6", "YQ==", null, "Y2Nj"]`, `["Y2Nj", null, "YQ==", "YQ=="]`},
		{&arrow.Decimal128Type{Precision: 10, Scale: 2}, `["9.99", "1.25", null, "-3.50"]`, `["-3.50", null, "1.25", "1.25"]`},
		{&arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, `[9, 1, null, 3]`, `[3, null, 1, 1]`},
		{arrow.Null, `[null, null, null, null]`, `[null, null, null, null]`},
		{arrow.ListOf(arrow.PrimitiveTypes.Int64), `[[9], [1, 2], null, []]`, `[[], null, [1, 2], [1, 2]]`},
		{arrow.StructOf(arrow.Field{Name: "a", Type: arrow.PrimitiveTypes.Int64, Nullable: true}), `[{"a": 9}, {"a": 1}, null, {"a": null}]`, `[{"a": null}, null, {"a": 1}, {"a": 1}]`},
	}
	for _, c := range cases {
		t.Run(c.typ.String(), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			full := fromJSON(t, mem, c.typ, c.in)
			defer full.Release()
			in := array.NewSlice(full, 1, int64(full.Len()))
			defer in.Release()
			got, err := take(mem, in, []int32{2, 1, 0, 0})
			if err != nil {
				t.Fatal(err)
			}
			defer got.Release()
			want := fromJSON(t, mem, c.typ, c.want)
			defer want.Release()
			if !array.Equal(got, want) {
				t.Fatalf("take = %s, want %s", got, want)
			}
		})
	}
}

func TestAdoptRelabels(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ts := fromJSON(t, mem, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "America/Los_Angeles"}, `[1, 2]`)
	defer ts.Release()
	list := fromJSON(t, mem, arrow.ListOfField(arrow.Field{Name: "item", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), `[[1], null]`)
	defer list.Release()
	got := arrow.NewSchema([]arrow.Field{{Name: "t", Type: ts.DataType()}, {Name: "l", Type: list.DataType()}}, nil)
	want := arrow.NewSchema([]arrow.Field{
		{Name: "ts", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		{Name: "xs", Type: arrow.ListOfField(arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Int32, Nullable: true}), Nullable: true},
	}, nil)
	b, err := adopt(array.NewRecordBatch(got, []arrow.Array{ts, list}, 2), want)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Release()
	if !b.Schema().Equal(want) || !arrow.TypeEqual(b.Column(1).DataType(), want.Field(1).Type) {
		t.Fatalf("schema %s, want %s", b.Schema(), want)
	}
	bad := arrow.NewSchema([]arrow.Field{{Name: "t", Type: arrow.PrimitiveTypes.Int64}, {Name: "l", Type: list.DataType()}}, nil)
	if _, err := adopt(array.NewRecordBatch(got, []arrow.Array{ts, list}, 2), bad); err == nil {
		t.Fatal("adopted a timestamp column as bigint")
	}
}
