"""Generates testdata/golden.json: the answers of real Apache Spark 4.2's session catalog
to a script of catalog operations. golden_test.go replays the same steps on Catalog.

Run from the repository root:
    .cache/oracle/bin/python catalog/testdata/gen_golden.py

Each step is an operation with the arguments the Go test needs and the SQL (or
spark.catalog call) that performs it on Spark. The recorded outcome is either
{"error": {"class", "params", "sqlState"}} or {"ok": result}. Paths under the warehouse
are written as <WH>, external locations as <EXT>.
"""
import json
import os
import shutil
import tempfile

from pyspark.sql import SparkSession

WH = tempfile.mkdtemp(prefix="wh")
EXT = tempfile.mkdtemp(prefix="ext")
shutil.rmtree(EXT)
spark = (SparkSession.builder.master("local[1]")
         .config("spark.sql.warehouse.dir", WH)
         .config("spark.ui.enabled", "false")
         .getOrCreate())
spark.sparkContext.setLogLevel("OFF")


def rel(s):
    s = s.replace("file:" + WH, "file:<WH>").replace("file:" + EXT, "file:<EXT>")
    return s.replace(WH, "<WH>").replace(EXT, "<EXT>")


def bq(name):
    return "`" + name.replace("`", "``") + "`"


def q(db, name):
    return f"{bq(db)}.{bq(name)}" if db else bq(name)


def cols_sql(cols):
    return ", ".join(f"{n} {t}" for n, t in cols)


def spec_sql(spec):
    return ", ".join(f"{k}='{v}'" for k, v in spec.items())


def to_sql(s):
    op = s["op"]
    if op == "createDatabase":
        sql = "CREATE DATABASE " + ("IF NOT EXISTS " if s.get("ifNotExists") else "") + bq(s["name"])
        if s.get("comment"):
            sql += f" COMMENT '{s['comment']}'"
        if s.get("properties"):
            sql += " WITH DBPROPERTIES (" + ", ".join(f"'{k}'='{v}'" for k, v in s["properties"].items()) + ")"
        return sql
    if op == "dropDatabase":
        return ("DROP DATABASE " + ("IF EXISTS " if s.get("ifExists") else "") + bq(s["name"])
                + (" CASCADE" if s.get("cascade") else ""))
    if op == "createTable":
        sql = ("CREATE TABLE " + ("IF NOT EXISTS " if s.get("ifNotExists") else "") + q(s.get("db"), s["name"])
               + f" ({cols_sql(s['cols'])}) USING {s.get('provider', 'parquet')}")
        if s.get("partitionBy"):
            sql += " PARTITIONED BY (" + ", ".join(s["partitionBy"]) + ")"
        if s.get("location"):
            sql += " LOCATION '" + s["location"].replace("<EXT>", EXT) + "'"
        return sql
    if op == "dropTable":
        return "DROP TABLE " + ("IF EXISTS " if s.get("ifExists") else "") + q(s.get("db"), s["name"])
    if op == "dropView":
        return "DROP VIEW " + ("IF EXISTS " if s.get("ifExists") else "") + q(s.get("db"), s["name"])
    if op == "createView":
        return ("CREATE " + ("OR REPLACE " if s.get("replace") else "") + "VIEW "
                + ("IF NOT EXISTS " if s.get("ifNotExists") else "") + q(s.get("db"), s["name"])
                + " AS " + s["text"])
    if op == "renameTable":
        return f"ALTER TABLE {q(s.get('db'), s['name'])} RENAME TO {q(s.get('newDb'), s['newName'])}"
    if op == "setProperties":
        return (f"ALTER TABLE {q(s.get('db'), s['name'])} SET TBLPROPERTIES ("
                + ", ".join(f"'{k}'='{v}'" for k, v in s["properties"].items()) + ")")
    if op == "unsetProperties":
        return (f"ALTER TABLE {q(s.get('db'), s['name'])} UNSET TBLPROPERTIES ("
                + ", ".join(f"'{k}'" for k in s["keys"]) + ")")
    if op == "addColumns":
        return f"ALTER TABLE {q(s.get('db'), s['name'])} ADD COLUMNS ({cols_sql(s['cols'])})"
    if op == "renameColumn":
        return f"ALTER TABLE {q(s.get('db'), s['name'])} RENAME COLUMN {s['from']} TO {s['to']}"
    if op == "addPartitions":
        return (f"ALTER TABLE {q(s.get('db'), s['name'])} ADD " + ("IF NOT EXISTS " if s.get("ifNotExists") else "")
                + " ".join(f"PARTITION ({spec_sql(p)})" for p in s["specs"]))
    if op == "dropPartitions":
        return (f"ALTER TABLE {q(s.get('db'), s['name'])} DROP " + ("IF EXISTS " if s.get("ifExists") else "")
                + ", ".join(f"PARTITION ({spec_sql(p)})" for p in s["specs"]))
    if op == "showPartitions":
        sql = f"SHOW PARTITIONS {q(s.get('db'), s['name'])}"
        if s.get("partial"):
            sql += f" PARTITION ({spec_sql(s['partial'])})"
        return sql
    if op == "recoverPartitions":
        return f"ALTER TABLE {q(s.get('db'), s['name'])} RECOVER PARTITIONS"
    if op == "listTables":
        return f"SHOW TABLES IN {bq(s['db'])}" + (f" LIKE '{s['pattern']}'" if "pattern" in s else "")
    if op == "listDatabases":
        return "SHOW DATABASES" + (f" LIKE '{s['pattern']}'" if "pattern" in s else "")
    if op == "getDatabase":
        return f"DESCRIBE DATABASE EXTENDED {bq(s['name'])}"
    if op == "getTable":
        return f"DESCRIBE TABLE EXTENDED {q(s.get('db'), s['name'])}"
    return None


