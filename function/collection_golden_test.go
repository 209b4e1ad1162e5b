package function

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
)

var rewriteCollections = flag.Bool("rewrite-collections", false, "regenerate testdata/collection_golden.json by running testdata/gen_collection_golden.py in real Spark")

const collectionGoldenFile = "testdata/collection_golden.json"

// collectionKnownGaps are recorded cases that the kernels do not match yet, with the
// reason.
var collectionKnownGaps = map[string]string{
	"array_insert(array('a'), 2, CAST(NULL AS INT))": "Spark coerces a STRING array and an INT element to STRING for array_insert only; the array functions share one rule",
}

// TestCollectionGolden evaluates every case of testdata/collection_golden.json, recorded
// from Spark 4.2 by testdata/gen_collection_golden.py: atomic arguments as constants and
// as one-row columns, nested arguments as one-row columns.
func TestCollectionGolden(t *testing.T) {
	if *rewriteCollections {
		py, err := filepath.Abs("../.cache/oracle/bin/python")
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(py, "testdata/gen_collection_golden.py")
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("gen_collection_golden.py: %v", err)
		}
	}
	data, err := os.ReadFile(collectionGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	for _, c := range cases {
		name := c.SQL
		if !c.ANSI {
			name = "legacy " + name
		}
		t.Run(name, func(t *testing.T) {
			if why, ok := collectionKnownGaps[name]; ok {
				t.Skip("known gap: " + why)
			}
			for _, constants := range []bool{true, false} {
				runCollectionCase(t, mem, c, constants)
			}
		})
	}
}

func runCollectionCase(t *testing.T, mem memory.Allocator, c goldenCase, constants bool) {
	t.Helper()
	ec := &EvalContext{Mem: mem, TimeZone: "UTC", ANSI: c.ANSI}
	f, ok := Builtins().Scalar(c.Fn)
	if !ok {
		t.Fatalf("function %s is not registered", c.Fn)
	}
	argTypes := make([]types.DataType, len(c.Args))
	for i, a := range c.Args {
		at, err := parseNestedType(a.Type)
		if err != nil {
			t.Fatalf("argument %d: %v", i, err)
		}
		argTypes[i] = at
	}
	b, err := f.Bind(argTypes, c.ANSI)
	if err != nil {
		checkGoldenError(t, c, err)
		return
	}
	if c.Error == "" {
		if got := b.Result.String(); got != c.Type {
			t.Errorf("result type %s, Spark %s", got, c.Type)
		}
	}
	args := make([]Datum, len(c.Args))
	defer func() {
		for _, d := range args {
			if d.Array != nil {
				d.Array.Release()
			}
		}
	}()
	for i, a := range c.Args {
		switch argTypes[i].(type) {
		case types.ArrayType, types.MapType, types.StructType:
			col, err := goldenColumn(ec, argTypes[i], []*string{a.Value})
			if err != nil {
				t.Fatalf("argument %d: %v", i, err)
			}
			args[i] = Datum{Array: col}
			continue
		}
		v, err := goldenValue(argTypes[i], a.Value)
		if err != nil {
			t.Fatalf("argument %d: %v", i, err)
		}
		if constants {
			args[i] = Datum{Scalar: &Scalar{Type: argTypes[i], Value: v}}
			continue
		}
		col, err := ScalarArray(mem, argTypes[i], v, 1, ec.TimeZone)
		if err != nil {
			t.Fatalf("argument %d: %v", i, err)
		}
		args[i] = Datum{Array: col}
	}
	for i := range args {
		if types.Equal(argTypes[i], b.ArgTypes[i]) {
			continue
		}
		mode := CastLegacy
		if c.ANSI {
			mode = CastANSI
		}
		k, err := Cast(argTypes[i], b.ArgTypes[i], mode, ec.TimeZone)
		if err != nil {
			t.Fatalf("cast of argument %d to %s: %v", i, b.ArgTypes[i], err)
		}
		out, err := k(ec, args[i:i+1], 1)
		if err != nil {
			checkGoldenError(t, c, err)
			return
		}
		if args[i].Array != nil {
			args[i].Array.Release()
		}
		args[i] = Datum{Array: out}
	}
	out, err := b.Kernel(ec, args, 1)
	if err != nil {
		checkGoldenError(t, c, err)
		return
	}
	defer out.Release()
	if c.Error != "" {
		t.Fatalf("got a value, Spark raised %s", c.Error)
	}
	if want := types.ToArrow(b.Result, ec.TimeZone); !arrow.TypeEqual(out.DataType(), want) {
		t.Fatalf("kernel returned %s for result type %s", out.DataType(), want)
	}
	shown, err := FormatForShow(ec, out, b.Result)
	if err != nil {
		t.Fatal(err)
	}
	if got := escapeMeta(shown[0]); got != c.Show {
		t.Errorf("constants=%t: got %q, Spark %q", constants, got, c.Show)
	}
}
