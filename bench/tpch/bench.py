"""TPC-H benchmark: the 22 queries of bench/tpch/queries on one set of tpchgen-cli parquet
files, on Fulgur, Apache Spark 4.2 (Spark Connect), Sail (Spark Connect) and DuckDB.

    make bench SF=1                       # builds, installs, generates data, runs, reports
    .cache/bench/venv/bin/python bench/tpch/bench.py --sf 0.1 [--runs 3] [--timeout 300]
        [--engines fulgur,spark,sail,duckdb] [--queries q01,q06] [--no-md]
    .cache/bench/venv/bin/python bench/tpch/bench.py --report .cache/bench/results/X.json

How it measures (see BENCHMARKS.md, section TPC-H):
- Every Spark Connect engine is driven by the same client code (bench/tpch/worker.py under
  .cache/py4: pyspark-client 4.2.0): temp views over the parquet files, then
  `spark.sql(q).collect()`. DuckDB runs the same SQL text in-process (worker.py under the
  bench venv); it needs no dialect change for these 22 queries.
- The servers run side by side on free ports on 127.0.0.1; per query, each engine runs a
  warm-up, then --runs timed runs, engines interleaved (run 1 on every engine, then run
  2, ...). The median of the timed runs is reported.
- The warm-up's answer is compared with DuckDB's (bench/tpch/compare.py); a wrong answer
  is a failure of that query on that engine, not a time, and its timed runs are skipped,
  as are those of a query that errors or passes --timeout.
- Start-up time: launch of the server process to the first answered `SELECT 1`.
  Peak RSS: VmHWM of the server process (and its children), sampled from /proc; for
  DuckDB, of the worker process that embeds it.
Results: .cache/bench/results/tpch-sf<SF>-<time>.json (written after every query),
a PNG of per-query time ratios beside it (copied to bench/tpch/), and the Markdown
section of BENCHMARKS.md for that scale factor.
"""
import argparse
import datetime
import json
import os
import platform
import queue
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in bench/tpch
import compare  # noqa: E402

