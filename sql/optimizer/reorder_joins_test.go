package optimizer

import (
	"strings"
	"testing"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
)

func rel(names ...string) (*plan.LocalRelation, []*plan.Attribute) {
	var out []*plan.Attribute
	for _, n := range names {
		out = append(out, plan.NewAttribute(n, types.Long, false))
	}
	return &plan.LocalRelation{Out: out}, out
}

func eq(a, b plan.Expr) plan.Expr {
	return &plan.Call{Name: "==", Args: []plan.Expr{a, b}, Type: types.Boolean}
}

func gt(a plan.Expr, v int64) plan.Expr {
	return &plan.Call{Name: ">", Args: []plan.Expr{a, &plan.Literal{Type: types.Long, Value: v}}, Type: types.Boolean}
}

func TestJoinPlanning(t *testing.T) {
	a, ao := rel("a_x")
	b, bo := rel("b_x", "b_y")
	c, co := rel("c_x", "c_y")
	cross := func(l, r plan.Rel) plan.Rel { return &plan.Join{Left: l, Right: r, Type: plan.CrossJoin} }
	tests := []struct {
		name string
		in   plan.Rel
		want []string // substrings of the optimized plan, in order
		not  []string
	}{
		{
			name: "comma joins take the where conditions",
			in:   &plan.Filter{Input: cross(cross(a, b), c), Cond: and([]plan.Expr{eq(ao[0], bo[0]), eq(bo[1], co[1]), gt(co[0], 3)})},
			want: []string{"Join Inner", "Join Inner", "LocalRelation", "LocalRelation", "Filter >(c_x"},
			not:  []string{"Cross"},
		},
		{
			name: "reordering avoids a cartesian product",
			in:   &plan.Filter{Input: cross(cross(a, b), c), Cond: and([]plan.Expr{eq(ao[0], co[0]), eq(co[1], bo[1])})},
			want: []string{"Project", "Join Inner", "Join Inner"},
			not:  []string{"Cross"},
		},
		{
			name: "one-sided join conditions filter their side",
			in:   &plan.Join{Left: a, Right: b, Type: plan.InnerJoin, Cond: and([]plan.Expr{eq(ao[0], bo[0]), gt(bo[1], 1)})},
			want: []string{"Join Inner", "LocalRelation", "Filter >(b_y"},
		},
		{
			name: "a key repeated in every OR branch becomes a join key",
			in: &plan.Filter{Input: cross(a, b), Cond: or([]plan.Expr{
				and([]plan.Expr{eq(ao[0], bo[0]), gt(bo[1], 1)}),
				and([]plan.Expr{eq(ao[0], bo[0]), gt(bo[1], 5)})})},
			want: []string{"Join Inner", "==(a_x"},
			not:  []string{"Cross"},
		},
		{
			name: "left outer keeps right-side filters above",
			in:   &plan.Filter{Input: &plan.Join{Left: a, Right: b, Type: plan.LeftOuterJoin, Cond: eq(ao[0], bo[0])}, Cond: gt(bo[1], 1)},
			want: []string{"Filter >(b_y", "Join LeftOuter"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := New(Options{}).Optimize(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			s := plan.Format(out)
			at := 0
			for _, w := range tt.want {
				i := strings.Index(s[at:], w)
				if i < 0 {
					t.Fatalf("plan lacks %q (from offset %d):\n%s", w, at, s)
				}
				at += i + len(w)
			}
			for _, n := range tt.not {
				if strings.Contains(s, n) {
					t.Errorf("plan has %q:\n%s", n, s)
				}
			}
			// The output columns never change.
			if got, want := out.Output(), tt.in.Output(); len(got) != len(want) {
				t.Fatalf("output %v, want %v", got, want)
			} else {
				for i := range got {
					if got[i].ID != want[i].ID {
						t.Fatalf("output %v, want %v", got, want)
					}
				}
			}
		})
	}
}
