"""Regenerates agg_golden.json, the aggregate golden file of package function, from real
Spark.

Run with a Python that has pyspark==4.2.0 and Java 17:

    .cache/oracle/bin/python function/testdata/gen_agg_golden.py

or `go test ./function -run TestAggregateGolden -rewrite-agg`. Each table is recorded
row by row (CAST AS STRING of every column), and each case is one aggregate call over a
table: its result type and column name, and the Dataset.show() cell of the aggregate per
group (GROUP BY g ORDER BY g), over the whole table and over no rows, or the error
condition it raised. Review the diff before committing.
"""

import json
import os
import random
import sys

from pyspark.sql import SparkSession

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_golden import condition, describe_args  # noqa: E402

OUT = os.path.join(HERE, "agg_golden.json")


def num_rows():
    rnd = random.Random(7)
    rows = []
    for k in range(40):
        g = [1, 2, 3][k % 3] if k < 39 else 4
        x = None if (k % 7 == 3 or g == 3 and k % 2 == 0) else round(rnd.uniform(-50, 150), 3)
        y = None if k % 5 == 1 else round(rnd.uniform(-20, 80), 2)
        i = None if k % 6 == 5 else rnd.randint(-5, 12)
        l = rnd.randint(-10**12, 10**12)
        d = None if k % 9 == 2 else "%.2f" % rnd.uniform(-999, 999)
        b = None if k % 8 == 6 else (rnd.random() < 0.6)
        s = None if k % 10 == 4 else rnd.choice(["a", "b", "c", "dd", "é"])
        f = rnd.randint(0, 3)
        dt = "DATE'2024-%02d-%02d'" % (rnd.randint(1, 12), rnd.randint(1, 28))
        rows.append("(%d, %s, %s, %s, %dL, %s, %s, %s, %d, %s)" % (
            g, "CAST(NULL AS DOUBLE)" if x is None else repr(x) + "D",
            "CAST(NULL AS DOUBLE)" if y is None else repr(y) + "D",
            "CAST(NULL AS INT)" if i is None else i, l,
            "CAST(NULL AS DECIMAL(10,2))" if d is None else "CAST(%s AS DECIMAL(10,2))" % d,
            "CAST(NULL AS BOOLEAN)" if b is None else ("true" if b else "false"),
            "CAST(NULL AS STRING)" if s is None else "'%s'" % s, f, dt))
    return "SELECT * FROM VALUES %s AS t(g, x, y, i, l, d, b, s, f, dt)" % ", ".join(rows)


TABLES = {
    "num": num_rows(),
    # Ties for first-wins checks and an all-NULL group.
    "ties": "SELECT * FROM VALUES (1, 'a', 5, 1.0D), (1, 'b', 5, 2.0D), (1, 'c', 3, 2.0D), (2, CAST(NULL AS STRING), 7, 1.0D), "
            "(2, 'd', 7, 1.0D), (3, 'e', CAST(NULL AS INT), CAST(NULL AS DOUBLE)), (1, 'f', 2, 3.0D), (2, 'g', 1, 1.0D) AS t(g, s, o, x)",
    "big": "SELECT CAST(id % 3 AS INT) AS g, id AS l, CAST(id * 1.37 % 1000 AS DOUBLE) AS x, "
           "CAST(id % 700 AS STRING) AS s, CAST(id % 97 AS INT) AS i FROM range(3000)",
    "special": "SELECT * FROM VALUES (1, 1.0D), (1, CAST('NaN' AS DOUBLE)), (1, 2.0D), (2, CAST('Infinity' AS DOUBLE)), "
               "(2, 1.0D), (3, -0.0D), (3, 0.0D), (3, 5.0D) AS t(g, x)",
}

# Each case: (function, [argument SQL], table, flags). Flags: "ordered" (depends on
# row order: partials merge only in order), "single" (depends on how rows are split:
# only checked in one phase).
CASES = []


def c(fn, args, table="num", *flags):
    CASES.append((fn, args, table, set(flags)))


for fn in ["count_if"]:
    c(fn, ["b"])
    c(fn, ["x"])
for fn in ["bool_and", "every", "bool_or", "some", "any"]:
    c(fn, ["b"])
    c(fn, ["i"])
for fn in ["max_by", "min_by"]:
    c(fn, ["s", "x"])
    c(fn, ["x", "i"], "num", "ordered")
    c(fn, ["dt", "l"])
    c(fn, ["s", "o"], "ties", "ordered")
    c(fn, ["o", "s"], "ties")
    c(fn, ["s", "x"], "ties", "ordered")
for fn in ["corr", "covar_pop", "covar_samp", "regr_count", "regr_avgx", "regr_avgy", "regr_slope",
           "regr_intercept", "regr_r2", "regr_sxx", "regr_syy", "regr_sxy"]:
    c(fn, ["y", "x"])
    c(fn, ["x", "i"])
    c(fn, ["i", "l"])
    c(fn, ["x", "x"], "big")
for fn in ["regr_avgx", "regr_avgy"]:
    c(fn, ["d", "x"])
for fn in ["kurtosis", "skewness"]:
    c(fn, ["x"])
    c(fn, ["i"])
    c(fn, ["d"])
    c(fn, ["x"], "big")
    c(fn, ["x"], "special")
