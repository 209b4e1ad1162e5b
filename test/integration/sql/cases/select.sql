-- case: star
SELECT * FROM emp;
-- case: columns_alias
SELECT id, name AS n, salary / 1000 AS k FROM emp;
-- case: qualified_star
SELECT e.* FROM emp e WHERE e.id < 3;
-- case: expr_names
SELECT id + 1, salary * 2, -id, name, upper(name), id % 3, id DIV 2 FROM emp;
-- case: no_from
SELECT 1, 'a', 2.5, true, NULL;
-- case: arithmetic_types
SELECT 1 + 1L, 1 + 1.5, 1 + 1.5D, 7 / 2, 7 DIV 2, 7 % 3, 2.0 * 3;
-- case: distinct
SELECT DISTINCT dept FROM emp;
-- case: distinct_multi
SELECT DISTINCT k, v FROM t1;
-- case: all_quantifier
SELECT ALL k FROM t1;
-- case: backquoted
SELECT `id` AS `the id`, `name` FROM emp WHERE `id` = 1;
-- case: case_insensitive
SELECT ID, Name, SALARY FROM EMP WHERE Id = 2;
-- case: where_and_or
SELECT id FROM emp WHERE (dept = 'eng' AND salary > 100000) OR dept = 'hr';
-- case: where_not
SELECT id FROM emp WHERE NOT dept = 'eng';
-- case: where_null
SELECT id FROM emp WHERE dept IS NULL;
-- case: where_not_null
SELECT id FROM emp WHERE salary IS NOT NULL;
-- case: where_in
SELECT id FROM emp WHERE dept IN ('eng', 'hr');
-- case: where_not_in
SELECT id FROM emp WHERE id NOT IN (1, 2, 3);
-- case: where_between
SELECT id FROM emp WHERE salary BETWEEN 60000 AND 95000;
-- case: where_not_between
SELECT id FROM emp WHERE salary NOT BETWEEN 60000 AND 95000;
-- case: where_like
SELECT name FROM emp WHERE name LIKE '%a%';
-- case: where_not_like
SELECT name FROM emp WHERE name NOT LIKE 'A%';
-- case: where_like_underscore
SELECT name FROM emp WHERE name LIKE '_a%';
-- case: where_rlike
SELECT name FROM emp WHERE name RLIKE '^[A-C]';
-- case: where_regexp
SELECT name FROM emp WHERE name REGEXP 'e$';
-- case: like_any
SELECT name FROM emp WHERE name LIKE ANY ('A%', 'B%');
-- case: like_all
SELECT name FROM emp WHERE name LIKE ALL ('%a%', '%r%');
-- case: is_true
SELECT i, b IS TRUE, b IS NOT FALSE, b IS UNKNOWN FROM nums;
-- case: distinct_from
SELECT k, k IS DISTINCT FROM 2, k IS NOT DISTINCT FROM NULL FROM t1;
-- case: null_safe_eq
SELECT k, k <=> 2, k = 2 FROM t1;
-- case: not_equal_forms
SELECT id FROM emp WHERE id <> 1 AND id != 2;
-- case: double_eq
SELECT id FROM emp WHERE id == 3;
-- case: concat_op
SELECT name || '-' || dept FROM emp;
-- case: case_when
SELECT id, CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 65000 THEN 'mid' ELSE 'low' END AS band FROM emp;
-- case: case_simple
SELECT id, CASE dept WHEN 'eng' THEN 1 WHEN 'sales' THEN 2 END FROM emp;
-- case: case_no_else
SELECT CASE WHEN id > 5 THEN name END FROM emp;
-- case: cast_forms
SELECT CAST(id AS STRING), CAST('12' AS INT), CAST(salary AS DOUBLE), id::string FROM emp WHERE id < 3;
-- case: try_cast
SELECT TRY_CAST('x' AS INT), TRY_CAST('7' AS INT);
-- case: cast_invalid
SELECT CAST('x' AS INT);
-- case: subquery_from
SELECT s.n FROM (SELECT name AS n, salary FROM emp WHERE salary > 60000) s WHERE s.salary < 100000;
-- case: subquery_from_as
SELECT x FROM (SELECT id AS x FROM emp) AS q WHERE x > 5;
-- case: subquery_column_alias
SELECT a, b FROM (SELECT id, name FROM emp) AS q(a, b) WHERE a = 1;
-- case: nested_subquery
SELECT * FROM (SELECT * FROM (SELECT id, dept FROM emp) WHERE dept = 'eng') WHERE id > 1;
-- case: table_stmt
TABLE dept;
-- case: from_values
SELECT * FROM VALUES (1, 'a'), (2, 'b');
-- case: from_values_alias
SELECT x, y FROM VALUES (1, 'a'), (2, 'b') AS v(x, y);
-- case: values_query
VALUES (1, 2), (3, 4);
-- case: values_widen
SELECT * FROM VALUES (1), (2L), (NULL) AS v(a);
-- case: values_mismatch
SELECT * FROM VALUES (1, 2), (3) AS v(a, b);
-- case: range_tvf
SELECT * FROM range(5);
-- case: range_tvf_args
SELECT id FROM range(10, 0, -3);
-- case: range_alias
SELECT r.id * 2 FROM range(3) AS r;
-- case: semicolon
SELECT 1;
-- case: comments
SELECT /* inline */ 1 -- trailing
;
-- case: hint_ignored
SELECT /*+ BROADCAST(d) */ e.id FROM emp e JOIN dept d ON e.dept_id = d.dept_id WHERE e.id < 3;
-- case: identifier_clause
SELECT IDENTIFIER('name') FROM emp WHERE id = 1;
-- case: identifier_table
SELECT count(*) FROM IDENTIFIER('emp');
-- case: tablesample_rows
SELECT count(*) FROM (SELECT * FROM range(100) TABLESAMPLE (5 ROWS));
-- case: tablesample_percent
SELECT count(*) BETWEEN 50 AND 150 FROM range(1000) TABLESAMPLE (10 PERCENT) REPEATABLE (7);
-- case: tablesample_bucket
SELECT count(*) BETWEEN 150 AND 350 FROM range(1000) TABLESAMPLE (BUCKET 1 OUT OF 4);
-- case: tablesample_all
SELECT count(*) FROM range(10) TABLESAMPLE (100 PERCENT);
