package physical

import (
	"fmt"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sqlerr"
)

// bind replaces attribute references with positions in the input columns.
func bind(e plan.Expr, input []*plan.Attribute) (plan.Expr, error) {
	idx := make(map[plan.AttrID]int, len(input))
	for i, a := range input {
		idx[a.ID] = i
	}
	out, _, err := transform.ExprUp(e, func(x plan.Expr) (plan.Expr, bool, error) {
		a, ok := x.(*plan.Attribute)
		if !ok {
			return x, false, nil
		}
		i, ok := idx[a.ID]
		if !ok {
			return nil, false, sqlerr.Internal(fmt.Errorf("physical: attribute %s#%d not in input", a.Name, a.ID))
		}
		return &plan.BoundRef{Index: i, Type: a.Type, Nullable: a.Nullable, Name: a.Name}, true, nil
	})
	return out, err
}

func bindAll(list []plan.Expr, input []*plan.Attribute) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		b, err := bind(e, input)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// fingerprint renders a resolved expression structurally, for matching equal
// expressions (grouping keys, repeated aggregate calls).
func fingerprint(e plan.Expr) string {
	switch e := e.(type) {
	case *plan.Attribute:
		return fmt.Sprintf("#%d", e.ID)
	case *plan.BoundRef:
		return fmt.Sprintf("@%d", e.Index)
	case *plan.Literal:
		return fmt.Sprintf("lit(%v:%s)", e.Value, e.Type)
	case *plan.Alias:
		return fingerprint(e.Child)
	}
	s := fmt.Sprintf("%T", e)
	switch e := e.(type) {
	case *plan.Call:
		s += ":" + e.Name
	case *plan.AggregateCall:
		s += ":" + e.Name
		if e.Distinct {
			s += ":distinct"
		}
	case *plan.Cast:
		s += ":" + e.To.String()
	}
	s += "("
	for i, c := range e.Children() {
		if i > 0 {
			s += ","
		}
		s += fingerprint(c)
	}
	return s + ")"
}
