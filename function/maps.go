package function

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// mapArg checks that argument i is a map.
func mapArg(args []types.DataType, i int) (types.MapType, error) {
	if mt, ok := args[i].(types.MapType); ok {
		return mt, nil
	}
	return types.MapType{}, typeMismatchNamed(i, `"MAP"`, args[i])
}

// mapBuild accumulates the entries of one map, rejecting NULL and duplicate keys as
// Spark's ArrayBasedMapBuilder does under spark.sql.mapKeyDedupPolicy=EXCEPTION.
type mapBuild struct {
	keys, vals []arrow.Array
	ki, vi     []int
}

func (m *mapBuild) put(k arrow.Array, i int, v arrow.Array, j int) error {
	if isNull(k, i) {
		return sparkError("NULL_MAP_KEY")
	}
	for x := range m.keys {
		if equalValues(m.keys[x], m.ki[x], k, i) {
			return sparkError("DUPLICATED_MAP_KEY", "key", showValue(k, i, nil, nil, false), "mapKeyDedupPolicy", `"spark.sql.mapKeyDedupPolicy"`)
		}
	}
	m.keys, m.ki = append(m.keys, k), append(m.ki, i)
	m.vals, m.vi = append(m.vals, v), append(m.vi, j)
	return nil
}

func (m *mapBuild) appendTo(b array.Builder) {
	mb := b.(*array.MapBuilder)
	mb.Append(true)
	for x := range m.keys {
		appendAt(mb.KeyBuilder(), m.keys[x], m.ki[x])
		appendAt(mb.ItemBuilder(), m.vals[x], m.vi[x])
	}
}

