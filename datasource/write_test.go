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

	"github.com/fulgur/fulgur/sqlerr"
)

func batchesOf(mem memory.Allocator, schema *arrow.Schema, vals ...int64) func() (arrow.RecordBatch, error) {
	done := false
	return func() (arrow.RecordBatch, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		b := array.NewInt64Builder(mem)
		defer b.Release()
		b.AppendValues(vals, nil)
		col := b.NewArray()
		defer col.Release()
		return array.NewRecordBatch(schema, []arrow.Array{col}, int64(len(vals))), nil
	}
}

func readCount(t *testing.T, dir string) int64 {
	t.Helper()
	files, err := ListFiles(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, f := range files {
		schema := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
		r, err := parquetFormat{}.Open(context.Background(), Split{File: f, Length: f.Size}, schema, nil, memory.DefaultAllocator)
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
			n += b.NumRows()
			b.Release()
		}
		r.Close()
	}
	return n
}

func TestWriteJobAtomicity(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	dir := filepath.Join(t.TempDir(), "out")
	ctx := context.Background()

	write := func(mode SaveMode, vals ...int64) *WriteJob {
		j, err := NewWriteJob(dir, "parquet", mode, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.WriteTask(ctx, 0, schema, batchesOf(mem, schema, vals...), mem); err != nil {
			t.Fatal(err)
		}
		return j
	}
	j := write(ErrorIfExists, 1, 2, 3)
	if n := readCount(t, dir); n != 0 {
		t.Fatalf("staged rows visible before commit: %d", n)
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := readCount(t, dir); n != 3 {
		t.Fatalf("after commit: %d rows", n)
	}
	// An overwrite that is abandoned leaves the old data and no staging files.
	j = write(Overwrite, 7)
	j.Abort()
	if n := readCount(t, dir); n != 3 {
		t.Fatalf("after aborted overwrite: %d rows", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "_temporary")); !os.IsNotExist(err) {
		t.Fatalf("staging left behind: %v", err)
	}
	// Append adds, overwrite replaces at commit, errorifexists refuses, ignore skips.
	if err := write(Append, 4, 5).Commit(); err != nil {
		t.Fatal(err)
	}
	if n := readCount(t, dir); n != 5 {
		t.Fatalf("after append: %d rows", n)
	}
	if err := write(Overwrite, 9).Commit(); err != nil {
		t.Fatal(err)
	}
	if n := readCount(t, dir); n != 1 {
		t.Fatalf("after overwrite: %d rows", n)
	}
	if _, err := NewWriteJob(dir, "parquet", ErrorIfExists, nil, nil); !sqlerr.HasClass(err, "PATH_ALREADY_EXISTS") {
		t.Fatalf("errorifexists: %v", err)
	}
	if j, err := NewWriteJob(dir, "parquet", Ignore, nil, nil); err != nil || !j.Skip() {
		t.Fatalf("ignore: %v", err)
	}
}

func TestPartitionDirNames(t *testing.T) {
	tests := []struct {
		col, val string
		null     bool
		want     string
	}{
		{"s", "a", false, "s=a"},
		{"s", "a/b:c", false, "s=a%2Fb%3Ac"},
		{"s", "", true, "s=__HIVE_DEFAULT_PARTITION__"},
		{"p q", "x=y", false, "p q=x%3Dy"},
	}
	for _, tt := range tests {
		if got := partitionDir(tt.col, tt.val, tt.null); got != tt.want {
			t.Errorf("partitionDir(%q, %q) = %q, want %q", tt.col, tt.val, got, tt.want)
		}
	}
}
