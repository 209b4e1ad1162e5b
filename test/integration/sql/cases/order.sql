-- case: order_asc ordered
SELECT id, name FROM emp ORDER BY name;
-- case: order_desc ordered
SELECT id, salary FROM emp ORDER BY salary DESC;
-- case: order_nulls_default ordered
SELECT id, salary FROM emp ORDER BY salary, id;
-- case: order_desc_nulls_first ordered
SELECT id, salary FROM emp ORDER BY salary DESC NULLS FIRST, id;
-- case: order_asc_nulls_last ordered
SELECT id, dept FROM emp ORDER BY dept ASC NULLS LAST, id;
-- case: order_multi ordered
SELECT dept, name FROM emp ORDER BY dept DESC, name ASC;
-- case: order_ordinal ordered
SELECT name, salary FROM emp ORDER BY 2 DESC NULLS LAST, 1;
-- case: order_ordinal_out_of_range
SELECT name FROM emp ORDER BY 2;
-- case: order_by_alias ordered
SELECT id, salary * 2 AS s2 FROM emp ORDER BY s2 NULLS LAST, id;
-- case: order_by_hidden ordered
SELECT name FROM emp ORDER BY salary DESC NULLS LAST, id;
-- case: order_by_expr ordered
SELECT name FROM emp ORDER BY length(name), name;
-- case: limit ordered
SELECT id FROM emp ORDER BY id LIMIT 3;
-- case: limit_zero
SELECT id FROM emp LIMIT 0;
-- case: limit_all ordered
SELECT id FROM emp ORDER BY id LIMIT ALL;
-- case: offset ordered
SELECT id FROM emp ORDER BY id LIMIT 2 OFFSET 3;
-- case: offset_only ordered
SELECT id FROM emp ORDER BY id OFFSET 5;
-- case: limit_negative
SELECT id FROM emp LIMIT -1;
-- case: limit_subquery ordered
SELECT * FROM (SELECT id FROM emp ORDER BY id DESC LIMIT 4) ORDER BY id;
-- case: sort_by
SELECT id FROM emp SORT BY id;
-- case: distribute_by
SELECT id FROM emp DISTRIBUTE BY dept;
-- case: cluster_by
SELECT id, dept FROM emp CLUSTER BY dept;
-- case: order_strings_nulls ordered
SELECT v FROM t1 ORDER BY v NULLS FIRST;
-- case: order_double ordered
SELECT d FROM nums ORDER BY d;
-- case: order_decimal_desc ordered
SELECT m FROM nums ORDER BY m DESC;
-- case: order_group_agg ordered
SELECT dept_id, sum(salary) AS total FROM emp GROUP BY dept_id ORDER BY total DESC NULLS LAST;
