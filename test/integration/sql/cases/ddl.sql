-- case: create_database
CREATE DATABASE IF NOT EXISTS sqltest_db COMMENT 'for tests';
SHOW DATABASES LIKE 'sqltest*';
-- case: create_database_twice
CREATE DATABASE sqltest_db;
-- case: create_table_and_show
CREATE TABLE sqltest_db.zz_t1 (a INT, b STRING) USING parquet;
SHOW TABLES IN sqltest_db LIKE 'zz*';
-- case: describe_table
DESCRIBE TABLE sqltest_db.zz_t1;
-- case: select_empty_table
SELECT * FROM sqltest_db.zz_t1;
-- case: create_existing_table
CREATE TABLE sqltest_db.zz_t1 (a INT) USING parquet;
-- case: create_table_if_not_exists
CREATE TABLE IF NOT EXISTS sqltest_db.zz_t1 (a INT) USING parquet;
SELECT count(*) FROM sqltest_db.zz_t1;
-- case: use_database
USE sqltest_db;
SHOW TABLES LIKE 'zz*';
-- case: use_default
USE default;
SELECT count(*) FROM sqltest_db.zz_t1;
-- case: persistent_view
CREATE VIEW sqltest_db.zz_v1 AS SELECT 1 AS one, 'x' AS s;
SELECT * FROM sqltest_db.zz_v1;
-- case: drop_table
DROP TABLE sqltest_db.zz_t1;
SHOW TABLES IN sqltest_db LIKE 'zz*';
-- case: drop_missing_table
DROP TABLE sqltest_db.no_such;
-- case: drop_database_not_empty
DROP DATABASE sqltest_db;
-- case: drop_database_cascade
DROP DATABASE sqltest_db CASCADE;
SHOW DATABASES LIKE 'sqltest*';
-- case: use_missing_database
USE no_such_db;
-- case: drop_default
DROP DATABASE default;
