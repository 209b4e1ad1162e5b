package exec_test

import (
	"errors"
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

func ref(i int, t types.DataType) *plan.BoundRef {
	return &plan.BoundRef{Index: i, Type: t, Nullable: true}
}

func lit(v any, t types.DataType) *plan.Literal { return &plan.Literal{Type: t, Value: v} }

func call(name string, t types.DataType, args ...plan.Expr) *plan.Call {
	return &plan.Call{Name: name, Args: args, Type: t, Nullable: true}
}

var (
	intsAndStrings = exectest.Table{
		Schema: exectest.Schema("a", types.Integer, "s", types.String),
		Rows: [][]any{
			{1, "one"}, {nil, "null"}, {3, nil}, {4, "four"}, {5, "five"}, {nil, nil}, {7, "seven"},
		},
	}
)

func TestProject(t *testing.T) {
	cases := []exectest.Case{{
		Name:  "columns, literals and calls",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Project{Input: in,
				Exprs: []plan.Expr{
					&plan.Alias{Child: ref(1, types.String), Name: "s"},
					call("+", types.Integer, ref(0, types.Integer), lit(int32(10), types.Integer)),
					lit(int64(7), types.Long),
					lit(nil, types.String),
					&plan.Cast{Child: ref(0, types.Integer), To: types.Long},
					call("+", types.Long, ref(0, types.Integer), lit(int64(1), types.Long)),
				},
				Out: exectest.Schema("s", types.String, "a10", types.Integer, "seven", types.Long, "n", types.String,
					"along", types.Long, "a1", types.Long)}
		},
		Want: [][]any{
			{"one", 11, 7, nil, 1, 2},
			{"null", nil, 7, nil, nil, nil},
			{nil, 13, 7, nil, 3, 4},
			{"four", 14, 7, nil, 4, 5},
			{"five", 15, 7, nil, 5, 6},
			{nil, nil, 7, nil, nil, nil},
			{"seven", 17, 7, nil, 7, 8},
		},
	}, {
		Name:  "literals of every flat type",
		Input: exectest.Table{Schema: intsAndStrings.Schema, Rows: intsAndStrings.Rows[:2]},
		Op: func(in stage.Op) stage.Op {
			dec := types.DecimalType{Precision: 10, Scale: 2}
			return &stage.Project{Input: in,
				Exprs: []plan.Expr{lit(true, types.Boolean), lit(int8(-8), types.Byte), lit(int16(300), types.Short),
					lit(float32(1.5), types.Float), lit(2.25, types.Double), lit(int32(19000), types.Date),
					lit(int64(1700000000000000), types.Timestamp), lit(decimal128.FromI64(12345), dec),
					lit([]byte("hi"), types.Binary), lit("", types.String), lit(nil, types.Null), lit(nil, dec)},
				Out: exectest.Schema("b", types.Boolean, "y", types.Byte, "s", types.Short, "f", types.Float, "d", types.Double,
					"dt", types.Date, "ts", types.Timestamp, "dec", dec, "bin", types.Binary, "e", types.String, "n", types.Null, "nd", dec)}
		},
		Want: [][]any{
			{true, int8(-8), int16(300), float32(1.5), 2.25, int32(19000), int64(1700000000000000), decimal128.FromI64(12345), []byte("hi"), "", nil, nil},
			{true, int8(-8), int16(300), float32(1.5), 2.25, int32(19000), int64(1700000000000000), decimal128.FromI64(12345), []byte("hi"), "", nil, nil},
		},
	}, {
		Name:  "no columns",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Project{Input: in, Exprs: []plan.Expr{lit(true, types.Boolean)}, Out: exectest.Schema("t", types.Boolean)}
		},
		Want: [][]any{{true}, {true}, {true}, {true}, {true}, {true}, {true}},
	}, {
		Name:  "kernel error",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Project{Input: in, Exprs: []plan.Expr{call("fail", types.Boolean, ref(0, types.Integer))},
				Out: exectest.Schema("f", types.Boolean)}
		},
		WantErr: func(err error) bool { return errors.Is(err, exectest.ErrFail) },
	}, {
		Name:  "unknown function",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Project{Input: in, Exprs: []plan.Expr{call("nope", types.Boolean)}, Out: exectest.Schema("f", types.Boolean)}
		},
		WantErr: func(err error) bool { return err != nil },
	}}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}