QUERIES = os.path.join(HERE, "queries")
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
CACHE = os.path.join(ROOT, ".cache")
VENV = os.path.join(CACHE, "bench", "venv")
ALL_ENGINES = ["fulgur", "spark", "sail", "duckdb"]
LABELS = {
    "fulgur": "Fulgur (local)",
    "spark": "Spark 4.2 Connect (local[2])",
    "sail": "Sail (local)",
    "duckdb": "DuckDB (in-process)",
}
SHORT = {"fulgur": "Fulgur", "spark": "Spark", "sail": "Sail", "duckdb": "DuckDB"}
UNAVAILABLE = [{"name": "fulgur-cluster", "label": "Fulgur driver + 2 executors",
                "note": "not yet available: cluster mode is not built"}]


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, deadline):
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def vm_hwm_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def die_with_parent():
    """preexec_fn: the child gets SIGKILL when the harness dies, so nothing is left running."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001
        pass


def descendants(pid):
    try:
        import psutil
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except Exception:  # noqa: BLE001
        return []


class Worker:
    """A worker.py process and a reader thread for its answers."""

    def __init__(self, python, kind, logf, env=None):
        self.proc = subprocess.Popen([python, os.path.join(HERE, "worker.py"), kind],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=logf,
                                     text=True, bufsize=1, env=env, cwd=ROOT,
                                     preexec_fn=die_with_parent)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.get(120)
        if not ready or not ready.get("ready"):
            raise RuntimeError(f"worker {kind} did not start: {ready}")

    def _read(self):
        for line in self.proc.stdout:
            try:
                self.q.put(json.loads(line))
            except ValueError:
                pass
        self.q.put(None)

    def get(self, timeout):
        try:
            return self.q.get(timeout=timeout)
        except queue.Empty:
            return {"ok": False, "error": f"no answer from the client in {timeout:.0f} s",
                    "timeout": True, "stuck": True}

    def send(self, req):
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            return None
        except (BrokenPipeError, OSError) as e:
            return {"ok": False, "error": f"client gone: {e}", "stuck": True}

    def call(self, req, timeout, alive=None):
        """Send req and wait for the answer; give up early when alive() turns false."""
        err = self.send(req)
        if err:
            return err
        t0 = time.perf_counter()
        while True:
            left = timeout - (time.perf_counter() - t0)
            if left <= 0:
                return {"ok": False, "error": f"no answer from the client in {timeout:.0f} s",
                        "timeout": True, "stuck": True}
            try:
                r = self.q.get(timeout=min(left, 0.5))
            except queue.Empty:
                if alive is not None and not alive():
                    return {"ok": False, "error": "server died", "crash": True, "stuck": True}
                continue
            if r is None:
                return {"ok": False, "error": "client exited", "stuck": True}
            return r

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


class Engine:
    def __init__(self, name, args, data):
        self.name, self.args, self.data = name, args, data
        self.kind = "duckdb" if name == "duckdb" else "connect"
        self.server = None
        self.worker = None
        self.startups = []
        self.peaks_kib = []
        self.hwm = {}
        self.restarts = -1
        self.cmd = None
        self.logpath = os.path.join(args.logdir, f"{name}.log")
        self.logf = open(self.logpath, "a")
        self.tmp = tempfile.mkdtemp(prefix=f"bench-{name}-", dir=args.tmpdir)

    # -- server command lines -------------------------------------------------------------
    def server_cmd(self, port):
        a = self.args
        if self.name == "fulgur":
            return [a.driver, "--host", "127.0.0.1", "--port", str(port), "--slots", str(a.cores),
                    "--warehouse", os.path.join(self.tmp, "warehouse"), "--log-level", "warn"], None
        if self.name == "spark":
            home = spark_home()
            env = dict(os.environ, SPARK_HOME=home, SPARK_LOCAL_DIRS=self.tmp,
                       SPARK_LOG_DIR=self.tmp, SPARK_LOCAL_IP="127.0.0.1")
            return [os.path.join(home, "bin", "spark-submit"), "--master", f"local[{a.cores}]",
                    "--driver-memory", a.spark_memory,
                    "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
                    "--name", "fulgur-bench",
                    "--conf", f"spark.connect.grpc.binding.port={port}",
                    "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
                    "--conf", "spark.ui.enabled=false",
                    "--conf", f"spark.sql.warehouse.dir={os.path.join(self.tmp, 'warehouse')}",
                    "--conf", f"spark.driver.extraJavaOptions=-Dderby.system.home={self.tmp}",
                    "spark-internal"], env
        if self.name == "sail":
            return [os.path.join(VENV, "bin", "sail"), "spark", "server", "--ip", "127.0.0.1",
                    "--port", str(port), "-C", self.tmp], None
        return None, None

    # -- life cycle -----------------------------------------------------------------------
    def start(self):
        self.restarts += 1
        a = self.args
        if self.kind == "duckdb":
            env = dict(os.environ)
            t0 = time.perf_counter()
            self.worker = Worker(os.path.join(VENV, "bin", "python"), "duckdb", self.logf, env)
            r = self.worker.call({"op": "connect"}, 120)
            if not r.get("ok"):
                raise RuntimeError(r.get("error"))
            self.startups.append(time.perf_counter() - t0)
            self.cmd = "in-process (duckdb.connect())"
        else:
            self.worker = Worker(a.client_python, "connect", self.logf)
            port = free_port()
            cmd, env = self.server_cmd(port)
            self.cmd = " ".join(shlex.quote(c) for c in cmd)
            self.logf.write(f"\n==== {time.ctime()} starting: {self.cmd}\n")
            self.logf.flush()
            t0 = time.perf_counter()
            self.server = subprocess.Popen(cmd, stdout=self.logf, stderr=self.logf, env=env,
                                           cwd=self.tmp, start_new_session=True,
                                           preexec_fn=die_with_parent)
            if not wait_port(port, self.server, a.startup_timeout):
                raise RuntimeError(f"{self.name} server did not listen on {port} "
                                   f"(exit {self.server.poll()}); see {self.logpath}")
            r = self.worker.call({"op": "connect", "url": f"sc://127.0.0.1:{port}",
                                  "deadline": a.startup_timeout}, a.startup_timeout + 30,
                                 alive=lambda: self.server.poll() is None)
            if not r.get("ok"):
                raise RuntimeError(f"{self.name}: {r.get('error')}")
            self.startups.append(time.perf_counter() - t0)
        self.hwm = {}
        r = self.worker.call({"op": "setup", "data": self.data, "tables": TABLES}, a.startup_timeout)
        if not r.get("ok"):
            raise RuntimeError(f"{self.name} setup: {r.get('error')}")
        log(f"{self.name} up in {self.startups[-1]:.2f} s")

    def pids(self):
        if self.kind == "duckdb":
            return [self.worker.proc.pid] if self.worker else []
        if not self.server:
            return []
        return [self.server.pid] + descendants(self.server.pid)

    def sample(self):
        for pid in self.pids():
            v = vm_hwm_kib(pid)
            if v is not None:
                self.hwm[pid] = max(self.hwm.get(pid, 0), v)

    def alive(self):
        w = self.worker is not None and self.worker.proc.poll() is None
        return w and (self.kind == "duckdb" or (self.server is not None and self.server.poll() is None))

    def stop(self):
        self.sample()
        if self.hwm:
            self.peaks_kib.append(sum(self.hwm.values()))
        if self.worker:
            self.worker.kill()
            self.worker = None
        if self.server:
            try:
                os.killpg(self.server.pid, signal.SIGTERM)
                self.server.wait(20)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.server.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.server.wait()
            self.server = None

    def query(self, sql, rows):
        t = self.args.timeout
        alive = None if self.server is None else (lambda: self.server.poll() is None)
        r = self.worker.call({"op": "query", "sql": sql, "timeout": t, "rows": rows}, t + 90, alive)
        if self.server is not None and self.server.poll() is not None:
            r = {"ok": False, "crash": True, "stuck": True,
                 "error": f"server exited with {self.server.returncode} ({r.get('error', '')})"}
        return r

    def summary(self):
        peak = max(self.peaks_kib) if self.peaks_kib else (sum(self.hwm.values()) if self.hwm else None)
        return {"label": LABELS[self.name], "startup_s": self.startups[0] if self.startups else None,
                "startups_s": self.startups, "peak_rss_mib": peak / 1024 if peak else None,
                "restarts": max(self.restarts, 0), "cmd": self.cmd, "log": self.logpath}


def spark_home():
    import pyspark  # the bench venv's pyspark 4.2.0: its jars include spark-connect
    return os.path.dirname(pyspark.__file__)


def sampler(engines, stop):
    while not stop.wait(0.5):
        for e in engines:
            try:
                e.sample()
            except Exception:  # noqa: BLE001
                pass


# -- environment description ---------------------------------------------------------------

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30,
                              cwd=ROOT).stdout.strip()
    except Exception:  # noqa: BLE001
        return ""


def machine():
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    os_name = ""
    if os.path.exists("/etc/os-release"):
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
    mem = sh("free -g | awk '/^Mem:/ {print $2}'")
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gib": mem, "os": os_name,
            "kernel": platform.release(), "free_g": sh("free -g")}


def versions(args):
    def pkg(py, name):
        return sh(f"{shlex.quote(py)} -c 'import importlib.metadata as m; print(m.version(\"{name}\"))'")
    repo = shlex.quote(os.path.dirname(os.path.dirname(os.path.abspath(args.driver))))
    rev = sh(f"git -C {repo} rev-parse --short HEAD")
    dirty = sh(f"git -C {repo} status --porcelain -- . ':!bench' ':!BENCHMARKS.md' ':!Makefile'")
    return {
        "fulgur": rev + (" + uncommitted changes" if dirty else ""),
        "go": sh("go version"),
        "java": sh("java -version 2>&1 | head -1"),
        "client": "pyspark-client " + pkg(args.client_python, "pyspark-client"),
        "spark": pkg(os.path.join(VENV, "bin", "python"), "pyspark"),
        "sail": pkg(os.path.join(VENV, "bin", "python"), "pysail"),
        "duckdb": pkg(os.path.join(VENV, "bin", "python"), "duckdb"),
    }


# -- the run ---------------------------------------------------------------------------------

def run(args):
    data = args.data or os.path.join(CACHE, "tpch", f"sf{args.sf}")
    for t in TABLES:
        if not os.path.exists(os.path.join(data, t + ".parquet")):
            sys.exit(f"missing {data}/{t}.parquet: make tpch-data TPCH_SF={args.sf}")
    names = args.queries.split(",") if args.queries else sorted(
        f[:-4] for f in os.listdir(QUERIES) if f.endswith(".sql"))
    engines_names = args.engines.split(",")
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    args.logdir = os.path.join(args.out, f"tpch-sf{args.sf}-{stamp}-logs")
    os.makedirs(args.logdir, exist_ok=True)
    os.makedirs(args.tmpdir, exist_ok=True)
    path = os.path.join(args.out, f"tpch-sf{args.sf}-{stamp}.json")
    res = {
        "meta": {"sf": args.sf, "runs": args.runs, "timeout_s": args.timeout, "data": data,
                 "queries": names, "engines": engines_names, "command": args.command,
                 "argv": sys.argv, "started": datetime.datetime.now().isoformat(timespec="seconds"),
                 "machine": machine(), "versions": versions(args), "cores": args.cores,
                 "spark_memory": args.spark_memory},
        "engines": {}, "unavailable": UNAVAILABLE, "queries": {},
    }

    def save():
        with open(path + ".tmp", "w") as f:
            json.dump(res, f, indent=1)
        os.replace(path + ".tmp", path)

    engines = []
    for n in engines_names:
        e = Engine(n, args, data)
        try:
            e.start()
        except Exception as ex:  # noqa: BLE001
            log(f"{n} failed to start: {ex}")
            e.stop()
            res["engines"][n] = dict(e.summary(), start_error=str(ex))
            continue
        engines.append(e)
    stop = threading.Event()
    threading.Thread(target=sampler, args=(engines, stop), daemon=True).start()
    save()

    def restart(e):
        e.stop()
        try:
            e.start()
            return True
        except Exception as ex:  # noqa: BLE001
            log(f"{e.name} failed to restart: {ex}")
            return False

    try:
        for qn in names:
            sql = open(os.path.join(QUERIES, qn + ".sql")).read()
            qres = res["queries"].setdefault(qn, {})
            answers = {}
            live = []
            for e in engines:
                if not e.alive() and not restart(e):
                    qres[e.name] = {"status": "error", "error": "engine down and did not restart"}
                    continue
                r = e.query(sql, rows=True)
                if r.get("ok"):
                    qres[e.name] = {"status": "ok", "warmup_s": r["seconds"], "times_s": [],
                                    "nrows": r["nrows"]}
                    answers[e.name] = r
                    live.append(e)
                else:
                    st = "crash" if r.get("crash") else "timeout" if r.get("timeout") else "error"
                    qres[e.name] = {"status": st, "error": r.get("error", "")}
                    log(f"{qn} {e.name}: {st}: {r.get('error', '')[:300]}")
                    if r.get("stuck") or r.get("crash"):
                        restart(e)
            ref = answers.get("duckdb")
            for e in list(live):
                if e.name == "duckdb":
                    continue
                if ref is None:
                    qres[e.name]["checked"] = False
                    continue
                diff = compare.compare(sql, ref["columns"], ref["rows"], answers[e.name]["rows"])
                qres[e.name]["checked"] = True
                if diff:
                    qres[e.name].update(status="wrong", error=diff,
                                        rows=answers[e.name]["rows"][:50])
                    log(f"{qn} {e.name}: wrong answer: {diff}")
                    live.remove(e)
            if ref is not None:
                qres["duckdb"]["checked"] = "reference"
            for _ in range(args.runs):
                for e in list(live):
                    r = e.query(sql, rows=False)
                    if r.get("ok"):
                        qres[e.name]["times_s"].append(r["seconds"])
                        continue
                    st = "crash" if r.get("crash") else "timeout" if r.get("timeout") else "error"
                    qres[e.name].update(status=st, error="timed run: " + r.get("error", ""))
                    log(f"{qn} {e.name}: {st} in a timed run: {r.get('error', '')[:300]}")
                    live.remove(e)
                    if r.get("stuck") or r.get("crash"):
                        restart(e)
            for e in live:
                ts = qres[e.name]["times_s"]
                qres[e.name]["median_s"] = statistics.median(ts) if ts else None
            line = "  ".join(f"{n}={fmt_cell(qres.get(n))}" for n in engines_names)
            log(f"{qn}: {line}")
            for e in engines:
                res["engines"][e.name] = e.summary()
            save()
    finally:
        stop.set()
        for e in engines:
            e.stop()
            res["engines"][e.name] = e.summary()
        res["meta"]["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
        save()
    log(f"results: {path}")
    return path


# -- reporting ---------------------------------------------------------------------------------

def fmt_s(v):
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 10 else f"{v:.2f}" if v < 100 else f"{v:.1f}"


def fmt_cell(q):
    if not q:
        return "–"
    if q.get("status") == "ok":
        return fmt_s(q.get("median_s")) if q.get("median_s") is not None else "ok"
    return {"wrong": "**wrong**", "timeout": "**timeout**", "crash": "**crash**"}.get(
        q.get("status"), "**error**")


def ok_median(res, qn, e):
    q = res["queries"].get(qn, {}).get(e)
    if q and q.get("status") == "ok" and q.get("median_s") is not None:
        return q["median_s"]
    return None


def fmt_ratio(x):
    if x is None:
        return "–"
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def geomean(xs):
    import math
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def markdown(res, chart_rel=None):
    m = res["meta"]
    names = m["queries"]
    engs = [e for e in m["engines"] if e in res["engines"]]
    others = [e for e in engs if e != "fulgur"]
    v = m["versions"]
    mc = m["machine"]
    out = []
    out.append(f"### SF {m['sf']} ({m['started'][:10]})")
    out.append("")
    out.append("Command (from `/work/main`, other work idle):")
    out.append("")
    out.append("```sh")
    out.append(m.get("command") or " ".join(m["argv"]))
    out.append("```")
    out.append("")
    out.append(f"Machine: {mc['cpu']}, {mc['cores']} cores, {mc['mem_gib']} GiB RAM (`free -g` total), "
               f"{mc['os']}, Linux {mc['kernel']}. Fulgur {v['fulgur']} ({v['go']}); Spark "
               f"{v['spark']} (PyPI `pyspark`, {v['java']}, `--driver-memory {m.get('spark_memory')}`); "
               f"Sail {v['sail']} (PyPI `pysail`); DuckDB {v['duckdb']}; Connect client {v['client']}. "
               f"Data: tpchgen-cli parquet, one file per table. {m['runs']} timed runs after one "
               f"warm-up per query, engines interleaved; per-query timeout {m['timeout_s']:g} s. "
               f"Times are medians in seconds, wall clock at the client around "
               f"`spark.sql(q).collect()` (DuckDB: `execute(q).fetchall()`).")
    out.append("")
    hdr = ["query"] + [SHORT[e] for e in engs] + [f"{SHORT[e]} / Fulgur" for e in others if "fulgur" in engs]
    out.append("| " + " | ".join(hdr) + " |")
    out.append("|" + "---|" * len(hdr))
    ratios = {e: [] for e in others}
    for qn in names:
        qres = res["queries"].get(qn, {})
        cells = [qn] + [fmt_cell(qres.get(e)) for e in engs]
        if "fulgur" in engs:
            f = ok_median(res, qn, "fulgur")
            for e in others:
                x = ok_median(res, qn, e)
                r = x / f if (x is not None and f) else None
                if r is not None:
                    ratios[e].append(r)
                cells.append(fmt_ratio(r))
        out.append("| " + " | ".join(cells) + " |")
    # Totals: each engine over the queries it answered, and over those every engine answered.
    common = [qn for qn in names if all(ok_median(res, qn, e) is not None for e in engs)]
    tot = {e: sum(ok_median(res, qn, e) or 0 for qn in names) for e in engs}
    cnt = {e: sum(ok_median(res, qn, e) is not None for qn in names) for e in engs}
    ctot = {e: sum(ok_median(res, qn, e) for qn in common) for e in engs}
    cells = [f"**total, own passes**"] + [f"{fmt_s(tot[e])} ({cnt[e]}/{len(names)})" for e in engs]
    if "fulgur" in engs:
        cells += ["" for _ in others]
    out.append("| " + " | ".join(cells) + " |")
    cells = [f"**total, {len(common)} queries all passed**"] + [fmt_s(ctot[e]) for e in engs]
    if "fulgur" in engs:
        cells += [fmt_ratio(ctot[e] / ctot["fulgur"]) if ctot["fulgur"] else "–" for e in others]
    out.append("| " + " | ".join(cells) + " |")
    if "fulgur" in engs:
        cells = ["**geometric mean of ratios**"] + ["" for _ in engs] + [fmt_ratio(geomean(ratios[e])) for e in others]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if "fulgur" in engs:
        out.append("Ratios are the other engine's time divided by Fulgur's: below 1 the other engine is "
                   "faster, above 1 Fulgur is. **wrong** is an answer that differs from DuckDB's, "
                   "**error** a query that failed, **timeout** one that ran past the timeout; none of "
                   "them counts as a time.")
        out.append("")
    out.append("| engine | start-up (launch → first `SELECT 1`) | peak RSS | passed | restarts |")
    out.append("|---|---|---|---|---|")
    for e in engs:
        s = res["engines"][e]
        rss = f"{s['peak_rss_mib'] / 1024:.2f} GiB" if s.get("peak_rss_mib") else "–"
        st = f"{s['startup_s']:.2f} s" if s.get("startup_s") is not None else "did not start"
        if e == "duckdb":
            st += " (in-process: `connect()`)"
            rss += " (Python worker + DuckDB)"
        out.append(f"| {LABELS[e]} | {st} | {rss} | {cnt[e]}/{len(names)} | {s.get('restarts', 0)} |")
    for u in res.get("unavailable", []):
        out.append(f"| {u['label']} | {u['note']} | – | – | – |")
    out.append("")
    fails = []
    for qn in names:
        for e in engs:
            q = res["queries"].get(qn, {}).get(e)
            if q and q.get("status") != "ok":
                msg = " ".join(str(q.get("error", "")).split())
                if len(msg) > 220:
                    msg = msg[:220] + "…"
                fails.append(f"- {SHORT[e]} {qn}: {q['status']}: {msg.replace('|', '/')}")
    for e in engs:
        if res["engines"][e].get("start_error"):
            fails.append(f"- {SHORT[e]}: did not start: {res['engines'][e]['start_error'][:220]}")
    if fails:
        out.append("Failures:")
        out.append("")
        out += fails
    else:
        out.append("Failures: none; every answer matched DuckDB's.")
    out.append("")
    if chart_rel:
        out.append(f"![per-query time ratio to Fulgur, SF {m['sf']}]({chart_rel})")
        out.append("")
    return "\n".join(out)


def chart(res, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    m = res["meta"]
    names = m["queries"]
    others = [e for e in m["engines"] if e != "fulgur" and e in res["engines"]]
    if "fulgur" not in res["engines"] or not others:
        return False
    colors = {"spark": "#e25a1c", "sail": "#4a7bd0", "duckdb": "#d4a600"}
    fig, ax = plt.subplots(figsize=(max(8, len(names) * 0.6), 4.8))
    w = 0.8 / len(others)
    for i, e in enumerate(others):
        xs, ys = [], []
        for j, qn in enumerate(names):
            f, x = ok_median(res, qn, "fulgur"), ok_median(res, qn, e)
            if f and x is not None:
                xs.append(j + (i - (len(others) - 1) / 2) * w)
                ys.append(x / f)
        ax.bar(xs, ys, width=w, label=f"{SHORT[e]} / Fulgur", color=colors.get(e))
    for j, qn in enumerate(names):
        if ok_median(res, qn, "fulgur") is None:
            st = res["queries"].get(qn, {}).get("fulgur", {}).get("status", "?")
            ax.annotate(f"Fulgur\n{st}", (j, 1), ha="center", va="center", fontsize=7, color="red")
    ax.axhline(1, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, rotation=45)
    ax.set_ylabel("time / Fulgur's time (log; < 1: faster than Fulgur)")
    ax.set_title(f"TPC-H SF {m['sf']}: median time per query relative to Fulgur "
                 f"({m['machine']['cores']} cores)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=len(others), frameon=False)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    plt.close(fig)
    return True


BEGIN = "<!-- tpch-sf{sf}:begin (written by bench/tpch/bench.py) -->"
END = "<!-- tpch-sf{sf}:end -->"
SECTION_HEAD = """## TPC-H

