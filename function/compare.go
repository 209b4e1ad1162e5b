package function

import (
	"bytes"
	"cmp"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// comparable returns the common type two operands are compared in.
func commonType(args []types.DataType, ansi bool) (types.DataType, error) {
	if len(args) != 2 {
		return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`comparison`", "expectedNum", "2", "actualNum", itoa(len(args)), "docroot", docroot)
	}
	a, b := args[0], args[1]
	if types.Equal(a, b) {
		return a, nil
	}
	if a == types.Null {
		return b, nil
	}
	if b == types.Null {
		return a, nil
	}
	return numericOperands(args, ansi)
}

type cmpOp struct {
	name, infix string
	test        func(c int) bool
}

func registerComparison(r *Registry) {
	ops := []cmpOp{
		{"==", "=", func(c int) bool { return c == 0 }},
		{"<", "<", func(c int) bool { return c < 0 }},
		{"<=", "<=", func(c int) bool { return c <= 0 }},
		{">", ">", func(c int) bool { return c > 0 }},
		{">=", ">=", func(c int) bool { return c >= 0 }},
		{"!=", "!=", func(c int) bool { return c != 0 }},
	}
	for _, op := range ops {
		op := op
		r.AddScalar(&ScalarFunc{Name: op.name, Infix: op.infix, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			t, err := commonType(args, ansi)
			if err != nil {
				return nil, err
			}
			return &Bound{ArgTypes: []types.DataType{t, t}, Result: types.Boolean, NullIntolerant: true,
				Kernel: compareKernel(op.test, false)}, nil
		}}, aliasesOf(op.name)...)
	}
	r.AddScalar(&ScalarFunc{Name: "<=>", Infix: "<=>", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		t, err := commonType(args, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{t, t}, Result: types.Boolean, Kernel: compareKernel(func(c int) bool { return c == 0 }, true)}, nil
	}}, "equal_null")
}

func aliasesOf(name string) []string {
	switch name {
	case "==":
		return []string{"="}
	case "!=":
		return []string{"<>"}
	}
	return nil
}

// compareAt compares row i of a with row j of b, which have the same type.
func compareAt(a arrow.Array, i int, b arrow.Array, j int) int {
	switch a := a.(type) {
	case *array.String:
		return cmp.Compare(a.Value(i), b.(*array.String).Value(j))
	case *array.Binary:
		return bytes.Compare(a.Value(i), b.(*array.Binary).Value(j))
	case *array.Boolean:
		x, y := a.Value(i), b.(*array.Boolean).Value(j)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case *array.Float32, *array.Float64:
		return compareFloat(floatAt(a, i), floatAt(b, j))
	case *array.Decimal128:
		return a.Value(i).Cmp(b.(*array.Decimal128).Value(j))
	}
	return cmp.Compare(intAt(a, i), intAt(b, j))
}

// compareFloat orders floats as Spark does: NaN equals NaN and is greater than any
// other value; -0.0 equals 0.0.
func compareFloat(x, y float64) int {
	xn, yn := x != x, y != y
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	case yn:
		return -1
	}
	return cmp.Compare(x, y)
}

func compareKernel(test func(int) bool, nullSafe bool) Kernel {
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		if !nullSafe {
			if out, ok := fastCompare(ec, test, args, n); ok {
				return out, nil
			}
		}
		arrs, err := materializeAll(ec, args, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		a, b := arrs[0], arrs[1]
		bld := array.NewBooleanBuilder(ec.Mem)
		defer bld.Release()
		bld.Reserve(n)
		for i := 0; i < n; i++ {
			an, bn := a.IsNull(i), b.IsNull(i)
			if an || bn {
				if nullSafe {
					bld.Append(an && bn)
				} else {
					bld.AppendNull()
				}
				continue
			}
			bld.Append(test(compareAt(a, i, b, i)))
		}
		return bld.NewArray(), nil
	}
}

