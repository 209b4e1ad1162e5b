"""Micro-benchmark: a few DataFrame queries through PySpark, on Fulgur (Spark Connect) or
on Apache Spark in local mode (classic, in-process), median of 3 runs after a warm-up.

    python bench/micro.py fulgur [sc://127.0.0.1:15002]   # with .cache/py4
    python bench/micro.py spark                           # with .cache/oracle (pyspark 4.2, Java 17)

The TPC-H harness against Spark Connect, Sail and DuckDB is bench/tpch/bench.py (make bench).
"""
import sys, time, statistics
from pyspark.sql import SparkSession, functions as F
if sys.argv[1] == "fulgur":
    spark = SparkSession.builder.remote(sys.argv[2] if len(sys.argv) > 2 else "sc://127.0.0.1:15002").getOrCreate()
else:
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "200").getOrCreate()
qs = {
  "sum_20M": lambda: spark.range(20_000_000).select(F.sum("id")).collect(),
  "groupby_5M": lambda: spark.range(5_000_000).groupBy((F.col("id") % 1000).alias("k")).agg(F.count("id"), F.avg("id")).collect(),
  "filter_count_20M": lambda: spark.range(20_000_000).filter("id % 7 = 0").count(),
  "join_1M": lambda: spark.range(1_000_000).join(spark.range(500_000).withColumnRenamed("id", "id"), "id").count(),
}
for name, q in qs.items():
    q()  # warm-up
    ts = []
    for _ in range(3):
        t = time.perf_counter(); q(); ts.append(time.perf_counter() - t)
    print(f"{sys.argv[1]} {name} median {statistics.median(ts):.3f}s")
