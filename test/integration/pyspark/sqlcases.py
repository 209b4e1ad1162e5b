"""The SQL corpus: cases in test/integration/sql/cases/*.sql, run on real Apache Spark
to record goldens (gen_goldens.py) and on Fulgur to compare (test_sql.py).

A case file holds cases, each introduced by a header line

    -- case: <name> [ordered]

followed by one or more statements, each ending with ';' at the end of a line. Every
statement but the last is executed for its effect; the last one's result is recorded:
its schema (simpleString) and rows, or the error class it raises. Rows are compared as
a sorted list unless the case is marked ordered. setup.sql creates the fixtures all
cases share.
"""
import datetime
import decimal
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SQLDIR = os.path.join(HERE, "..", "sql")
GOLDEN = os.path.join(HERE, "..", "testdata", "sqlgolden")
HEADER = re.compile(r"^-- case: *(\S+)(.*)$")


class Case:
    def __init__(self, file, name, flags, text):
        self.file, self.name, self.flags, self.text = file, name, flags, text

    @property
    def id(self):
        return self.file + ":" + self.name

    @property
    def ordered(self):
        return "ordered" in self.flags


def statements(text):
    """Splits text into statements at ';' that end a line; comment lines are dropped."""
    out, cur = [], []
    for line in text.split("\n"):
        if line.lstrip().startswith("--") and not cur:
            continue
        cur.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(cur).strip().rstrip(";").strip()
            if stmt:
                out.append(stmt)
            cur = []
    rest = "\n".join(cur).strip()
    if rest:
        out.append(rest)
    return out


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(SQLDIR, "cases", "*.sql"))):
        file = os.path.basename(path)[:-4]
        name, flags, body = None, "", []
        seen = set()
        for line in open(path, encoding="utf-8").read().split("\n") + ["-- case: <end>"]:
            m = HEADER.match(line)
            if not m:
                body.append(line)
                continue
            if name is not None:
                if name in seen:
                    raise ValueError("duplicate case %s in %s" % (name, path))
                seen.add(name)
                cases.append(Case(file, name, flags.split(), "\n".join(body)))
            name, flags, body = m.group(1), m.group(2), []
    return cases


def known_failures():
    """Cases Fulgur does not pass yet: id -> reason (sql/known_failures.txt)."""
    out = {}
    path = os.path.join(SQLDIR, "known_failures.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if line and not line.startswith("#"):
                cid, _, reason = line.partition(" ")
                out[cid] = reason.strip()
    return out


def setup(spark):
    for stmt in statements(open(os.path.join(SQLDIR, "setup.sql"), encoding="utf-8").read()):
        spark.sql(stmt).collect()


def error_class(exc):
    """The error class of an exception. The 3.5 Connect client never fills
    getErrorClass(), so the class is read from Spark's "[CLASS] message" text then."""
    for getter in ("getCondition", "getErrorClass"):
        f = getattr(exc, getter, None)
        if f is not None:
            try:
                c = f()
            except Exception:  # noqa: BLE001 - older clients raise on missing fields
                c = None
            if c:
                return c
    m = re.search(r"\[([A-Z_][A-Z0-9_.]+)\]", str(exc))
    return m.group(1) if m else type(exc).__name__


def render(v):
    """A stable text form of a collected value, equal across Spark and Fulgur."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return "X'" + bytes(v).hex().upper() + "'"
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, dict):
        return "{" + ", ".join(render(k) + ": " + render(x) for k, x in v.items()) + "}"
    if hasattr(v, "asDict"):
        return "{" + ", ".join(k + ": " + render(x) for k, x in v.asDict().items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(render(x) for x in v) + "]"
    return repr(v)


def run(spark, case):
    """Runs a case and returns its result as a JSON-able dict."""
    stmts = statements(case.text)
    try:
        for s in stmts[:-1]:
            spark.sql(s).collect()
        df = spark.sql(stmts[-1])
        rows = ["(" + ", ".join(render(v) for v in r) + ")" for r in df.collect()]
        if not case.ordered:
            rows.sort()
        return {"schema": df.schema.simpleString(), "rows": rows}
    except Exception as e:  # noqa: BLE001 - every failure is a result to compare
        if type(e).__name__ in ("AssertionError", "KeyboardInterrupt"):
            raise
        return {"error": error_class(e)}


def golden_path(file):
    return os.path.join(GOLDEN, file + ".json")


def write_goldens(spark):
    setup(spark)
    by_file = {}
    for c in load_cases():
        by_file.setdefault(c.file, {})[c.name] = run(spark, c)
    os.makedirs(GOLDEN, exist_ok=True)
    for file, results in by_file.items():
        with open(golden_path(file), "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write("\n")
        print("wrote", golden_path(file), len(results), "cases")


def golden(case):
    with open(golden_path(case.file), encoding="utf-8") as f:
        return json.load(f)[case.name]
