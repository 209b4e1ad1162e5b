-- case: inner_on
SELECT e.name, d.city FROM emp e JOIN dept d ON e.dept_id = d.dept_id;
-- case: inner_keyword
SELECT e.name, d.city FROM emp e INNER JOIN dept d ON e.dept_id = d.dept_id AND d.city = 'Berlin';
-- case: left_outer
SELECT e.name, d.city FROM emp e LEFT JOIN dept d ON e.dept_id = d.dept_id;
-- case: left_outer_keyword
SELECT e.name, d.city FROM emp e LEFT OUTER JOIN dept d ON e.dept_id = d.dept_id;
-- case: right_outer
SELECT e.name, d.dname FROM emp e RIGHT JOIN dept d ON e.dept_id = d.dept_id;
-- case: full_outer
SELECT t1.k, t1.v, t2.k, t2.w FROM t1 FULL OUTER JOIN t2 ON t1.k = t2.k;
-- case: left_semi
SELECT * FROM t1 LEFT SEMI JOIN t2 ON t1.k = t2.k;
-- case: semi_short
SELECT * FROM t1 SEMI JOIN t2 ON t1.k = t2.k;
-- case: left_anti
SELECT * FROM t1 LEFT ANTI JOIN t2 ON t1.k = t2.k;
-- case: anti_short
SELECT * FROM t1 ANTI JOIN t2 ON t1.k = t2.k;
-- case: cross_join
SELECT t1.k, d.dept_id FROM t1 CROSS JOIN dept d WHERE d.dept_id < 30;
-- case: comma_join
SELECT e.name, d.city FROM emp e, dept d WHERE e.dept_id = d.dept_id AND d.city = 'Paris';
-- case: using
SELECT * FROM emp JOIN dept USING (dept_id);
-- case: using_left
SELECT dept_id, name, city FROM emp LEFT JOIN dept USING (dept_id);
-- case: using_full
SELECT * FROM t1 FULL JOIN t2 USING (k);
-- case: natural
SELECT * FROM emp NATURAL JOIN dept;
-- case: natural_left
SELECT * FROM t1 NATURAL LEFT JOIN t2;
-- case: self_join
SELECT a.name, b.name FROM emp a JOIN emp b ON a.dept = b.dept AND a.id < b.id;
-- case: three_way
SELECT e.name, d.city, t.w FROM emp e JOIN dept d ON e.dept_id = d.dept_id JOIN t2 t ON e.id = t.k;
-- case: join_null_keys
SELECT t1.k, t2.k FROM t1 JOIN t2 ON t1.k = t2.k;
-- case: join_null_safe
SELECT t1.k, t2.w FROM t1 JOIN t2 ON t1.k <=> t2.k;
-- case: join_non_equi
SELECT t1.k, t2.k FROM t1 JOIN t2 ON t1.k < t2.k;
-- case: join_expr_keys
SELECT e.id, t.w FROM emp e JOIN t2 t ON e.id + 1 = t.k;
-- case: join_paren
SELECT * FROM (t1 JOIN t2 ON t1.k = t2.k);
-- case: join_subquery
SELECT e.name, x.c FROM emp e JOIN (SELECT dept, count(*) AS c FROM emp GROUP BY dept) x ON e.dept = x.dept;
-- case: join_empty
SELECT * FROM t1 JOIN empty_t ON t1.k = empty_t.k;
-- case: left_join_empty
SELECT * FROM t1 LEFT JOIN empty_t e ON t1.k = e.k;
-- case: ambiguous_column
SELECT k FROM t1 JOIN t2 ON t1.k = t2.k;
-- case: join_on_not_boolean
SELECT * FROM t1 JOIN t2 ON t1.k;
-- case: join_where_filter
SELECT t1.k, t2.w FROM t1 LEFT JOIN t2 ON t1.k = t2.k WHERE t2.w IS NULL;