func TestFilter(t *testing.T) {
	filter := func(cond plan.Expr) func(stage.Op) stage.Op {
		return func(in stage.Op) stage.Op { return &stage.Filter{Input: in, Cond: cond} }
	}
	cases := []exectest.Case{{
		Name:  "comparison drops false and NULL",
		Input: intsAndStrings,
		Op:    filter(call(">", types.Boolean, ref(0, types.Integer), lit(int32(3), types.Integer))),
		Want:  [][]any{{4, "four"}, {5, "five"}, {7, "seven"}},
	}, {
		Name:  "all rows pass",
		Input: intsAndStrings,
		Op:    filter(lit(true, types.Boolean)),
		Want:  intsAndStrings.Rows,
	}, {
		Name:  "constant false",
		Input: intsAndStrings,
		Op:    filter(lit(false, types.Boolean)),
	}, {
		Name:  "constant NULL",
		Input: intsAndStrings,
		Op:    filter(lit(nil, types.Boolean)),
	}, {
		Name:  "boolean column with NULLs",
		Input: exectest.Table{Schema: exectest.Schema("b", types.Boolean, "x", types.Long), Rows: [][]any{{true, 1}, {nil, 2}, {false, 3}, {true, 4}, {nil, 5}, {true, 6}}},
		Op:    filter(ref(0, types.Boolean)),
		Want:  [][]any{{true, 1}, {true, 4}, {true, 6}},
	}, {
		Name:  "strings",
		Input: intsAndStrings,
		Op:    filter(call(">", types.Boolean, ref(1, types.String), lit("p", types.String))),
		Want:  [][]any{{7, "seven"}},
	}}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}

