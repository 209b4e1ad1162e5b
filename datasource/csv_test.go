package datasource

import "testing"

// TestCSVGolden reads the CSV cases of testdata/csv/golden.json (recorded from Spark by
// testdata/gen_golden.py) and compares schemas, rows and error classes.
func TestCSVGolden(t *testing.T) { runGolden(t, csvFormat{}) }