`make bench SF=1` (or `SF=0.1` for a quick run) runs the 22 queries of `bench/tpch/queries`
on the same tpchgen-cli parquet files with every engine on this machine, and writes the
section below for that scale factor (`bench/tpch/bench.py`; raw results, server logs and the
chart go to `.cache/bench/results`). It builds `bin/driver`, installs the benchmark venv
(`.cache/bench/venv`: `pyspark==4.2.0` for the Spark Connect server jars, `pysail`,
`duckdb`, `matplotlib`, `psutil`) and generates the data on first use. It is not part of
`make test`. Options: `BENCH_RUNS=3`, `BENCH_TIMEOUT=300` (seconds per query run),
`BENCH_ENGINES=fulgur,spark,sail,duckdb`, `BENCH_QUERIES=q01,q06`, `BENCH_DRIVER=path`
(another driver binary, e.g. one built from a clean worktree of a commit while the main
tree has work in progress).

- Engines: Fulgur (`bin/driver --slots 2`), Apache Spark 4.2 with its Spark Connect server
  (`spark-submit --class org.apache.spark.sql.connect.service.SparkConnectServer --master
  local[2]` from the PyPI `pyspark` package, default settings otherwise: AQE on, 200
  shuffle partitions), Sail (`sail spark server`), all three driven by the same PySpark
  Connect client code (`pyspark-client` 4.2.0, temp views over `read.parquet`, then
  `spark.sql(q).collect()`), and DuckDB in-process running the same SQL text. No query
  needed a dialect change for DuckDB: it accepts Spark's `interval '3' month`,
  `extract(year from d)` and `substring(s, 1, 2)` as written.
