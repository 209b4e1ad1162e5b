"""Regenerates the write golden files from real Apache Spark.

Run from the repository root:

    .cache/oracle/bin/python datasource/testdata/gen_write_golden.py

For every dataset (defined below as a DDL schema and Python rows) Spark writes the
input as one parquet file, datasource/testdata/write/inputs/<dataset>.parquet. For every
case:

  1. Spark writes the dataset with the case's format, options and partitionBy (one
     task); its data files are copied to testdata/write/spark/<case>/ with the job UUID
     replaced by "spark", and Spark reads them back (spark_rows).
  2. Our writers write the same input (go test ./datasource -run TestWriteGolden
     -write-golden-out=DIR), and Spark reads our files back (ours_rows). The Go test
     requires ours_rows == spark_rows: Spark sees our files as it sees its own.

Error cases record the error classes Spark raised. The Go tests (write_golden_test.go)
also read Spark's files with our readers and compare with spark_rows, and compare our
text files byte for byte with Spark's. Never edit the goldens by hand.
"""

import datetime
import decimal
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import DecimalType, _parse_datatype_string  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen_golden import render  # noqa: E402

OUT = os.path.join(HERE, "write")
ROOT = os.path.dirname(os.path.dirname(HERE))

D = datetime.date
T = datetime.datetime
Dec = decimal.Decimal

DATASETS = {
    "flat": (
        "id INT, b BOOLEAN, by TINYINT, sh SMALLINT, l BIGINT, f FLOAT, d DOUBLE, s STRING, "
        "dec DECIMAL(10,2), dsmall DECIMAL(12,10), dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ",
        [
            (1, True, 1, 10, 10000000000, 1.5, 0.1, "plain", Dec("12.50"), Dec("0.0000000100"),
             D(2024, 1, 2), T(2024, 1, 2, 3, 4, 5, 123456), T(2024, 1, 2, 3, 4, 5)),
            (2, False, -128, -32768, -9223372036854775808, -0.0, 1e10, "a,b", Dec("-99999999.99"), Dec("-0.0000001000"),
             D(1970, 1, 1), T(1970, 1, 1, 0, 0, 0), T(1999, 12, 31, 23, 59, 59, 500000)),
            (3, None, None, None, None, None, None, None, None, None, None, None, None),
            (4, True, 127, 32767, 9223372036854775807, float("nan"), float("inf"), 'say "hi"', Dec("0.00"), Dec("1.2345678901"),
             D(1, 1, 1), T(1900, 3, 4, 5, 6, 7, 890000), T(2038, 1, 19, 3, 14, 7)),
            (5, False, 0, 0, 0, 3.4e38, -1e-5, "", Dec("1.00"), Dec("0E-10"),
             D(9999, 12, 31), T(2024, 6, 30, 12, 0, 0, 1), T(2024, 2, 29, 0, 0, 0, 999)),
            (6, True, 5, 5, 5, 1e-3, 1234567.0, "multi\nline", Dec("3.14"), Dec("0.5000000000"),
             D(2000, 2, 29), T(2024, 12, 31, 23, 59, 59, 999999), None),
            (7, None, 6, 6, 6, 2.5, 12345678.9, "  spaced  ", Dec("-0.01"), None,
             None, None, T(2001, 9, 9, 1, 46, 40)),
            (8, True, 7, 7, 7, float("-inf"), -0.0, "back\\slash 'q' é ü 😀", Dec("42.00"), Dec("0.0000000001"),
             D(2024, 1, 2), T(2024, 1, 2, 0, 0, 0), T(2024, 1, 2, 0, 0, 0)),
        ],
    ),
    "nested": (
        "id INT, st STRUCT<a: INT, b: STRING, c: ARRAY<DOUBLE>>, arr ARRAY<INT>, m MAP<STRING, INT>, "
        "deep ARRAY<STRUCT<x: DOUBLE, t: TIMESTAMP>>, mi MAP<STRING, ARRAY<STRING>>, bin BINARY, dec DECIMAL(20,4)",
        [
            (1, (1, "x", [1.5, None]), [1, 2, 3], {"k": 1, "n": None}, [(0.5, T(2024, 1, 2, 3, 4, 5))],
             {"1": ["a", None], "2": []}, bytearray(b"\x00\x01\xff"), Dec("1234567890123456.7890")),
            (2, (None, None, None), [], {}, [], {}, bytearray(b""), Dec("0.0001")),
            (3, None, None, None, None, None, None, None),
            (4, (7, 'q"uote\n', []), [None, -1], {"a b": -5}, [None, (None, None)], {"3": None},
             bytearray(b"hello"), Dec("-1.5000")),
        ],
    ),
    "parts": (
        "id INT, v STRING, p STRING, q INT",
        [
            (1, "one", "a/b", 1),
            (2, "two", "x=y", 1),
            (3, "three", "", 2),
            (4, "four", None, None),
            (5, "five", "sp ace", 2),
            (6, "six", "%#?*:\"'[]{}^\\|<>~!@$&()+,;é", 1),
            (7, "seven", "a/b", 2),
            (8, None, "plain", 1),
        ],
    ),
    "partsdt": (
        "id INT, d DATE, ts TIMESTAMP, dec DECIMAL(12,10), dbl DOUBLE, flag BOOLEAN",
        [
            (1, D(2024, 1, 2), T(2024, 1, 2, 3, 4, 5, 500000), Dec("0.0000000100"), 1e10, True),
            (2, D(2024, 1, 2), T(2024, 1, 2, 3, 4, 5, 500000), Dec("1.5000000000"), 1.5, False),
            (3, None, None, None, None, None),
            (4, D(1999, 12, 31), T(1999, 12, 31, 0, 0, 0), Dec("0E-10"), -1e-5, True),
        ],
    ),
    "text": (
        "value STRING",
        [("a",), (None,), ("",), ("  x y  ",), ("ü 😀",), ("tab\there",), ("last",)],
    ),
    "textp": (
        "value STRING, p STRING",
        [("a", "x"), ("b", "y"), ("c", "x"), ("d", None)],
    ),
}

