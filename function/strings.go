package function

import (
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// stringArgs checks that every argument is a string (NULL literals become strings).
func stringArgs(name string, args []types.DataType, n int) ([]types.DataType, error) {
	if len(args) != n {
		return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", itoa(n), "actualNum", itoa(len(args)), "docroot", docroot)
	}
	out := make([]types.DataType, n)
	for i, a := range args {
		switch a.(type) {
		case types.StringType, types.NullType:
		default:
			if !types.IsNumeric(a) && a != types.Date && a != types.Boolean {
				return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", ordinal(i), "requiredType", `"STRING"`, "inputSql", "", "inputType", typeSQL(a))
			}
		}
		out[i] = types.String
	}
	return out, nil
}

// stringPredicate builds a boolean function of two strings.
func stringPredicate(name string, test func(s, sub string) bool) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		at, err := stringArgs(name, args, 2)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.Boolean, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			bld := array.NewBooleanBuilder(ec.Mem)
			defer bld.Release()
			bld.Reserve(n)
			// Fast path: column against a constant.
			if a[0].Array != nil && a[1].Scalar != nil {
				if a[1].Scalar.Value == nil {
					for i := 0; i < n; i++ {
						bld.AppendNull()
					}
					return bld.NewArray(), nil
				}
				col, sub := a[0].Array.(*array.String), a[1].Scalar.Value.(string)
				for i := 0; i < n; i++ {
					if col.IsNull(i) {
						bld.AppendNull()
					} else {
						bld.Append(test(col.Value(i), sub))
					}
				}
				return bld.NewArray(), nil
			}
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			x, y := arrs[0].(*array.String), arrs[1].(*array.String)
			for i := 0; i < n; i++ {
				if x.IsNull(i) || y.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.Append(test(x.Value(i), y.Value(i)))
				}
			}
			return bld.NewArray(), nil
		}}, nil
	}}
}

// stringMap builds a string → string function.
func stringMap(name string, f func(string) string) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		at, err := stringArgs(name, args, 1)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.String, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			col := arr.(*array.String)
			bld := array.NewStringBuilder(ec.Mem)
			defer bld.Release()
			bld.Reserve(n)
			for i := 0; i < n; i++ {
				if col.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.Append(f(col.Value(i)))
				}
			}
			return bld.NewArray(), nil
		}}, nil
	}}
}

func registerStrings(r *Registry) {
	r.AddScalar(stringPredicate("contains", strings.Contains))
	r.AddScalar(stringPredicate("startswith", strings.HasPrefix))
	r.AddScalar(stringPredicate("endswith", strings.HasSuffix))
	r.AddScalar(stringMap("upper", strings.ToUpper), "ucase")
	r.AddScalar(stringMap("lower", strings.ToLower), "lcase")
	r.AddScalar(stringMap("trim", func(s string) string { return strings.Trim(s, " ") }))
	r.AddScalar(stringMap("ltrim", func(s string) string { return strings.TrimLeft(s, " ") }))
	r.AddScalar(stringMap("rtrim", func(s string) string { return strings.TrimRight(s, " ") }))
	r.AddScalar(&ScalarFunc{Name: "length", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		at, err := stringArgs("length", args, 1)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.Integer, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			col := arr.(*array.String)
			bld := array.NewInt32Builder(ec.Mem)
			defer bld.Release()
			for i := 0; i < n; i++ {
				if col.IsNull(i) {
					bld.AppendNull()
				} else {
					bld.Append(int32(utf8.RuneCountInString(col.Value(i))))
				}
			}
			return bld.NewArray(), nil
		}}, nil
	}}, "char_length", "character_length")
}
