-- case: simple
WITH x AS (SELECT id, name FROM emp WHERE id < 4) SELECT * FROM x;
-- case: two
WITH a AS (SELECT 1 AS v), b AS (SELECT v + 1 AS v FROM a) SELECT * FROM a UNION ALL SELECT * FROM b;
-- case: columns
WITH x(a, b) AS (SELECT id, name FROM emp) SELECT b FROM x WHERE a = 2;
-- case: used_twice
WITH x AS (SELECT dept, count(*) AS c FROM emp GROUP BY dept) SELECT a.dept, b.c FROM x a JOIN x b ON a.dept = b.dept;
-- case: nested
WITH x AS (WITH y AS (SELECT 5 AS v) SELECT v * 2 AS w FROM y) SELECT w FROM x;
-- case: shadow_table
WITH emp AS (SELECT 42 AS id) SELECT * FROM emp;
-- case: in_subquery
SELECT * FROM (WITH z AS (SELECT 3 AS q) SELECT q FROM z);
-- case: recursive
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT * FROM r;
