package function

import (
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerElementAccess(r *Registry) {
	r.AddScalar(simple("element_at", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("element_at", args, 2); err != nil {
			return nil, err
		}
		if mt, ok := args[0].(types.MapType); ok {
			if !implicitCast(args[1], mt.Key, true) {
				return nil, typeMismatch(1, mt.Key, args[1])
			}
			return &Bound{ArgTypes: []types.DataType{mt, mt.Key}, Result: mt.Value, NullIntolerant: true, AlwaysNullable: true,
				Kernel: rowKernel(mt.Value, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
					m := a[0].(*array.Map)
					s, e := m.ValueOffsets(i)
					for j := s; j < e; j++ {
						if equalValues(m.Keys(), int(j), a[1], i) {
							appendAt(b, m.Items(), int(j))
							return nil
						}
					}
					b.AppendNull()
					return nil
				})}, nil
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, typeMismatchNamed(0, `("ARRAY" or "MAP")`, args[0])
		}
		if !types.IsIntegral(args[1]) && args[1] != types.Null {
			return nil, typeMismatch(1, types.Integer, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{at, types.Integer}, Result: at.Elem, NullIntolerant: true, AlwaysNullable: true,
			Kernel: rowKernel(at.Elem, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				n := e - s
				k := int(intAt(a[1], i))
				switch {
				case k == 0:
					return sparkError("INVALID_INDEX_OF_ZERO")
				case k > n || -k > n:
					if ec.ANSI {
						return sparkError("INVALID_ARRAY_INDEX_IN_ELEMENT_AT", "indexValue", strconv.Itoa(k), "arraySize", strconv.Itoa(n), "ansiConfig", ansiConf)
					}
					b.AppendNull()
				case k > 0:
					appendAt(b, vals, s+k-1)
				default:
					appendAt(b, vals, e+k)
				}
				return nil
			})}, nil
	}))
	r.AddScalar(simple("get", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("get", args, 2); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		if !types.IsIntegral(args[1]) && args[1] != types.Null {
			return nil, typeMismatch(1, types.Integer, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{at, types.Integer}, Result: at.Elem, NullIntolerant: true, AlwaysNullable: true,
			Kernel: rowKernel(at.Elem, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				k := int(intAt(a[1], i))
				if k < 0 || k >= e-s {
					b.AppendNull()
					return nil
				}
				appendAt(b, vals, s+k)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("slice", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("slice", args, 3); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		for i := 1; i < 3; i++ {
			if !types.IsIntegral(args[i]) && args[i] != types.Null {
				return nil, typeMismatch(i, types.Integer, args[i])
			}
		}
		return &Bound{ArgTypes: []types.DataType{at, types.Integer, types.Integer}, Result: at, NullIntolerant: true,
			Kernel: rowKernel(at, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				n := e - s
				start, length := int(intAt(a[1], i)), int(intAt(a[2], i))
				switch {
				case start == 0:
					return sparkError("INVALID_PARAMETER_VALUE.START", "parameter", "`start`", "functionName", "`slice`")
				case length < 0:
					return sparkError("INVALID_PARAMETER_VALUE.LENGTH", "parameter", "`length`", "functionName", "`slice`", "length", strconv.Itoa(length))
				}
				from := start - 1
				if start < 0 {
					from = n + start
				}
				if from < 0 || from >= n {
					appendList(b, vals, nil)
					return nil
				}
				to := min(from+length, n)
				appendList(b, vals, rangeIdx(s+from, s+to))
				return nil
			})}, nil
	}))
	r.AddScalar(simple("flatten", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("flatten", args, 1); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		inner, ok := at.Elem.(types.ArrayType)
		if !ok {
			return nil, typeMismatchNamed(0, `"ARRAY" of "ARRAY"`, args[0])
		}
		return &Bound{ArgTypes: []types.DataType{at}, Result: inner, NullIntolerant: true,
			Kernel: rowKernel(inner, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				for j := s; j < e; j++ {
					if isNull(vals, j) {
						b.AppendNull()
						return nil
					}
				}
				lb := b.(*array.ListBuilder)
				lb.Append(true)
				for j := s; j < e; j++ {
					iv, is, ie := listAt(vals, j)
					for k := is; k < ie; k++ {
						appendAt(lb.ValueBuilder(), iv, k)
					}
				}
				return nil
			})}, nil
	}))
	r.AddScalar(simple("sequence", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("sequence", args, 2, 3); err != nil {
			return nil, err
		}
		var t types.DataType = types.Null
		for i, a := range args {
			if !types.IsIntegral(a) && a != types.Null {
				return nil, typeMismatchNamed(i, `"INTEGRAL"`, a)
			}
			t = commonTypeOf(t, a)
		}
		if t == types.Null {
			t = types.Integer
		}
		rt := types.ArrayType{Elem: t}
		return &Bound{ArgTypes: repeatType(t, len(args)), Result: rt, NullIntolerant: true,
			Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				start, stop := intAt(a[0], i), intAt(a[1], i)
				step := int64(1)
				if start > stop {
					step = -1
				}
				if len(a) == 3 {
					step = intAt(a[2], i)
				}
				if !(step > 0 && start <= stop || step < 0 && start >= stop || step == 0 && start == stop) {
					return sqlerr.Classless("java.lang.IllegalArgumentException", "Illegal sequence boundaries: "+strconv.FormatInt(start, 10)+" to "+strconv.FormatInt(stop, 10)+" by "+strconv.FormatInt(step, 10))
				}
				lb := b.(*array.ListBuilder)
				lb.Append(true)
				count := int64(1)
				if step != 0 {
					count = (stop-start)/step + 1
				}
				if count > maxArrayLength {
					return sparkError("COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER", "numberOfElements", strconv.FormatInt(count, 10), "maxRoundedArrayLength", strconv.Itoa(maxArrayLength), "functionName", "`sequence`", "parameter", "`count`")
				}
				for k := int64(0); k < count; k++ {
					appendInt(lb.ValueBuilder(), start+k*step)
				}
				return nil
			})}, nil
	}))
	r.AddScalar(simple("arrays_zip", func(args []types.DataType, _ bool) (*Bound, error) {
		st := types.StructType{}
		argTypes := make([]types.DataType, len(args))
		for i := range args {
			at, err := arrayArg(args, i)
			if err != nil {
				return nil, err
			}
			argTypes[i] = at
			st.Fields = append(st.Fields, types.StructField{Name: strconv.Itoa(i), Type: at.Elem, Nullable: true})
		}
		rt := types.ArrayType{Elem: st}
		return &Bound{ArgTypes: argTypes, Result: rt, NullIntolerant: true,
			Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				lb := b.(*array.ListBuilder)
				lb.Append(true)
				sb := lb.ValueBuilder().(*array.StructBuilder)
				n := 0
				for _, x := range a {
					_, s, e := listAt(x, i)
					n = max(n, e-s)
				}
				for k := 0; k < n; k++ {
					sb.Append(true)
					for f, x := range a {
						vals, s, e := listAt(x, i)
						if s+k < e {
							appendAt(sb.FieldBuilder(f), vals, s+k)
						} else {
							sb.FieldBuilder(f).AppendNull()
						}
					}
				}
				return nil
			})}, nil
	}))
	r.AddScalar(&ScalarFunc{Name: "struct", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		// Bind sees no argument names; Spark names the fields of unnamed expressions
		// col1, col2, ...
		st := types.StructType{}
		for i, t := range args {
			st.Fields = append(st.Fields, types.StructField{Name: "col" + strconv.Itoa(i+1), Type: t, Nullable: true})
		}
		return &Bound{ArgTypes: args, Result: st, Kernel: rowKernelNulls(st, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			sb := b.(*array.StructBuilder)
			sb.Append(true)
			for f, x := range a {
				appendAt(sb.FieldBuilder(f), x, i)
			}
			return nil
		})}, nil
	}})
}

// maxArrayLength is ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH.
const maxArrayLength = 2147483632
