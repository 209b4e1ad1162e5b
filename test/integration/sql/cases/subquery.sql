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
