-- case: scalar_uncorrelated
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp);
-- case: scalar_in_select
SELECT id, (SELECT max(dept_id) FROM dept) AS m FROM emp WHERE id < 3;
-- case: scalar_correlated
SELECT name, salary FROM emp e WHERE salary > (SELECT avg(salary) FROM emp x WHERE x.dept = e.dept);
-- case: scalar_correlated_select
SELECT d.dname, (SELECT count(*) FROM emp e WHERE e.dept_id = d.dept_id) AS n FROM dept d;
-- case: scalar_empty
SELECT (SELECT k FROM empty_t) AS x;
-- case: scalar_multiple_rows
SELECT (SELECT k FROM t1) AS x;
-- case: in_subquery
SELECT name FROM emp WHERE dept_id IN (SELECT dept_id FROM dept WHERE city = 'Berlin');
-- case: not_in_subquery
SELECT name FROM emp WHERE dept_id NOT IN (SELECT dept_id FROM dept WHERE city = 'Berlin');
-- case: not_in_with_null
SELECT k FROM t2 WHERE k NOT IN (SELECT k FROM t1);
-- case: in_correlated
SELECT name FROM emp e WHERE id IN (SELECT k FROM t2 WHERE t2.w <> e.name);
-- case: exists
SELECT dname FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.dept_id);
-- case: not_exists
SELECT dname FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.dept_id);
-- case: exists_uncorrelated
SELECT count(*) FROM emp WHERE EXISTS (SELECT 1 FROM empty_t);
-- case: exists_and_filter
SELECT dname FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.dept_id AND e.salary > 90000) AND city = 'Berlin';
-- case: in_subquery_select_list
SELECT id, dept_id IN (SELECT dept_id FROM dept WHERE city = 'Paris') AS in_paris FROM emp;
-- case: having_subquery
SELECT dept, sum(salary) FROM emp GROUP BY dept HAVING sum(salary) > (SELECT avg(salary) FROM emp);
-- case: exists_non_equi
SELECT e.name FROM emp e WHERE EXISTS (SELECT 1 FROM emp o WHERE o.dept = e.dept AND o.salary > e.salary);
-- case: not_exists_non_equi
SELECT e.name FROM emp e WHERE NOT EXISTS (SELECT 1 FROM emp o WHERE o.dept = e.dept AND o.salary > e.salary);
-- case: scalar_correlated_no_match
SELECT d.dname, (SELECT max(salary) FROM emp e WHERE e.dept_id = d.dept_id) AS top FROM dept d;
-- case: scalar_times_constant
SELECT name FROM emp e WHERE salary < (SELECT 0.9 * avg(salary) FROM emp x WHERE x.dept_id = e.dept_id);
-- case: nested_in
SELECT name FROM emp WHERE dept_id IN (SELECT dept_id FROM dept WHERE city IN (SELECT city FROM dept WHERE dname = 'hr'));
-- case: in_two_columns
SELECT name FROM emp WHERE (dept_id, dept) IN (SELECT dept_id, dname FROM dept);
-- case: scalar_two_columns
SELECT (SELECT dept_id, dname FROM dept LIMIT 1);
-- case: correlated_not_aggregated
SELECT name, (SELECT d.city FROM dept d WHERE d.dept_id = e.dept_id) FROM emp e;
-- case: in_with_aggregate_subquery
SELECT dept_id FROM dept WHERE dept_id IN (SELECT dept_id FROM emp GROUP BY dept_id HAVING count(*) > 1);
-- case: exists_in_or
SELECT dname FROM dept d WHERE city = 'Madrid' OR EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.dept_id AND e.salary > 100000);
-- case: scalar_in_expression
SELECT id, salary - (SELECT min(salary) FROM emp) AS above_min FROM emp;
-- case: subquery_in_from_and_where
SELECT x.dept, x.c FROM (SELECT dept, count(*) AS c FROM emp GROUP BY dept) x WHERE x.c = (SELECT max(c) FROM (SELECT count(*) AS c FROM emp GROUP BY dept));
-- case: tpch_q4_shape
SELECT dept, count(*) FROM emp e WHERE hired >= DATE '2018-01-01' AND EXISTS (SELECT * FROM dept d WHERE d.dept_id = e.dept_id AND d.city <> 'Madrid') GROUP BY dept ORDER BY dept;
-- case: tpch_q22_shape
SELECT substring(name, 1, 1) AS initial, count(*), sum(salary) FROM emp WHERE salary > (SELECT avg(salary) FROM emp WHERE salary > 0) AND NOT EXISTS (SELECT * FROM t2 WHERE t2.k = emp.id) GROUP BY substring(name, 1, 1);
-- case: not_in_empty
SELECT count(*) FROM emp WHERE id NOT IN (SELECT k FROM empty_t);
-- case: not_in_null_key
SELECT k FROM t1 WHERE k NOT IN (SELECT k FROM t2 WHERE k IS NOT NULL);
-- case: correlated_too_many_rows
SELECT name, (SELECT d.w FROM t2 d WHERE d.k = e.id) FROM emp e;
-- case: scalar_non_equi_count
SELECT k, (SELECT count(*) FROM t2 r WHERE r.k >= l.k) AS c FROM t1 l;
-- case: scalar_non_equi_avg
SELECT name FROM emp e WHERE salary > (SELECT avg(salary) FROM emp x WHERE x.hired < e.hired);
-- case: scalar_mixed_preds
SELECT name, (SELECT max(o.salary) FROM emp o WHERE o.dept = e.dept AND o.id <> e.id) AS other_max FROM emp e;