- Per query: a warm-up run on each engine, then the timed runs, engines interleaved (run 1
  on each engine, then run 2, ...); the table shows the median. Servers run side by side
  for the whole benchmark.
- Correctness: each engine's warm-up answer is compared with DuckDB's: numbers with a
  relative tolerance of 1e-6 (or 0.01 absolute), decimals and doubles alike; rows in the
  ORDER BY sequence, ties in any order, and with LIMIT the rows tied with the last one
  compared on their keys only (`bench/tpch/compare.py`). A mismatch, an error or a timeout
  counts as a failure of that query on that engine, not as a time.
- Start-up: from launching the server process to the first answered `SELECT 1`. Peak RSS:
  the server process's VmHWM (with its children) from `/proc`, for DuckDB that of the
  worker process that embeds it.
- Fulgur driver + 2 executors: not yet available (cluster mode is not built); listed in
  the output as such.
"""


def write_md(res, md_path, chart_rel):
    sf = res["meta"]["sf"]
    body = markdown(res, chart_rel)
    block = BEGIN.format(sf=sf) + "\n" + body + "\n" + END.format(sf=sf)
    text = open(md_path).read() if os.path.exists(md_path) else "# Benchmarks\n"
    b, e = BEGIN.format(sf=sf), END.format(sf=sf)
    if b in text and e in text:
        i, j = text.index(b), text.index(e) + len(e)
        text = text[:i] + block + text[j:]
    else:
        if "\n## TPC-H\n" not in text:
            text = text.rstrip("\n") + "\n\n" + SECTION_HEAD + "\n"
        # Keep the scale factors in ascending order after the section head.
        i = text.index("\n## TPC-H\n") + 1
        nxt = text.find("\n## ", i + 3)
        end = len(text) if nxt < 0 else nxt + 1
        sec = text[i:end]
        text = text[:i] + sec.rstrip("\n") + "\n\n" + block + "\n" + ("\n" if nxt >= 0 else "") + text[end:]
    with open(md_path, "w") as f:
        f.write(text)


def report(path, args):
    res = json.load(open(path))
    png = path[:-5] + "-ratios.png"
    chart_rel = None
    if chart(res, png):
        log(f"chart: {png}")
        if not args.no_md:
            dst = os.path.join(HERE, f"tpch-sf{res['meta']['sf']}-ratios.png")
            shutil.copyfile(png, dst)
            chart_rel = os.path.relpath(dst, os.path.dirname(os.path.abspath(args.md)))
            log(f"chart copied to {dst}")
    md = markdown(res, chart_rel)
    print(md)
    if not args.no_md:
        write_md(res, args.md, chart_rel)
        log(f"wrote the SF {res['meta']['sf']} section of {args.md}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sf", default="1")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--timeout", type=float, default=300, help="seconds per query run")
    p.add_argument("--engines", default=",".join(ALL_ENGINES))
    p.add_argument("--queries", default="")
    p.add_argument("--data", default="", help="directory of <table>.parquet (default .cache/tpch/sf<SF>)")
    p.add_argument("--driver", default=os.path.join(ROOT, "bin", "driver"))
    p.add_argument("--client-python", default=os.path.join(CACHE, "py4", "bin", "python"))
    p.add_argument("--cores", type=int, default=os.cpu_count())
    p.add_argument("--spark-memory", default="6g")
    p.add_argument("--startup-timeout", type=float, default=180)
    p.add_argument("--out", default=os.path.join(CACHE, "bench", "results"))
    p.add_argument("--tmpdir", default=os.path.join(CACHE, "bench", "tmp"))
    p.add_argument("--md", default=os.path.join(ROOT, "BENCHMARKS.md"))
    p.add_argument("--no-md", action="store_true", help="do not edit BENCHMARKS.md")
    p.add_argument("--command", default="", help="the command line to show in the report")
    p.add_argument("--report", default="", help="only re-render the report of this results JSON")
    args = p.parse_args()
    for e in args.engines.split(","):
        if e not in ALL_ENGINES:
            sys.exit(f"unknown engine {e}; known: {', '.join(ALL_ENGINES)}")
    if args.report:
        report(args.report, args)
        return
    # SIGTERM (e.g. `timeout`) ends the run like ^C: servers stopped, partial results saved.
    def on_term(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    if not args.command:
        args.command = " ".join(shlex.quote(a) for a in [os.path.relpath(sys.executable, ROOT)] + sys.argv)
    path = run(args)
    report(path, args)


if __name__ == "__main__":
    main()
