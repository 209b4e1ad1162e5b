package exec

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// fakeFiles serves every split as two batches of the requested columns: bigint columns
// count up from the split's Start, string columns hold the file path.
type fakeFiles struct {
	mem     memory.Allocator
	opened  []string
	schemas []*arrow.Schema
	closed  int
}

type fakeReader struct {
	f     *fakeFiles
	split stage.FileSplit
	sch   *arrow.Schema
	n     int
}

func (f *fakeFiles) open(_ context.Context, format string, split stage.FileSplit, schema *arrow.Schema, _ map[string]string, mem memory.Allocator) (splitReader, error) {
	if format != "fake" {
		return nil, fmt.Errorf("format %s", format)
	}
	f.opened = append(f.opened, split.Path)
	f.schemas = append(f.schemas, schema)
	return &fakeReader{f: f, split: split, sch: schema}, nil
}

func (r *fakeReader) Next(context.Context) (arrow.RecordBatch, error) {
	if r.n == 2 {
		return nil, io.EOF
	}
	r.n++
	cols := make([]arrow.Array, r.sch.NumFields())
	for i, f := range r.sch.Fields() {
		switch f.Type.ID() {
		case arrow.INT64:
			b := array.NewInt64Builder(r.f.mem)
			b.AppendValues([]int64{r.split.Start + int64(r.n)*10, r.split.Start + int64(r.n)*10 + 1}, nil)
			cols[i] = b.NewArray()
			b.Release()
		default:
			b := array.NewStringBuilder(r.f.mem)
			b.AppendValues([]string{r.split.Path, r.split.Path}, nil)
			cols[i] = b.NewArray()
			b.Release()
		}
	}
	defer releaseAll(cols)
	return array.NewRecordBatch(r.sch, cols, 2), nil
}

func (r *fakeReader) Close() error { r.f.closed++; return nil }

func TestFileScanPartitionValues(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	files := &fakeFiles{mem: mem}
	data := types.StructType{Fields: []types.StructField{
		{Name: "x", Type: types.Long, Nullable: true}, {Name: "path", Type: types.String, Nullable: true},
	}}
	out := types.StructType{Fields: append(append([]types.StructField{}, data.Fields...),
		types.StructField{Name: "year", Type: types.Integer, Nullable: true},
		types.StructField{Name: "Country", Type: types.String, Nullable: true})}
	op := &stage.FileScan{Format: "fake", DataSchema: data, Out: out, Partitions: [][]stage.FileSplit{
		nil,
		{
			{Path: "/t/year=2024/country=fr/a", Start: 100, PartitionValues: map[string]string{"year": "2024", "country": "fr"}},
			{Path: "/t/year=__HIVE_DEFAULT_PARTITION__/country=de/b", Start: 200, PartitionValues: map[string]string{"year": hiveDefaultPartition, "country": "de"}},
		},
	}}
	tc := &TaskContext{Partition: 1, Mem: mem, Eval: &function.EvalContext{Mem: mem, TimeZone: "UTC"}, BatchSize: 10}
	o, err := Build(tc, op)
	if err != nil {
		t.Fatal(err)
	}
	o.(*fileScan).open = files.open
	var got []string
	for {
		b, err := o.Next(t.Context())
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !b.Schema().Equal(o.Schema()) {
			t.Fatalf("schema %s, want %s", b.Schema(), o.Schema())
		}
		for i := 0; i < int(b.NumRows()); i++ {
			row := ""
			for _, c := range b.Columns() {
				if c.IsNull(i) {
					row += "NULL "
				} else {
					row += c.ValueStr(i) + " "
				}
			}
			got = append(got, row)
		}
		b.Release()
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"110 /t/year=2024/country=fr/a 2024 fr ", "111 /t/year=2024/country=fr/a 2024 fr ",
		"120 /t/year=2024/country=fr/a 2024 fr ", "121 /t/year=2024/country=fr/a 2024 fr ",
		"210 /t/year=__HIVE_DEFAULT_PARTITION__/country=de/b NULL de ", "211 /t/year=__HIVE_DEFAULT_PARTITION__/country=de/b NULL de ",
		"220 /t/year=__HIVE_DEFAULT_PARTITION__/country=de/b NULL de ", "221 /t/year=__HIVE_DEFAULT_PARTITION__/country=de/b NULL de ",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows\n%q\nwant\n%q", got, want)
	}
	if len(files.opened) != 2 || files.closed != 2 {
		t.Fatalf("opened %v, closed %d", files.opened, files.closed)
	}
	// Partition columns are not read from the files.
	if s := files.schemas[0]; s.NumFields() != 2 || s.Field(0).Name != "x" || s.Field(1).Name != "path" {
		t.Fatalf("read schema %s", s)
	}
}

func TestFileScanWithoutDatasource(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	op := &stage.FileScan{Format: "parquet", Partitions: [][]stage.FileSplit{{{Path: "/x"}}},
		DataSchema: types.StructType{Fields: []types.StructField{{Name: "a", Type: types.Long}}},
		Out:        types.StructType{Fields: []types.StructField{{Name: "a", Type: types.Long}}}}
	tc := &TaskContext{Mem: mem, Eval: &function.EvalContext{Mem: mem}, BatchSize: 10}
	o, err := Build(tc, op)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if _, err := o.Next(t.Context()); err == nil {
		t.Fatal("read files without a datasource")
	}
}
