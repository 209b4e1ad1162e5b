-- case: explode_array
SELECT explode(array(1, 2, 3));
-- case: explode_alias
SELECT explode(array(10, 20)) AS v;
-- case: explode_with_columns
SELECT k, explode(array(k, k * 10)) AS x FROM t1 WHERE k IS NOT NULL;
-- case: explode_map
SELECT explode(map('a', 1, 'b', 2));
-- case: posexplode
SELECT posexplode(array('x', 'y'));
-- case: posexplode_aliases
SELECT posexplode(array('x', 'y')) AS (p, v);
-- case: explode_outer_empty
SELECT k, explode_outer(CAST(array() AS array<int>)) FROM t1;
-- case: explode_empty
SELECT k, explode(CAST(array() AS array<int>)) FROM t1;
-- case: explode_null
SELECT explode(CAST(NULL AS array<int>));
-- case: inline
SELECT inline(array(struct(1, 'a'), struct(2, 'b')));
-- case: inline_named
SELECT inline(array(named_struct('n', 1, 's', 'a'), named_struct('n', 2, 's', 'b')));
-- case: stack
SELECT stack(2, 1, 'a', 2, 'b');
-- case: stack_uneven
SELECT stack(3, 1, 2, 3, 4, 5);
-- case: stack_widen
SELECT stack(2, 1, 2.5);
-- case: lateral_view
SELECT k, c FROM t1 LATERAL VIEW explode(array(k, k + 10)) t AS c;
-- case: lateral_view_outer
SELECT id, c FROM emp LATERAL VIEW OUTER explode(CAST(array() AS array<int>)) t AS c WHERE id < 3;
-- case: lateral_view_two
SELECT a, b FROM VALUES (1) AS v(x) LATERAL VIEW explode(array(1, 2)) t1 AS a LATERAL VIEW explode(array('p', 'q')) t2 AS b;
-- case: tvf_explode
SELECT * FROM explode(array(5, 6));
-- case: tvf_explode_alias
SELECT t.x FROM explode(array(5, 6)) AS t(x);
-- case: tvf_posexplode
SELECT * FROM posexplode(array('a'));
-- case: tvf_inline
SELECT * FROM inline(array(struct(1, 'a')));
-- case: tvf_stack
SELECT * FROM stack(2, 'a', 1, 'b', 2) AS s(name, n);
-- case: explode_then_aggregate
SELECT x, count(*) FROM (SELECT explode(array(1, 1, 2)) AS x) GROUP BY x;
-- case: two_generators
SELECT explode(array(1)), explode(array(2));
-- case: explode_not_array
SELECT explode(1);
-- case: struct_constructor
SELECT struct(k, v), named_struct('x', 1, 'y', 'z'), array(k, 2), map('a', v) FROM t1;
-- case: struct_field_names
SELECT struct(1 AS a, 'x' AS b), struct(1, 2), struct(k) FROM t1 WHERE k = 1;
-- case: map_duplicate_key
SELECT map('a', 1, 'a', 2);
-- case: array_widen
SELECT array(1, 2.5, NULL), array(), array('a', NULL);
