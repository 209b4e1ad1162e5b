package datasource

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

func writeParquet(t *testing.T, path string, n int) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "name", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	ib := array.NewInt64Builder(memory.DefaultAllocator)
	sb := array.NewStringBuilder(memory.DefaultAllocator)
	for i := 0; i < n; i++ {
		ib.Append(int64(i))
		if i%7 == 0 {
			sb.AppendNull()
		} else {
			sb.Append("row")
		}
	}
	ids, names := ib.NewArray(), sb.NewArray()
	rec := array.NewRecordBatch(schema, []arrow.Array{ids, names}, int64(n))
	tbl := array.NewTableFromRecords(schema, []arrow.RecordBatch{rec})
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(100))
	if err := pqarrow.WriteTable(tbl, f, 100, props, pqarrow.DefaultWriterProps()); err != nil {
		t.Fatal(err)
	}
	tbl.Release()
	rec.Release()
	ids.Release()
	names.Release()
}

// TestParquetSplits reads a multi-row-group file in byte-range splits of many sizes:
// every row is read exactly once, with only the requested column.
func TestParquetSplits(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	path := filepath.Join(t.TempDir(), "t.parquet")
	writeParquet(t, path, 1000)
	files, err := ListFiles(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fileSchema, err := parquetFormat{}.InferSchema(context.Background(), files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if fileSchema.NumFields() != 2 || fileSchema.Field(1).Type.ID() != arrow.STRING {
		t.Fatalf("schema = %v", fileSchema)
	}
	only := arrow.NewSchema([]arrow.Field{fileSchema.Field(0)}, nil)
	for _, size := range []int64{files[0].Size, 1000, 500, 97} {
		seen := make([]int, 1000)
		for _, sp := range PlanSplits(files, size, 1) {
			r, err := parquetFormat{}.Open(context.Background(), sp, only, Options{}, mem)
			if err != nil {
				t.Fatal(err)
			}
			for {
				b, err := r.Next(context.Background())
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				if b.NumCols() != 1 {
					t.Fatalf("got %d columns", b.NumCols())
				}
				for _, v := range b.Column(0).(*array.Int64).Int64Values() {
					seen[v]++
				}
				b.Release()
			}
			r.Close()
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("split size %d: row %d read %d times", size, i, c)
			}
		}
	}
}
