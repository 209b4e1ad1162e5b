package datasource

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sqlerr"
)

var int64Schema = arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)

func int64Batch(mem memory.Allocator, vals ...int64) arrow.RecordBatch {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.AppendValues(vals, nil)
	col := b.NewArray()
	defer col.Release()
	return array.NewRecordBatch(int64Schema, []arrow.Array{col}, int64(len(vals)))
}

// readInts reads every visible parquet file under dir (as a reader of the target
// would) and returns the sorted values.
func readInts(t *testing.T, dir string) []int64 {
	t.Helper()
	ctx := context.Background()
	files, err := ListFiles(ctx, []string{dir}, nil)
	var nf *PathNotFoundError
	if errors.As(err, &nf) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, f := range files {
		r, err := parquetFormat{}.Open(ctx, Split{File: f, Length: f.Size}, int64Schema, nil, memory.DefaultAllocator)
		if err != nil {
			t.Fatal(err)
		}
		for {
			b, err := r.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			col := b.Column(0).(*array.Int64)
			out = append(out, col.Int64Values()...)
			b.Release()
		}
		r.Close()
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// writeJob runs a whole job with one task per value list.
func writeJob(t *testing.T, mem memory.Allocator, dir string, mode SaveMode, opts Options, tasks ...[]int64) *Job {
	t.Helper()
	ctx := context.Background()
	j, err := NewJob(dir, mode, JobConfig{Format: "parquet", Options: opts, Schema: int64Schema})
	if err != nil {
		t.Fatal(err)
	}
	for i, vals := range tasks {
		w, err := j.NewTask(i, 0, int64Schema, mem)
		if err != nil {
			t.Fatal(err)
		}
		b := int64Batch(mem, vals...)
		err = w.Write(ctx, b)
		b.Release()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return j
}

func fmtInts(v []int64) string { return fmt.Sprint(v) }

func TestJobSaveModesAndAtomicity(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := filepath.Join(t.TempDir(), "out")

	// A job's files are invisible until it commits.
	j := writeJob(t, mem, dir, ErrorIfExists, nil, []int64{1, 2}, []int64{3})
	if got := readInts(t, dir); len(got) != 0 {
		t.Fatalf("staged rows visible before commit: %v", got)
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[1 2 3]" {
		t.Fatalf("after commit: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "_SUCCESS")); err != nil {
		t.Fatalf("no _SUCCESS: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, tempDirName)); !os.IsNotExist(err) {
		t.Fatalf("staging left behind: %v", err)
	}

	// An aborted overwrite leaves the old data and no staging files.
	j = writeJob(t, mem, dir, Overwrite, nil, []int64{7})
	if err := j.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[1 2 3]" {
		t.Fatalf("after aborted overwrite: %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, tempDirName)); !os.IsNotExist(err) {
		t.Fatalf("staging left behind: %v", err)
	}

	// A task that aborts contributes nothing even when the job commits.
	j = writeJob(t, mem, dir, Append, nil, []int64{4, 5})
	w, err := j.NewTask(1, 0, int64Schema, mem)
	if err != nil {
		t.Fatal(err)
	}
	b := int64Batch(mem, 100)
	if err := w.Write(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	b.Release()
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[1 2 3 4 5]" {
		t.Fatalf("after append: %s", got)
	}

	// Overwrite replaces at commit; until then the old data stays.
	j = writeJob(t, mem, dir, Overwrite, nil, []int64{9})
	if got := fmtInts(readInts(t, dir)); got != "[1 2 3 4 5]" {
		t.Fatalf("overwrite visible before commit: %s", got)
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[9]" {
		t.Fatalf("after overwrite: %s", got)
	}

	// errorifexists refuses, ignore skips (and its writers discard rows).
	if _, err := NewJob(dir, ErrorIfExists, JobConfig{Format: "parquet"}); !sqlerr.HasClass(err, "PATH_ALREADY_EXISTS") {
		t.Fatalf("errorifexists: %v", err)
	}
	j = writeJob(t, mem, dir, Ignore, nil, []int64{42})
	if !j.Skipped() {
		t.Fatal("ignore did not skip")
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[9]" {
		t.Fatalf("after ignore: %s", got)
	}
}

func TestAbortedFirstWriteLeavesNoTarget(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := filepath.Join(t.TempDir(), "new")
	j := writeJob(t, mem, dir, ErrorIfExists, nil, []int64{1})
	if err := j.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("aborted job left its target: %v", err)
	}
	// Abort is idempotent and a later Commit does nothing.
	if err := j.Abort(); err != nil {
		t.Fatal(err)
	}
}

func TestTaskCommitIsExclusive(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "out")
	j, err := NewJob(dir, ErrorIfExists, JobConfig{Format: "parquet", Schema: int64Schema})
	if err != nil {
		t.Fatal(err)
	}
	var ws []*TaskWriter
	for attempt := 0; attempt < 2; attempt++ {
		w, err := j.NewTask(3, attempt, int64Schema, mem)
		if err != nil {
			t.Fatal(err)
		}
		b := int64Batch(mem, int64(10+attempt))
		if err := w.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		b.Release()
		ws = append(ws, w)
	}
	if _, err := ws[0].Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := ws[1].Commit(); !errors.Is(err, ErrTaskCommitted) {
		t.Fatalf("second attempt: %v", err)
	}
	ws[1].Abort()
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := fmtInts(readInts(t, dir)); got != "[10]" {
		t.Fatalf("got %s", got)
	}
}

func TestConcurrentTaskWriters(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "out")
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "v", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "p", Type: arrow.BinaryTypes.String, Nullable: true},
	}, nil)
	j, err := NewJob(dir, ErrorIfExists, JobConfig{Format: "json", PartitionBy: []string{"p"}, Schema: schema,
		Options: Options{"maxRecordsPerFile": "7"}})
	if err != nil {
		t.Fatal(err)
	}
	const tasks, rows = 8, 100
	var wg sync.WaitGroup
	errs := make([]error, tasks)
	for task := 0; task < tasks; task++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := j.NewTask(task, 0, schema, mem)
			if err != nil {
				errs[task] = err
				return
			}
			vb := array.NewInt64Builder(mem)
			pb := array.NewStringBuilder(mem)
			for r := 0; r < rows; r++ {
				vb.Append(int64(task*rows + r))
				if r%5 == 0 {
					pb.AppendNull()
				} else {
					pb.Append([]string{"a/b", "c", "d=e"}[r%3])
				}
			}
			v, p := vb.NewArray(), pb.NewArray()
			vb.Release()
			pb.Release()
			b := array.NewRecordBatch(schema, []arrow.Array{v, p}, rows)
			v.Release()
			p.Release()
			// Write in three unaligned pieces.
			for _, r := range [][2]int64{{0, 13}, {13, 61}, {61, rows}} {
				s := b.NewSlice(r[0], r[1])
				err = w.Write(ctx, s)
				s.Release()
				if err != nil {
					break
				}
			}
			b.Release()
			if err == nil {
				_, err = w.Commit()
			}
			if err != nil {
				w.Abort()
			}
			errs[task] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	files, err := ListFiles(ctx, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]bool{}
	for _, f := range files {
		if !strings.Contains(f.Path, "p=a%2Fb") && !strings.Contains(f.Path, "p=c") && !strings.Contains(f.Path, "p=d%3De") && !strings.Contains(f.Path, "p=__HIVE_DEFAULT_PARTITION__") {
			t.Fatalf("unexpected directory: %s", f.Path)
		}
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		if len(lines) > 7 {
			t.Fatalf("%s has %d records, more than maxRecordsPerFile", f.Path, len(lines))
		}
		for _, l := range lines {
			var v int64
			if _, err := fmt.Sscanf(l, `{"v":%d}`, &v); err != nil {
				t.Fatalf("%s: line %q", f.Path, l)
			}
			if seen[v] {
				t.Fatalf("row %d written twice", v)
			}
			seen[v] = true
		}
	}
	if len(seen) != tasks*rows {
		t.Fatalf("%d rows written, want %d", len(seen), tasks*rows)
	}
}

func TestMaxRecordsPerFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := filepath.Join(t.TempDir(), "out")
	j := writeJob(t, mem, dir, ErrorIfExists, Options{"maxRecordsPerFile": "3"}, []int64{1, 2, 3, 4, 5, 6, 7})
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range outputFiles(t, dir) {
		names = append(names, f)
	}
	want := "part-00000-<uuid>-c000.snappy.parquet part-00000-<uuid>-c001.snappy.parquet part-00000-<uuid>-c002.snappy.parquet"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("files %s, want %s", got, want)
	}
	if got := fmtInts(readInts(t, dir)); got != "[1 2 3 4 5 6 7]" {
		t.Fatalf("got %s", got)
	}
}

func TestEmptyTaskZeroWritesOneFile(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dir := filepath.Join(t.TempDir(), "out")
	j, err := NewJob(dir, ErrorIfExists, JobConfig{Format: "csv", Options: Options{"header": "true"}, Schema: int64Schema})
	if err != nil {
		t.Fatal(err)
	}
	for task := 0; task < 2; task++ {
		w, err := j.NewTask(task, 0, int64Schema, mem)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Commit(); err != nil {
		t.Fatal(err)
	}
	files := outputFiles(t, dir)
	if len(files) != 1 {
		t.Fatalf("files: %v", files)
	}
	data, _ := os.ReadFile(filepath.Join(dir, strings.ReplaceAll(files[0], "<uuid>", j.ID())))
	if string(data) != "v\n" {
		t.Fatalf("content %q", data)
	}
}

func TestDynamicPartitionOverwrite(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "out")
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "v", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "p", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
	}, nil)
	write := func(mode SaveMode, opts Options, vals []int64, parts []int32) {
		j, err := NewJob(dir, mode, JobConfig{Format: "parquet", PartitionBy: []string{"p"}, Schema: schema, Options: opts})
		if err != nil {
			t.Fatal(err)
		}
		w, err := j.NewTask(0, 0, schema, mem)
		if err != nil {
			t.Fatal(err)
		}
		vb, pb := array.NewInt64Builder(mem), array.NewInt32Builder(mem)
		vb.AppendValues(vals, nil)
		pb.AppendValues(parts, nil)
		v, p := vb.NewArray(), pb.NewArray()
		vb.Release()
		pb.Release()
		b := array.NewRecordBatch(schema, []arrow.Array{v, p}, int64(len(vals)))
		v.Release()
		p.Release()
		if err := w.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		b.Release()
		if _, err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := j.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write(ErrorIfExists, nil, []int64{1, 2, 3}, []int32{1, 2, 3})
	write(Overwrite, Options{"partitionOverwriteMode": "dynamic"}, []int64{20, 21}, []int32{2, 2})
	if got := fmtInts(readInts(t, dir)); got != "[1 3 20 21]" {
		t.Fatalf("dynamic overwrite: %s", got)
	}
	write(Overwrite, nil, []int64{30}, []int32{3})
	if got := fmtInts(readInts(t, dir)); got != "[30]" {
		t.Fatalf("static overwrite: %s", got)
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
		{"s", "", false, "s=__HIVE_DEFAULT_PARTITION__"},
		{"p q", "x=y", false, "p q=x%3Dy"},
		{"s", "{}|<>", false, "s=%7B}|<>"},
	}
	for _, tt := range tests {
		if got := partitionDir(tt.col, tt.val, tt.null); got != tt.want {
			t.Errorf("partitionDir(%q, %q) = %q, want %q", tt.col, tt.val, got, tt.want)
		}
	}
}

func TestJavaNumberFormats(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		want string
	}{{1, "1.0"}, {1e10, "1.0E10"}, {1e-5, "1.0E-5"}, {0.001, "0.001"}, {1234567, "1234567.0"}, {12345678.9, "1.23456789E7"}, {math.Copysign(0, -1), "-0.0"}} {
		if got := javaDouble(tt.f, 64); got != tt.want {
			t.Errorf("javaDouble(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}
