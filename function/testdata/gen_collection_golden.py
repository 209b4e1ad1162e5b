"""Regenerates collection_golden.json: calls of Spark's array, map and struct functions
over literal arguments, recorded from real Spark like scalar_golden.json (see
gen_golden.py); nested arguments are recorded with to_json.

    .cache/oracle/bin/python function/testdata/gen_collection_golden.py

or `go test ./function -run TestCollectionGolden -rewrite-collections`. Review the diff
before committing.
"""

import json
import os
import sys

from pyspark.sql import SparkSession

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_golden import condition, show_cell  # noqa: E402

OUT = os.path.join(HERE, "collection_golden.json")

CASES = []


def c(fn, *args):
    CASES.append((fn, list(args), True))


def L(fn, *args):
    CASES.append((fn, list(args), False))


AI = "array(1, 2, 3, 2, NULL)"
AS = "array('b', 'a', NULL, 'c', 'a')"
AD = "array(2.5D, CAST('NaN' AS DOUBLE), -1.0D, 0.0D)"
AN = "CAST(NULL AS ARRAY<INT>)"
AE = "CAST(array() AS ARRAY<INT>)"
M = "map('a', 1, 'b', 2, 'c', NULL)"
MN = "CAST(NULL AS MAP<STRING,INT>)"
NI = "CAST(NULL AS INT)"

c("array", "1", "2", "3")
c("array", "1", "2L", NI)
c("array", "'a'", "NULL")
c("array")
c("array", "1", "'a'")
c("array", "array(1)", "array(2, 3)")
for f in ["array_contains", "array_position", "array_remove"]:
    c(f, AI, "2")
    c(f, AI, "5")
    c(f, "array(1, 2, 3)", "5")
    c(f, AI, NI)
    c(f, AN, "1")
    c(f, AS, "'a'")
    c(f, AD, "CAST('NaN' AS DOUBLE)")
    c(f, AI, "2L")
    c(f, AI, "'x'")
for f in ["array_distinct", "array_compact", "array_max", "array_min", "array_sort", "sort_array", "flatten"]:
    c(f, AI)
    c(f, AS)
    c(f, AD)
    c(f, AN)
    c(f, AE)
    c(f, "array(array(2, 1), array(1, 5), NULL, array())")
    c(f, "1")
c("sort_array", AI, "false")
c("sort_array", AS, "false")
c("sort_array", AD, "true")
c("flatten", "array(array(1, 2), array(3))")
c("flatten", "array(array('a'), array(), array('b', NULL))")
for f in ["array_union", "array_intersect", "array_except", "arrays_overlap"]:
    c(f, AI, "array(2, 4, NULL)")
    c(f, "array(1, 2)", "array(3, 4)")
    c(f, "array(1, 2)", "array(2L, 4L)")
    c(f, AS, "array('a', 'z')")
    c(f, AN, "array(1)")
    c(f, "array(1, NULL)", "array(3)")
    c(f, AE, "array(1)")
    c(f, "array(1)", "array('a')")
c("array_join", AS, "','")
c("array_join", AS, "','", "'?'")
c("array_join", "CAST(NULL AS ARRAY<STRING>)", "','")
c("array_join", AS, "CAST(NULL AS STRING)")
c("array_join", "array(1, 2)", "','")
c("array_repeat", "'ab'", "3")
c("array_repeat", "1", "0")
c("array_repeat", "1", "-1")
c("array_repeat", NI, "2")
c("array_repeat", "1", NI)
c("array_repeat", "array(1)", "2")
for f in ["array_append", "array_prepend"]:
    c(f, AI, "9")
    c(f, AI, NI)
    c(f, AN, "1")
    c(f, "array(1, 2)", "2.5D")
    c(f, AS, "'z'")
for pos in ["1", "2", "5", "8", "-1", "-2", "-5", "-8", "0", NI]:
    c("array_insert", "array(1, 2, 3, 4)", pos, "9")
c("array_insert", AN, "1", "9")
c("array_insert", "array('a')", "2", NI)
for idx in ["1", "3", "-1", "-3", "4", "-4", "0", NI]:
    c("element_at", "array(10, 20, 30)", idx)
    L("element_at", "array(10, 20, 30)", idx)
c("element_at", AN, "1")
c("element_at", M, "'a'")
c("element_at", M, "'c'")
c("element_at", M, "'z'")
L("element_at", M, "'z'")
c("element_at", MN, "'a'")
c("element_at", "map(1, 'x', 2, 'y')", "2")
c("element_at", "map(1, 'x', 2, 'y')", "2L")
for idx in ["0", "2", "3", "-1", NI]:
    c("get", "array(10, 20, 30)", idx)
