"""Checks of the answer comparison (not part of `make test`): python -m pytest bench/tpch"""
import os

import compare

Q = os.path.join(os.path.dirname(__file__), "queries")
Q3 = open(os.path.join(Q, "q03.sql")).read()
C3 = ["l_orderkey", "revenue", "o_orderdate", "o_shippriority"]


def test_order_keys():
    assert compare.order_keys(Q3, C3) == ([1, 2], 10)
    assert compare.order_keys(open(os.path.join(Q, "q06.sql")).read(), ["revenue"]) == (None, None)
    assert compare.order_keys(open(os.path.join(Q, "q09.sql")).read(),
                              ["nation", "o_year", "sum_profit"]) == ([0, 1], None)


def test_every_query_parses():
    for f in sorted(os.listdir(Q)):
        compare.order_keys(open(os.path.join(Q, f)).read(), [])


def test_numbers_dates_and_ties():
    ref = [[1, 10.0, "1995-01-01", 0], [2, 9.0, "1995-01-01", 0], [3, 9.0, "1995-01-01", 0],
           [4, 8.0, "1995-01-02", 0]]
    ties = [[1, 10.0, "1995-01-01", 0], [3, 9.000000001, "1995-01-01T00:00:00", 0],
            [2, 9.0, "1995-01-01", 0], [4, 8.0, "1995-01-02", 0]]
    assert compare.compare(Q3, C3, ref, ties) is None
    # A different row in the last place is accepted only when it ties at the LIMIT.
    last = ties[:3] + [[5, 8.0, "1995-01-02", 0]]
    assert compare.compare(Q3, C3, ref, last) is not None
    assert compare.compare(Q3.replace("limit 10", "limit 4"), C3, ref, last) is None


def test_mismatches():
    ref = [[1, 10.0, "1995-01-01", 0], [2, 9.0, "1995-01-01", 0]]
    assert "rows" in compare.compare(Q3, C3, ref, ref[:1])
    assert compare.compare(Q3, C3, ref, [ref[1], ref[0]]) is not None  # out of order
    assert compare.compare(Q3, C3, ref, [ref[0], [2, 9.5, "1995-01-01", 0]]) is not None
    assert compare.compare("select 1", ["x"], [[1], [2]], [[2], [1]]) is None  # unordered
    assert compare.compare("select 1", ["x"], [[None]], [[0]]) is not None
