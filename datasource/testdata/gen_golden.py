"""Regenerates the CSV and JSON golden files from real Apache Spark.

Run from the repository root:

    .cache/oracle/bin/python datasource/testdata/gen_golden.py

Each case reads one file of datasource/testdata/<format>/ with the given options (and
optionally a user schema, as DDL) and records what Spark produced: the schema's
simpleString, the rows rendered as text (see render), or the error classes named in the
error message. The Go tests (csv_test.go, json_test.go) read the same files through
the Format interface and compare with these goldens. Never edit the goldens by hand.
"""

import datetime
import decimal
import json
import math
import os
import re
import time

os.environ["TZ"] = "UTC"
time.tzset()

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import Row  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

CSV_CASES = [
    ("basic_header_infer", "basic.csv", {"header": "true", "inferSchema": "true"}, None),
    ("basic_header_strings", "basic.csv", {"header": "true"}, None),
    ("basic_no_header", "basic.csv", {}, None),
    ("quotes", "quotes.csv", {}, None),
    ("quotes_multiline", "quotes.csv", {"multiLine": "true"}, None),
    ("quotes_corrupt", "quotes.csv", {}, "a INT, b STRING, c STRING, _corrupt_record STRING"),
    ("quotes_multiline_corrupt", "quotes.csv", {"multiLine": "true"}, "a INT, b STRING, c STRING, _corrupt_record STRING"),
    ("quotes_dropmalformed", "quotes.csv", {"mode": "DROPMALFORMED"}, "a INT, b STRING, c STRING"),
    ("quotes_failfast", "quotes.csv", {"mode": "FAILFAST"}, "a INT, b STRING, c STRING"),
    ("conflicts_infer", "conflicts.csv", {"header": "true", "inferSchema": "true"}, None),
    ("empty", "empty.csv", {"header": "true", "inferSchema": "true"}, None),
    ("empty_schema", "empty.csv", {}, "a INT, b STRING"),
    ("header_only", "header_only.csv", {"header": "true", "inferSchema": "true"}, None),
    ("header_only_noinfer", "header_only.csv", {"header": "true"}, None),
    ("options", "options.csv", {"header": "true", "sep": ";", "nullValue": "NA", "emptyValue": "EMPTY", "comment": "#"}, None),
    ("options_trim", "options.csv", {"header": "true", "sep": ";", "nullValue": "NA", "comment": "#",
                                     "ignoreLeadingWhiteSpace": "true", "ignoreTrailingWhiteSpace": "true", "inferSchema": "true"}, None),
    ("options_quote", "quotes.csv", {"quote": "'", "escape": "'"}, None),
    ("malformed_permissive", "malformed.csv", {"header": "true"}, "a INT, b INT, c INT, _corrupt_record STRING"),
    ("malformed_permissive_nocorrupt", "malformed.csv", {"header": "true"}, "a INT, b INT, c INT"),
    ("malformed_custom_corrupt", "malformed.csv", {"header": "true", "columnNameOfCorruptRecord": "bad"}, "a INT, b INT, c INT, bad STRING"),
    ("malformed_drop", "malformed.csv", {"header": "true", "mode": "DROPMALFORMED"}, "a INT, b INT, c INT"),
    ("malformed_failfast", "malformed.csv", {"header": "true", "mode": "FAILFAST"}, "a INT, b INT, c INT"),
    ("malformed_infer", "malformed.csv", {"header": "true", "inferSchema": "true"}, None),
    ("dates_format", "dates.csv", {"header": "true", "dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy/MM/dd HH:mm:ss"},
     "d DATE, t TIMESTAMP"),
    ("dates_format_infer", "dates.csv", {"header": "true", "inferSchema": "true", "dateFormat": "dd/MM/yyyy",
                                         "timestampFormat": "yyyy/MM/dd HH:mm:ss"}, None),
    ("typed_schema", "basic.csv", {"header": "true"},
     "id BYTE, name STRING, score DOUBLE, big DECIMAL(20,0), ratio DOUBLE, flag BOOLEAN, day DATE, ts TIMESTAMP, note STRING"),
    ("decimal_schema", "conflicts.csv", {"header": "true"},
     "i2d DECIMAL(5,1), i2s STRING, d2ts TIMESTAMP, l2dec DECIMAL(38,0), dec2d DECIMAL(4,2), b2s BOOLEAN, ts_only TIMESTAMP_NTZ, date_only DATE, neg LONG, plus SHORT"),
    ("multiline", "multiline.csv", {"header": "true", "multiLine": "true", "inferSchema": "true"}, None),
    ("multiline_off", "multiline.csv", {"header": "true"}, None),
    ("linesep", "linesep.csv", {"lineSep": ";", "header": "true", "inferSchema": "true"}, None),
    ("split", "split.csv", {"header": "true", "inferSchema": "true"}, None),
    ("split_multiline", "split.csv", {"header": "true", "multiLine": "true"}, None),
]

