-- case: count_star
SELECT count(*) FROM emp;
-- case: count_col
SELECT count(dept), count(salary), count(1) FROM emp;
-- case: global_aggs
SELECT sum(salary), avg(salary), min(salary), max(salary) FROM emp;
-- case: group_by
SELECT dept, count(*) AS c FROM emp GROUP BY dept;
-- case: group_by_names
SELECT dept, sum(salary), avg(salary), max(name) FROM emp GROUP BY dept;
-- case: group_by_ordinal
SELECT dept, count(*) FROM emp GROUP BY 1;
-- case: group_by_ordinal_out_of_range
SELECT dept, count(*) FROM emp GROUP BY 3;
-- case: group_by_all
SELECT dept, dept_id, count(*) FROM emp GROUP BY ALL;
-- case: group_by_expr
SELECT salary > 70000 AS rich, count(*) FROM emp GROUP BY salary > 70000;
-- case: group_by_expr_not_selected
SELECT count(*) FROM emp GROUP BY dept;
-- case: having
SELECT dept, count(*) AS c FROM emp GROUP BY dept HAVING count(*) > 1;
-- case: having_alias
SELECT dept, count(*) AS c FROM emp GROUP BY dept HAVING c > 1;
-- case: having_group_col
SELECT count(*) FROM emp GROUP BY dept HAVING dept = 'eng';
-- case: having_unaliased
SELECT dept, sum(salary) FROM emp GROUP BY dept HAVING sum(salary) > 100000;
-- case: having_no_group
SELECT count(*) FROM emp HAVING count(*) > 3;
-- case: count_distinct
SELECT count(DISTINCT dept), count(DISTINCT dept_id) FROM emp;
-- case: sum_distinct
SELECT sum(DISTINCT k) FROM t1;
-- case: group_count_distinct
SELECT dept_id, count(DISTINCT name) FROM emp GROUP BY dept_id;
-- case: agg_empty
SELECT count(*), sum(k), max(v) FROM empty_t;
-- case: group_empty
SELECT k, count(*) FROM empty_t GROUP BY k;
-- case: agg_nulls
SELECT sum(d), avg(d), min(s), max(s), count(d) FROM nums;
-- case: agg_decimal
SELECT sum(m), avg(m), min(m), max(m) FROM nums;
-- case: agg_expr
SELECT dept, sum(salary) / count(*) AS mean, max(salary) - min(salary) AS spread FROM emp GROUP BY dept;
-- case: first_last
SELECT first(name), last(name) FROM (SELECT name FROM emp ORDER BY id);
-- case: first_ignore_nulls
SELECT first(dept) IGNORE NULLS FROM (SELECT dept FROM emp ORDER BY id DESC);
-- case: stddev_family
SELECT stddev(salary), stddev_pop(salary), variance(salary), var_pop(salary) FROM emp;
-- case: collect
SELECT dept_id, sort_array(collect_list(id)) FROM emp GROUP BY dept_id;
-- case: group_by_null_key
SELECT k, count(*) FROM t1 GROUP BY k;
-- case: not_in_group_by
SELECT name, count(*) FROM emp GROUP BY dept;
-- case: agg_in_where
SELECT id FROM emp WHERE count(*) > 1;
-- case: nested_agg
SELECT sum(count(*)) FROM emp;
-- case: count_if
SELECT count_if(salary > 60000) FROM emp;
-- case: bool_aggs
SELECT bool_and(b), bool_or(b), every(b), some(b), any(b) FROM nums;
-- case: max_by_min_by
SELECT max_by(name, salary), min_by(name, salary) FROM emp;
-- case: group_order
SELECT dept, count(*) AS c FROM emp GROUP BY dept ORDER BY c DESC, dept;
-- case: rollup
SELECT dept, dept_id, count(*) FROM emp GROUP BY ROLLUP(dept, dept_id);
-- case: cube
SELECT dept, count(*) FROM emp GROUP BY CUBE(dept);
-- case: grouping_sets
SELECT dept, dept_id, sum(salary) FROM emp GROUP BY GROUPING SETS ((dept), (dept_id), ());
-- case: filter_clause
SELECT count(*) FILTER (WHERE salary > 70000) FROM emp;
-- case: rollup_grouping
SELECT dept, dept_id, grouping(dept), grouping(dept_id), grouping_id(), count(*) FROM emp GROUP BY ROLLUP(dept, dept_id);
-- case: cube_two
SELECT dept, dept_id, sum(salary) FROM emp GROUP BY CUBE(dept, dept_id);
-- case: with_rollup
SELECT dept, count(*) FROM emp GROUP BY dept WITH ROLLUP;
-- case: with_cube
SELECT dept, dept_id, count(*) FROM emp GROUP BY dept, dept_id WITH CUBE;
-- case: mixed_plain_rollup
SELECT dept, dept_id, count(*) FROM emp GROUP BY dept, ROLLUP(dept_id);
-- case: grouping_sets_nested_rollup
SELECT dept, dept_id, count(*) FROM emp GROUP BY GROUPING SETS ((dept), ROLLUP(dept_id));
-- case: legacy_grouping_sets
SELECT dept, dept_id, count(*) FROM emp GROUP BY dept, dept_id GROUPING SETS ((dept), (dept_id));
-- case: rollup_expression
SELECT salary > 70000 AS rich, dept, count(*) FROM emp GROUP BY ROLLUP(salary > 70000, dept);
-- case: rollup_having ordered
SELECT dept, sum(salary) AS s FROM emp GROUP BY ROLLUP(dept) HAVING sum(salary) > 60000 ORDER BY s DESC;
-- case: grouping_id_args
SELECT dept, dept_id, grouping_id(dept, dept_id), grouping_id(dept_id) FROM emp GROUP BY CUBE(dept, dept_id);
-- case: grouping_not_in_groups
SELECT dept, grouping(name) FROM emp GROUP BY ROLLUP(dept);
-- case: rollup_agg_of_group_col
SELECT dept, count(dept) FROM emp GROUP BY ROLLUP(dept);
-- case: filter_clause_grouped
SELECT dept_id, count(*) FILTER (WHERE salary > 60000), sum(salary) FILTER (WHERE name LIKE '%a%') FROM emp GROUP BY dept_id;
-- case: distinct_and_plain
SELECT count(DISTINCT dept), sum(salary), count(*), max(name) FROM emp;
-- case: distinct_and_plain_grouped
SELECT dept_id, count(DISTINCT name), count(DISTINCT dept), avg(salary), count(salary) FROM emp GROUP BY dept_id;
-- case: distinct_mixed_empty
SELECT count(DISTINCT k), count(v), sum(k) FROM empty_t;
