package parser_test

import (
	"errors"
	"testing"

	"github.com/fulgur/fulgur/sql/parser"
)

// TestErrorMessages compares Error() with the text of Spark's ParseException
// messages, recorded from Apache Spark 4 (without getMessage's leading newline).
func TestErrorMessages(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELEC 1", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601 (line 1, pos 0)\n\n== SQL ==\nSELEC 1\n^^^\n"},
		{"SELECT a,\n  b FROM t WHERE a = 1 )", "[PARSE_SYNTAX_ERROR] Syntax error at or near ')': extra input ')'. SQLSTATE: 42601 (line 2, pos 23)\n\n== SQL ==\nSELECT a,\n  b FROM t WHERE a = 1 )\n-----------------------^^^\n"},
		{"SELECT 1 +\n) FROM t", "[PARSE_SYNTAX_ERROR] Syntax error at or near ')'. SQLSTATE: 42601 (line 2, pos 0)\n\n== SQL ==\nSELECT 1 +\n) FROM t\n^^^\n"},
		{"", "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617 (line 1, pos 0)\n\n== SQL ==\n\n^^^\n"},
		{"SELECT 1 /* abc", "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment. SQLSTATE: 42601\n== SQL ==\nSELECT 1 /* abc"},
		{"SELECT x'zz'", "[INVALID_TYPED_LITERAL] The value of the typed literal \"X\" is invalid: 'zz'. SQLSTATE: 42604\n== SQL (line 1, position 8) ==\nSELECT x'zz'\n       ^^^^^\n"},
		{"SELECT 1,\n  128Y", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 128 is outside the valid range for tinyint with minimum value of -128 and maximum value of 127. Please adjust the value accordingly. SQLSTATE: 22003\n== SQL (line 2, position 3) ==\n  128Y\n  ^^^^\n"},
		{"SELECT 1L, 9223372036854775808L, 1.5e400D, 1e400, 1.5e400BD, 12345678901234567890123456789012345678901.5", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 9223372036854775808 is outside the valid range for bigint with minimum value of -9223372036854775808 and maximum value of 9223372036854775807. Please adjust the value accordingly. SQLSTATE: 22003\n== SQL (line 1, position 12) ==\nSELECT 1L, 9223372036854775808L, 1.5e400D, 1e400, 1.5e400BD, 12...\n           ^^^^^^^^^^^^^^^^^^^^\n"},
		{"SELECT 2147483648, 9223372036854775808, 1e3, 1.5D, 1.5F, 1.5BD, .5, 1., 1E-3BD, 127Y, 128Y", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 128 is outside the valid range for tinyint with minimum value of -128 and maximum value of 127. Please adjust the value accordingly. SQLSTATE: 22003\n== SQL (line 1, position 87) ==\n...F, 1.5BD, .5, 1., 1E-3BD, 127Y, 128Y\n                                   ^^^^\n"},
		{"SELECT 999999999999999999999999999999999999999", "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38. SQLSTATE: 22003"},
		{"SET TIME ZONE foo", "Invalid time zone displacement value.\n== SQL (line 1, position 1) ==\nSET TIME ZONE foo\n^^^^^^^^^^^^^^^^^\n"},
	}
	for _, tt := range tests {
		_, err := parser.Parse(tt.sql)
		var pe *parser.Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a *parser.Error", tt.sql, err)
			continue
		}
		if got := pe.Error(); got != tt.want {
			t.Errorf("Parse(%q) error:\n got: %q\nwant: %q", tt.sql, got, tt.want)
		}
	}
}

func TestErrorFields(t *testing.T) {
	_, err := parser.Parse("SELECT *\nFROM t WHERE")
	var pe *parser.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %v", err)
	}
	if pe.Class != "PARSE_SYNTAX_ERROR" || pe.SQLState != "42601" || pe.Line != 2 || pe.Pos != 12 ||
		pe.Params["error"] != "end of input" || pe.Params["hint"] != "" {
		t.Errorf("unexpected error fields: %+v", pe)
	}
	if want := "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"; pe.Message() != want {
		t.Errorf("Message() = %q, want %q", pe.Message(), want)
	}
}
