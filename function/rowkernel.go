package function

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// rowFunc computes the value of one row i from the materialized arguments and appends
// it (or NULL) to b.
type rowFunc func(ec *EvalContext, args []arrow.Array, i int, b array.Builder) error

// rowKernel builds the kernel of a null-intolerant function: a row with a NULL argument
// is NULL, other rows are computed by f.
func rowKernel(result types.DataType, f rowFunc) Kernel {
	return rowKernelWith(result, true, f)
}

// rowKernelNulls builds the kernel of a function that looks at NULL arguments itself.
func rowKernelNulls(result types.DataType, f rowFunc) Kernel {
	return rowKernelWith(result, false, f)
}

func rowKernelWith(result types.DataType, nullIntolerant bool, f rowFunc) Kernel {
	return func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, a, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		b := array.NewBuilder(ec.Mem, types.ToArrow(result, ec.TimeZone))
		defer b.Release()
		b.Reserve(n)
		for i := 0; i < n; i++ {
			if nullIntolerant && anyNull(arrs, i) {
				b.AppendNull()
				continue
			}
			if err := f(ec, arrs, i, b); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	}
}

// isNull reports whether row i of a is NULL, counting arrays of the NULL type.
func isNull(a arrow.Array, i int) bool {
	return a.IsNull(i) || a.DataType().ID() == arrow.NULL
}

// strAt reads a string or binary value.
func strAt(a arrow.Array, i int) string {
	switch a := a.(type) {
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		return string(a.Value(i))
	}
	panic("function: strAt on " + a.DataType().String())
}

// appendStr appends a string to a string or binary builder.
func appendStr(b array.Builder, s string) {
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(s)
	case *array.BinaryBuilder:
		b.AppendString(s)
	}
}

// argCount checks the number of arguments against the accepted counts.
func argCount(name string, args []types.DataType, counts ...int) error {
	for _, c := range counts {
		if len(args) == c {
			return nil
		}
	}
	want := itoa(counts[0])
	if len(counts) > 1 {
		parts := make([]string, len(counts))
		for i, c := range counts {
			parts[i] = itoa(c)
		}
		want = "[" + strings.Join(parts, ", ") + "]"
	}
	return wrongArgs(name, want, len(args))
}

// minArgs checks that there are at least n arguments.
func minArgs(name string, args []types.DataType, n int) error {
	if len(args) >= n {
		return nil
	}
	return wrongArgs(name, "> "+itoa(n-1), len(args))
}

// implicitCast reports whether Spark casts a value of type t implicitly to the
// parameter type want (ImplicitCastInputTypes, in ANSI or legacy coercion).
func implicitCast(t, want types.DataType, _ bool) bool {
	if types.Equal(t, want) || t == types.Null {
		return true
	}
	switch want.(type) {
	case types.StringType:
		return types.IsNumeric(t) || t == types.Date || t == types.Timestamp || t == types.TimestampNTZ || t == types.Boolean
	case types.BinaryType:
		return t == types.String
	case types.DoubleType, types.FloatType, types.DecimalType, types.ByteType, types.ShortType, types.IntegerType, types.LongType:
		// Numeric types cast to each other implicitly in both modes (narrowing too);
		// strings are parsed.
		return types.IsNumeric(t) || t == types.String
	}
	return false
}

// expectTypes checks each argument against its parameter type (nil accepts any) and
// returns the types the arguments are cast to. It fails with Spark's
// DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE naming the first mismatch.
func expectTypes(args []types.DataType, want []types.DataType, ansi bool) ([]types.DataType, error) {
	out := make([]types.DataType, len(args))
	for i, t := range args {
		w := want[i]
		if w == nil {
			out[i] = t
			continue
		}
		if !implicitCast(t, w, ansi) {
			return nil, typeMismatch(i, w, t)
		}
		out[i] = w
	}
	return out, nil
}

// typeMismatch is DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for argument i.
func typeMismatch(i int, want, got types.DataType) error {
	return sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", ordinal(i), "requiredType", typeSQL(want), "inputSql", "", "inputType", typeSQL(got))
}

// typeMismatchNamed is UNEXPECTED_INPUT_TYPE with a type class such as "INTEGRAL".
func typeMismatchNamed(i int, want string, got types.DataType) error {
	return sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", ordinal(i), "requiredType", want, "inputSql", "", "inputType", typeSQL(got))
}

// sparkError returns an error of a Spark error class. Classes that the sqlerr catalog
// does not list yet become INTERNAL_ERROR naming the class, so that adding the class to
// the catalog is enough to raise it exactly.
func sparkError(class string, params ...string) error {
	if _, ok := sqlerr.Lookup(class); ok {
		return sqlerr.New(class, params...)
	}
	return sqlerr.New("INTERNAL_ERROR", "message", "["+class+"] "+strings.Join(params, " "))
}

// repeatType returns n copies of t.
func repeatType(t types.DataType, n int) []types.DataType {
	out := make([]types.DataType, n)
	for i := range out {
		out[i] = t
	}
	return out
}

// upperDisplay renders a call as NAME(a, b), as Spark names many math functions.
func upperDisplay(name string) func([]string) string {
	u := strings.ToUpper(name)
	return func(a []string) string { return u + "(" + strings.Join(a, ", ") + ")" }
}

// namedDisplay renders a call as name(a, b) with a fixed name (for aliases that Spark
// shows under their own name or under another one).
func namedDisplay(name string) func([]string) string {
	return func(a []string) string { return name + "(" + strings.Join(a, ", ") + ")" }
}
