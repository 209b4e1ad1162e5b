package optimizer

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
)

// Rule is one named rewrite. Apply returns the node unchanged and false when its pattern
// does not match.
type Rule struct {
	Name  string
	Apply transform.RelFunc
	// Whole, when set instead of Apply, rewrites the whole plan at once (rules that
	// look at a tree of operators together, such as join reordering).
	Whole func(plan.Rel) plan.Rel
}

// Batch is a list of rules run together to a fixed point (or once).
type Batch struct {
	Name       string
	Rules      []Rule
	FixedPoint bool
}

// Options configure the optimizer.
type Options struct{}

// Optimizer runs its batches in order.
type Optimizer struct {
	batches []Batch
	// Fired records the names of rules that changed the plan, in order (for tests).
	Fired []string
}

// New returns an optimizer with the default batches.
func New(Options) *Optimizer {
	return &Optimizer{batches: []Batch{
		{Name: "cleanup", Rules: []Rule{
			{Name: "EliminatePlanIDs", Apply: eliminatePlanIDs},
			{Name: "EliminateSubqueryAliases", Apply: eliminateSubqueryAliases},
		}},
		{Name: "operators", FixedPoint: true, Rules: []Rule{
			{Name: "CombineLimits", Apply: combineLimits},
			{Name: "PushLimitThroughProject", Apply: pushLimitThroughProject},
			{Name: "CombineFilters", Apply: combineFilters},
			{Name: "ExtractCommonConjuncts", Apply: extractCommonConjuncts},
			{Name: "PushFilterThroughJoin", Apply: pushFilterThroughJoin},
			{Name: "PushJoinConditions", Apply: pushJoinConditions},
			{Name: "PushFilterThroughProject", Apply: pushFilterThroughProject},
		}},
		{Name: "join order", Rules: []Rule{
			{Name: "ReorderJoins", Whole: reorderJoins},
		}},
		{Name: "pushdown after reordering", FixedPoint: true, Rules: []Rule{
			{Name: "CombineFilters", Apply: combineFilters},
			{Name: "PushFilterThroughJoin", Apply: pushFilterThroughJoin},
			{Name: "PushJoinConditions", Apply: pushJoinConditions},
		}},
		{Name: "columns", Rules: []Rule{
			{Name: "PruneColumns", Whole: pruneColumns},
		}},
	}}
}

// Optimize rewrites a resolved plan.
func (o *Optimizer) Optimize(rel plan.Rel) (plan.Rel, error) {
	for _, b := range o.batches {
		rounds := 1
		if b.FixedPoint {
			rounds = 100
		}
		for i := 0; i < rounds; i++ {
			changedAny := false
			for _, r := range b.Rules {
				if r.Whole != nil {
					rel = r.Whole(rel)
					o.Fired = append(o.Fired, r.Name)
					continue
				}
				nr, changed, err := transform.RelUp(rel, r.Apply)
				if err != nil {
					return nil, err
				}
				if changed {
					o.Fired = append(o.Fired, r.Name)
					changedAny = true
					rel = nr
				}
			}
			if !changedAny {
				break
			}
		}
	}
	return rel, nil
}
