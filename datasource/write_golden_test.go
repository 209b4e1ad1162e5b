package datasource

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// writeGoldenOut is set by testdata/gen_write_golden.py: TestWriteGolden then only writes
// every case with our writers into this directory, for Spark to read back.
var writeGoldenOut = flag.String("write-golden-out", "", "write the golden cases' output here (used by gen_write_golden.py)")

type writeGolden struct {
	Datasets map[string]struct {
		Schema string   `json:"schema"`
		Rows   []string `json:"rows"`
	} `json:"datasets"`
	Cases []writeCase `json:"cases"`
}

type writeCase struct {
	Name        string            `json:"name"`
	Dataset     string            `json:"dataset"`
	Format      string            `json:"format"`
	Options     map[string]string `json:"options"`
	PartitionBy []string          `json:"partitionBy"`
	ReadOptions map[string]string `json:"readOptions"`
	ReadSchema  string            `json:"readSchema"`
	Errors      []string          `json:"errors"`
	SparkFiles  []string          `json:"sparkFiles"`
	SparkSchema string            `json:"sparkSchema"`
	SparkRows   []string          `json:"sparkRows"`
	OursFiles   []string          `json:"oursFiles"`
	OursSchema  string            `json:"oursSchema"`
	OursRows    []string          `json:"oursRows"`
	OursErrors  []string          `json:"oursErrors"`
}

var uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestWriteGolden writes every case of testdata/write/golden.json with our writers and
// checks, against what real Spark did with the same input:
//   - Spark reads our output exactly as it reads its own (oursRows == sparkRows);
//   - our files have Spark's names and directory layout;
//   - csv, json and text files are byte-identical to Spark's;
//   - our readers read Spark's files and our files as Spark reads them;
//   - invalid writes fail with Spark's error class before touching the target.
func TestWriteGolden(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "write", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g writeGolden
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			ctx := context.Background()
			ds := g.Datasets[c.Dataset]
			schema := goldenSchema(t, ds.Schema)
			target := filepath.Join(t.TempDir(), "out")
			if *writeGoldenOut != "" {
				if c.Errors != nil {
					return
				}
				target = filepath.Join(*writeGoldenOut, c.Name)
			}
			job, err := NewJob(target, ErrorIfExists, JobConfig{Format: c.Format, Options: c.Options, PartitionBy: c.PartitionBy, Schema: schema})
			if c.Errors != nil {
				checkErrorClass(t, err, c.Errors)
				if _, serr := os.Stat(target); !os.IsNotExist(serr) {
					t.Fatalf("a failed job left %s behind", target)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			writeInput(t, ctx, job, schema, filepath.Join("testdata", "write", "inputs", c.Dataset+".parquet"), mem)
			if err := job.Commit(); err != nil {
				t.Fatal(err)
			}
			if *writeGoldenOut != "" {
				return
			}
			if c.OursErrors != nil {
				t.Fatalf("Spark failed to read our output: %v", c.OursErrors)
			}
			if c.OursSchema != c.SparkSchema || strings.Join(c.OursRows, "\n") != strings.Join(c.SparkRows, "\n") {
				t.Errorf("Spark reads our output differently from its own:\nours (%s):\n%s\nspark (%s):\n%s",
					c.OursSchema, strings.Join(c.OursRows, "\n"), c.SparkSchema, strings.Join(c.SparkRows, "\n"))
			}
			files := outputFiles(t, target)
			if got, want := strings.Join(files, "\n"), strings.Join(c.SparkFiles, "\n"); got != want {
				t.Errorf("files\n got: %s\nwant: %s", got, want)
			}
			if len(files) == len(c.SparkFiles) && c.Format != "parquet" {
				for i, f := range files {
					ours := readMaybeCompressed(t, filepath.Join(target, strings.ReplaceAll(f, "<uuid>", job.ID())))
					_ = i
					spark := readMaybeCompressed(t, filepath.Join("testdata", "write", "spark", c.Name, strings.ReplaceAll(f, "<uuid>", "spark")))
					if !bytes.Equal(ours, spark) {
						t.Errorf("%s differs from Spark's:\n ours: %q\nspark: %q", f, ours, spark)
					}
				}
			}
			// Our readers read Spark's files and ours as Spark reads them.
			if compressed(c.SparkFiles) {
				return
			}
			want := strings.Join(c.SparkRows, "\n")
			for _, dir := range []string{filepath.Join("testdata", "write", "spark", c.Name), target} {
				rows, ok := readOutput(t, ctx, c, dir, mem)
				if !ok {
					continue
				}
				if got := strings.Join(rows, "\n"); got != want {
					t.Errorf("our reader of %s:\n got:\n%s\nwant:\n%s", dir, got, want)
				}
			}
		})
	}
}