def result(s, rows):
    op = s["op"]
    if op in ("listTables",):
        return [r[1] for r in rows if not r[2]]
    if op == "listDatabases":
        return [r[0] for r in rows]
    if op == "showPartitions":
        return [r[0] for r in rows]
    if op == "getDatabase":
        d = {r[0]: r[1] for r in rows}
        return {"name": d["Namespace Name"], "comment": d["Comment"], "location": rel(d["Location"]),
                "properties": d["Properties"]}
    if op == "getTable":
        cols, info, part, i = [], {}, [], 0
        while i < len(rows) and rows[i][0] not in ("", "# Partition Information"):
            cols.append(f"{rows[i][0]} {rows[i][1]}")
            i += 1
        if i < len(rows) and rows[i][0] == "# Partition Information":
            i += 2
            while rows[i][0] != "":
                part.append(rows[i][0])
                i += 1
        for r in rows[i:]:
            info[r[0]] = r[1]
        out = {"columns": cols, "partitionColumns": part, "type": info.get("Type"),
               "provider": info.get("Provider", ""), "location": rel(info.get("Location", "")),
               "properties": info.get("Table Properties", "")}
        if info.get("View Text"):
            out["viewText"] = info["View Text"]
        return out
    return None


def dirs():
    out = []
    for root, ds, files in os.walk(WH):
        r = os.path.relpath(root, WH)
        if r != ".":
            out.append(r)
    return sorted(out)


def run(s):
    op = s["op"]
    try:
        if op == "dirs":
            return {"ok": dirs()}
        if op == "mkdir":
            os.makedirs(os.path.join(WH, s["path"]), exist_ok=True)
            if s.get("file"):
                open(os.path.join(WH, s["path"], s["file"]), "w").write("x")
            return {"ok": None}
        if op == "tableExists":
            return {"ok": spark.catalog.tableExists(q(s.get("db"), s["name"]))}
        if op == "databaseExists":
            return {"ok": spark.catalog.databaseExists(s["name"])}
        rows = [tuple(r) for r in spark.sql(to_sql(s)).collect()]
        return {"ok": result(s, rows)}
    except Exception as e:  # pyspark's AnalysisException and friends
        if not hasattr(e, "getCondition") or e.getCondition() is None:
            raise
        params = {k: rel(v) for k, v in (e.getMessageParameters() or {}).items()}
        return {"error": {"class": e.getCondition(), "params": params, "sqlState": e.getSqlState()}}