for start, length in [("1", "2"), ("2", "5"), ("-2", "2"), ("-5", "2"), ("5", "1"), ("0", "1"), ("1", "-1"), ("1", "0"), (NI, "1")]:
    c("slice", "array(1, 2, 3, 4)", start, length)
c("slice", AN, "1", "1")
c("sequence", "1", "5")
c("sequence", "5", "1")
c("sequence", "1", "10", "3")
c("sequence", "1", "1")
c("sequence", "1", "5", "-1")
c("sequence", "1L", "3")
c("sequence", "1", "5", "0")
c("sequence", NI, "5")
c("sequence", "CAST(1 AS TINYINT)", "CAST(3 AS TINYINT)")
c("arrays_zip", "array(1, 2)", "array('a', 'b', 'c')")
c("arrays_zip", "array(1, 2)", AN)
c("arrays_zip", "array(1)")
c("map", "'a'", "1", "'b'", "2")
c("map", "1", "'a'", "2", NI)
c("map", "'a'", "1", "'a'", "2")
c("map", "CAST(NULL AS STRING)", "1")
c("map")
c("map", "'a'")
for f in ["map_keys", "map_values", "map_entries"]:
    c(f, M)
    c(f, MN)
    c(f, "map(1, array(1, 2))")
    c(f, "array(1)")
c("map_contains_key", M, "'a'")
c("map_contains_key", M, "'z'")
c("map_contains_key", MN, "'a'")
c("map_contains_key", M, "CAST(NULL AS STRING)")
c("map_contains_key", "map(1, 'a')", "1L")
c("map_from_arrays", "array('a', 'b')", "array(1, 2)")
c("map_from_arrays", "array('a', 'b')", "array(1)")
c("map_from_arrays", "array('a', 'a')", "array(1, 2)")
c("map_from_arrays", "array('a', NULL)", "array(1, 2)")
c("map_from_arrays", AN, "array(1)")
c("map_from_entries", "array(struct('a', 1), struct('b', 2))")
c("map_from_entries", "array(struct('a', 1), NULL)")
c("map_from_entries", "array(struct('a', 1), struct('a', 2))")
c("map_concat", M, "map('d', 4)")
c("map_concat", M, "map('a', 4)")
c("map_concat", M, MN)
c("map_concat", "map(1, 'a')", "map(2, 'b')")
c("str_to_map", "'a:1,b:2,c:3'")
c("str_to_map", "'a=1;b=2'", "';'", "'='")
c("str_to_map", "'a'")
c("str_to_map", "'a:1,a:2'")
c("str_to_map", "''")
c("str_to_map", "CAST(NULL AS STRING)")
c("str_to_map", "'a.1,b.2'", "','", "'.'")
c("struct", "1", "'a'")
c("struct", NI)
c("cardinality", M)
c("size", "array(1, 2, 3)")


def describe(spark, args):
    out = []
    for a in args:
        t = spark.sql("SELECT typeof(%s)" % a).collect()[0][0]
        name = spark.sql("SELECT %s" % a).columns[0]
        if t.startswith(("array", "map", "struct")):
            v = spark.sql("SELECT to_json(%s)" % a).collect()[0][0]
        else:
            v = spark.sql("SELECT CAST(%s AS STRING)" % a).collect()[0][0]
        out.append({"sql": a, "type": t, "name": name, "value": v})
    return out


def main():
    spark = (SparkSession.builder.master("local[1]")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    results = []
    for fn, args, ansi in CASES:
        spark.conf.set("spark.sql.ansi.enabled", "true" if ansi else "false")
        sql = "%s(%s)" % (fn, ", ".join(args))
        rec = {"sql": sql, "fn": fn, "ansi": ansi}
        try:
            rec["args"] = describe(spark, args)
            df = spark.sql("SELECT " + sql)
            rec["name"] = df.columns[0]
            rec["type"] = df.schema.fields[0].dataType.simpleString()
            value = df.collect()[0][0]
            rec["show"] = show_cell(df, value)
        except Exception as ex:
            for k in ("name", "type", "show"):
                rec.pop(k, None)
            rec["error"] = condition(ex)
        results.append(rec)
    with open(OUT, "w") as f:
        f.write("[\n")
        f.write(",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in results))
        f.write("\n]\n")
    print("wrote %d cases to %s" % (len(results), OUT))


if __name__ == "__main__":
    main()
