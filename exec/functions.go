package exec

import (
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
)

// castModeOf resolves a cast's evaluation mode against the session's ANSI setting.
func castModeOf(m plan.EvalMode, ansi bool) function.CastMode {
	switch m {
	case plan.EvalANSI:
		return function.CastANSI
	case plan.EvalLegacy:
		return function.CastLegacy
	case plan.EvalTry:
		return function.CastTry
	}
	if ansi {
		return function.CastANSI
	}
	return function.CastLegacy
}
