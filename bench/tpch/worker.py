"""One engine's client for the TPC-H harness (bench/tpch/bench.py starts it).

    python worker.py connect    # PySpark Connect client (run with .cache/py4: pyspark-client 4.2.0)
    python worker.py duckdb     # DuckDB in this process (run with the bench venv)

It reads one JSON request per line on stdin and answers one JSON line on stdout:

    {"op": "connect", "url": "sc://127.0.0.1:N", "deadline": 300}
        -> {"ok": true, "seconds": S}    first successful `SELECT 1` (a new session per try)
    {"op": "setup", "data": DIR, "tables": [...]}
        -> {"ok": true}                  temp views over DIR/<table>.parquet
    {"op": "query", "sql": SQL, "timeout": T, "rows": true}
        -> {"ok": true, "seconds": S, "columns": [...], "rows": [[...], ...]}
        -> {"ok": false, "error": "...", "timeout": bool, "stuck": bool}
    {"op": "quit"}

The same code drives every Spark Connect engine (Fulgur, Spark, Sail): a query is
`spark.sql(sql).collect()`, timed around that call. A query that runs past its timeout is
interrupted (`interruptAll`, DuckDB's `interrupt`); "stuck" means it did not stop within a
grace period and the harness should restart the engine.
"""
import datetime
import decimal
import json
import os
import sys
import threading
import time

# Protocol lines go to the real stdout; anything the libraries print goes to stderr.
_proto = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr

GRACE = 30.0


def jsonable(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, (float, decimal.Decimal)):
        return float(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return str(v)


class Connect:
    def __init__(self):
        from pyspark.sql import SparkSession  # noqa: F401 (import time is not start-up time)
        self.spark = None

    def connect(self, url, deadline):
        from pyspark.sql import SparkSession
        t0 = time.perf_counter()
        last = None
        while time.perf_counter() - t0 < deadline:
            try:
                s = SparkSession.builder.remote(url).create()
                s.sql("SELECT 1").collect()
                self.spark = s
                return time.perf_counter() - t0
            except Exception as e:  # not up yet: a fresh session (and channel) next time
                last = e
                time.sleep(0.05)
        raise RuntimeError(f"no answer from {url} in {deadline}s: {last}")

    def setup(self, data, tables):
        for t in tables:
            self.spark.read.parquet(os.path.join(data, t + ".parquet")).createOrReplaceTempView(t)

    def run(self, sql):
        rows = self.spark.sql(sql).collect()
        cols = list(rows[0].__fields__) if rows else []
        return cols, rows

    def interrupt(self):
        self.spark.interruptAll()


class DuckDB:
    def __init__(self):
        import duckdb
        self.duckdb = duckdb
        self.con = None

    def connect(self, url, deadline):
        t0 = time.perf_counter()
        self.con = self.duckdb.connect()
        threads = os.environ.get("BENCH_DUCKDB_THREADS")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        mem = os.environ.get("BENCH_DUCKDB_MEMORY")
        if mem:
            self.con.execute(f"SET memory_limit = '{mem}'")
        self.con.execute("SELECT 1").fetchall()
        return time.perf_counter() - t0

    def setup(self, data, tables):
        for t in tables:
            p = os.path.join(data, t + ".parquet").replace("'", "''")
            self.con.execute(f"CREATE OR REPLACE VIEW {t} AS SELECT * FROM read_parquet('{p}')")

    def run(self, sql):
        cur = self.con.execute(sql)
        rows = cur.fetchall()
        cols = [d[0] for d in cur.description]
        return cols, rows

    def interrupt(self):
        self.con.interrupt()


def reply(obj):
    _proto.write(json.dumps(obj) + "\n")
    _proto.flush()


def run_query(engine, req):
    box = {}

    def target():
        try:
            t = time.perf_counter()
            cols, rows = engine.run(req["sql"])
            box["seconds"] = time.perf_counter() - t
            box["cols"], box["rows"] = cols, rows
        except BaseException as e:  # noqa: BLE001 - reported to the harness
            box["error"] = f"{type(e).__name__}: {e}"

    th = threading.Thread(target=target, daemon=True)
    th.start()
    th.join(req.get("timeout") or None)
    if th.is_alive():
        try:
            engine.interrupt()
        except Exception:  # noqa: BLE001
            pass
        th.join(GRACE)
        return {"ok": False, "timeout": True, "stuck": th.is_alive(),
                "error": f"timed out after {req.get('timeout')} s"}
    if "error" in box:
        return {"ok": False, "timeout": False, "error": box["error"][:2000]}
    out = {"ok": True, "seconds": box["seconds"], "nrows": len(box["rows"])}
    if req.get("rows"):
        out["columns"] = box["cols"]
        out["rows"] = [[jsonable(v) for v in r] for r in box["rows"]]
    return out


def main():
    kind = sys.argv[1]
    engine = Connect() if kind == "connect" else DuckDB()
    reply({"ok": True, "ready": True, "pid": os.getpid()})
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        try:
            if op == "connect":
                reply({"ok": True, "seconds": engine.connect(req.get("url"), req.get("deadline", 300))})
            elif op == "setup":
                engine.setup(req["data"], req["tables"])
                reply({"ok": True})
            elif op == "query":
                reply(run_query(engine, req))
            elif op == "quit":
                reply({"ok": True})
                break
            else:
                reply({"ok": False, "error": f"unknown op {op}"})
        except Exception as e:  # noqa: BLE001
            reply({"ok": False, "error": f"{type(e).__name__}: {e}"[:2000]})
    os._exit(0)


if __name__ == "__main__":
    main()
