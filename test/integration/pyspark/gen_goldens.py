"""Records the goldens of scenarios.py with real Apache Spark (pip pyspark, Java 17).

Run by `make goldens` with the oracle venv; writes testdata/golden/<scenario>.txt and
the SQL corpus goldens testdata/sqlgolden/<file>.json and the TPC-H answers
testdata/tpch (`gen_goldens.py sql tpch`: only those).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyspark.sql import SparkSession  # noqa: E402

import scenarios  # noqa: E402
import sqlcases  # noqa: E402
import tpch  # noqa: E402

GOLDEN = os.path.join(scenarios.TESTDATA, "golden")


def main():
    import tempfile
    warehouse = tempfile.mkdtemp(prefix="fulgur-goldens-warehouse-")
    spark = (SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
             .config("spark.sql.warehouse.dir", warehouse)
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    os.makedirs(GOLDEN, exist_ok=True)
    only = sys.argv[1:]
    for sc in [] if only else scenarios.SCENARIOS:
        out = sc(spark)
        with open(os.path.join(GOLDEN, sc.__name__ + ".txt"), "w") as f:
            f.write(out)
        print("wrote", sc.__name__)
    if not only or "sql" in only:
        sqlcases.write_goldens(spark)
    if not only or "tpch" in only:
        tpch.write_goldens(spark)
    spark.stop()


if __name__ == "__main__":
    main()