I, S = "int", "string"
steps = [
    # Databases.
    {"op": "getDatabase", "name": "default"},
    {"op": "createDatabase", "name": "D1", "comment": "first", "properties": {"a": "1"}},
    {"op": "createDatabase", "name": "d1"},
    {"op": "createDatabase", "name": "D1"},
    {"op": "createDatabase", "name": "d1", "ifNotExists": True},
    {"op": "getDatabase", "name": "D1"},
    {"op": "databaseExists", "name": "D1"},
    {"op": "databaseExists", "name": "nope"},
    {"op": "createDatabase", "name": "a-b"},
    {"op": "createDatabase", "name": "dbx"},
    {"op": "listDatabases"},
    {"op": "listDatabases", "pattern": "d*"},
    {"op": "listDatabases", "pattern": "D1|def*"},
    {"op": "listDatabases", "pattern": "x"},
    {"op": "dropDatabase", "name": "nope"},
    {"op": "dropDatabase", "name": "NoPe"},
    {"op": "getDatabase", "name": "NoPe"},
    {"op": "createTable", "db": "NoDb", "name": "T", "cols": [["a", I]]},
    {"op": "listTables", "db": "NoDb"},
    {"op": "createDatabase", "name": "A.B"},
    {"op": "dropDatabase", "name": "nope", "ifExists": True},
    {"op": "dropDatabase", "name": "default"},
    {"op": "dropDatabase", "name": "DEFAULT", "ifExists": True, "cascade": True},
    {"op": "getDatabase", "name": "nope"},
    {"op": "dirs"},
    # Tables.
    {"op": "createTable", "db": "d1", "name": "T1", "cols": [["A", I], ["b", S]]},
    {"op": "createTable", "db": "D1", "name": "t1", "cols": [["a", I]]},
    {"op": "createTable", "db": "d1", "name": "t1", "cols": [["a", I]], "ifNotExists": True},
    {"op": "createTable", "db": "nodb", "name": "t", "cols": [["a", I]]},
    {"op": "createTable", "name": "x-y", "cols": [["a", I]]},
    {"op": "createTable", "name": "t0", "cols": [["a", I]], "provider": "csv"},
    {"op": "createTable", "name": "pt", "cols": [["a", I], ["P", I], ["q", S]], "partitionBy": ["p", "Q"]},
    {"op": "createTable", "name": "ext", "cols": [["a", I]], "location": "<EXT>", "provider": "json"},
    {"op": "getTable", "db": "d1", "name": "T1"},
    {"op": "getTable", "name": "t0"},
    {"op": "getTable", "name": "pt"},
    {"op": "getTable", "name": "ext"},
    {"op": "tableExists", "db": "D1", "name": "T1"},
    {"op": "tableExists", "db": "d1", "name": "nope"},
    {"op": "tableExists", "db": "nodb", "name": "t"},
    {"op": "dirs"},
    {"op": "mkdir", "path": "pre"},
    {"op": "createTable", "name": "pre", "cols": [["a", I]]},
    {"op": "mkdir", "path": "pre2", "file": "f"},
    {"op": "createTable", "name": "pre2", "cols": [["a", I]]},
    {"op": "dropTable", "db": "d1", "name": "nope"},
    {"op": "dropTable", "db": "D1", "name": "NoPe"},
    {"op": "dropView", "db": "D1", "name": "NoPe"},
    {"op": "dropView", "db": "D1", "name": "T1"},
    {"op": "dropDatabase", "name": "D1"},
    {"op": "createView", "db": "D1", "name": "T1", "text": "SELECT 1 AS x", "replace": True},
    {"op": "addColumns", "db": "D1", "name": "T1", "cols": [["B", I]]},
    {"op": "renameColumn", "db": "D1", "name": "T1", "from": "a", "to": "z"},
    {"op": "showPartitions", "db": "D1", "name": "T1"},
    {"op": "createTable", "name": "PRE2", "cols": [["a", I]]},
    {"op": "dropTable", "db": "d1", "name": "nope", "ifExists": True},
    {"op": "dropTable", "db": "nodb", "name": "t"},
    {"op": "dropDatabase", "name": "d1"},
    # Views.
    {"op": "createView", "db": "d1", "name": "v1", "text": "SELECT 1 AS x"},
    {"op": "createView", "db": "d1", "name": "V1", "text": "SELECT 1 AS x"},
    {"op": "createView", "db": "d1", "name": "v1", "text": "SELECT 2 AS y", "ifNotExists": True},
    {"op": "getTable", "db": "d1", "name": "v1"},
    {"op": "createView", "db": "d1", "name": "v1", "text": "SELECT 2 AS y", "replace": True},
    {"op": "getTable", "db": "d1", "name": "v1"},
    {"op": "createView", "db": "d1", "name": "t1", "text": "SELECT 1 AS x"},
    {"op": "createView", "db": "d1", "name": "t1", "text": "SELECT 1 AS x", "ifNotExists": True},
    {"op": "createView", "db": "d1", "name": "t1", "text": "SELECT 1 AS x", "replace": True},
    {"op": "createView", "db": "nodb", "name": "v", "text": "SELECT 1 AS x"},
    {"op": "createTable", "db": "d1", "name": "v1", "cols": [["a", I]]},
    {"op": "dropView", "db": "d1", "name": "t1"},
    {"op": "dropView", "db": "d1", "name": "nope"},
    {"op": "dropView", "db": "d1", "name": "nope", "ifExists": True},
    {"op": "createView", "db": "d1", "name": "v2", "text": "SELECT 1 AS x"},
    {"op": "dropTable", "db": "d1", "name": "v2"},
    {"op": "createView", "db": "d1", "name": "v3", "text": "SELECT 1 AS x"},
    {"op": "dropView", "db": "d1", "name": "V3"},
    # Listing and patterns.
    {"op": "createTable", "name": "t2", "cols": [["a", I]]},
    {"op": "createTable", "name": "tab", "cols": [["a", I]]},
    {"op": "createTable", "name": "v1x", "cols": [["a", I]]},
    {"op": "createView", "name": "v1", "text": "SELECT 1 AS x"},
    {"op": "listTables", "db": "default"},
    {"op": "listTables", "db": "d1"},
    {"op": "listTables", "db": "nodb"},
] + [{"op": "listTables", "db": "default", "pattern": p} for p in
     ["t*", "T*|v*", "*1", "t.", "t?", " t1 ", "t2 | pt", "[tv]1", "*", "", "t(", "v1*|t(", "T2", "ta_", "%", "t%", "e.t|pre*"]] + [
    # Alter.
    {"op": "addColumns", "db": "d1", "name": "t1", "cols": [["a", I]]},
    {"op": "addColumns", "db": "d1", "name": "t1", "cols": [["c", I], ["C", S]]},
    {"op": "addColumns", "db": "d1", "name": "t1", "cols": [["c", I]]},
    {"op": "addColumns", "name": "pt", "cols": [["z", S]]},
    {"op": "getTable", "name": "pt"},
    {"op": "getTable", "db": "d1", "name": "t1"},
    {"op": "renameColumn", "db": "d1", "name": "t1", "from": "a", "to": "z"},
    {"op": "setProperties", "db": "d1", "name": "t1", "properties": {"k": "v", "K2": "v2"}},
    {"op": "getTable", "db": "d1", "name": "t1"},
    {"op": "unsetProperties", "db": "d1", "name": "t1", "keys": ["k", "nokey"]},
    {"op": "getTable", "db": "d1", "name": "t1"},
    {"op": "renameTable", "db": "d1", "name": "t1", "newDb": "d1", "newName": "T1R"},
    {"op": "getTable", "db": "d1", "name": "t1r"},
    {"op": "renameTable", "db": "d1", "name": "t1r", "newDb": "default", "newName": "t1r"},
    {"op": "renameTable", "name": "t0", "newName": "t2"},
    {"op": "renameTable", "name": "T0", "newName": "T2"},
    {"op": "renameTable", "name": "T0", "newDb": "DbX", "newName": "T2"},
    {"op": "renameTable", "name": "ext", "newName": "ext2"},
    {"op": "getTable", "name": "ext2"},
    {"op": "renameTable", "db": "d1", "name": "v1", "newDb": "d1", "newName": "v1r"},
    {"op": "getTable", "db": "d1", "name": "v1r"},
    {"op": "dirs"},
    # Partitions.
    {"op": "showPartitions", "name": "pt"},
    {"op": "addPartitions", "name": "pt", "specs": [{"p": "1", "q": "a"}, {"P": "2", "q": "b/c"}, {"p": "10", "q": "a"}]},
    {"op": "addPartitions", "name": "pt", "specs": [{"p": "1", "q": "a"}]},
    {"op": "addPartitions", "name": "pt", "specs": [{"p": "3", "q": "x"}, {"p": "1", "q": "a"}, {"p": "2", "q": "b/c"}]},
    {"op": "addPartitions", "name": "pt", "specs": [{"p": "1", "q": "a"}, {"p": "4", "q": "d"}], "ifNotExists": True},
    {"op": "addPartitions", "name": "pt", "specs": [{"p": "1"}]},
    {"op": "addPartitions", "name": "PT", "specs": [{"p": "1", "q": "a"}]},
    {"op": "dropPartitions", "name": "PT", "specs": [{"p": "7", "q": "a"}]},
    {"op": "showPartitions", "name": "pt"},
    {"op": "showPartitions", "name": "pt", "partial": {"P": "1"}},
    {"op": "dirs"},
    {"op": "dropPartitions", "name": "pt", "specs": [{"p": "9", "q": "z"}, {"p": "8", "q": "z"}]},
    {"op": "dropPartitions", "name": "pt", "specs": [{"p": "9", "q": "z"}], "ifExists": True},
    {"op": "dropPartitions", "name": "pt", "specs": [{"p": "1", "q": "a"}]},
    {"op": "dirs"},
    {"op": "showPartitions", "name": "tab"},
    {"op": "showPartitions", "name": "v1"},
    {"op": "showPartitions", "name": "nope"},
    {"op": "mkdir", "path": "pt/p=5/q=x", "file": "part-0"},
    {"op": "mkdir", "path": "pt/P=6/q=y%2Fz", "file": "part-0"},
    {"op": "mkdir", "path": "pt/junk"},
    {"op": "mkdir", "path": "pt/_tmp/q=1"},
    {"op": "recoverPartitions", "name": "pt"},
    {"op": "showPartitions", "name": "pt"},
    {"op": "renameTable", "name": "pt", "newName": "pt2"},
    {"op": "showPartitions", "name": "pt2"},
    {"op": "dirs"},
    # Drops.
    {"op": "dropTable", "name": "ext2"},
    {"op": "dropTable", "name": "pt2"},
    {"op": "dropTable", "name": "t2"},
    {"op": "dirs"},
    {"op": "dropDatabase", "name": "d1", "cascade": True},
    {"op": "listDatabases"},
    {"op": "dirs"},
    {"op": "getTable", "db": "d1", "name": "t1r"},
]

out = []
for s in steps:
    r = run(s)
    print(s["op"], json.dumps(s)[:100], "=>", json.dumps(r)[:200])
    e = dict(s)
    e.update(r)
    out.append(e)
# <EXT> must exist after the external table's data is written for the Go side too.
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden.json")
with open(path, "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(e, sort_keys=True) for e in out) + "\n]\n")
spark.stop()