for fn in ["corr", "covar_pop"]:
    c(fn, ["x", "x"], "special")
    c(fn, ["s", "x"])
c("percentile", ["x", "0.5"])
c("percentile", ["x", "0.25"])
c("percentile", ["i", "0.3"])
c("percentile", ["l", "1.0"])
c("percentile", ["x", "0"])
c("percentile", ["x", "array(0.1, 0.5, 0.99)"])
c("percentile", ["d", "0.5"])
c("percentile", ["x", "0.5", "f"])
c("percentile", ["i", "array(0.25, 0.75)", "f"])
c("percentile", ["x", "0.5"], "special")
c("percentile", ["x", "0.37"], "big")
c("median", ["x"])
c("median", ["i"])
c("median", ["x"], "special")
c("median", ["l"], "big")
for fn in ["percentile_approx", "approx_percentile"]:
    c(fn, ["x", "0.5"])
    c(fn, ["i", "0.5"])
    c(fn, ["x", "array(0.1, 0.5, 0.9)"])
    c(fn, ["l", "0.25", "100"])
c("percentile_approx", ["dt", "0.5"])
c("percentile_approx", ["d", "0.5"])
c("percentile_approx", ["x", "0.5", "10"], "big", "single")
c("percentile_approx", ["x", "array(0.05, 0.3, 0.5, 0.77, 0.95)", "100"], "big", "single")
c("percentile_approx", ["i", "0.5", "10"], "big", "single")
c("percentile_approx", ["x", "0.5"], "special", "single")
c("percentile_approx", ["x", "0.5"], "big")
c("mode", ["s"])
c("mode", ["i"])
c("mode", ["o"], "ties")
c("mode", ["i"], "big")
c("mode", ["s", "true"], "ties")
c("mode", ["x", "true"], "ties")
c("approx_count_distinct", ["s"])
c("approx_count_distinct", ["x"])
c("approx_count_distinct", ["l"], "big")
c("approx_count_distinct", ["s"], "big")
c("approx_count_distinct", ["x"], "big")
c("approx_count_distinct", ["i"], "big")
c("approx_count_distinct", ["l", "0.01"], "big")
c("approx_count_distinct", ["s", "0.1"], "big")
c("approx_count_distinct", ["x"], "special")
c("approx_count_distinct", ["dt"])
c("approx_count_distinct", ["d"])
c("approx_count_distinct", ["b"])
for fn in ["first", "last", "first_value", "last_value", "any_value"]:
    c(fn, ["s"], "ties", "ordered")
    c(fn, ["s", "true"], "ties", "ordered")


def show_rows(df, n):
    """The cells of the second column of an n-row, two-column Dataset.show()."""
    text = df._jdf.showString(n, 0, False)
    lines = text.split("\n")[3:3 + n]
    return [line[1:-1].split("|")[1].rstrip(" ") for line in lines]


def record_table(spark, sql):
    df = spark.sql(sql)
    cols = [{"name": f.name, "type": f.dataType.simpleString()} for f in df.schema.fields]
    casts = ", ".join("CAST(%s AS STRING)" % f["name"] for f in cols)
    rows = [list(r) for r in spark.sql("SELECT %s FROM (%s)" % (casts, sql)).collect()]
    return {"sql": sql, "cols": cols, "rows": rows}


def main():
    spark = (SparkSession.builder.master("local[1]")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    tables = {}
    for name, sql in TABLES.items():
        tables[name] = record_table(spark, sql)
        spark.sql(sql).createOrReplaceTempView(name)
    results = []
    for fn, args, table, flags in CASES:
        cols = {c["name"] for c in tables[table]["cols"]}
        call = "%s(%s)" % (fn, ", ".join(args))
        rec = {"fn": fn, "call": call, "table": table, "ordered": "ordered" in flags, "single": "single" in flags,
               "args": [{"col": a} if a in cols else describe_args(spark, [a])[0] for a in args]}
        try:
            df = spark.sql("SELECT %s FROM %s" % (call, table))
            rec["name"] = df.columns[0]
            rec["type"] = df.schema.fields[0].dataType.simpleString()
            keys = [r[0] for r in spark.sql("SELECT DISTINCT g FROM %s ORDER BY g" % table).collect()]
            grouped = spark.sql("SELECT g, %s FROM %s GROUP BY g ORDER BY g" % (call, table))
            rec["groups"] = show_rows(grouped, len(keys))
            rec["all"] = show_rows(spark.sql("SELECT 0, %s FROM %s" % (call, table)), 1)[0]
            rec["empty"] = show_rows(spark.sql("SELECT 0, %s FROM %s WHERE g < 0" % (call, table)), 1)[0]
        except Exception as ex:  # AnalysisException or a runtime error
            for k in ("name", "type", "groups", "all", "empty"):
                rec.pop(k, None)
            rec["error"] = condition(ex)
        results.append(rec)
    with open(OUT, "w") as f:
        f.write("{\"tables\": %s,\n\"cases\": [\n" % json.dumps(tables, ensure_ascii=False, sort_keys=True))
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in results))
        f.write("\n]}\n")
    print("wrote %d cases to %s" % (len(results), OUT))


if __name__ == "__main__":
    main()
