"""Runs the 22 TPC-H queries on Fulgur over generated data and compares the answers
with real Spark's (tpch.py). Failing queries are listed in sql/known_failures.txt as
tpch:qNN (strict xfail)."""
import pytest

import sqlcases
import tpch

KNOWN = sqlcases.known_failures()


@pytest.fixture(scope="module")
def tpch_spark(spark):
    tpch.setup(spark)
    return spark


def params():
    for q in tpch.queries():
        marks = []
        if "tpch:" + q in KNOWN:
            marks.append(pytest.mark.xfail(reason=KNOWN["tpch:" + q], strict=True))
        yield pytest.param(q, id=q, marks=marks)


@pytest.mark.parametrize("query", params())
def test_tpch(tpch_spark, query):
    assert tpch.run(tpch_spark, query) == tpch.golden(query)