func TestLimit(t *testing.T) {
	lim := func(n, off int64) func(stage.Op) stage.Op {
		return func(in stage.Op) stage.Op { return &stage.Limit{Input: in, N: n, Offset: off} }
	}
	rows := intsAndStrings.Rows
	cases := []exectest.Case{
		{Name: "first rows", Input: intsAndStrings, Op: lim(3, 0), Want: rows[:3]},
		{Name: "more than input", Input: intsAndStrings, Op: lim(100, 0), Want: rows},
		{Name: "zero", Input: intsAndStrings, Op: lim(0, 0)},
		{Name: "offset then limit", Input: intsAndStrings, Op: lim(2, 3), Want: rows[3:5]},
		{Name: "offset only", Input: intsAndStrings, Op: lim(-1, 4), Want: rows[4:]},
		{Name: "offset past end", Input: intsAndStrings, Op: lim(-1, 40)},
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}

func TestSort(t *testing.T) {
	sortBy := func(orders ...*plan.SortOrder) func(stage.Op) stage.Op {
		return func(in stage.Op) stage.Op { return &stage.Sort{Input: in, Orders: orders} }
	}
	asc := func(e plan.Expr) *plan.SortOrder { return &plan.SortOrder{Child: e, NullsFirst: true} }
	desc := func(e plan.Expr) *plan.SortOrder { return &plan.SortOrder{Child: e, Descending: true} }
	nan := math.NaN()
	doubles := exectest.Table{
		Schema: exectest.Schema("d", types.Double, "i", types.Integer),
		Rows:   [][]any{{1.5, 0}, {nan, 1}, {nil, 2}, {math.Inf(1), 3}, {-0.0, 4}, {0.0, 5}, {math.Inf(-1), 6}, {-2.0, 7}, {nan, 8}, {nil, 9}},
	}
	cases := []exectest.Case{{
		Name:  "ascending nulls first",
		Input: intsAndStrings,
		Op:    sortBy(asc(ref(0, types.Integer))),
		Want:  [][]any{{nil, "null"}, {nil, nil}, {1, "one"}, {3, nil}, {4, "four"}, {5, "five"}, {7, "seven"}},
	}, {
		Name:  "descending nulls last",
		Input: intsAndStrings,
		Op:    sortBy(desc(ref(0, types.Integer))),
		Want:  [][]any{{7, "seven"}, {5, "five"}, {4, "four"}, {3, nil}, {1, "one"}, {nil, "null"}, {nil, nil}},
	}, {
		Name:  "explicit flags: ascending nulls last, descending nulls first",
		Input: intsAndStrings,
		Op: sortBy(&plan.SortOrder{Child: ref(1, types.String), Descending: true, NullsFirst: true},
			&plan.SortOrder{Child: ref(0, types.Integer)}),
		Want: [][]any{{3, nil}, {nil, nil}, {7, "seven"}, {1, "one"}, {nil, "null"}, {4, "four"}, {5, "five"}},
	}, {
		Name:  "NaN above infinity, -0.0 equal to 0.0, stable",
		Input: doubles,
		Op:    sortBy(asc(ref(0, types.Double))),
		Want: [][]any{{nil, 2}, {nil, 9}, {math.Inf(-1), 6}, {-2.0, 7}, {-0.0, 4}, {0.0, 5}, {1.5, 0}, {math.Inf(1), 3},
			{nan, 1}, {nan, 8}},
	}, {
		Name:  "descending doubles",
		Input: doubles,
		Op:    sortBy(desc(ref(0, types.Double))),
		Want: [][]any{{nan, 1}, {nan, 8}, {math.Inf(1), 3}, {1.5, 0}, {-0.0, 4}, {0.0, 5}, {-2.0, 7}, {math.Inf(-1), 6},
			{nil, 2}, {nil, 9}},
	}, {
		Name: "strings by bytes, booleans, two keys",
		Input: exectest.Table{
			Schema: exectest.Schema("s", types.String, "b", types.Boolean),
			Rows:   [][]any{{"b", true}, {"é", false}, {"B", nil}, {"b", false}, {"", true}, {"a", true}, {"b", nil}},
		},
		Op:   sortBy(asc(ref(0, types.String)), asc(ref(1, types.Boolean))),
		Want: [][]any{{"", true}, {"B", nil}, {"a", true}, {"b", nil}, {"b", false}, {"b", true}, {"é", false}},
	}, {
		Name: "two keys of other types",
		Input: exectest.Table{
			Schema: exectest.Schema("dec", types.DecimalType{Precision: 20, Scale: 1}, "bin", types.Binary, "d", types.Date,
				"ts", types.Timestamp, "y", types.Byte, "s", types.Short),
			Rows: [][]any{
				{decimal128.FromI64(-5), []byte{2}, 3, 30, 1, 1},
				{decimal128.FromI64(7), nil, 1, 10, 2, 2},
				{decimal128.FromI64(-5), []byte{1, 255}, 2, 20, 3, 3},
				{nil, []byte{}, nil, nil, nil, nil},
				{decimal128.FromI64(7), []byte{0}, 1, 5, -1, -1},
			},
		},
		Op: sortBy(asc(ref(0, types.DecimalType{Precision: 20, Scale: 1})), desc(ref(1, types.Binary))),
		Want: [][]any{
			{nil, []byte{}, nil, nil, nil, nil},
			{decimal128.FromI64(-5), []byte{2}, 3, 30, 1, 1},
			{decimal128.FromI64(-5), []byte{1, 255}, 2, 20, 3, 3},
			{decimal128.FromI64(7), []byte{0}, 1, 5, -1, -1},
			{decimal128.FromI64(7), nil, 1, 10, 2, 2},
		},
	}, {
		Name: "date, timestamp, tinyint and smallint keys",
		Input: exectest.Table{
			Schema: exectest.Schema("d", types.Date, "ts", types.Timestamp, "y", types.Byte, "s", types.Short),
			Rows:   [][]any{{3, 30, 1, 1}, {1, 10, 2, 2}, {1, 5, 2, -7}, {nil, nil, nil, nil}, {1, 5, -1, -1}},
		},
		Op:   sortBy(desc(ref(0, types.Date)), asc(ref(1, types.Timestamp)), asc(ref(2, types.Byte)), desc(ref(3, types.Short))),
		Want: [][]any{{3, 30, 1, 1}, {1, 5, -1, -1}, {1, 5, 2, -7}, {1, 10, 2, 2}, {nil, nil, nil, nil}},
	}, {
		Name:  "by expression",
		Input: intsAndStrings,
		Op:    sortBy(desc(call("+", types.Integer, ref(0, types.Integer), lit(int32(1), types.Integer)))),
		Want:  [][]any{{7, "seven"}, {5, "five"}, {4, "four"}, {3, nil}, {1, "one"}, {nil, "null"}, {nil, nil}},
	}, {
		Name:  "empty input",
		Input: exectest.Table{Schema: intsAndStrings.Schema},
		Op:    sortBy(asc(ref(0, types.Integer))),
	}}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}

func agg(name string, t types.DataType, args ...plan.Expr) *plan.AggregateCall {
	return &plan.AggregateCall{Name: name, Args: args, Type: t, Nullable: name != "count"}
}

func TestHashAggregate(t *testing.T) {
	hashAgg := func(mode stage.AggMode, groups []plan.Expr, aggs []*plan.AggregateCall, out types.StructType) func(stage.Op) stage.Op {
		return func(in stage.Op) stage.Op {
			return &stage.HashAggregate{Input: in, Mode: mode, Groups: groups, Aggs: aggs, Out: out}
		}
	}
	sales := exectest.Table{
		Schema: exectest.Schema("k", types.Integer, "s", types.String, "v", types.Long),
		Rows: [][]any{
			{1, "x", 10}, {2, "y", 20}, {1, "x", nil}, {nil, "z", 5}, {3, nil, 7}, {2, "y", 1}, {nil, nil, 2}, {1, "w", 4},
			{3, nil, nil}, {-1, "x", 100},
		},
	}
	countSum := []*plan.AggregateCall{agg("count", types.Long), agg("count", types.Long, ref(2, types.Long)), agg("sum", types.Long, ref(2, types.Long))}
	cases := []exectest.Case{{
		Name:      "complete by int key with NULL group",
		Input:     sales,
		Op:        hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Integer)}, countSum, exectest.Schema("k", types.Integer, "c", types.Long, "cv", types.Long, "s", types.Long)),
		Unordered: true,
		Want:      [][]any{{1, 3, 2, 14}, {2, 2, 2, 21}, {nil, 2, 2, 7}, {3, 2, 1, 7}, {-1, 1, 1, 100}},
	}, {
		Name:      "complete by string key",
		Input:     sales,
		Op:        hashAgg(stage.AggComplete, []plan.Expr{ref(1, types.String)}, countSum, exectest.Schema("s", types.String, "c", types.Long, "cv", types.Long, "s", types.Long)),
		Unordered: true,
		Want:      [][]any{{"x", 3, 2, 110}, {"y", 2, 2, 21}, {"z", 1, 1, 5}, {nil, 3, 2, 9}, {"w", 1, 1, 4}},
	}, {
		Name:  "complete by two keys",
		Input: sales,
		Op: hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Integer), ref(1, types.String)}, countSum[:1],
			exectest.Schema("k", types.Integer, "s", types.String, "c", types.Long)),
		Unordered: true,
		Want:      [][]any{{1, "x", 2}, {2, "y", 2}, {nil, "z", 1}, {3, nil, 2}, {nil, nil, 1}, {1, "w", 1}, {-1, "x", 1}},
	}, {
		Name:  "complete by expression with implicit cast of int to bigint for sum",
		Input: sales,
		Op: hashAgg(stage.AggComplete, []plan.Expr{call("+", types.Integer, ref(0, types.Integer), lit(int32(1), types.Integer))},
			[]*plan.AggregateCall{agg("sum", types.Long, ref(0, types.Integer))}, exectest.Schema("k1", types.Integer, "s", types.Long)),
		Unordered: true,
		Want:      [][]any{{2, 3}, {3, 4}, {nil, nil}, {4, 6}, {0, -1}},
	}, {
		Name:  "global aggregate",
		Input: sales,
		Op:    hashAgg(stage.AggComplete, nil, countSum, exectest.Schema("c", types.Long, "cv", types.Long, "s", types.Long)),
		Want:  [][]any{{10, 8, 149}},
	}, {
		Name:  "global aggregate of no rows is one row",
		Input: exectest.Table{Schema: sales.Schema},
		Op:    hashAgg(stage.AggComplete, nil, countSum, exectest.Schema("c", types.Long, "cv", types.Long, "s", types.Long)),
		Want:  [][]any{{0, 0, nil}},
	}, {
		Name:  "partial global aggregate of no rows is one state row",
		Input: exectest.Table{Schema: sales.Schema},
		Op:    hashAgg(stage.AggPartial, nil, countSum, exectest.Schema("c", types.Long, "cv", types.Long, "s", types.Long)),
		Want:  [][]any{{0, 0, nil}},
	}, {
		Name:  "grouped aggregate of no rows is empty",
		Input: exectest.Table{Schema: sales.Schema},
		Op:    hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Integer)}, countSum, exectest.Schema("k", types.Integer, "c", types.Long, "cv", types.Long, "s", types.Long)),
	}, {
		Name: "final merges partial states",
		Input: exectest.Table{
			Schema: exectest.Schema("k", types.String, "c", types.Long, "s", types.Long),
			Rows:   [][]any{{"a", 2, 5}, {"b", 1, nil}, {"a", 3, 1}, {nil, 4, 4}, {"b", 0, nil}, {nil, 1, nil}},
		},
		Op: hashAgg(stage.AggFinal, []plan.Expr{ref(0, types.String)},
			[]*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(2, types.Long))},
			exectest.Schema("k", types.String, "c", types.Long, "s", types.Long)),
		Unordered: true,
		Want:      [][]any{{"a", 5, 6}, {"b", 1, nil}, {nil, 5, 4}},
	}, {
		Name:  "final global aggregate of no rows",
		Input: exectest.Table{Schema: exectest.Schema("c", types.Long, "s", types.Long)},
		Op: hashAgg(stage.AggFinal, nil, []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(0, types.Long))},
			exectest.Schema("c", types.Long, "s", types.Long)),
		Want: [][]any{{0, nil}},
	}, {
		Name:  "aggregate FILTER",
		Input: sales,
		Op: hashAgg(stage.AggComplete, []plan.Expr{ref(1, types.String)},
			[]*plan.AggregateCall{{Name: "count", Type: types.Long, Filter: call(">", types.Boolean, ref(2, types.Long), lit(int64(5), types.Long))}},
			exectest.Schema("s", types.String, "c", types.Long)),
		Unordered: true,
		Want:      [][]any{{"x", 2}, {"y", 1}, {"z", 0}, {nil, 1}, {"w", 0}},
	}, {
		Name: "float keys: -0.0 groups with 0.0, NaNs together",
		Input: exectest.Table{
			Schema: exectest.Schema("d", types.Double),
			Rows:   [][]any{{-0.0}, {0.0}, {math.NaN()}, {math.Float64frombits(0x7ff8000000000001)}, {nil}, {1.0}},
		},
		Op:        hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Double)}, countSum[:1], exectest.Schema("d", types.Double, "c", types.Long)),
		Unordered: true,
		Want:      [][]any{{0.0, 2}, {math.NaN(), 2}, {nil, 1}, {1.0, 1}},
	}, {
		Name: "bigint, boolean and date keys",
		Input: exectest.Table{
			Schema: exectest.Schema("l", types.Long, "b", types.Boolean, "d", types.Date),
			Rows:   [][]any{{math.MaxInt64, true, 1}, {math.MinInt64, false, 2}, {0, nil, nil}, {math.MaxInt64, true, 1}, {0, nil, nil}},
		},
		Op: hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Long), ref(1, types.Boolean), ref(2, types.Date)}, countSum[:1],
			exectest.Schema("l", types.Long, "b", types.Boolean, "d", types.Date, "c", types.Long)),
		Unordered: true,
		Want:      [][]any{{math.MaxInt64, true, 1, 2}, {math.MinInt64, false, 2, 1}, {0, nil, nil, 2}},
	}, {
		Name: "single bigint key with zero and NULL",
		Input: exectest.Table{
			Schema: exectest.Schema("l", types.Long),
			Rows:   [][]any{{0}, {nil}, {0}, {nil}, {math.MinInt64}},
		},
		Op:        hashAgg(stage.AggComplete, []plan.Expr{ref(0, types.Long)}, countSum[:1], exectest.Schema("l", types.Long, "c", types.Long)),
		Unordered: true,
		Want:      [][]any{{0, 2}, {nil, 2}, {math.MinInt64, 1}},
	}}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}

