package parser

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/fulgur/fulgur/sql/ast"
)

// Error classes the parser raises, with their SQLSTATE and message template (Spark's
// error-conditions.json; <name> is replaced by the parameter of that name).
var conditions = map[string]struct{ state, template string }{
	"PARSE_SYNTAX_ERROR":                                               {"42601", "Syntax error at or near <error><hint>."},
	"PARSE_EMPTY_STATEMENT":                                            {"42617", "Syntax error, unexpected empty statement."},
	"UNCLOSED_BRACKETED_COMMENT":                                       {"42601", "Found an unclosed bracketed comment. Please, append */ at the end of the comment."},
	"INVALID_IDENTIFIER":                                               {"42602", "The unquoted identifier <ident> is invalid and must be back quoted as: `<ident>`.\nUnquoted identifiers can only contain ASCII letters ('a' - 'z', 'A' - 'Z'), digits ('0' - '9'), and underbar ('_').\nUnquoted identifiers must also not start with a digit.\nDifferent data sources and meta stores may impose additional restrictions on valid identifiers."},
	"INVALID_TYPED_LITERAL":                                            {"42604", "The value of the typed literal <valueType> is invalid: <value>."},
	"UNSUPPORTED_TYPED_LITERAL":                                        {"0A000", "Literals of the type <unsupportedType> are not supported. Supported types are <supportedTypes>."},
	"INVALID_NUMERIC_LITERAL_RANGE":                                    {"22003", "Numeric literal <rawStrippedQualifier> is outside the valid range for <typeName> with minimum value of <minValue> and maximum value of <maxValue>. Please adjust the value accordingly."},
	"DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION":                          {"22003", "Decimal precision <precision> exceeds max precision <maxPrecision>."},
	"UNSUPPORTED_DATATYPE":                                             {"0A000", "Unsupported data type <typeName>."},
	"DATATYPE_MISSING_SIZE":                                            {"42K01", "DataType <type> requires a length parameter, for example <type>(10). Please specify the length."},
	"INVALID_SQL_SYNTAX.EMPTY_IN_PREDICATE":                            {"42000", "Invalid SQL syntax: IN predicate requires at least one value. Empty IN clauses like 'IN ()' are not allowed. Consider using 'WHERE FALSE' if you need an always-false condition, or provide at least one value in the IN list."},
	"INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT":                     {"42000", "Invalid SQL syntax: Unsupported SQL statement: <sqlText>."},
	"INVALID_SQL_SYNTAX.LATERAL_WITHOUT_SUBQUERY_OR_TABLE_VALUED_FUNC": {"42000", "Invalid SQL syntax: LATERAL can only be used with subquery and table-valued functions."},
	"INVALID_SQL_SYNTAX.INVALID_WINDOW_FRAME_BOUND":                    {"42000", "Invalid SQL syntax: Frame bound value must be a literal."},
	"INVALID_SET_SYNTAX":                                               {"42000", "Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`."},
	"INVALID_RESET_COMMAND_FORMAT":                                     {"42000", "Expected format is 'RESET' or 'RESET key'. If you want to include special characters in key, please use quotes, e.g., RESET `key`."},
	"INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN":                      {"42000", "Invalid SQL syntax: Expected something between '(' and ')'."},
	"_LEGACY_ERROR_TEMP_0045":                                          {"", "Invalid time zone displacement value."},
	"SYNTAX_DISCONTINUED.BANG_EQUALS_NOT":                              {"42601", "Support of the clause or keyword: <clause> has been discontinued in this context. The '!' keyword is only supported as an alias for the prefix operator 'NOT'.\nUse the 'NOT' keyword instead for infix clauses such as `NOT LIKE`, `NOT IN`, `NOT BETWEEN`, etc.\nTo re-enable the '!' keyword, set \"spark.sql.legacy.bangEqualsNot\" to \"true\"."},
	"INVALID_SQL_SYNTAX.INVALID_TABLE_FUNCTION_IDENTIFIER_ARGUMENT_MISSING_PARENTHESES": {"42000", "Invalid SQL syntax: Syntax error: call to table-valued function is invalid because parentheses are missing around the provided TABLE argument <argumentName>; please surround this with parentheses and try again."},
	"INVALID_SQL_SYNTAX.SHOW_FUNCTIONS_INVALID_PATTERN":                                 {"42000", "Invalid SQL syntax: Invalid pattern in SHOW FUNCTIONS: <pattern>. It must be a \"STRING\" literal."},
	"UNSUPPORTED_FEATURE.COMBINATION_QUERY_RESULT_CLAUSES":                              {"0A000", "The feature is not supported: Combination of ORDER BY/SORT BY/DISTRIBUTE BY/CLUSTER BY."},
	"INVALID_STATEMENT_OR_CLAUSE":                                                       {"42601", "The statement or clause: <operation> is not valid."},
	"INCOMPLETE_TYPE_DEFINITION.ARRAY":                                                  {"42K01", "Incomplete complex type: The definition of \"ARRAY\" type is incomplete. You must provide an element type. For example: \"ARRAY<elementType>\"."},
	"INCOMPLETE_TYPE_DEFINITION.MAP":                                                    {"42K01", "Incomplete complex type: The definition of \"MAP\" type is incomplete. You must provide a key type and a value type. For example: \"MAP<TIMESTAMP, INT>\"."},
	"INCOMPLETE_TYPE_DEFINITION.STRUCT":                                                 {"42K01", "Incomplete complex type: The definition of \"STRUCT\" type is incomplete. You must provide at least one field type. For example: \"STRUCT<name STRING, phone DECIMAL(10, 0)>\"."},
	"_LEGACY_ERROR_TEMP_0015":                                                           {"", "TABLESAMPLE(<msg>) is not supported."},
	"_LEGACY_ERROR_TEMP_0016":                                                           {"", "<bytesStr> is not a valid byte length literal, expected syntax: DIGIT+ ('B' | 'K' | 'M' | 'G')."},
	"_LEGACY_ERROR_TEMP_0029":                                                           {"", "Cannot mix year-month and day-time fields: <literal>."},
	"_LEGACY_ERROR_TEMP_0035":                                                           {"", "Operation not allowed: <message>."},
	"INVALID_PROPERTY_KEY":                                                              {"42602", "<key> is an invalid property key, please use quotes, e.g. SET <key>=<value>."},
	"INVALID_ESC":                                                                       {"42604", "Found an invalid escape string: <invalidEscape>. The escape string must contain only one character."},
	"DUPLICATE_CLAUSES":                                                                 {"42614", "Found duplicate clauses: <clauseName>. Please, remove one of them."},
}

