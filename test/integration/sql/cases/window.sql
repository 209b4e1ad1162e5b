-- case: row_number
SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id) AS rn FROM emp;
-- case: rank_dense
SELECT id, salary, rank() OVER (ORDER BY salary DESC) AS r, dense_rank() OVER (ORDER BY salary DESC) AS dr FROM emp WHERE salary IS NOT NULL;
-- case: sum_over_partition
SELECT id, dept, sum(salary) OVER (PARTITION BY dept) AS total FROM emp;
-- case: running_sum
SELECT id, sum(id) OVER (ORDER BY id) AS running FROM emp;
-- case: rows_frame
SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s FROM emp;
-- case: rows_unbounded
SELECT id, max(id) OVER (ORDER BY id DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS m FROM emp;
-- case: range_frame
SELECT id, count(*) OVER (ORDER BY id RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) AS c FROM emp;
-- case: lag_lead
SELECT id, lag(id) OVER (ORDER BY id) AS prev, lead(id, 2) OVER (ORDER BY id) AS next2 FROM emp;
-- case: lag_default
SELECT id, lag(id, 1, -1) OVER (ORDER BY id) FROM emp;
-- case: ntile
SELECT id, ntile(3) OVER (ORDER BY id) FROM emp;
-- case: percent_rank_cume
SELECT id, percent_rank() OVER (ORDER BY id), cume_dist() OVER (ORDER BY id) FROM emp;
-- case: window_names
SELECT id, row_number() OVER (PARTITION BY dept ORDER BY id), avg(salary) OVER (PARTITION BY dept) FROM emp;
-- case: named_window
SELECT id, sum(id) OVER w AS s, max(id) OVER w AS m FROM emp WINDOW w AS (PARTITION BY dept ORDER BY id);
-- case: qualify
SELECT id, dept FROM emp QUALIFY row_number() OVER (PARTITION BY dept ORDER BY id) = 1;
-- case: qualify_alias
SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id DESC) AS rn FROM emp QUALIFY rn = 1;
-- case: window_over_agg
SELECT dept, count(*) AS c, rank() OVER (ORDER BY count(*) DESC) AS r FROM emp GROUP BY dept;
-- case: first_value
SELECT id, first_value(name) OVER (PARTITION BY dept ORDER BY id) FROM emp;
-- case: missing_window
SELECT id, sum(id) OVER nope FROM emp;
