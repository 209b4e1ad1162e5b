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
