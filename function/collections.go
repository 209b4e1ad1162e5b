package function

import (
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// listAt returns the element values of row i of a list (or map entries) array and the
// range of row i in them.
func listAt(a arrow.Array, i int) (arrow.Array, int, int) {
	switch x := a.(type) {
	case *array.List:
		s, e := x.ValueOffsets(i)
		return x.ListValues(), int(s), int(e)
	case *array.Map:
		s, e := x.ValueOffsets(i)
		return x.ListValues(), int(s), int(e)
	}
	return a, 0, 0
}

// commonTypeOf is the type two values are compared or combined in: equal types, NULL
// with anything, numeric widening, and arrays element-wise; nil when there is none.
func commonTypeOf(a, b types.DataType) types.DataType {
	switch {
	case types.Equal(a, b):
		return a
	case a == types.Null:
		return b
	case b == types.Null:
		return a
	}
	if aa, ok := a.(types.ArrayType); ok {
		if ba, ok := b.(types.ArrayType); ok {
			if e := commonTypeOf(aa.Elem, ba.Elem); e != nil {
				return types.ArrayType{Elem: e, ContainsNull: aa.ContainsNull || ba.ContainsNull}
			}
		}
		return nil
	}
	return widerNumeric(a, b)
}

// constructorType is the element type the array and map constructors coerce two types
// to: commonTypeOf, and ANSI coercion of a string next to a number (BIGINT next to an
// integral type, DOUBLE next to others).
func constructorType(a, b types.DataType) types.DataType {
	for _, p := range [][2]types.DataType{{a, b}, {b, a}} {
		if p[0] == types.String && types.IsNumeric(p[1]) {
			if types.IsIntegral(p[1]) {
				return types.Long
			}
			return types.Double
		}
	}
	return commonTypeOf(a, b)
}

// elemType returns the element type of an array type.
func elemType(t types.DataType) (types.DataType, bool) {
	at, ok := t.(types.ArrayType)
	return at.Elem, ok
}

func arrayOf(e types.DataType) types.ArrayType { return types.ArrayType{Elem: e, ContainsNull: true} }

// arrayArg checks that argument i is an array (or NULL, taken as array<void>).
func arrayArg(args []types.DataType, i int) (types.ArrayType, error) {
	switch t := args[i].(type) {
	case types.ArrayType:
		return t, nil
	case types.NullType:
		return arrayOf(types.Null), nil
	}
	return types.ArrayType{}, typeMismatchNamed(i, `"ARRAY"`, args[i])
}

// arrayAndElem binds (array<T>, V): both go to the common element type.
func arrayAndElem(name string, args []types.DataType) (types.ArrayType, types.DataType, error) {
	at, err := arrayArg(args, 0)
	if err != nil {
		return at, nil, err
	}
	e := commonTypeOf(at.Elem, args[1])
	if e == nil {
		return at, nil, sqlerr.New("DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES", "sqlExpr", "", "functionName", "`"+name+"`", "dataType", `"ARRAY"`, "leftType", typeSQL(args[0]), "rightType", typeSQL(args[1]))
	}
	return arrayOf(e), e, nil
}

// twoArrays binds (array<A>, array<B>) to the common array type.
func twoArrays(name string, args []types.DataType) (types.ArrayType, error) {
	a, err := arrayArg(args, 0)
	if err != nil {
		return a, err
	}
	b, err := arrayArg(args, 1)
	if err != nil {
		return b, err
	}
	e := commonTypeOf(a.Elem, b.Elem)
	if e == nil {
		return a, sqlerr.New("DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES", "sqlExpr", "", "functionName", "`"+name+"`", "arrayType", `"ARRAY"`, "leftType", typeSQL(args[0]), "rightType", typeSQL(args[1]))
	}
	return arrayOf(e), nil
}

// listBuilder appends the elements [s, e) of vals as one list.
func appendList(b array.Builder, vals arrow.Array, idx []int) {
	lb := b.(*array.ListBuilder)
	lb.Append(true)
	vb := lb.ValueBuilder()
	for _, j := range idx {
		appendAt(vb, vals, j)
	}
}

func rangeIdx(s, e int) []int {
	out := make([]int, 0, e-s)
	for j := s; j < e; j++ {
		out = append(out, j)
	}
	return out
}

// distinctIdx keeps the first occurrence of every value (one NULL at most).
func distinctIdx(vals arrow.Array, idx []int) []int {
	out := idx[:0:0]
	for _, j := range idx {
		dup := false
		for _, k := range out {
			if sameElem(vals, j, vals, k) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, j)
		}
	}
	return out
}

