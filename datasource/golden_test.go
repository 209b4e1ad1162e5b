package datasource

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// goldenCase is one case of testdata/<format>/golden.json, written by
// testdata/gen_golden.py from real Spark.
type goldenCase struct {
	Name     string            `json:"name"`
	File     string            `json:"file"`
	Options  map[string]string `json:"options"`
	Schema   *string           `json:"schema"`
	Inferred string            `json:"inferred"`
	Rows     [][]string        `json:"rows"`
	Errors   []string          `json:"errors"`
}

func loadGolden(t *testing.T, format string) []goldenCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", format, "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// runGolden reads every case through the format and compares with Spark's output. Cases
// of splittable reads are also read with several split sizes, which must produce the
// same rows.
func runGolden(t *testing.T, f Format) {
	for _, c := range loadGolden(t, f.Name()) {
		t.Run(c.Name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			ctx := context.Background()
			opts := Options(c.Options)
			files, err := ListFiles(ctx, []string{filepath.Join("testdata", f.Name(), c.File)}, opts)
			if err != nil {
				t.Fatal(err)
			}
			var schema *arrow.Schema
			if c.Schema != nil {
				st, err := parseSimpleString(*c.Schema)
				if err != nil {
					t.Fatal(err)
				}
				schema = types.ArrowSchema(st.(types.StructType), "UTC")
			} else {
				schema, err = f.InferSchema(ctx, files, opts)
				if err != nil {
					checkGoldenError(t, c, err)
					return
				}
				st, err := types.FromArrowSchema(schema)
				if err != nil {
					t.Fatal(err)
				}
				if got := st.String(); got != c.Inferred {
					t.Fatalf("schema\n got: %s\nwant: %s", got, c.Inferred)
				}
			}
			sizes := []int64{1 << 30}
			if s, ok := f.(Splittable); !ok || s.IsSplittable(opts) {
				sizes = append(sizes, 7, 64, 1000)
			} else {
				sizes = append(sizes, 50) // a non-splittable file split anyway is read once
			}
			for _, size := range sizes {
				splits := PlanSplits(files, size, 1)
				if size == 1<<30 {
					splits = PlanFormatSplits(f, files, opts, size)
				}
				rows, err := readRows(ctx, f, splits, schema, opts, mem)
				if err != nil {
					checkGoldenError(t, c, err)
					return
				}
				if c.Errors != nil {
					t.Fatalf("split size %d: no error, want %v", size, c.Errors)
				}
				if got, want := strings.Join(rows, "\n"), joinRows(c.Rows); got != want {
					t.Fatalf("split size %d: rows\n got:\n%s\nwant:\n%s", size, got, want)
				}
			}
		})
	}
}

func checkGoldenError(t *testing.T, c goldenCase, err error) {
	t.Helper()
	if c.Errors == nil {
		t.Fatalf("unexpected error: %v", err)
	}
	e, ok := sqlerr.As(err)
	if !ok {
		t.Fatalf("error %v has no class, want one of %v", err, c.Errors)
	}
	for _, want := range c.Errors {
		if e.Class == want {
			return
		}
	}
	t.Fatalf("error class %s, want one of %v", e.Class, c.Errors)
}

func joinRows(rows [][]string) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, " | ")
	}
	return strings.Join(out, "\n")
}

