-- case: syntax_error
SELECT * FORM emp;
-- case: syntax_incomplete
SELECT id FROM;
-- case: unresolved_column
SELECT nope FROM emp;
-- case: unresolved_qualified
SELECT e.nope FROM emp e;
-- case: table_not_found
SELECT * FROM no_such_table;
-- case: function_not_found
SELECT no_such_fn(1);
-- case: wrong_num_args
SELECT upper('a', 'b');
-- case: type_mismatch
SELECT 'a' + DATE '2020-01-01';
-- case: divide_by_zero
SELECT 1 / 0;
-- case: int_div_zero
SELECT 1 DIV 0;
-- case: mod_zero
SELECT 5 % 0;
-- case: overflow
SELECT 2147483647 + 1;
-- case: long_overflow
SELECT 9223372036854775807L * 2;
-- case: unclosed_comment
SELECT 1 /* never closed;
-- case: unclosed_string
SELECT 'abc;
-- case: where_not_boolean
SELECT * FROM emp WHERE id;
-- case: star_in_expr
SELECT * + 1 FROM emp;
