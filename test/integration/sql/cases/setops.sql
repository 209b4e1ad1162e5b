-- case: union
SELECT k FROM t1 UNION SELECT k FROM t2;
-- case: union_all
SELECT k FROM t1 UNION ALL SELECT k FROM t2;
-- case: union_distinct_kw
SELECT k FROM t1 UNION DISTINCT SELECT k FROM t2;
-- case: union_widen
SELECT 1 AS a UNION ALL SELECT 2L UNION ALL SELECT 1.5;
-- case: union_strings_ints
SELECT k FROM t1 UNION ALL SELECT w FROM t2;
-- case: union_names_from_first
SELECT k AS first_name FROM t1 UNION ALL SELECT k AS second FROM t2;
-- case: union_mismatch
SELECT k, v FROM t1 UNION SELECT k FROM t2;
-- case: intersect
SELECT k FROM t1 INTERSECT SELECT k FROM t2;
-- case: intersect_distinct
SELECT k FROM t1 INTERSECT DISTINCT SELECT k FROM t2;
-- case: intersect_all
SELECT k FROM t1 INTERSECT ALL SELECT k FROM t2;
-- case: except
SELECT k FROM t1 EXCEPT SELECT k FROM t2;
-- case: minus
SELECT k FROM t1 MINUS SELECT k FROM t2;
-- case: except_all
SELECT k FROM t1 EXCEPT ALL SELECT k FROM t2;
-- case: precedence
SELECT k FROM t1 UNION SELECT k FROM t2 INTERSECT SELECT 3;
-- case: paren_setop
(SELECT k FROM t1 UNION SELECT k FROM t2) EXCEPT SELECT 2;
-- case: union_order ordered
SELECT k FROM t1 UNION SELECT k FROM t2 ORDER BY k DESC NULLS LAST LIMIT 3;
-- case: union_three
SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3;
-- case: union_nulls
SELECT NULL AS x UNION ALL SELECT 'a';
-- case: intersect_mismatch
SELECT k, v FROM t1 INTERSECT SELECT k FROM t2;