# name, dataset, format, options, partitionBy, read options
CASES = [
    ("parquet_default", "flat", "parquet", {}, [], {}),
    ("parquet_none", "flat", "parquet", {"compression": "none"}, [], {}),
    ("parquet_gzip", "flat", "parquet", {"compression": "gzip"}, [], {}),
    ("parquet_zstd", "flat", "parquet", {"compression": "zstd"}, [], {}),
    ("parquet_nested", "nested", "parquet", {}, [], {}),
    ("parquet_partitioned", "parts", "parquet", {}, ["p", "q"], {}),
    ("parquet_partitioned_types", "partsdt", "parquet", {}, ["d", "ts", "dec", "dbl", "flag"], {}),
    ("parquet_max_records", "flat", "parquet", {"maxRecordsPerFile": "3"}, [], {}),
    ("csv_default", "flat", "csv", {}, [], {}),
    ("csv_header", "flat", "csv", {"header": "true"}, [], {"header": "true"}),
    ("csv_options", "flat", "csv",
     {"header": "true", "sep": ";", "quote": "'", "escape": "'", "nullValue": "NULL", "emptyValue": "EMPTY",
      "dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy/MM/dd HH:mm:ss"}, [],
     {"header": "true", "sep": ";", "quote": "'", "escape": "'", "nullValue": "NULL", "emptyValue": "EMPTY",
      "dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy/MM/dd HH:mm:ss"}),
    ("csv_quote_all", "flat", "csv", {"quoteAll": "true"}, [], {}),
    ("csv_no_escape_quotes", "flat", "csv", {"escapeQuotes": "false", "sep": "\t"}, [], {"sep": "\t"}),
    ("csv_no_trim", "flat", "csv", {"ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false"}, [], {}),
    ("csv_datetime_formats", "flat", "csv",
     {"dateFormat": "yyyyMMdd", "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSSSSS XXX",
      "timestampNTZFormat": "dd.MM.yyyy HH:mm:ss"}, [],
     {"dateFormat": "yyyyMMdd", "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSSSSS XXX",
      "timestampNTZFormat": "dd.MM.yyyy HH:mm:ss"}),
    ("csv_gzip", "flat", "csv", {"compression": "gzip", "header": "true"}, [], {"header": "true"}),
    ("csv_partitioned", "parts", "csv", {"header": "true"}, ["p"], {"header": "true"}),
    ("json_default", "flat", "json", {}, [], {}),
    ("json_nested", "nested", "json", {}, [], {}),
    ("json_keep_nulls", "nested", "json", {"ignoreNullFields": "false"}, [], {}),
    ("json_formats", "flat", "json", {"dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy-MM-dd HH:mm:ss XXX"}, [],
     {"dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy-MM-dd HH:mm:ss XXX"}),
    ("json_deflate", "flat", "json", {"compression": "deflate"}, [], {}),
    ("json_partitioned", "parts", "json", {}, ["p", "q"], {}),
    ("json_partitioned_types", "partsdt", "json", {}, ["d", "ts", "dec", "dbl", "flag"], {}),
    ("text_default", "text", "text", {}, [], {}),
    ("text_gzip", "text", "text", {"compression": "gzip"}, [], {}),
    ("text_partitioned", "textp", "text", {}, ["p"], {}),
    ("error_text_columns", "flat", "text", {}, [], {}),
    ("error_csv_struct", "nested", "csv", {}, [], {}),
    ("error_all_partition_columns", "textp", "json", {}, ["value", "p"], {}),
    ("error_missing_partition_column", "parts", "json", {}, ["nope"], {}),
    ("error_struct_partition_column", "nested", "json", {}, ["st"], {}),
    ("error_parquet_codec", "flat", "parquet", {"compression": "bogus"}, [], {}),
    ("error_csv_codec", "flat", "csv", {"compression": "bogus"}, [], {}),
]

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def data_files(d):
    """The data files of an output directory, relative, sorted, uuid masked."""
    out = []
    for p in sorted(glob.glob(os.path.join(d, "**", "*"), recursive=True)):
        name = os.path.basename(p)
        if os.path.isdir(p) or name.startswith(".") or name.startswith("_"):
            continue
        out.append(os.path.relpath(p, d))
    return out