// sameElem reports whether two elements are equal, NULL equal to NULL.
func sameElem(a arrow.Array, i int, b arrow.Array, j int) bool {
	an, bn := isNull(a, i), isNull(b, j)
	if an || bn {
		return an && bn
	}
	return equalValues(a, i, b, j)
}

func containsElem(vals arrow.Array, s, e int, x arrow.Array, i int) bool {
	for j := s; j < e; j++ {
		if sameElem(vals, j, x, i) {
			return true
		}
	}
	return false
}

func simple(name string, bind func(args []types.DataType, ansi bool) (*Bound, error)) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: bind}
}

func registerCollections(r *Registry) {
	r.AddScalar(simple("array", func(args []types.DataType, _ bool) (*Bound, error) {
		var e types.DataType = types.Null
		for _, t := range args {
			if e = constructorType(e, t); e == nil {
				return nil, sqlerr.New("DATATYPE_MISMATCH.DATA_DIFF_TYPES", "sqlExpr", "", "functionName", "`array`", "dataType", "["+typeList(args)+"]")
			}
		}
		rt := arrayOf(e)
		return &Bound{ArgTypes: repeatType(e, len(args)), Result: rt, Kernel: rowKernelNulls(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			for _, x := range a {
				appendAt(lb.ValueBuilder(), x, i)
			}
			return nil
		})}, nil
	}))
	r.AddScalar(simple("array_contains", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_contains", args, 2); err != nil {
			return nil, err
		}
		at, e, err := arrayAndElem("array_contains", args)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{at, e}, Result: types.Boolean, NullIntolerant: true, AlwaysNullable: true,
			Kernel: rowKernel(types.Boolean, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, end := listAt(a[0], i)
				sawNull := false
				for j := s; j < end; j++ {
					if isNull(vals, j) {
						sawNull = true
					} else if equalValues(vals, j, a[1], i) {
						b.(*array.BooleanBuilder).Append(true)
						return nil
					}
				}
				if sawNull {
					b.AppendNull()
				} else {
					b.(*array.BooleanBuilder).Append(false)
				}
				return nil
			})}, nil
	}))
	r.AddScalar(simple("array_position", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_position", args, 2); err != nil {
			return nil, err
		}
		at, e, err := arrayAndElem("array_position", args)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{at, e}, Result: types.Long, NullIntolerant: true,
			Kernel: rowKernel(types.Long, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, end := listAt(a[0], i)
				for j := s; j < end; j++ {
					if !isNull(vals, j) && equalValues(vals, j, a[1], i) {
						b.(*array.Int64Builder).Append(int64(j - s + 1))
						return nil
					}
				}
				b.(*array.Int64Builder).Append(0)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("array_remove", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_remove", args, 2); err != nil {
			return nil, err
		}
		at, e, err := arrayAndElem("array_remove", args)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{at, e}, Result: at, NullIntolerant: true,
			Kernel: rowKernel(at, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, end := listAt(a[0], i)
				var keep []int
				for j := s; j < end; j++ {
					if isNull(vals, j) || !equalValues(vals, j, a[1], i) {
						keep = append(keep, j)
					}
				}
				appendList(b, vals, keep)
				return nil
			})}, nil
	}))
	unary := func(name string, result func(at types.ArrayType) types.DataType, f func(b array.Builder, vals arrow.Array, s, e int)) {
		r.AddScalar(simple(name, func(args []types.DataType, _ bool) (*Bound, error) {
			if err := argCount(name, args, 1); err != nil {
				return nil, err
			}
			at, err := arrayArg(args, 0)
			if err != nil {
				return nil, err
			}
			rt := result(at)
			return &Bound{ArgTypes: []types.DataType{at}, Result: rt, NullIntolerant: true,
				Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
					vals, s, e := listAt(a[0], i)
					f(b, vals, s, e)
					return nil
				})}, nil
		}))
	}
	same := func(at types.ArrayType) types.DataType { return at }
	unary("array_distinct", same, func(b array.Builder, vals arrow.Array, s, e int) {
		appendList(b, vals, distinctIdx(vals, rangeIdx(s, e)))
	})
	unary("array_compact", same, func(b array.Builder, vals arrow.Array, s, e int) {
		var keep []int
		for j := s; j < e; j++ {
			if !isNull(vals, j) {
				keep = append(keep, j)
			}
		}
		appendList(b, vals, keep)
	})
	for _, name := range []string{"array_max", "array_min"} {
		isMax := name == "array_max"
		unary(name, func(at types.ArrayType) types.DataType { return at.Elem }, func(b array.Builder, vals arrow.Array, s, e int) {
			best := -1
			for j := s; j < e; j++ {
				if isNull(vals, j) {
					continue
				}
				if best < 0 {
					best = j
					continue
				}
				c := compareValues(vals, j, vals, best)
				if (isMax && c > 0) || (!isMax && c < 0) {
					best = j
				}
			}
			if best < 0 {
				b.AppendNull()
				return
			}
			appendAt(b, vals, best)
		})
	}
	unary("array_sort", same, func(b array.Builder, vals arrow.Array, s, e int) {
		appendList(b, vals, sortedIdx(vals, s, e, true, false))
	})
	for _, name := range []string{"array_union", "array_intersect", "array_except", "arrays_overlap"} {
		name := name
		r.AddScalar(simple(name, func(args []types.DataType, _ bool) (*Bound, error) {
			if err := argCount(name, args, 2); err != nil {
				return nil, err
			}
			at, err := twoArrays(name, args)
			if err != nil {
				return nil, err
			}
			var rt types.DataType = at
			if name == "arrays_overlap" {
				rt = types.Boolean
			}
			return &Bound{ArgTypes: []types.DataType{at, at}, Result: rt, NullIntolerant: true, AlwaysNullable: name == "arrays_overlap",
				Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
					av, as, ae := listAt(a[0], i)
					bv, bs, be := listAt(a[1], i)
					switch name {
					case "array_union":
						lb := b.(*array.ListBuilder)
						lb.Append(true)
						var seen []struct {
							v arrow.Array
							j int
						}
						add := func(v arrow.Array, j int) {
							for _, x := range seen {
								if sameElem(x.v, x.j, v, j) {
									return
								}
							}
							seen = append(seen, struct {
								v arrow.Array
								j int
							}{v, j})
							appendAt(lb.ValueBuilder(), v, j)
						}
						for j := as; j < ae; j++ {
							add(av, j)
						}
						for j := bs; j < be; j++ {
							add(bv, j)
						}
					case "array_intersect", "array_except":
						var keep []int
						for j := as; j < ae; j++ {
							if containsElem(bv, bs, be, av, j) == (name == "array_intersect") {
								keep = append(keep, j)
							}
						}
						appendList(b, av, distinctIdx(av, keep))
					case "arrays_overlap":
						sawNull := false
						for j := as; j < ae; j++ {
							if isNull(av, j) {
								sawNull = true
								continue
							}
							for k := bs; k < be; k++ {
								if isNull(bv, k) {
									sawNull = true
								} else if equalValues(av, j, bv, k) {
									b.(*array.BooleanBuilder).Append(true)
									return nil
								}
							}
						}
						if sawNull && ae > as && be > bs {
							b.AppendNull()
						} else {
							b.(*array.BooleanBuilder).Append(false)
						}
					}
					return nil
				})}, nil
		}))
	}
	r.AddScalar(simple("sort_array", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("sort_array", args, 1, 2); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		argTypes := []types.DataType{at}
		if len(args) == 2 {
			if args[1] != types.Boolean {
				return nil, typeMismatch(1, types.Boolean, args[1])
			}
			argTypes = append(argTypes, types.Boolean)
		}
		return &Bound{ArgTypes: argTypes, Result: at, Kernel: rowKernelNulls(at, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) {
				b.AppendNull()
				return nil
			}
			asc := true
			if len(a) == 2 {
				if isNull(a[1], i) {
					return sparkError("DATATYPE_MISMATCH.UNEXPECTED_NULL", "sqlExpr", "", "exprName", "ascendingOrder")
				}
				asc = a[1].(*array.Boolean).Value(i)
			}
			vals, s, e := listAt(a[0], i)
			// Ascending puts NULLs first, descending last.
			appendList(b, vals, sortedIdx(vals, s, e, asc, asc))
			return nil
		})}, nil
	}))
	r.AddScalar(simple("array_join", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_join", args, 2, 3); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		if !implicitCast(at.Elem, types.String, true) {
			return nil, typeMismatch(0, arrayOf(types.String), args[0])
		}
		argTypes, err := expectTypes(args[1:], []types.DataType{types.String, types.String}[:len(args)-1], true)
		if err != nil {
			return nil, err
		}
		argTypes = append([]types.DataType{arrayOf(types.String)}, argTypes...)
		return &Bound{ArgTypes: argTypes, Result: types.String, NullIntolerant: true,
			Kernel: rowKernel(types.String, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				parts := make([]string, 0, e-s)
				for j := s; j < e; j++ {
					switch {
					case !isNull(vals, j):
						parts = append(parts, vals.(*array.String).Value(j))
					case len(a) == 3:
						parts = append(parts, a[2].(*array.String).Value(i))
					}
				}
				b.(*array.StringBuilder).Append(strings.Join(parts, a[1].(*array.String).Value(i)))
				return nil
			})}, nil
	}))
	r.AddScalar(simple("array_repeat", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_repeat", args, 2); err != nil {
			return nil, err
		}
		if !types.IsIntegral(args[1]) && args[1] != types.Null {
			return nil, typeMismatch(1, types.Integer, args[1])
		}
		rt := arrayOf(args[0])
		return &Bound{ArgTypes: []types.DataType{args[0], types.Integer}, Result: rt, Kernel: rowKernelNulls(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[1], i) {
				b.AppendNull()
				return nil
			}
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			for k := int64(0); k < intAt(a[1], i); k++ {
				appendAt(lb.ValueBuilder(), a[0], i)
			}
			return nil
		})}, nil
	}))
	for _, name := range []string{"array_append", "array_prepend"} {
		name := name
		r.AddScalar(simple(name, func(args []types.DataType, _ bool) (*Bound, error) {
			if err := argCount(name, args, 2); err != nil {
				return nil, err
			}
			at, e, err := arrayAndElem(name, args)
			if err != nil {
				return nil, err
			}
			return &Bound{ArgTypes: []types.DataType{at, e}, Result: at, Kernel: rowKernelNulls(at, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				if isNull(a[0], i) {
					b.AppendNull()
					return nil
				}
				vals, s, end := listAt(a[0], i)
				lb := b.(*array.ListBuilder)
				lb.Append(true)
				if name == "array_prepend" {
					appendAt(lb.ValueBuilder(), a[1], i)
				}
				for j := s; j < end; j++ {
					appendAt(lb.ValueBuilder(), vals, j)
				}
				if name == "array_append" {
					appendAt(lb.ValueBuilder(), a[1], i)
				}
				return nil
			})}, nil
		}))
	}
	r.AddScalar(simple("array_insert", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("array_insert", args, 3); err != nil {
			return nil, err
		}
		at, e, err := arrayAndElem("array_insert", []types.DataType{args[0], args[2]})
		if err != nil {
			return nil, err
		}
		if !types.IsIntegral(args[1]) && args[1] != types.Null {
			return nil, typeMismatch(1, types.Integer, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{at, types.Integer, e}, Result: at, Kernel: rowKernelNulls(at, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) || isNull(a[1], i) {
				b.AppendNull()
				return nil
			}
			vals, s, end := listAt(a[0], i)
			n := end - s
			pos := int(intAt(a[1], i))
			if pos == 0 {
				return sparkError("INVALID_INDEX_OF_ZERO")
			}
			lb := b.(*array.ListBuilder)
			lb.Append(true)
			vb := lb.ValueBuilder()
			if pos > 0 {
				k := pos - 1
				for j := 0; j < max(n, k); j++ {
					if j == k {
						appendAt(vb, a[2], i)
					}
					if j < n {
						appendAt(vb, vals, s+j)
					} else {
						vb.AppendNull()
					}
				}
				if k >= n {
					appendAt(vb, a[2], i)
				}
				return nil
			}
			// Negative: -1 inserts after the last element.
			k := n + pos + 1
			if k < 0 {
				appendAt(vb, a[2], i)
				for j := 0; j < -k; j++ {
					vb.AppendNull()
				}
				for j := s; j < end; j++ {
					appendAt(vb, vals, j)
				}
				return nil
			}
			for j := 0; j <= n; j++ {
				if j == k {
					appendAt(vb, a[2], i)
				}
				if j < n {
					appendAt(vb, vals, s+j)
				}
			}
			return nil
		})}, nil
	}))
	registerElementAccess(r)
}

// sortedIdx returns the positions [s, e) of vals ordered ascending or descending, NULLs
// first or last, stably.
func sortedIdx(vals arrow.Array, s, e int, asc, nullsFirst bool) []int {
	idx := rangeIdx(s, e)
	var nulls, rest []int
	for _, j := range idx {
		if isNull(vals, j) {
			nulls = append(nulls, j)
		} else {
			rest = append(rest, j)
		}
	}
	stableSort(rest, func(x, y int) bool {
		c := compareValues(vals, x, vals, y)
		if asc {
			return c < 0
		}
		return c > 0
	})
	if nullsFirst {
		return append(nulls, rest...)
	}
	return append(rest, nulls...)
}

func stableSort(idx []int, less func(x, y int) bool) {
	sort.SliceStable(idx, func(a, b int) bool { return less(idx[a], idx[b]) })
}