// Error is a parse failure in Spark's shape. Class and SQLState identify it, Params
// are the message parameters of the class's template, and Line/Pos locate it the way
// Spark does (1-based line, 0-based character in the line); Line is 0 when Spark
// reports the error without a position (UNCLOSED_BRACKETED_COMMENT, and
// DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION for plain decimal literals).
//
// Syntax errors point at a token; errors Spark raises while building its tree
// (literal ranges, unsupported types, ...) cover a fragment of the text, from Offset
// to StopOffset, and Spark prints them with a different context block. Error() gives
// the text of Spark's ParseException.getMessage (without its leading newline).
type Error struct {
	Class    string
	SQLState string
	Params   map[string]string
	Line     int
	Pos      int
	// Offset is the byte offset of the error in SQL; StopOffset is the byte offset
	// just past the fragment, or -1 for syntax errors, which point at a position only.
	Offset     int
	StopOffset int
	// SQL is the text that was parsed.
	SQL string

	// noContext marks errors that Spark reports without any SQL context block.
	noContext bool
}

func newError(sql, class string, at ast.Pos, stop int, params ...string) *Error {
	c, ok := conditions[class]
	if !ok {
		panic("parser: unknown error class " + class)
	}
	e := &Error{Class: class, SQLState: c.state, Params: map[string]string{}, Line: at.Line, Pos: at.Col, Offset: at.Offset, StopOffset: stop, SQL: sql}
	for i := 0; i+1 < len(params); i += 2 {
		e.Params[params[i]] = params[i+1]
	}
	return e
}