def read_schema(ddl, partition_by):
    """The schema to read a case's output with: data columns, then partition columns."""
    cols = []
    depth = 0
    cur = ""
    for ch in ddl:
        if ch == "<" or ch == "(":
            depth += 1
        elif ch == ">" or ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            cols.append(cur.strip())
            cur = ""
        else:
            cur += ch
    cols.append(cur.strip())
    names = [c.split(" ", 1)[0] for c in cols]
    data = [c for c, n in zip(cols, names) if n not in partition_by]
    parts = [cols[names.index(p)] for p in partition_by if p in names]
    return ", ".join(data + parts)


def collect(df):
    """Sorted rendered rows. Top-level decimals are rendered at their column's scale
    (PySpark may hand back an equal Decimal with a different exponent)."""
    scales = [f.dataType.scale if isinstance(f.dataType, DecimalType) else None for f in df.schema.fields]

    def cell(x, scale):
        if scale is not None and x is not None:
            x = x.quantize(Dec(1).scaleb(-scale))
        return render(x)

    rows = [" | ".join(cell(x, s) for x, s in zip(r, scales)) for r in df.collect()]
    return sorted(rows)


def error_classes(e):
    msg = str(e)
    classes = []
    cond = getattr(e, "getCondition", lambda: None)()
    if cond:
        classes.append(cond)
    for c in re.findall(r"\[([A-Z_][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]", msg):
        if c not in classes:
            classes.append(c)
    return classes or [msg.splitlines()[0][:200]]


def read_back(spark, fmt, d, ddl, partition_by, ropts):
    reader = spark.read.format(fmt).options(**ropts)
    if fmt != "text":
        reader = reader.schema(read_schema(ddl, partition_by))
    df = reader.load(d)
    return df.schema.simpleString(), collect(df)


def main():
    spark = (SparkSession.builder.master("local[1]")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "inputs"))
    tmp = tempfile.mkdtemp()

    datasets = {}
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    for name, (ddl, rows) in DATASETS.items():
        df = spark.createDataFrame(rows, ddl)
        d = os.path.join(tmp, "in_" + name)
        df.coalesce(1).write.parquet(d)
        [f] = data_files(d)
        shutil.copy(os.path.join(d, f), os.path.join(OUT, "inputs", name + ".parquet"))
        datasets[name] = {"schema": df.schema.simpleString(), "rows": collect(df)}
    spark.conf.unset("spark.sql.parquet.outputTimestampType")

    cases = []
    for name, ds, fmt, opts, parts, ropts in CASES:
        ddl = DATASETS[ds][0]
        case = {"name": name, "dataset": ds, "format": fmt, "options": opts, "partitionBy": parts,
                "readOptions": ropts,
                "readSchema": _parse_datatype_string(read_schema(ddl, parts)).simpleString()}
        df = spark.read.parquet(os.path.join(OUT, "inputs", ds + ".parquet"))
        d = os.path.join(tmp, "spark_" + name)
        try:
            w = df.coalesce(1).write.format(fmt).options(**opts)
            if parts:
                w = w.partitionBy(*parts)
            w.save(d)
        except Exception as e:  # noqa: BLE001 - the error classes are the expected output
            case["errors"] = error_classes(e)
            cases.append(case)
            continue
        files = data_files(d)
        case["sparkFiles"] = [UUID_RE.sub("<uuid>", f) for f in files]
        for f in files:
            dst = os.path.join(OUT, "spark", name, UUID_RE.sub("spark", f))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(d, f), dst)
        case["sparkSchema"], case["sparkRows"] = read_back(spark, fmt, d, ddl, parts, ropts)
        cases.append(case)

    golden = os.path.join(OUT, "golden.json")

    def save():
        with open(golden, "w") as f:
            json.dump({"datasets": datasets, "cases": cases}, f, indent=1, ensure_ascii=False)
            f.write("\n")

    save()
    ours = os.path.join(tmp, "ours")
    subprocess.run(["go", "test", "./datasource", "-count=1", "-run", "TestWriteGolden$",
                    "-write-golden-out=" + ours], cwd=ROOT, check=True)
    for case in cases:
        if "errors" in case:
            continue
        d = os.path.join(ours, case["name"])
        ddl = DATASETS[case["dataset"]][0]
        case["oursFiles"] = [UUID_RE.sub("<uuid>", f) for f in data_files(d)]
        try:
            case["oursSchema"], case["oursRows"] = read_back(spark, case["format"], d, ddl, case["partitionBy"],
                                                             case["readOptions"])
        except Exception as e:  # noqa: BLE001
            case["oursErrors"] = error_classes(e)
    save()
    shutil.rmtree(tmp, ignore_errors=True)
    spark.stop()


if __name__ == "__main__":
    main()
