package physical

import (
	"context"
	"strings"
	"testing"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// testFuncs is a registry with one aggregate whose state is a single bigint.
func testFuncs() *function.Registry {
	r := function.NewRegistry()
	r.AddAggregate(&function.AggregateFunc{Name: "count", Bind: func(args []types.DataType, distinct, ansi bool) (*function.BoundAgg, error) {
		return &function.BoundAgg{ArgTypes: args, Result: types.Long, StateTypes: []types.DataType{types.Long}}, nil
	}})
	return r
}

func rangeRel(parts int) *plan.Range {
	return &plan.Range{Start: 0, End: 10, Step: 1, NumPartitions: parts, Out: []*plan.Attribute{plan.NewAttribute("id", types.Long, false)}}
}

func TestPlanStages(t *testing.T) {
	r := rangeRel(4)
	id := r.Out[0]
	count := &plan.AggregateCall{Name: "count", Args: []plan.Expr{&plan.Literal{Type: types.Integer, Value: int32(1)}}, Type: types.Long}
	tests := []struct {
		name   string
		rel    plan.Rel
		stages []string // per stage: "<tasks>:<result|shuffle>"
	}{
		{"range", r, []string{"4:result"}},
		{"limit gathers", &plan.Limit{Input: r, N: 3}, []string{"4:shuffle", "1:result"}},
		{"global count", &plan.Aggregate{Input: r, Aggs: []plan.Expr{&plan.Alias{Child: count, Name: "c", ID: plan.NewAttrID()}}}, []string{"4:shuffle", "1:result"}},
		{"grouped count", &plan.Aggregate{Input: r, Groups: []plan.Expr{id}, Aggs: []plan.Expr{id, &plan.Alias{Child: count, Name: "c", ID: plan.NewAttrID()}}}, []string{"4:shuffle", "5:result"}},
		{"broadcast small right", &plan.Join{Left: r, Right: rangeRel(2), Type: plan.InnerJoin,
			Cond: &plan.Call{Name: "==", Args: []plan.Expr{id, id}, Type: types.Boolean}}, []string{"2:shuffle", "4:result"}},
		{"hinted left for right outer", &plan.Join{Left: &plan.Hint{Input: rangeRel(3), Name: "broadcast"}, Right: r, Type: plan.RightOuterJoin},
			[]string{"3:shuffle", "4:result"}},
		{"full outer never broadcasts", &plan.Join{Left: r, Right: rangeRel(2), Type: plan.FullOuterJoin}, []string{"4:shuffle", "2:shuffle", "1:result"}},
		{"show", &plan.ShowString{Input: r, NumRows: 20, Truncate: 20, Out: []*plan.Attribute{plan.NewAttribute("show_string", types.String, true)}}, []string{"4:shuffle", "1:result"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job, err := New(Options{Functions: testFuncs(), ShufflePartitions: 5}).Plan(context.Background(), tt.rel)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range job.Stages {
				kind := "shuffle"
				if s.IsResult() {
					kind = "result"
				}
				got = append(got, strings.Join([]string{itoa(s.NumTasks), kind}, ":"))
			}
			if strings.Join(got, ",") != strings.Join(tt.stages, ",") {
				t.Fatalf("stages = %v, want %v\n%s", got, tt.stages, stage.Format(job))
			}
			// Every parent is an earlier stage writing the shuffle the child reads.
			for _, s := range job.Stages {
				for _, p := range s.Parents {
					if p >= s.ID || job.Stage(p).IsResult() {
						t.Fatalf("bad parent %d of stage %d", p, s.ID)
					}
				}
			}
		})
	}
}

func itoa(i int) string {
	return strings.TrimSpace(strings.Repeat(" ", 0) + string(rune('0'+i)))
}
