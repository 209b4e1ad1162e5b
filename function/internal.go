package function

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// ScalarSubqueryCheck is the internal function the analyzer wraps around the value of a
// correlated scalar subquery that is not aggregated: __scalar_subquery_check(rows,
// value) is value when the subquery matched at most one row and fails with
// SCALAR_SUBQUERY_TOO_MANY_ROWS otherwise.
const ScalarSubqueryCheck = "__scalar_subquery_check"

func registerInternal(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: ScalarSubqueryCheck, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 2 || args[0] != types.Long {
			return nil, errInternalArgs
		}
		return &Bound{ArgTypes: args, Result: args[1], AlwaysNullable: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			counts := a[0].Array.(*array.Int64)
			for i := 0; i < n; i++ {
				if counts.IsValid(i) && counts.Value(i) > 1 {
					return nil, sqlerr.New("SCALAR_SUBQUERY_TOO_MANY_ROWS")
				}
			}
			return retained(ec.Mem, a[1], n, ec.TimeZone)
		}}, nil
	}})
}

var errInternalArgs = sqlerr.Unsupported("internal function arguments")

// retained returns a datum as an array the caller owns.
func retained(mem memory.Allocator, d Datum, n int, tz string) (arrow.Array, error) {
	if d.Array != nil {
		d.Array.Retain()
		return d.Array, nil
	}
	return ScalarArray(mem, d.Scalar.Type, d.Scalar.Value, n, tz)
}

func registerTypeOf(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: "typeof", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, wrongArgs("typeof", "1", len(args))
		}
		name := args[0].String()
		return &Bound{ArgTypes: args, Result: types.String, Kernel: func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
			return ScalarArray(ec.Mem, types.String, name, n, ec.TimeZone)
		}}, nil
	}})
}

// Grouping and GroupingID are the internal forms of grouping(col) and
// grouping_id(cols...) over an aggregation by grouping sets: __grouping(gid, shift) is
// bit shift of the grouping id (TINYINT), __grouping_id(gid, shifts...) packs the listed
// bits, most significant first (BIGINT), or is the grouping id itself without shifts.
const (
	Grouping   = "__grouping"
	GroupingID = "__grouping_id"
)

func registerGrouping(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: Grouping, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		return &Bound{ArgTypes: args, Result: types.Byte, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			gid := a[0].Array.(*array.Int64)
			shift := uint(a[1].Scalar.Value.(int32))
			b := array.NewInt8Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				b.Append(int8(gid.Value(i) >> shift & 1))
			}
			return b.NewArray(), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: GroupingID, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		return &Bound{ArgTypes: args, Result: types.Long, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			gid := a[0].Array.(*array.Int64)
			b := array.NewInt64Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				v := gid.Value(i)
				if len(a) > 1 {
					v = 0
					for _, s := range a[1:] {
						v = v<<1 | gid.Value(i)>>uint(s.Scalar.Value.(int32))&1
					}
				}
				b.Append(v)
			}
			return b.NewArray(), nil
		}}, nil
	}})
}