func TestHashAggregateManyGroups(t *testing.T) {
	// Enough distinct keys to grow the tables several times.
	var rows, want [][]any
	for i := 0; i < 5000; i++ {
		rows = append(rows, []any{i % 1700, int64(i)})
	}
	sums := map[int]int64{}
	for i := 0; i < 5000; i++ {
		sums[i%1700] += int64(i)
	}
	for k, s := range sums {
		want = append(want, []any{k, s})
	}
	in := exectest.Table{Schema: exectest.Schema("k", types.Integer, "v", types.Long), Rows: rows}
	strIn := exectest.Table{Schema: exectest.Schema("k", types.String, "v", types.Long)}
	var strWant [][]any
	for _, r := range rows {
		strIn.Rows = append(strIn.Rows, []any{string(rune('a'+r[0].(int)%26)) + "-" + itoa(r[0].(int)), r[1]})
	}
	for k, s := range sums {
		strWant = append(strWant, []any{string(rune('a'+k%26)) + "-" + itoa(k), s})
	}
	sizes := []int{1000, 4096}
	exectest.Run(t, exectest.Case{
		Input: in, BatchSizes: sizes, Unordered: true, Want: want,
		Op: func(op stage.Op) stage.Op {
			return &stage.HashAggregate{Input: op, Mode: stage.AggComplete, Groups: []plan.Expr{ref(0, types.Integer)},
				Aggs: []*plan.AggregateCall{agg("sum", types.Long, ref(1, types.Long))}, Out: exectest.Schema("k", types.Integer, "s", types.Long)}
		},
	})
	exectest.Run(t, exectest.Case{
		Input: strIn, BatchSizes: sizes, Unordered: true, Want: strWant,
		Op: func(op stage.Op) stage.Op {
			return &stage.HashAggregate{Input: op, Mode: stage.AggComplete, Groups: []plan.Expr{ref(0, types.String)},
				Aggs: []*plan.AggregateCall{agg("sum", types.Long, ref(1, types.Long))}, Out: exectest.Schema("k", types.String, "s", types.Long)}
		},
	})
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestBuildErrors(t *testing.T) {
	cases := []exectest.Case{{
		Name: "range with step 0",
		Op: func(stage.Op) stage.Op {
			return &stage.RangeScan{Start: 0, End: 10, Step: 0, NumSlices: 1, Out: exectest.Schema("id", types.Long)}
		},
		WantErr: func(err error) bool { return err != nil },
	}, {
		Name:  "column reference out of range",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Filter{Input: in, Cond: ref(5, types.Boolean)}
		},
		WantErr: func(err error) bool { return err != nil },
	}, {
		Name:  "unresolved expression",
		Input: intsAndStrings,
		Op: func(in stage.Op) stage.Op {
			return &stage.Filter{Input: in, Cond: &plan.UnresolvedAttribute{Parts: []string{"a"}}}
		},
		WantErr: func(err error) bool { return errors.Is(err, exec.ErrUnsupported) },
	}}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { exectest.Run(t, c) })
	}
}
