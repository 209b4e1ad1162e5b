"""Runs the SQL corpus (sqlcases.py) on Fulgur and compares with real Spark's goldens.

Cases listed in sql/known_failures.txt are expected to fail (strict: a case that starts
passing must be removed from the list).
"""
import pytest

import sqlcases

CASES = sqlcases.load_cases()
KNOWN = sqlcases.known_failures()


@pytest.fixture(scope="module")
def sql_spark(spark):
    sqlcases.setup(spark)
    return spark


def params():
    for c in CASES:
        marks = []
        if c.id in KNOWN:
            marks.append(pytest.mark.xfail(reason=KNOWN[c.id], strict=True))
        yield pytest.param(c, id=c.id, marks=marks)


@pytest.mark.parametrize("case", params())
def test_sql(sql_spark, case):
    want = sqlcases.golden(case)
    got = sqlcases.run(sql_spark, case)
    assert got == want, "SQL:\n" + case.text