func registerLogical(r *Registry) {
	boolArgs := func(name string, n int) func([]types.DataType, bool) ([]types.DataType, error) {
		return func(args []types.DataType, _ bool) ([]types.DataType, error) {
			if len(args) != n {
				return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", itoa(n), "actualNum", itoa(len(args)), "docroot", docroot)
			}
			out := make([]types.DataType, n)
			for i, a := range args {
				if a != types.Boolean && a != types.Null {
					return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", ordinal(i), "requiredType", `"BOOLEAN"`, "inputSql", "", "inputType", typeSQL(a))
				}
				out[i] = types.Boolean
			}
			return out, nil
		}
	}
	for _, name := range []string{"and", "or"} {
		name := name
		check := boolArgs(name, 2)
		r.AddScalar(&ScalarFunc{Name: name, Infix: map[string]string{"and": "AND", "or": "OR"}[name], Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			at, err := check(args, ansi)
			if err != nil {
				return nil, err
			}
			return &Bound{ArgTypes: at, Result: types.Boolean, Kernel: logicalKernel(name == "and")}, nil
		}})
	}
	checkNot := boolArgs("not", 1)
	r.AddScalar(&ScalarFunc{Name: "not", Display: func(a []string) string { return "(NOT " + a[0] + ")" }, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		at, err := checkNot(args, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: types.Boolean, NullIntolerant: true, Kernel: notKernel}, nil
	}}, "!")
	for _, name := range []string{"isnull", "isnotnull"} {
		want := name == "isnull"
		r.AddScalar(&ScalarFunc{Name: name, Display: func(a []string) string {
			if want {
				return "(" + a[0] + " IS NULL)"
			}
			return "(" + a[0] + " IS NOT NULL)"
		}, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
			if len(args) != 1 {
				return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", "1", "actualNum", itoa(len(args)), "docroot", docroot)
			}
			return &Bound{ArgTypes: args, Result: types.Boolean, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
				bld := array.NewBooleanBuilder(ec.Mem)
				defer bld.Release()
				bld.Reserve(n)
				for i := 0; i < n; i++ {
					isNull := a[0].Scalar != nil && a[0].Scalar.Value == nil || a[0].Array != nil && a[0].Array.IsNull(i)
					bld.Append(isNull == want)
				}
				return bld.NewArray(), nil
			}}, nil
		}})
	}
}

func ordinal(i int) string {
	return []string{"first", "second", "third", "fourth", "fifth"}[min(i, 4)]
}

// logicalKernel is AND / OR with SQL's three-valued logic.
func logicalKernel(and bool) Kernel {
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, args, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		a, b := arrs[0].(*array.Boolean), arrs[1].(*array.Boolean)
		bld := array.NewBooleanBuilder(ec.Mem)
		defer bld.Release()
		bld.Reserve(n)
		for i := 0; i < n; i++ {
			an, bn := a.IsNull(i), b.IsNull(i)
			av, bv := !an && a.Value(i), !bn && b.Value(i)
			if and {
				switch {
				case (!an && !av) || (!bn && !bv):
					bld.Append(false)
				case an || bn:
					bld.AppendNull()
				default:
					bld.Append(true)
				}
			} else {
				switch {
				case av || bv:
					bld.Append(true)
				case an || bn:
					bld.AppendNull()
				default:
					bld.Append(false)
				}
			}
		}
		return bld.NewArray(), nil
	}
}

func notKernel(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
	a, err := Materialize(ec, args[0], n)
	if err != nil {
		return nil, err
	}
	defer a.Release()
	b := a.(*array.Boolean)
	bld := array.NewBooleanBuilder(ec.Mem)
	defer bld.Release()
	bld.Reserve(n)
	for i := 0; i < n; i++ {
		if b.IsNull(i) {
			bld.AppendNull()
		} else {
			bld.Append(!b.Value(i))
		}
	}
	return bld.NewArray(), nil
}
