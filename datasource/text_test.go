package datasource

import (
	"context"
	"errors"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// splitLines is the reference: lines ended by \n, \r\n or \r; a trailing terminator
// does not start another line.
func splitLines(s string) []string {
	var out []string
	cur := strings.Builder{}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			out = append(out, cur.String())
			cur.Reset()
		case '\r':
			out = append(out, cur.String())
			cur.Reset()
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		default:
			cur.WriteByte(s[i])
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func readAll(t *testing.T, mem memory.Allocator, splits []Split) []string {
	t.Helper()
	var got []string
	for _, sp := range splits {
		r, err := textFormat{}.Open(context.Background(), sp, textSchema, Options{}, mem)
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
			col := b.Column(0).(*array.String)
			for i := 0; i < col.Len(); i++ {
				got = append(got, col.Value(i))
			}
			b.Release()
		}
		r.Close()
	}
	return got
}

// TestTextSplitsReadEveryLineOnce splits random files at every split size and checks
// that the splits together read exactly the file's lines, in order.
func TestTextSplitsReadEveryLineOnce(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"a", "bc", "hello world", "", "\n", "\n", "\r\n", "\r", "é"}
	dir := t.TempDir()
	for trial := 0; trial < 40; trial++ {
		var b strings.Builder
		for n := rng.Intn(30); n > 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		content := b.String()
		path := filepath.Join(dir, "f.txt")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		files, err := ListFiles(context.Background(), []string{path}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := splitLines(content)
		for size := int64(1); size <= int64(len(content))+1; size++ {
			got := readAll(t, mem, PlanSplits(files, size, 1))
			if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
				t.Fatalf("content %q split %d: got %q want %q", content, size, got, want)
			}
		}
	}
}

func TestListFiles(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"a.txt", "_SUCCESS", ".hidden", "k=1/b.txt", "k=2/c.txt", "_tmp/d.txt"} {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte("x\n"), 0o644)
	}
	files, err := ListFiles(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f.Path)
		names = append(names, rel+":"+f.PartitionValues["k"])
	}
	if strings.Join(names, ",") != "a.txt:,k=1/b.txt:1,k=2/c.txt:2" {
		t.Fatalf("files = %v", names)
	}
	_, err = ListFiles(context.Background(), []string{filepath.Join(dir, "missing")}, Options{})
	var nf *PathNotFoundError
	if !errors.As(err, &nf) || !strings.HasPrefix(nf.Path, "file:/") {
		t.Fatalf("err = %v", err)
	}
}

func TestPackPartitions(t *testing.T) {
	var splits []Split
	for _, n := range []int64{10, 50, 30, 5} {
		splits = append(splits, Split{Length: n})
	}
	parts := PackPartitions(splits, 60, 4)
	// Largest first: [50] then 30 would exceed 60 → [30, 10] (30+4+10 fits) then [5]...
	total := 0
	for _, p := range parts {
		var size int64
		for _, s := range p {
			size += s.Length
			total++
		}
		if size > 60 {
			t.Fatalf("partition over budget: %v", p)
		}
	}
	if total != 4 {
		t.Fatalf("lost splits: %v", parts)
	}
}
