package planbuilder

import (
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/sqlerr"
)

// syntaxError is Spark's PARSE_SYNTAX_ERROR at a byte offset of the statement, with
// the "== SQL ==" pointer Spark appends.
func syntaxError(src string, off int, near, hint string) error {
	e := sqlerr.New("PARSE_SYNTAX_ERROR", "error", quoteNear(near), "hint", hint)
	e.Context = pointer(src, off)
	return e
}

func quoteNear(near string) string {
	if near == "" {
		return "end of input"
	}
	return "'" + near + "'"
}

func unclosedComment(src string, off int) error {
	e := sqlerr.New("UNCLOSED_BRACKETED_COMMENT")
	e.Context = pointer(src, off)
	return e
}

// pointer renders Spark's parse error context: (line n, pos m) and the statement with
// a caret line under the error position.
func pointer(src string, off int) string {
	if off > len(src) {
		off = len(src)
	}
	line := strings.Count(src[:off], "\n") + 1
	lineStart := strings.LastIndex(src[:off], "\n") + 1
	col := len([]rune(src[lineStart:off]))
	var b strings.Builder
	fmt.Fprintf(&b, "(line %d, pos %d)\n\n== SQL ==\n", line, col)
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		b.WriteString(l + "\n")
		if i == line-1 {
			b.WriteString(strings.Repeat("-", col) + "^^^\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