func readRows(ctx context.Context, f Format, splits []Split, schema *arrow.Schema, opts Options, mem memory.Allocator) ([]string, error) {
	var out []string
	for _, sp := range splits {
		r, err := f.Open(ctx, sp, schema, opts, mem)
		if err != nil {
			return nil, err
		}
		for {
			b, err := r.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				r.Close()
				return nil, err
			}
			for i := 0; i < int(b.NumRows()); i++ {
				vals := make([]string, b.NumCols())
				for j := range vals {
					vals[j] = renderValue(b.Column(j), i)
				}
				out = append(out, strings.Join(vals, " | "))
			}
			b.Release()
		}
		if err := r.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// renderValue renders one Arrow value as gen_golden.py's render does.
func renderValue(a arrow.Array, i int) string {
	if a.IsNull(i) {
		return "null"
	}
	switch a := a.(type) {
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Int8:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int16:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Int64:
		return strconv.FormatInt(a.Value(i), 10)
	case *array.Float32:
		return pyRepr(float64(a.Value(i)))
	case *array.Float64:
		return pyRepr(a.Value(i))
	case *array.Decimal128:
		return a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
	case *array.String:
		b, _ := json.Marshal(a.Value(i))
		return pyJSONString(string(b))
	case *array.Binary:
		return fmt.Sprintf("0x%x", a.Value(i))
	case *array.Date32:
		return a.Value(i).ToTime().Format("2006-01-02")
	case *array.Timestamp:
		t := time.UnixMicro(int64(a.Value(i))).UTC()
		s := t.Format("2006-01-02 15:04:05")
		if us := t.Nanosecond() / 1000; us != 0 {
			s += fmt.Sprintf(".%06d", us)
		}
		return s
	case *array.Map:
		start, end := a.ValueOffsets(i)
		type kv struct {
			key  any
			text string
		}
		var parts []kv
		for j := start; j < end; j++ {
			var key any = renderValue(a.Keys(), int(j))
			switch k := a.Keys().(type) {
			case *array.String:
				key = k.Value(int(j))
			case *array.Int32:
				key = int64(k.Value(int(j)))
			case *array.Int64:
				key = k.Value(int(j))
			}
			parts = append(parts, kv{key, renderValue(a.Keys(), int(j)) + ":" + renderValue(a.Items(), int(j))})
		}
		sort.Slice(parts, func(x, y int) bool {
			switch kx := parts[x].key.(type) {
			case int64:
				return kx < parts[y].key.(int64)
			case string:
				return kx < parts[y].key.(string)
			}
			return parts[x].text < parts[y].text
		})
		texts := make([]string, len(parts))
		for j, p := range parts {
			texts[j] = p.text
		}
		return "{" + strings.Join(texts, ",") + "}"
	case *array.List:
		start, end := a.ValueOffsets(i)
		var parts []string
		for j := start; j < end; j++ {
			parts = append(parts, renderValue(a.ListValues(), int(j)))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case *array.Struct:
		parts := make([]string, a.NumField())
		for j := range parts {
			parts[j] = renderValue(a.Field(j), i)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprintf("<%s>", a.DataType())
}

// pyJSONString turns Go's JSON string encoding into Python's json.dumps with
// ensure_ascii=False (which does not escape <, >, & or U+2028/9).
func pyJSONString(s string) string {
	r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\u2028`, "\u2028", `\u2029`, "\u2029")
	return r.Replace(s)
}

// pyRepr formats a double as Python's repr.
func pyRepr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expS, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expS)
	if exp < -4 || exp >= 16 {
		if !strings.Contains(mant, ".") {
			return fmt.Sprintf("%se%+03d", mant, exp)
		}
		return fmt.Sprintf("%se%+03d", mant, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// parseSimpleString parses a Spark simpleString type such as
// struct<a:int,b:array<struct<c:string>>>.
func parseSimpleString(s string) (types.DataType, error) {
	t, rest, err := parseTypePrefix(s)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("trailing %q in %q", rest, s)
	}
	return t, nil
}

func parseTypePrefix(s string) (types.DataType, string, error) {
	switch {
	case strings.HasPrefix(s, "struct<"):
		s = s[len("struct<"):]
		var st types.StructType
		for !strings.HasPrefix(s, ">") {
			name, rest, ok := strings.Cut(s, ":")
			if !ok {
				return nil, "", fmt.Errorf("bad struct field in %q", s)
			}
			ft, rest, err := parseTypePrefix(rest)
			if err != nil {
				return nil, "", err
			}
			st.Fields = append(st.Fields, types.StructField{Name: name, Type: ft, Nullable: true})
			s = strings.TrimPrefix(rest, ",")
		}
		return st, s[1:], nil
	case strings.HasPrefix(s, "map<"):
		kt, rest, err := parseTypePrefix(s[len("map<"):])
		if err != nil {
			return nil, "", err
		}
		vt, rest, err := parseTypePrefix(strings.TrimPrefix(rest, ","))
		if err != nil {
			return nil, "", err
		}
		return types.MapType{Key: kt, Value: vt, ValueContainsNull: true}, strings.TrimPrefix(rest, ">"), nil
	case strings.HasPrefix(s, "array<"):
		et, rest, err := parseTypePrefix(s[len("array<"):])
		if err != nil {
			return nil, "", err
		}
		return types.ArrayType{Elem: et, ContainsNull: true}, strings.TrimPrefix(rest, ">"), nil
	}
	end := strings.IndexAny(s, ",>")
	if strings.HasPrefix(s, "decimal(") {
		end = strings.Index(s, ")") + 1
	}
	if end < 0 {
		end = len(s)
	}
	t, ok := types.ParseSimple(s[:end])
	if !ok {
		return nil, "", fmt.Errorf("unknown type %q", s[:end])
	}
	return t, s[end:], nil
}
