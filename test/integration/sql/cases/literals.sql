-- case: integers
SELECT 1, 2147483648, 9223372036854775808, 1L, 1S, 1Y;
-- case: decimals
SELECT 1.5, 0.001, 123.4500, 1.5BD, 1e3, 1.5D, 1.5F;
-- case: negative
SELECT -1, -1.5, -2147483648, - 3;
-- case: strings
SELECT 'it''s', "double", 'a' 'b', 'tab\there', '\u0041';
-- case: booleans_null
SELECT true, FALSE, NULL, NULL IS NULL;
-- case: date_literal
SELECT DATE '2024-02-29', DATE '2024-1-5';
-- case: date_invalid
SELECT DATE '2024-02-30';
-- case: timestamp_literal
SELECT TIMESTAMP '2024-01-02 03:04:05', TIMESTAMP '2024-01-02 03:04:05.123456';
-- case: timestamp_ntz_literal
SELECT TIMESTAMP_NTZ '2024-01-02 03:04:05';
-- case: binary_literal
SELECT X'CAFE', X'';
-- case: interval_day
SELECT INTERVAL '3' DAY, INTERVAL 2 HOURS, INTERVAL 1 DAY 2 HOURS, typeof(INTERVAL 1 DAY 2 HOURS);
-- case: interval_month
SELECT CAST(INTERVAL '3' MONTH AS STRING), CAST(INTERVAL 1 YEAR AS STRING), CAST(INTERVAL 1 YEAR 2 MONTHS AS STRING), typeof(INTERVAL 1 YEAR 2 MONTHS);
-- case: date_minus_interval
SELECT DATE '1998-12-01' - INTERVAL '90' DAY;
-- case: date_plus_months
SELECT DATE '1995-01-31' + INTERVAL '1' MONTH;
-- case: typeof
SELECT typeof(1), typeof(1L), typeof(1.5), typeof('a'), typeof(NULL), typeof(DATE '2020-01-01');
-- case: big_decimal_overflow
SELECT 123456789012345678901234567890123456789.0;
-- case: int_overflow_literal
SELECT 128Y;
-- case: date_minus_months
SELECT DATE '2024-03-31' - INTERVAL '1' MONTH, DATE '2024-03-31' - INTERVAL 1 YEAR;
-- case: date_plus_days_column
SELECT id, hired + INTERVAL '30' DAY FROM emp;
-- case: interval_plus_date
SELECT INTERVAL '2' DAY + DATE '2020-02-28';
-- case: timestamp_plus_interval
SELECT TIMESTAMP '2024-01-31 10:00:00' + INTERVAL '1' MONTH, TIMESTAMP '2024-01-31 10:00:00' - INTERVAL 90 MINUTES;
-- case: date_plus_hours
SELECT DATE '2024-01-01' + INTERVAL 36 HOURS;
-- case: interval_cast_strings
SELECT CAST(INTERVAL '1 02:03:04.5' DAY TO SECOND AS STRING), CAST(INTERVAL -3 DAY AS STRING);
-- case: filter_date_range
SELECT name FROM emp WHERE hired >= DATE '2019-01-01' AND hired < DATE '2019-01-01' + INTERVAL '2' YEAR;
