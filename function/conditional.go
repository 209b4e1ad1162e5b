package function

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// copyValue appends row i of a (of the builder's type) to b.
func copyValue(b array.Builder, a arrow.Array, i int) {
	if a.IsNull(i) || a.DataType().ID() == arrow.NULL {
		b.AppendNull()
		return
	}
	switch bb := b.(type) {
	case *array.BooleanBuilder:
		bb.Append(a.(*array.Boolean).Value(i))
	case *array.Int8Builder, *array.Int16Builder, *array.Int32Builder, *array.Int64Builder:
		appendInt(b, intAt(a, i))
	case *array.Float32Builder, *array.Float64Builder:
		appendFloat(b, floatAt(a, i))
	case *array.StringBuilder:
		bb.Append(a.(*array.String).Value(i))
	case *array.BinaryBuilder:
		bb.Append(a.(*array.Binary).Value(i))
	case *array.Date32Builder:
		bb.Append(a.(*array.Date32).Value(i))
	case *array.TimestampBuilder:
		bb.Append(a.(*array.Timestamp).Value(i))
	case *array.Decimal128Builder:
		bb.Append(a.(*array.Decimal128).Value(i))
	default:
		// Nested types: go through the generic JSON-ish path of arrow-go.
		if err := b.AppendValueFromString(a.ValueStr(i)); err != nil {
			b.AppendNull()
		}
	}
}

// commonOf is the common type of several values (NULL and numeric widening).
func commonOf(name string, ts []types.DataType) (types.DataType, error) {
	var t types.DataType = types.Null
	for _, x := range ts {
		if types.Equal(t, x) || x == types.Null {
			continue
		}
		if t == types.Null {
			t = x
			continue
		}
		w := widerNumeric(t, x)
		if w == nil {
			return nil, sqlerr.New("DATATYPE_MISMATCH.DATA_DIFF_TYPES", "sqlExpr", "", "functionName", "`"+name+"`", "dataType", "["+typeList(ts)+"]")
		}
		t = w
	}
	return t, nil
}

func typeList(ts []types.DataType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = typeSQL(t)
	}
	return strings.Join(s, ", ")
}

func registerConditional(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: "coalesce", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) == 0 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`coalesce`", "expectedNum", "> 0", "actualNum", "0", "docroot", docroot)
		}
		t, err := commonOf("coalesce", args)
		if err != nil {
			return nil, err
		}
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = t
		}
		return &Bound{ArgTypes: at, Result: t, AlwaysNullable: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
			defer b.Release()
			for i := 0; i < n; i++ {
				done := false
				for _, x := range arrs {
					if !x.IsNull(i) && x.DataType().ID() != arrow.NULL {
						copyValue(b, x, i)
						done = true
						break
					}
				}
				if !done {
					b.AppendNull()
				}
			}
			return b.NewArray(), nil
		}}, nil
	}}, "nvl", "ifnull")
	// when(cond1, value1, cond2, value2, ..., [else]) is CASE WHEN as the clients send it.
	r.AddScalar(&ScalarFunc{Name: "when", Display: func(a []string) string {
		var b strings.Builder
		b.WriteString("CASE")
		for i := 0; i+1 < len(a); i += 2 {
			fmt.Fprintf(&b, " WHEN %s THEN %s", a[i], a[i+1])
		}
		if len(a)%2 == 1 {
			b.WriteString(" ELSE " + a[len(a)-1])
		}
		return b.String() + " END"
	}, Bind: bindCase})
	r.AddScalar(&ScalarFunc{Name: "if", Display: func(a []string) string {
		return "(IF(" + strings.Join(a, ", ") + "))"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if len(args) != 3 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`if`", "expectedNum", "3", "actualNum", itoa(len(args)), "docroot", docroot)
		}
		return bindCase(args, ansi)
	}}, "iff")
}

// bindCase types CASE WHEN: conditions are boolean, values share a common type.
func bindCase(args []types.DataType, _ bool) (*Bound, error) {
	if len(args) < 2 {
		return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`when`", "expectedNum", "> 1", "actualNum", itoa(len(args)), "docroot", docroot)
	}
	var vals []types.DataType
	for i := 1; i < len(args); i += 2 {
		vals = append(vals, args[i])
	}
	if len(args)%2 == 1 {
		vals = append(vals, args[len(args)-1])
	}
	t, err := commonOf("when", vals)
	if err != nil {
		return nil, err
	}
	at := make([]types.DataType, len(args))
	for i := range args {
		isElse := len(args)%2 == 1 && i == len(args)-1
		if i%2 == 0 && !isElse {
			if args[i] != types.Boolean && args[i] != types.Null {
				return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", ordinal(i), "requiredType", `"BOOLEAN"`, "inputSql", "", "inputType", typeSQL(args[i]))
			}
			at[i] = types.Boolean
		} else {
			at[i] = t
		}
	}
	return &Bound{ArgTypes: at, Result: t, AlwaysNullable: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, a, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		b := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
		defer b.Release()
		for i := 0; i < n; i++ {
			done := false
			for k := 0; k+1 < len(arrs); k += 2 {
				c := arrs[k]
				if c.DataType().ID() == arrow.BOOL && !c.IsNull(i) && c.(*array.Boolean).Value(i) {
					copyValue(b, arrs[k+1], i)
					done = true
					break
				}
			}
			if !done {
				if len(arrs)%2 == 1 {
					copyValue(b, arrs[len(arrs)-1], i)
				} else {
					b.AppendNull()
				}
			}
		}
		return b.NewArray(), nil
	}}, nil
}
