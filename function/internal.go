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
