-- Fixtures every SQL case can use. Run once per session, on real Spark when goldens
-- are recorded and on Fulgur when they are compared.
CREATE OR REPLACE TEMPORARY VIEW emp AS SELECT * FROM VALUES
  (1, 'Alice', 'eng', 120000, DATE '2019-03-01', 10),
  (2, 'Bob', 'eng', 95000, DATE '2020-07-15', 10),
  (3, 'Carol', 'sales', 70000, DATE '2018-01-20', 20),
  (4, 'Dan', 'sales', 65000, DATE '2021-11-02', 20),
  (5, 'Eve', 'hr', 60000, DATE '2017-05-30', 30),
  (6, 'Frank', NULL, 50000, NULL, NULL),
  (7, 'Grace', 'eng', NULL, DATE '2022-02-14', 10)
  AS emp(id, name, dept, salary, hired, dept_id);
CREATE OR REPLACE TEMPORARY VIEW dept AS SELECT * FROM VALUES
  (10, 'eng', 'Berlin'),
  (20, 'sales', 'Paris'),
  (30, 'hr', 'Berlin'),
  (40, 'ops', 'Madrid')
  AS dept(dept_id, dname, city);
CREATE OR REPLACE TEMPORARY VIEW nums AS SELECT * FROM VALUES
  (1, 1.5D, CAST(10.25 AS DECIMAL(10,2)), 'a', true),
  (2, -2.0D, CAST(-3.50 AS DECIMAL(10,2)), 'b', false),
  (3, NULL, NULL, NULL, NULL),
  (4, 0.0D, CAST(0 AS DECIMAL(10,2)), 'a', true),
  (5, 1e10D, CAST(99999999.99 AS DECIMAL(10,2)), 'c', false),
  (NULL, 7.25D, CAST(1.10 AS DECIMAL(10,2)), 'b', NULL)
  AS nums(i, d, m, s, b);
CREATE OR REPLACE TEMPORARY VIEW t1 AS SELECT * FROM VALUES (1, 'x'), (2, 'y'), (2, 'y'), (3, NULL), (NULL, 'z') AS t1(k, v);
CREATE OR REPLACE TEMPORARY VIEW t2 AS SELECT * FROM VALUES (2, 'two'), (3, 'three'), (3, 'drei'), (4, 'four'), (NULL, 'null') AS t2(k, w);
CREATE OR REPLACE TEMPORARY VIEW empty_t AS SELECT * FROM VALUES (1, 'a') AS empty_t(k, v) WHERE k > 1;
