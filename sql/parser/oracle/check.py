#!/usr/bin/env python3
"""Checks the parser's golden files against real Apache Spark.

Usage (needs Java 17 and `pip install pyspark`; not run in CI):

    python3 sql/parser/oracle/check.py [sql/parser/testdata/FILE ...]

Every case of the datadriven files in sql/parser/testdata is given to Spark's own
parser (through PySpark's JVM gateway):

  parse / expr / type / schema   Spark must accept the input;
  error [...]                    Spark must reject it with the same error class,
                                 message parameters, line and position.

Cases carrying an argument deviation=... record a known, intended difference and are
skipped. The script prints each disagreement and exits non-zero if there is any.
"""
import glob
import os
import re
import sys


def cases(path):
    """Yields (line, directive, args, input, expected) for each case of a file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        start = i + 1
        words = line.split()
        cmd, args = words[0], words[1:]
        i += 1
        inp = []
        while i < len(lines) and lines[i] != "----":
            inp.append(lines[i])
            i += 1
        i += 1  # ----
        out = []
        double = i < len(lines) and lines[i] == "----"
        if double:
            i += 1
            while i < len(lines) and not (lines[i] == "----" and i + 1 < len(lines) and lines[i + 1] == "----"):
                out.append(lines[i])
                i += 1
            i += 2
        else:
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
        yield start, cmd, args, "\n".join(inp), out


def expected_error(out):
    m = re.match(r"(\S+) \((\S*)\) line (\d+) pos (\d+)", out[0])
    params = {}
    for l in out[1:]:
        if l == "--":
            break
        k, _, v = l.partition(": ")
        params[k] = v.rstrip(":") if v == "" else v
    return m.group(1), int(m.group(3)), int(m.group(4)), params


def spark_error(ex):
    cls = ex.getCondition()
    params = dict(ex.getMessageParameters() or {})
    msg = str(ex)
    line = pos = 0
    m = re.search(r"\(line (\d+), pos (\d+)\)", msg)
    if m:
        line, pos = int(m.group(1)), int(m.group(2))
    else:
        m = re.search(r"== SQL \(line (\d+), position (\d+)\) ==", msg)
        if m:
            line, pos = int(m.group(1)), int(m.group(2)) - 1
    return cls, line, pos, params


def main():
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[1]")
             .config("spark.ui.enabled", "false").getOrCreate())
    parser = spark._jsparkSession.sessionState().sqlParser()
    entry = {
        None: parser.parsePlan,
        "expr": parser.parseExpression,
        "type": parser.parseDataType,
        "schema": parser.parseTableSchema,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    files = sys.argv[1:] or sorted(f for f in glob.glob(os.path.join(here, "..", "testdata", "*")) if os.path.isfile(f))
    bad = total = 0
    for path in files:
        for line, cmd, args, inp, out in cases(path):
            if any(a.startswith("deviation") for a in args):
                continue
            total += 1
            kind = {"parse": None, "expr": "expr", "type": "type", "schema": "schema"}.get(cmd)
            if cmd == "error":
                kind = next((a for a in args if a in ("expr", "type", "schema")), None)
            try:
                entry[kind](inp)
                err = None
            except Exception as ex:  # pyspark's ParseException and friends
                err = ex
            where = "%s:%d" % (os.path.basename(path), line)
            if cmd != "error":
                if err is not None:
                    bad += 1
                    print("%s: Spark rejects %r: %s" % (where, inp, str(err).strip().splitlines()[0]))
                continue
            if err is None:
                bad += 1
                print("%s: Spark accepts %r" % (where, inp))
                continue
            want = expected_error(out)
            got = spark_error(err)
            if want != got:
                bad += 1
                print("%s: %r\n   fulgur: %s\n    spark: %s" % (where, inp, want, got))
    print("%d cases, %d disagreements" % (total, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