JSON_CASES = [
    ("basic", "basic.json", {}, None),
    ("conflicts", "conflicts.json", {}, None),
    ("primitives_as_string", "conflicts.json", {"primitivesAsString": "true"}, None),
    ("malformed_infer", "malformed.json", {}, None),
    ("malformed_drop", "malformed.json", {"mode": "DROPMALFORMED"}, None),
    ("malformed_failfast_infer", "malformed.json", {"mode": "FAILFAST"}, None),
    ("malformed_schema", "malformed.json", {}, "a LONG, b STRING, _corrupt_record STRING"),
    ("malformed_schema_drop", "malformed.json", {"mode": "DROPMALFORMED"}, "a LONG, b STRING"),
    ("malformed_schema_failfast", "malformed.json", {"mode": "FAILFAST"}, "a LONG, b STRING"),
    ("multiline_array", "multiline_array.json", {"multiLine": "true"}, None),
    ("multiline_object", "multiline_object.json", {"multiLine": "true"}, None),
    ("multiline_off", "multiline_object.json", {}, None),
    ("lenient_default", "lenient.json", {}, None),
    ("lenient_all", "lenient.json", {"allowComments": "true", "allowUnquotedFieldNames": "true"}, None),
    ("no_single_quotes", "lenient.json", {"allowSingleQuotes": "false"}, None),
    ("numbers", "numbers.json", {}, None),
    ("prefers_decimal", "numbers.json", {"prefersDecimal": "true"}, None),
    ("schema_convert", "schema.json", {},
     "a STRING, b INT, c DATE, d TIMESTAMP, e DECIMAL(10,2), f ARRAY<INT>, g STRUCT<h: INT, i: INT>, t DOUBLE, _corrupt_record STRING"),
    ("schema_projection", "basic.json", {}, "score DOUBLE, name STRING, missing STRING"),
    ("schema_nested", "basic.json", {}, "addr STRUCT<zip: STRING, city: STRING>, tags ARRAY<STRING>, extra STRUCT<deep: STRUCT<x: ARRAY<LONG>>>"),
    ("empty", "empty.json", {}, None),
    ("split", "split.json", {}, None),
]


def render(v):
    """Renders a collected value; the Go tests render Arrow values the same way."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, datetime.datetime):
        s = v.strftime("%Y-%m-%d %H:%M:%S")
        if v.microsecond:
            s += ".%06d" % v.microsecond
        return s
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (bytes, bytearray)):
        return "0x" + bytes(v).hex()
    if isinstance(v, Row):
        return "{" + ",".join(render(x) for x in v) + "}"
    if isinstance(v, list):
        return "[" + ",".join(render(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(render(k) + ":" + render(x) for k, x in sorted(v.items())) + "}"
    raise TypeError(type(v))


def run(spark, fmt, cases):
    out = []
    for name, fname, opts, ddl in cases:
        path = os.path.join(HERE, fmt, fname)
        case = {"name": name, "file": fname, "options": opts, "schema": None}
        try:
            reader = spark.read.format(fmt).options(**opts)
            if ddl is not None:
                reader = reader.schema(ddl)
            df = reader.load(path)
            if ddl is not None:
                case["schema"] = df.schema.simpleString()
            case["inferred"] = df.schema.simpleString()
            case["rows"] = [[render(x) for x in r] for r in df.collect()]
        except Exception as e:  # noqa: BLE001 - the error classes are the expected output
            msg = str(e)
            classes = []
            for c in re.findall(r"\[([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)*)\]", msg):
                if c not in classes:
                    classes.append(c)
            case["errors"] = classes or [msg.splitlines()[0][:200]]
        out.append(case)
    with open(os.path.join(HERE, fmt, "golden.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


def main():
    spark = (SparkSession.builder.master("local[1]")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.ui.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    run(spark, "csv", CSV_CASES)
    run(spark, "json", JSON_CASES)
    spark.stop()


if __name__ == "__main__":
    main()