func goldenSchema(t *testing.T, simple string) *arrow.Schema {
	t.Helper()
	st, err := parseSimpleString(simple)
	if err != nil {
		t.Fatal(err)
	}
	return types.ArrowSchema(st.(types.StructType), "UTC")
}

func checkErrorClass(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	e, ok := sqlerr.As(err)
	if !ok {
		t.Fatalf("error %v has no class, want %v", err, want)
	}
	for _, w := range want {
		if e.Class == w {
			return
		}
	}
	t.Fatalf("error class %s (%v), want %v", e.Class, err, want)
}

// writeInput writes the rows of an input parquet file through one task of job.
func writeInput(t *testing.T, ctx context.Context, job *Job, schema *arrow.Schema, path string, mem memory.Allocator) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := parquetFormat{}.Open(ctx, Split{File: File{Path: path, Size: st.Size()}, Length: st.Size()}, schema, nil, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	w, err := job.NewTask(0, 0, schema, mem)
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := r.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			w.Abort()
			t.Fatal(err)
		}
		err = w.Write(ctx, b)
		b.Release()
		if err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	if _, err := w.Commit(); err != nil {
		w.Abort()
		t.Fatal(err)
	}
}

// outputFiles lists the data files of an output directory as the golden script does.
func outputFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || hidden(d.Name()) {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, uuidRE.ReplaceAllString(filepath.ToSlash(rel), "<uuid>"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func compressed(files []string) bool {
	for _, f := range files {
		if strings.HasSuffix(f, ".gz") || strings.HasSuffix(f, ".deflate") {
			return true
		}
	}
	return false
}

func readMaybeCompressed(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r io.ReadCloser
	switch {
	case strings.HasSuffix(path, ".gz"):
		r, err = gzip.NewReader(bytes.NewReader(data))
	case strings.HasSuffix(path, ".deflate"):
		r, err = zlib.NewReader(bytes.NewReader(data))
	default:
		return data
	}
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readOutput reads an output directory with our readers, appending partition values
// (only for string and integer partition columns; ok is false otherwise).
func readOutput(t *testing.T, ctx context.Context, c writeCase, dir string, mem memory.Allocator) ([]string, bool) {
	t.Helper()
	full := goldenSchema(t, c.ReadSchema)
	var dataFields []arrow.Field
	var partFields []arrow.Field
	for _, f := range full.Fields() {
		isPart := false
		for _, p := range c.PartitionBy {
			isPart = isPart || p == f.Name
		}
		if isPart {
			partFields = append(partFields, f)
		} else {
			dataFields = append(dataFields, f)
		}
	}
	for _, f := range partFields {
		switch f.Type.ID() {
		case arrow.STRING, arrow.INT32, arrow.INT64:
		default:
			return nil, false
		}
	}
	files, err := ListFiles(ctx, []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Lookup(c.Format)
	var out []string
	for _, file := range files {
		rows, err := readRows(ctx, f, []Split{{File: file, Length: file.Size}}, arrow.NewSchema(dataFields, nil), Options(c.ReadOptions), mem)
		if err != nil {
			t.Fatalf("reading %s: %v", file.Path, err)
		}
		suffix := ""
		for _, pf := range partFields {
			v := file.PartitionValues[pf.Name]
			switch {
			case v == defaultPartitionName:
				v = "null"
			case pf.Type.ID() == arrow.STRING:
				b, _ := json.Marshal(v)
				v = pyJSONString(string(b))
			}
			suffix += " | " + v
		}
		for _, r := range rows {
			out = append(out, r+suffix)
		}
	}
	sort.Strings(out)
	return out, true
}
