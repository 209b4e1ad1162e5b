package catalog

import (
	"testing"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

func TestViews(t *testing.T) {
	v := NewViews()
	r := &plan.Range{End: 3, Step: 1}
	if err := v.Create("T", r, false); err != nil {
		t.Fatal(err)
	}
	if err := v.Create("t", r, false); !sqlerr.HasClass(err, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS") {
		t.Fatalf("err = %v", err)
	}
	if err := v.Create("t", &plan.Range{End: 5, Step: 1}, true); err != nil {
		t.Fatal(err)
	}
	got, ok := v.Get("T")
	if !ok || got.(*plan.Range).End != 5 {
		t.Fatalf("get = %v %v", got, ok)
	}
	if n := v.Names(); len(n) != 1 || n[0] != "t" {
		t.Fatalf("names = %v", n)
	}
	if !v.Drop("t") || v.Drop("t") {
		t.Fatal("drop")
	}
}
