"""Session, configuration and error behaviour of the Connect endpoint."""
import os
import re
import subprocess
import sys

import pytest
from pyspark.errors import AnalysisException


def error_class(exc):
    """The error class of a client exception. The 3.5 client never fills
    getErrorClass() (it reads only the exception classes from ErrorInfo), so there the
    class is read from Spark's "[CLASS] message" text instead."""
    if exc.getErrorClass() is not None:
        return exc.getErrorClass()
    m = re.match(r"\[([A-Z_.]+)\]", str(exc))
    return m.group(1) if m else None


def test_spark_remote_env(remote):
    code = (
        "from pyspark.sql import SparkSession\n"
        "import pyspark.sql.connect.session as cs\n"
        "s = SparkSession.builder.getOrCreate()\n"
        "assert type(s) is cs.SparkSession, type(s)\n"
        "print(s.range(10).count())\n"
    )
    # pyspark-client 4.2 imports its test helpers, which look for SPARK_HOME, when
    # SPARK_REMOTE is set; any existing directory satisfies them.
    import pyspark

    env = dict(os.environ, SPARK_REMOTE=remote.replace("127.0.0.1", "localhost"),
               SPARK_HOME=os.path.dirname(pyspark.__file__))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("10")


def test_version(spark):
    parts = spark.version.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)


def test_conf(spark):
    spark.conf.set("fulgur.test.key", "v1")
    assert spark.conf.get("fulgur.test.key") == "v1"
    spark.conf.unset("fulgur.test.key")
    assert spark.conf.get("fulgur.test.key", "dflt") == "dflt"
    assert spark.conf.get("spark.sql.session.timeZone") == "UTC"


def test_unresolved_column(spark):
    with pytest.raises(AnalysisException) as e:
        spark.range(3).select("nope").collect()
    assert error_class(e.value) == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    if e.value.getSqlState() is not None:  # None with the 3.5 client
        assert e.value.getSqlState() == "42703"


def test_table_not_found(spark):
    with pytest.raises(AnalysisException) as e:
        spark.table("nope").collect()
    assert error_class(e.value) == "TABLE_OR_VIEW_NOT_FOUND"


def test_many_batches_reattach(spark):
    # Small stream limits make the server end streams early, so the client reattaches.
    spark.conf.set("spark.connect.execute.reattachable.senderMaxStreamSize", "123")
    try:
        rows = spark.range(0, 300000, 1, 4).collect()
    finally:
        spark.conf.unset("spark.connect.execute.reattachable.senderMaxStreamSize")
    assert len(rows) == 300000 and rows[-1].id == 299999


def test_temp_view(spark):
    spark.range(5).createOrReplaceTempView("v5")
    assert spark.table("v5").count() == 5


def test_interrupt_all(spark):
    assert isinstance(spark.interruptAll(), list)


def test_parse_error(spark):
    from pyspark.errors import ParseException

    with pytest.raises(ParseException) as e:
        spark.sql("SELEC 1")
    assert error_class(e.value) == "PARSE_SYNTAX_ERROR"
    if e.value.getSqlState() is not None:  # None with the 3.5 client
        assert e.value.getSqlState() == "42601"


def test_unresolved_routine(spark):
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT nope_fn(1)")
    assert error_class(e.value) == "UNRESOLVED_ROUTINE"
