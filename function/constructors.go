package function

import (
	"context"
	"strconv"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Constructors of nested values: array(...), map(k, v, ...) and struct_(...), the
// kernel of struct and named_struct: it names its fields col1, col2, ...; the analyzer
// gives the call the field names Spark uses and the engine relabels the result.

// interleave returns the values of cols row-major (row 0 of every column, then row 1,
// ...), cast by the caller to one type, as one array of n*len(cols) values.
func interleave(mem memory.Allocator, t types.DataType, tz string, cols []arrow.Array, n int) (arrow.Array, error) {
	if len(cols) == 0 {
		return array.MakeArrayOfNull(mem, types.ToArrow(t, tz), 0), nil
	}
	all, err := array.Concatenate(cols, mem)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	ib := array.NewInt32Builder(mem)
	defer ib.Release()
	for i := 0; i < n; i++ {
		for c := range cols {
			ib.Append(int32(c*n + i))
		}
	}
	idx := ib.NewInt32Array()
	defer idx.Release()
	return compute.TakeArray(compute.WithAllocator(context.Background(), mem), all, idx)
}

// fixedOffsets is the offsets buffer of n lists of k elements each.
func fixedOffsets(mem memory.Allocator, n, k int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize((n + 1) * 4)
	offs := arrow.Int32Traits.CastFromBytes(buf.Bytes())
	for i := 0; i <= n; i++ {
		offs[i] = int32(i * k)
	}
	return buf
}

func registerConstructors(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: "array", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		elem, err := commonOf("array", args)
		if err != nil {
			return nil, err
		}
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = elem
		}
		result := types.ArrayType{Elem: elem, ContainsNull: true}
		return &Bound{ArgTypes: at, Result: result, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			cols, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(cols)
			values, err := interleave(ec.Mem, elem, ec.TimeZone, cols, n)
			if err != nil {
				return nil, err
			}
			defer values.Release()
			offs := fixedOffsets(ec.Mem, n, len(cols))
			defer offs.Release()
			data := array.NewData(types.ToArrow(result, ec.TimeZone), n, []*memory.Buffer{nil, offs}, []arrow.ArrayData{values.Data()}, 0, 0)
			defer data.Release()
			return array.MakeFromData(data), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "map", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args)%2 != 0 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`map`", "expectedNum", "2n (n > 0)", "actualNum", strconv.Itoa(len(args)), "docroot", docroot)
		}
		var ks, vs []types.DataType
		for i := 0; i < len(args); i += 2 {
			ks, vs = append(ks, args[i]), append(vs, args[i+1])
		}
		kt, err := commonOf("map", ks)
		if err != nil {
			return nil, err
		}
		vt, err := commonOf("map", vs)
		if err != nil {
			return nil, err
		}
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = kt
			if i%2 == 1 {
				at[i] = vt
			}
		}
		result := types.MapType{Key: kt, Value: vt, ValueContainsNull: true}
		return &Bound{ArgTypes: at, Result: result, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			cols, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(cols)
			var kc, vc []arrow.Array
			for i := 0; i < len(cols); i += 2 {
				kc, vc = append(kc, cols[i]), append(vc, cols[i+1])
			}
			// Spark rejects NULL keys and, by default, duplicate keys in a row.
			for i := 0; i < n; i++ {
				seen := map[string]bool{}
				for _, k := range kc {
					if k.IsNull(i) {
						return nil, sqlerr.New("NULL_MAP_KEY")
					}
					s := k.ValueStr(i)
					if seen[s] {
						return nil, sqlerr.New("DUPLICATED_MAP_KEY", "key", s, "mapKeyDedupPolicy", `"spark.sql.mapKeyDedupPolicy"`)
					}
					seen[s] = true
				}
			}
			keys, err := interleave(ec.Mem, kt, ec.TimeZone, kc, n)
			if err != nil {
				return nil, err
			}
			defer keys.Release()
			items, err := interleave(ec.Mem, vt, ec.TimeZone, vc, n)
			if err != nil {
				return nil, err
			}
			defer items.Release()
			mt := types.ToArrow(result, ec.TimeZone).(*arrow.MapType)
			entries := array.NewData(mt.Elem(), keys.Len(), []*memory.Buffer{nil}, []arrow.ArrayData{keys.Data(), items.Data()}, 0, 0)
			defer entries.Release()
			offs := fixedOffsets(ec.Mem, n, len(kc))
			defer offs.Release()
			data := array.NewData(mt, n, []*memory.Buffer{nil, offs}, []arrow.ArrayData{entries}, 0, 0)
			defer data.Release()
			return array.MakeFromData(data), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "struct_", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		fields := make([]types.StructField, len(args))
		for i, t := range args {
			fields[i] = types.StructField{Name: "col" + strconv.Itoa(i+1), Type: t, Nullable: true}
		}
		result := types.StructType{Fields: fields}
		return &Bound{ArgTypes: args, Result: result, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			cols, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(cols)
			st := types.ToArrow(result, ec.TimeZone).(*arrow.StructType)
			kids := make([]arrow.ArrayData, len(cols))
			for i, c := range cols {
				kids[i] = c.Data()
			}
			data := array.NewData(st, n, []*memory.Buffer{nil}, kids, 0, 0)
			defer data.Release()
			return array.MakeFromData(data), nil
		}}, nil
	}})
}
