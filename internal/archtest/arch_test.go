package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/fulgur/fulgur/"

// levels is the architecture map: a package may import packages of a lower level only
// (and its own sub-packages). Packages not listed are unconstrained (tests, tools).
var levels = map[string]int{
	"cmd/driver": 80, "cmd/executor": 80,
	"driver": 70, "executor": 60,
	"connectsvc": 60, "connectsvc/translate": 50,
	"scheduler": 50, "exec": 50, "shuffle": 50, "taskrpc": 50, "cluster": 50, "artifacts": 50,
	"sql/planbuilder": 40, "sql/analyzer": 40, "sql/optimizer": 40, "sql/physical": 40, "datasource": 40,
	"stage": 35, "plan": 30, "plan/transform": 32,
	"sql/parser": 20, "sql/ast": 15, "catalog": 36, "function": 20,
	"sql/types": 10,
	"sqlerr":    0, "conf": 0, "gen/sparkconnectpb": 0, "gen/runtimepb": 0,
}

// forbidden are pairs that levels alone allow but the design rules out.
var forbidden = map[string][]string{
	"exec":       {"sql/parser", "sql/ast", "sql/planbuilder", "sql/analyzer", "sql/optimizer", "sql/physical", "shuffle", "connectsvc", "scheduler", "gen/sparkconnectpb"},
	"shuffle":    {"exec"},
	"scheduler":  {"exec", "cluster", "taskrpc", "google.golang.org/grpc"},
	"sql/":       {"gen/sparkconnectpb"},
	"plan":       {"gen/sparkconnectpb"},
	"datasource": {"gen/sparkconnectpb", "sql/parser", "sql/analyzer", "sql/physical", "plan", "exec"},
}

type pkg struct {
	ImportPath string
	Imports    []string
}

func TestImportLevels(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json", "github.com/fulgur/fulgur/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath, module)
		lvl, ok := levels[name]
		for _, imp := range p.Imports {
			for prefix, bad := range forbidden {
				if name == prefix || (strings.HasSuffix(prefix, "/") && strings.HasPrefix(name, prefix)) {
					for _, b := range bad {
						target := strings.TrimPrefix(imp, module)
						if target == b || (strings.HasSuffix(b, "/") && strings.HasPrefix(target, b)) || strings.HasPrefix(imp, b) && !strings.HasPrefix(imp, module) {
							t.Errorf("%s must not import %s", name, imp)
						}
					}
				}
			}
			if !ok || !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			if strings.HasPrefix(dep, name+"/") {
				continue // own sub-package
			}
			dl, known := levels[dep]
			if !known {
				continue
			}
			if dl >= lvl {
				t.Errorf("%s (level %d) imports %s (level %d): imports must point down", name, lvl, dep, dl)
			}
		}
	}
}
