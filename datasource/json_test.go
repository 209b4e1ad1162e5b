package datasource

import "testing"

// TestJSONGolden reads the JSON cases of testdata/json/golden.json (recorded from Spark
// by testdata/gen_golden.py) and compares schemas, rows and error classes.
func TestJSONGolden(t *testing.T) { runGolden(t, jsonFormat{}) }
