"""Answer comparison for the TPC-H harness: an engine's rows against DuckDB's.

Values are compared as numbers when both are numbers (int, float and decimal alike,
relative tolerance 1e-6 or absolute 0.01, whichever is looser), dates as ISO text (a
timestamp at midnight equals the date), everything else exactly. Column names are not
compared (engines spell generated names differently), column counts are.

Order: every TPC-H query but q06, q14, q17 and q19 (one row each) ends in ORDER BY on
output columns. The ORDER BY key values must then come in the same sequence as in the
reference; rows whose keys tie may come in any order among themselves; and with LIMIT,
the rows tied with the last row's key may be any of the tied candidates (only their keys
are compared). A query without ORDER BY, or one whose keys are not output columns, is
compared as a multiset.
"""
import math
import re

REL_TOL = 1e-6
ABS_TOL = 0.01


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _norm(v):
    if isinstance(v, str) and len(v) == 19 and v.endswith("T00:00:00") and v[4] == "-":
        return v[:10]
    return v


def value_eq(a, b):
    a, b = _norm(a), _norm(b)
    if a is None or b is None:
        return a is None and b is None
    if _num(a) and _num(b):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def row_eq(r, s):
    return len(r) == len(s) and all(value_eq(a, b) for a, b in zip(r, s))


def _sort_key(row):
    out = []
    for v in row:
        v = _norm(v)
        if v is None:
            out.append((0, 0))
        elif _num(v):
            out.append((1, round(float(v), 2)))
        else:
            out.append((2, str(v)))
    return out


def multiset_eq(rows, ref):
    if len(rows) != len(ref):
        return False
    return all(row_eq(r, s) for r, s in zip(sorted(rows, key=_sort_key), sorted(ref, key=_sort_key)))


def order_keys(sql, columns):
    """Indexes of the final ORDER BY's keys among the output columns, or None; and the LIMIT."""
    text = re.sub(r"--[^\n]*", "", sql).strip().rstrip(";").lower()
    m = re.search(r"\blimit\s+(\d+)\s*$", text)
    limit = int(m.group(1)) if m else None
    if m:
        text = text[: m.start()]
    pos = [m.end() for m in re.finditer(r"\border\s+by\b", text)]
    if not pos:
        return None, limit
    tail = text[pos[-1]:]
    if tail.count("(") != tail.count(")") or ")" in tail:
        return None, limit  # the last ORDER BY is inside a subquery
    cols = [c.lower() for c in columns]
    keys = []
    for item in tail.split(","):
        item = re.sub(r"\s+(asc|desc)?\s*(nulls\s+(first|last))?\s*$", "", item.strip()).strip()
        if item.isdigit() and 1 <= int(item) <= len(cols):
            keys.append(int(item) - 1)
        elif item in cols:
            keys.append(cols.index(item))
        else:
            return None, limit
    return keys, limit


def _show(r):
    s = repr(r)
    return s if len(s) <= 300 else s[:300] + "..."


def compare(sql, ref_cols, ref, got):
    """None when `got` matches the reference rows `ref`, else a short description of the difference."""
    if len(got) != len(ref):
        return f"{len(got)} rows, expected {len(ref)}"
    if got and ref and len(got[0]) != len(ref[0]):
        return f"{len(got[0])} columns, expected {len(ref[0])}"
    keys, limit = order_keys(sql, ref_cols)
    if keys is None:
        if multiset_eq(got, ref):
            return None
        g, r = sorted(got, key=_sort_key), sorted(ref, key=_sort_key)
        i = next(i for i in range(len(r)) if not row_eq(g[i], r[i]))
        return f"rows differ (compared unordered): got {_show(g[i])}, expected {_show(r[i])}"
    for i, (g, r) in enumerate(zip(got, ref)):
        if not all(value_eq(g[k], r[k]) for k in keys):
            return f"row {i + 1}: got {_show(g)}, expected {_show(r)}"
    # Runs of rows whose order keys tie: compared as multisets.
    i = 0
    while i < len(ref):
        j = i + 1
        while j < len(ref) and all(value_eq(ref[j][k], ref[i][k]) for k in keys):
            j += 1
        last_run_at_limit = limit is not None and j == len(ref) and len(ref) == limit
        if j - i > 1 and not last_run_at_limit:
            if not multiset_eq(got[i:j], ref[i:j]):
                return f"rows {i + 1}..{j} (tied on the ORDER BY keys) differ"
        elif j - i == 1 and not last_run_at_limit and not row_eq(got[i], ref[i]):
            return f"row {i + 1}: got {_show(got[i])}, expected {_show(ref[i])}"
        i = j
    return None
