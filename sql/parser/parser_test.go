package parser_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"

	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/parser"
)

// TestData runs the golden files in testdata. Directives:
//
//	parse          one statement; prints ast.Format (and checks it parses back the same)
//	expr [types]   an expression; with types, literals are annotated with their kind
//	type           a data type
//	schema         a table schema; one column per line
//	error [expr|type|schema] [message]
//	               input that must fail; prints class, SQLSTATE, position and
//	               parameters, and with message Spark's full message text
//
// An argument "deviation=..." records where Fulgur knowingly differs from Spark (for
// the oracle check in testdata/oracle); the test ignores it.
//
// Run go test ./sql/parser -run TestData -rewrite to regenerate the expected output,
// then review the diff.
func TestData(t *testing.T) {
	datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
		if strings.Contains(path, "fuzz") {
			t.Skip("fuzz corpus, not a golden file")
		}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			switch d.Cmd {
			case "parse":
				stmt, err := parser.Parse(d.Input)
				if err != nil {
					return "unexpected error: " + describeError(err, true)
				}
				out := ast.Format(stmt)
				checkRoundTrip(t, d.Input, out, func(s string) (ast.Node, error) { return parser.Parse(s) })
				return out + "\n"
			case "expr":
				e, err := parser.ParseExpr(d.Input)
				if err != nil {
					return "unexpected error: " + describeError(err, true)
				}
				out := ast.FormatWith(e, ast.FormatOptions{LiteralTypes: d.HasArg("types")})
				if !d.HasArg("types") {
					checkRoundTrip(t, d.Input, out, func(s string) (ast.Node, error) { return parser.ParseExpr(s) })
				}
				return out + "\n"
			case "type":
				typ, err := parser.ParseDataType(d.Input)
				if err != nil {
					return "unexpected error: " + describeError(err, true)
				}
				out := ast.Format(typ)
				checkRoundTrip(t, d.Input, out, func(s string) (ast.Node, error) { return parser.ParseDataType(s) })
				return out + "\n"
			case "schema":
				cols, err := parser.ParseTableSchema(d.Input)
				if err != nil {
					return "unexpected error: " + describeError(err, true)
				}
				var b strings.Builder
				for _, c := range cols {
					b.WriteString(ast.Format(c) + "\n")
				}
				return b.String()
			case "error":
				var err error
				switch {
				case d.HasArg("expr"):
					_, err = parser.ParseExpr(d.Input)
				case d.HasArg("type"):
					_, err = parser.ParseDataType(d.Input)
				case d.HasArg("schema"):
					_, err = parser.ParseTableSchema(d.Input)
				default:
					_, err = parser.Parse(d.Input)
				}
				if err == nil {
					return "unexpected success\n"
				}
				return describeError(err, d.HasArg("message"))
			}
			d.Fatalf(t, "unknown directive %q", d.Cmd)
			return ""
		})
	})
}

// describeError prints an error's class, SQLSTATE, position and parameters.
func describeError(err error, message bool) string {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return fmt.Sprintf("not a *parser.Error: %v\n", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s) line %d pos %d\n", pe.Class, pe.SQLState, pe.Line, pe.Pos)
	keys := make([]string, 0, len(pe.Params))
	for k := range pe.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, pe.Params[k])
	}
	if message {
		b.WriteString("--\n")
		b.WriteString(strings.TrimRight(pe.Error(), "\n") + "\n")
	}
	return b.String()
}

// checkRoundTrip checks that the canonical form parses back to the same canonical
// form.
func checkRoundTrip(t *testing.T, input, out string, parse func(string) (ast.Node, error)) {
	t.Helper()
	n, err := parse(out)
	if err != nil {
		t.Errorf("canonical form of %q does not parse: %q: %v", input, out, err)
		return
	}
	if again := ast.Format(n); again != out {
		t.Errorf("canonical form of %q is not stable:\n first: %s\nsecond: %s", input, out, again)
	}
}
