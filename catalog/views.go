package catalog

import (
	"sort"
	"strings"
	"sync"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

// GlobalTempDB is the database that holds global temporary views.
const GlobalTempDB = "global_temp"

// Views is a set of temporary views by case-insensitive name. Views are stored as
// unresolved plans and analyzed afresh at each use, so every reference gets its own
// attribute ids. Safe for concurrent use.
type Views struct {
	mu sync.RWMutex
	m  map[string]plan.Rel
}

// NewViews returns an empty set.
func NewViews() *Views { return &Views{m: map[string]plan.Rel{}} }

// Create adds a view; without replace an existing name is an error
// (TEMP_TABLE_OR_VIEW_ALREADY_EXISTS).
func (v *Views) Create(name string, rel plan.Rel, replace bool) error {
	k := strings.ToLower(name)
	v.mu.Lock()
	defer v.mu.Unlock()
	if _, ok := v.m[k]; ok && !replace {
		return sqlerr.New("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "relationName", "`"+name+"`")
	}
	v.m[k] = rel
	return nil
}

// Get returns a view's plan.
func (v *Views) Get(name string) (plan.Rel, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	r, ok := v.m[strings.ToLower(name)]
	return r, ok
}

// Drop removes a view and reports whether it existed.
func (v *Views) Drop(name string) bool {
	k := strings.ToLower(name)
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.m[k]
	delete(v.m, k)
	return ok
}

// Names returns the view names, sorted.
func (v *Views) Names() []string {
	v.mu.RLock()
	defer v.mu.RUnlock()
	out := make([]string, 0, len(v.m))
	for k := range v.m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
