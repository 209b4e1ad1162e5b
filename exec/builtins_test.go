package exec_test

import (
	"testing"

	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// TestWithBuiltins runs a filter, a projection and an aggregation with the real
// function registry, to keep exec and package function's kernel contract in step.
func TestWithBuiltins(t *testing.T) {
	exectest.Run(t, exectest.Case{
		Input:     intsAndStrings,
		Functions: function.Builtins(),
		ANSI:      true,
		Op: func(in stage.Op) stage.Op {
			filtered := &stage.Filter{Input: in, Cond: call(">", types.Boolean, ref(0, types.Integer), lit(int32(1), types.Integer))}
			projected := &stage.Project{Input: filtered,
				Exprs: []plan.Expr{call("+", types.Integer, ref(0, types.Integer), lit(int32(1), types.Integer)), ref(1, types.String)},
				Out:   exectest.Schema("a1", types.Integer, "s", types.String)}
			return &stage.HashAggregate{Input: projected, Mode: stage.AggComplete,
				Groups: []plan.Expr{&plan.Cast{Child: call("=", types.Boolean, ref(1, types.String), lit(nil, types.String)), To: types.String}},
				Aggs:   []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(0, types.Integer))},
				Out:    exectest.Schema("k", types.String, "c", types.Long, "s", types.Long)}
		},
		Want: [][]any{{nil, 4, 23}}, // a in (3, 4, 5, 7): sum(a + 1) = 23
	})
}
