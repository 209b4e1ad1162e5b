-- case: create_temp_view
CREATE OR REPLACE TEMP VIEW v_high AS SELECT id, name FROM emp WHERE salary > 90000;
SELECT * FROM v_high;
-- case: create_temp_view_twice
CREATE TEMPORARY VIEW v_twice AS SELECT 1 AS a;
CREATE TEMPORARY VIEW v_twice AS SELECT 2 AS a;
-- case: replace_temp_view
CREATE TEMPORARY VIEW v_rep AS SELECT 1 AS a;
CREATE OR REPLACE TEMPORARY VIEW v_rep AS SELECT 2 AS b;
SELECT * FROM v_rep;
-- case: drop_view
CREATE TEMPORARY VIEW v_drop AS SELECT 1 AS a;
DROP VIEW v_drop;
SELECT * FROM v_drop;
-- case: drop_view_if_exists
DROP VIEW IF EXISTS v_never_created;
-- case: drop_view_missing
DROP VIEW v_never_created;
-- case: global_temp_view
CREATE OR REPLACE GLOBAL TEMPORARY VIEW gv AS SELECT 7 AS seven;
SELECT * FROM global_temp.gv;
-- case: set_get
SET spark.sql.shuffle.partitions = 7;
SET spark.sql.shuffle.partitions;
-- case: set_custom
SET fulgur.sqltest.key = hello;
SET fulgur.sqltest.key;
-- case: view_over_view
CREATE OR REPLACE TEMP VIEW v_a AS SELECT id, dept FROM emp;
CREATE OR REPLACE TEMP VIEW v_b AS SELECT dept, count(*) AS c FROM v_a GROUP BY dept;
SELECT * FROM v_b;
