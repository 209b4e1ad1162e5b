package exec_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// testdata/show_string.json holds Dataset.showString(numRows, truncate, vertical) of
// DataFrames built from the same rows on Apache Spark 4.2.0 (see testdata/oracle.py).
func TestShowStringMatchesSpark(t *testing.T) {
	raw, err := os.ReadFile("testdata/show_string.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Cases []struct {
			Name     string
			Schema   [][2]string
			Rows     [][]any
			NumRows  int
			Truncate int
			Vertical bool
			Expected string
		}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // bigint extremes do not survive float64
	if err := dec.Decode(&golden); err != nil {
		t.Fatal(err)
	}
	typeOf := map[string]types.DataType{"int": types.Integer, "bigint": types.Long, "string": types.String, "boolean": types.Boolean}
	for _, g := range golden.Cases {
		var st types.StructType
		for _, f := range g.Schema {
			st.Fields = append(st.Fields, types.StructField{Name: f[0], Type: typeOf[f[1]], Nullable: true})
		}
		rows := make([][]any, len(g.Rows))
		for r, row := range g.Rows {
			rows[r] = make([]any, len(row))
			for c, v := range row {
				if n, ok := v.(json.Number); ok {
					i, err := n.Int64()
					if err != nil {
						t.Fatal(err)
					}
					v = int(i)
				}
				rows[r][c] = v
			}
		}
		t.Run(g.Name, func(t *testing.T) {
			exectest.Run(t, exectest.Case{
				Input: exectest.Table{Schema: st, Rows: rows},
				Op: func(in stage.Op) stage.Op {
					return &stage.ShowString{Input: in, NumRows: g.NumRows, Truncate: g.Truncate, Vertical: g.Vertical,
						Out: exectest.Schema("show_string", types.String)}
				},
				Want: [][]any{{g.Expected}},
			})
		})
	}
}

// TestShowStringStopsReading checks that show reads no more than numRows+1 rows even
// without a limit below it.
func TestShowStringStopsReading(t *testing.T) {
	exectest.Run(t, exectest.Case{
		Op: func(stage.Op) stage.Op {
			return &stage.ShowString{
				Input:   &stage.RangeScan{Start: 0, End: 1 << 50, Step: 1, NumSlices: 1, Out: exectest.Schema("id", types.Long)},
				NumRows: 2, Truncate: 20, Out: exectest.Schema("show_string", types.String)}
		},
		Want: [][]any{{"+---+\n| id|\n+---+\n|  0|\n|  1|\n+---+\nonly showing top 2 rows"}},
	})
}
