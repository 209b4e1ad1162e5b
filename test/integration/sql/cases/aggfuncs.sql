-- case: stats
SELECT corr(salary, id), covar_pop(salary, id), covar_samp(salary, id), skewness(salary), kurtosis(salary) FROM emp;
-- case: regr
SELECT regr_slope(salary, id), regr_intercept(salary, id), regr_r2(salary, id), regr_count(salary, id) FROM emp;
-- case: percentiles
SELECT percentile(salary, 0.5), median(salary), percentile_approx(salary, 0.5), percentile(salary, array(0.25, 0.75)) FROM emp;
-- case: percentiles_grouped
SELECT dept_id, median(salary), percentile_approx(salary, array(0.1, 0.9), 100) FROM emp GROUP BY dept_id;
-- case: approx_count_distinct
SELECT approx_count_distinct(dept), approx_count_distinct(id) FROM emp;
-- case: mode
SELECT mode(dept_id) FROM emp;
-- case: bool_grouped
SELECT dept_id, bool_and(salary > 60000), bool_or(salary > 100000) FROM emp GROUP BY dept_id;
-- case: max_by_grouped
SELECT dept_id, max_by(name, salary), min_by(name, hired) FROM emp GROUP BY dept_id;
-- case: collection_functions
SELECT array_contains(array(1, 2), 2), array_distinct(array(1, 1, 2)), array_union(array(1), array(2)), array_max(array(3, 1)), element_at(array('a', 'b'), 2), slice(array(1, 2, 3), 2, 2), array_join(array('a', 'b'), '-'), flatten(array(array(1), array(2, 3)));
-- case: map_functions
SELECT map_keys(map('a', 1)), map_values(map('a', 1)), map_contains_key(map('a', 1), 'a'), element_at(map('a', 1), 'a'), map_from_arrays(array('x'), array(2));
-- case: element_at_out_of_range
SELECT element_at(array(1, 2), 5);
-- case: string_functions
SELECT concat_ws('-', name, dept), lpad(name, 7, '*'), upper(substring(name, 1, 2)), regexp_replace(name, '[aeiou]', '_'), split(name, 'a') FROM emp WHERE id < 4;
-- case: hash_functions
SELECT md5(name), sha2(name, 256), crc32(name), hash(name, id), xxhash64(id) FROM emp WHERE id < 3;
