package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSpillUnderMemoryLimit: with a tiny --memory, a wide aggregation and a large sort
// spill to --spill-dir, still return the right rows, and leave no spill files behind.
func TestSpillUnderMemoryLimit(t *testing.T) {
	py := venvPython(t, "py4")
	spill := filepath.Join(t.TempDir(), "spill")
	m := startDriver(t, driverBin(t), "--memory", "2m", "--slots", "2", "--spill-dir", spill,
		"--warehouse", filepath.Join(t.TempDir(), "wh"))
	out := runPython(t, py, m, `
from pyspark.sql import functions as F
n = 400000
agg = (spark.range(n).selectExpr("id % 150001 AS k", "id", "cast(id AS string) AS s")
       .groupBy("k").agg(F.sum("id").alias("t"), F.count("*").alias("c"), F.max("s").alias("m")).collect())
want = {}
for i in range(n):
    t, c, m = want.get(i % 150001, (0, 0, ""))
    want[i % 150001] = (t + i, c + 1, max(m, str(i)))
got = {r.k: (r.t, r.c, r.m) for r in agg}
print("agg", len(agg), got == want)
rows = (spark.range(n).selectExpr("(id * 7919) % 400009 AS x", "concat('v', id) AS s")
        .repartition(3).orderBy(F.col("x").desc()).collect())
xs = [r.x for r in rows]
print("sort", len(rows), xs == sorted(((i * 7919) % 400009 for i in range(n)), reverse=True))
`)
	if want := "agg 150001 True\nsort 400000 True\n"; !strings.HasSuffix(out, want) {
		t.Fatalf("got\n%s\nwant suffix\n%s", out, want)
	}
	ents, err := os.ReadDir(spill)
	if err != nil {
		t.Fatalf("spill directory was never created (nothing spilled?): %v", err)
	}
	if len(ents) != 0 {
		t.Fatalf("spill files left behind: %v", ents)
	}
}
