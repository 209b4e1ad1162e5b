// Package parser turns Spark SQL text into an ast tree, accepting the language Spark's
// own parser accepts in its default (non-ANSI-strict keyword) mode and failing with
// Spark's error classes, message parameters and positions.
//
// It is a hand-written recursive-descent parser: a lexer that follows Spark's token
// rules (case-insensitive keywords, Spark's numeric literal suffixes and overflow
// rules, string escapes and adjacent-literal concatenation, nested comments, /*+ hint */
// blocks), then one function per grammar rule, with precedence climbing for binary
// operators. Keywords are contextual: almost every keyword is also a valid identifier,
// as in Spark's default mode, and the parser decides from context. The few places
// that Spark's ANTLR grammar resolves with unbounded look-ahead (a parenthesis that
// may open a query or an expression, SUBSTRING(a, b) versus SUBSTRING(a FROM b)) are
// parsed speculatively and backtracked.
//
// Entry points: Parse (one statement), ParseExpr, ParseDataType and
// ParseTableSchema. Errors are *Error values carrying Spark's error class, SQLSTATE,
// message parameters and position; Error() renders Spark's ParseException message.
//
// The golden files in testdata are checked against real Apache Spark by
// oracle/check.py. Known, intended differences from Spark (marked deviation=... in
// testdata/errors):
//
//   - Statements and clauses Spark accepts but Fulgur does not parse yet (ALTER,
//     MERGE, UPDATE, DELETE, CREATE FUNCTION, PIVOT/UNPIVOT, FROM-first queries,
//     TRANSFORM, CREATE TABLE LIKE, ROW FORMAT, SQL scripting, SET VAR, ...) fail
//     with INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT instead of parsing.
//   - Spark's ANTLR parser can read a clause keyword as an implicit alias when
//     nothing else fits (SELECT 1 UNION, SELECT a FROM t WHERE, SELECT CASE END);
//     Fulgur requires AS for such aliases and reports a syntax error.
//   - Where ANTLR's error recovery picks an unexpected token or hint (for example
//     SELECT CASE WHEN a END), the reported token can differ. The common cases
//     (a stray token at the end, a missing ')' after a subquery, an incomplete
//     clause) match Spark.
//   - DATE, TIMESTAMP and INTERVAL string values are not validated here (Spark
//     raises INVALID_TYPED_LITERAL while parsing); the plan builder must check them.
package parser