func registerMaps(r *Registry) {
	r.AddScalar(simple("map", func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args)%2 != 0 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`map`", "expectedNum", "2n (n > 0)", "actualNum", itoa(len(args)), "docroot", docroot)
		}
		var kt, vt types.DataType = types.Null, types.Null
		for i := 0; i < len(args); i += 2 {
			kt, vt = constructorType(kt, args[i]), constructorType(vt, args[i+1])
			if kt == nil || vt == nil {
				return nil, sqlerr.New("DATATYPE_MISMATCH.CREATE_MAP_KEY_DIFF_TYPES", "sqlExpr", "", "functionName", "`map`", "dataType", "["+typeList(args)+"]")
			}
		}
		rt := types.MapType{Key: kt, Value: vt, ValueContainsNull: true}
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = kt
			if i%2 == 1 {
				at[i] = vt
			}
		}
		return &Bound{ArgTypes: at, Result: rt, Kernel: rowKernelNulls(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			var m mapBuild
			for k := 0; k < len(a); k += 2 {
				if err := m.put(a[k], i, a[k+1], i); err != nil {
					return err
				}
			}
			m.appendTo(b)
			return nil
		})}, nil
	}))
	part := func(name string, result func(mt types.MapType) types.DataType, f func(b array.Builder, m *array.Map, s, e int)) {
		r.AddScalar(simple(name, func(args []types.DataType, _ bool) (*Bound, error) {
			if err := argCount(name, args, 1); err != nil {
				return nil, err
			}
			mt, err := mapArg(args, 0)
			if err != nil {
				return nil, err
			}
			rt := result(mt)
			return &Bound{ArgTypes: []types.DataType{mt}, Result: rt, NullIntolerant: true,
				Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
					m := a[0].(*array.Map)
					s, e := m.ValueOffsets(i)
					f(b, m, int(s), int(e))
					return nil
				})}, nil
		}))
	}
	part("map_keys", func(mt types.MapType) types.DataType { return types.ArrayType{Elem: mt.Key} },
		func(b array.Builder, m *array.Map, s, e int) { appendList(b, m.Keys(), rangeIdx(s, e)) })
	part("map_values", func(mt types.MapType) types.DataType { return arrayOf(mt.Value) },
		func(b array.Builder, m *array.Map, s, e int) { appendList(b, m.Items(), rangeIdx(s, e)) })
	part("map_entries", func(mt types.MapType) types.DataType {
		return types.ArrayType{Elem: types.StructType{Fields: []types.StructField{{Name: "key", Type: mt.Key}, {Name: "value", Type: mt.Value, Nullable: true}}}}
	}, func(b array.Builder, m *array.Map, s, e int) {
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		sb := lb.ValueBuilder().(*array.StructBuilder)
		for j := s; j < e; j++ {
			sb.Append(true)
			appendAt(sb.FieldBuilder(0), m.Keys(), j)
			appendAt(sb.FieldBuilder(1), m.Items(), j)
		}
	})
	r.AddScalar(simple("map_contains_key", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("map_contains_key", args, 2); err != nil {
			return nil, err
		}
		mt, err := mapArg(args, 0)
		if err != nil {
			return nil, err
		}
		if !implicitCast(args[1], mt.Key, true) {
			return nil, typeMismatch(1, mt.Key, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{mt, mt.Key}, Result: types.Boolean, NullIntolerant: true,
			Kernel: rowKernel(types.Boolean, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				m := a[0].(*array.Map)
				s, e := m.ValueOffsets(i)
				found := false
				for j := s; j < e && !found; j++ {
					found = equalValues(m.Keys(), int(j), a[1], i)
				}
				b.(*array.BooleanBuilder).Append(found)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("map_from_arrays", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("map_from_arrays", args, 2); err != nil {
			return nil, err
		}
		ka, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		va, err := arrayArg(args, 1)
		if err != nil {
			return nil, err
		}
		rt := types.MapType{Key: ka.Elem, Value: va.Elem, ValueContainsNull: true}
		return &Bound{ArgTypes: []types.DataType{ka, va}, Result: rt, NullIntolerant: true,
			Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				kv, ks, ke := listAt(a[0], i)
				vv, vs, ve := listAt(a[1], i)
				if ke-ks != ve-vs {
					return sparkError("_LEGACY_ERROR_TEMP_2128")
				}
				var m mapBuild
				for j := 0; j < ke-ks; j++ {
					if err := m.put(kv, ks+j, vv, vs+j); err != nil {
						return err
					}
				}
				m.appendTo(b)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("map_from_entries", func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("map_from_entries", args, 1); err != nil {
			return nil, err
		}
		at, err := arrayArg(args, 0)
		if err != nil {
			return nil, err
		}
		st, ok := at.Elem.(types.StructType)
		if !ok || len(st.Fields) != 2 {
			return nil, typeMismatchNamed(0, `"ARRAY" of pair "STRUCT"`, args[0])
		}
		rt := types.MapType{Key: st.Fields[0].Type, Value: st.Fields[1].Type, ValueContainsNull: true}
		return &Bound{ArgTypes: []types.DataType{at}, Result: rt, NullIntolerant: true, AlwaysNullable: true,
			Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				vals, s, e := listAt(a[0], i)
				sa := vals.(*array.Struct)
				var m mapBuild
				for j := s; j < e; j++ {
					if sa.IsNull(j) {
						b.AppendNull()
						return nil
					}
					if err := m.put(sa.Field(0), j, sa.Field(1), j); err != nil {
						return err
					}
				}
				m.appendTo(b)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("map_concat", func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) == 0 {
			rt := types.MapType{Key: types.String, Value: types.String, ValueContainsNull: true}
			return &Bound{ArgTypes: args, Result: rt, Kernel: func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
				b := newBuilder(ec, rt)
				defer b.Release()
				for range n {
					b.(*array.MapBuilder).Append(true)
				}
				return b.NewArray(), nil
			}}, nil
		}
		mt, err := mapArg(args, 0)
		if err != nil {
			return nil, err
		}
		for i := range args {
			m, err := mapArg(args, i)
			if err != nil {
				return nil, err
			}
			if !types.Equal(m.Key, mt.Key) || !types.Equal(m.Value, mt.Value) {
				return nil, sqlerr.New("DATATYPE_MISMATCH.DATA_DIFF_TYPES", "sqlExpr", "", "functionName", "`map_concat`", "dataType", "["+typeList(args)+"]")
			}
		}
		return &Bound{ArgTypes: repeatType(mt, len(args)), Result: mt, NullIntolerant: true,
			Kernel: rowKernel(mt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				var m mapBuild
				for _, x := range a {
					mm := x.(*array.Map)
					s, e := mm.ValueOffsets(i)
					for j := s; j < e; j++ {
						if err := m.put(mm.Keys(), int(j), mm.Items(), int(j)); err != nil {
							return err
						}
					}
				}
				m.appendTo(b)
				return nil
			})}, nil
	}))
	r.AddScalar(simple("str_to_map", func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("str_to_map", args, 1, 2, 3); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, repeatType(types.String, len(args)), ansi)
		if err != nil {
			return nil, err
		}
		rt := types.MapType{Key: types.String, Value: types.String, ValueContainsNull: true}
		return &Bound{ArgTypes: at, Result: rt, NullIntolerant: true,
			Kernel: rowKernel(rt, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				pairDelim, kvDelim := ",", ":"
				if len(a) > 1 {
					pairDelim = a[1].(*array.String).Value(i)
				}
				if len(a) > 2 {
					kvDelim = a[2].(*array.String).Value(i)
				}
				text := a[0].(*array.String).Value(i)
				kb := array.NewStringBuilder(ec.Mem)
				defer kb.Release()
				vb := array.NewStringBuilder(ec.Mem)
				defer vb.Release()
				pairs, err := splitJava(text, pairDelim, -1)
				if err != nil {
					return err
				}
				for _, p := range pairs {
					kv, err := splitJava(p, kvDelim, 2)
					if err != nil {
						return err
					}
					kb.Append(kv[0])
					if len(kv) > 1 {
						vb.Append(kv[1])
					} else {
						vb.AppendNull()
					}
				}
				keys, vals := kb.NewArray(), vb.NewArray()
				defer keys.Release()
				defer vals.Release()
				var m mapBuild
				for j := 0; j < keys.Len(); j++ {
					if err := m.put(keys, j, vals, j); err != nil {
						return err
					}
				}
				m.appendTo(b)
				return nil
			})}, nil
	}))
}