// withoutContext marks the error as one Spark prints without a SQL context block.
func (e *Error) withoutContext() *Error {
	e.noContext = true
	return e
}

// Message is the error's one-line message: "[CLASS] text. SQLSTATE: state".
func (e *Error) Message() string {
	msg := conditions[e.Class].template
	keys := make([]string, 0, len(e.Params))
	for k := range e.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg = strings.ReplaceAll(msg, "<"+k+">", e.Params[k])
	}
	if e.SQLState == "" { // legacy classes print their text alone
		return msg
	}
	return fmt.Sprintf("[%s] %s SQLSTATE: %s", e.Class, msg, e.SQLState)
}

// Error returns Spark's message for the error, including the SQL context block.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message())
	switch {
	case e.noContext:
	case e.Line == 0:
		b.WriteString("\n== SQL ==\n")
		b.WriteString(e.SQL)
	case e.StopOffset >= 0:
		b.WriteString("\n")
		b.WriteString(fragmentContext(e.SQL, e.Line, e.Pos, e.Offset, e.StopOffset))
	default:
		fmt.Fprintf(&b, " (line %d, pos %d)\n\n== SQL ==\n", e.Line, e.Pos)
		lines := strings.Split(e.SQL, "\n")
		for len(lines) > 1 && lines[len(lines)-1] == "" { // Java's split drops trailing empties
			lines = lines[:len(lines)-1]
		}
		for i, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
			if i == e.Line-1 {
				b.WriteString(strings.Repeat("-", e.Pos))
				b.WriteString("^^^\n")
			}
		}
		if e.Line > len(lines) {
			b.WriteString(strings.Repeat("-", e.Pos))
			b.WriteString("^^^\n")
		}
	}
	return b.String()
}

// fragmentContext renders Spark's query-context summary: the lines holding the
// fragment [start, stop), at most 32 characters of context on either side, and carets
// under the fragment.
func fragmentContext(sql string, line, col, start, stop int) string {
	const maxExtra = 32
	rs := []rune(sql)
	// Convert byte offsets to rune indices; stop is inclusive in Spark.
	rStart := utf8.RuneCountInString(sql[:start])
	rStop := utf8.RuneCountInString(sql[:stop]) - 1
	if rStop < rStart {
		rStop = rStart
	}
	if rStop > len(rs)-1 {
		rStop = len(rs) - 1
	}
	var b strings.Builder
	fmt.Fprintf(&b, "== SQL (line %d, position %d) ==\n", line, col+1)
	lineStart := rStart
	for lineStart >= 0 && rStart-lineStart <= maxExtra && (lineStart >= len(rs) || rs[lineStart] != '\n') {
		lineStart--
	}
	startTruncated := rStart-lineStart > maxExtra
	cur := lineStart
	if startTruncated {
		cur -= 3
	}
	lineStop := rStop
	for lineStop < len(rs) && lineStop-rStop <= maxExtra && rs[lineStop] != '\n' {
		lineStop++
	}
	stopTruncated := lineStop < len(rs) && rs[lineStop] != '\n'
	text := ""
	if startTruncated {
		text = "..."
	}
	text += string(rs[lineStart+1 : lineStop])
	if stopTruncated {
		text += "..."
	}
	for _, l := range strings.Split(text, "\n") {
		b.WriteString(l)
		b.WriteByte('\n')
		cur++
		for range []rune(l) {
			if cur < rStart {
				b.WriteByte(' ')
			} else if cur <= rStop {
				b.WriteByte('^')
			}
			cur++
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// tokenDisplay is how Spark shows a token in PARSE_SYNTAX_ERROR: quoted text, or
// "end of input".
func tokenDisplay(t token) string {
	if t.kind == tEOF {
		return "end of input"
	}
	s := t.text
	s = strings.ReplaceAll(s, "\n", `\n`)
	s = strings.ReplaceAll(s, "\r", `\r`)
	s = strings.ReplaceAll(s, "\t", `\t`)
	return "'" + s + "'"
}
