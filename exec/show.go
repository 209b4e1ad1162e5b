package exec

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// showString renders up to NumRows rows of its input as Spark's Dataset.showString and
// produces them as one row of one string column.
type showString struct {
	in       Operator
	mem      memory.Allocator
	ec       *function.EvalContext
	schema   *arrow.Schema
	types    []types.DataType
	numRows  int
	truncate int
	vertical bool
	html     bool
	done     bool
}

func newShowString(tc *TaskContext, o *stage.ShowString, in Operator) (Operator, error) {
	schema := arrowSchema(tc, o.Out)
	if schema.NumFields() != 1 || schema.Field(0).Type.ID() != arrow.STRING {
		return nil, fmt.Errorf("exec: show output must be one string column, got %s", schema)
	}
	inTypes := make([]types.DataType, 0)
	for _, f := range o.Input.Schema().Fields {
		inTypes = append(inTypes, f.Type)
	}
	if len(inTypes) != in.Schema().NumFields() {
		return nil, fmt.Errorf("exec: show input has %d columns, its op %d", in.Schema().NumFields(), len(inTypes))
	}
	return &showString{in: in, mem: tc.Mem, ec: evalContext(tc), schema: schema, types: inTypes,
		numRows: o.NumRows, truncate: o.Truncate, vertical: o.Vertical, html: o.HTML}, nil
}

func (s *showString) Schema() *arrow.Schema { return s.schema }

func (s *showString) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if s.done {
		return nil, io.EOF
	}
	s.done = true
	numRows := clampShowRows(s.numRows)
	want := numRows + 1 // one more row tells whether there is more data
	var rows [][]string
	for len(rows) < want {
		b, err := s.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if rows, err = s.format(b, rows, want-len(rows)); err != nil {
			return nil, err
		}
	}
	var text string
	if s.html {
		text = htmlText(s.in.Schema().Fields(), rows, s.numRows, s.truncate)
	} else {
		text = showText(s.in.Schema().Fields(), rows, s.numRows, s.truncate, s.vertical)
	}
	sb := array.NewStringBuilder(s.mem)
	defer sb.Release()
	sb.Append(text)
	col := sb.NewArray()
	defer col.Release()
	return array.NewRecordBatch(s.schema, []arrow.Array{col}, 1), nil
}

// format appends the cells of the first n rows of b to rows, releasing b.
func (s *showString) format(b arrow.RecordBatch, rows [][]string, n int) ([][]string, error) {
	defer b.Release()
	n = min(n, int(b.NumRows()))
	first := len(rows)
	for range n {
		rows = append(rows, make([]string, b.NumCols()))
	}
	for c, col := range b.Columns() {
		if n < col.Len() {
			col = array.NewSlice(col, 0, int64(n))
			defer col.Release()
		}
		cells, err := function.FormatForShow(s.ec, col, s.types[c])
		if err != nil {
			return nil, err
		}
		for r := range n {
			rows[first+r][c] = cells[r]
		}
	}
	return rows, nil
}

func (s *showString) Close() error { return s.in.Close() }

// maxShowRows is Spark's ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH - 1.
const maxShowRows = 2147483632 - 1

func clampShowRows(n int) int { return min(max(n, 0), maxShowRows) }

// showText renders rows (the cells of up to numRows+1 rows, as FormatForShow gives them)
// under the given columns exactly as Spark's Dataset.showString(numRows, truncate,
// vertical) does: cells escaped and truncated to truncate characters, widths counted
// in half-widths (East Asian full-width characters count two), right-aligned when
// truncate > 0, and a footer when there were more rows than numRows.
func showText(fields []arrow.Field, rows [][]string, numRows, truncate int, vertical bool) string {
	numRows = clampShowRows(numRows)
	hasMore := len(rows) > numRows
	rows = rows[:min(len(rows), numRows)]
	header := make([]string, len(fields))
	for i, f := range fields {
		header[i] = escapeMeta(f.Name)
	}
	data := make([][]string, len(rows))
	for r, row := range rows {
		data[r] = make([]string, len(row))
		for c, cell := range row {
			data[r][c] = truncateCell(escapeMeta(cell), truncate)
		}
	}

	var sb strings.Builder
	const minWidth = 3
	if !vertical {
		widths := make([]int, len(header))
		for c, h := range header {
			widths[c] = max(minWidth, halfWidth(h))
		}
		for _, row := range data {
			for c, cell := range row {
				widths[c] = max(widths[c], halfWidth(cell))
			}
		}
		sep := func() {
			sb.WriteByte('+')
			for _, w := range widths {
				sb.WriteString(strings.Repeat("-", w))
				sb.WriteByte('+')
			}
			sb.WriteByte('\n')
		}
		line := func(cells []string) {
			sb.WriteByte('|')
			for c, cell := range cells {
				pad := strings.Repeat(" ", max(0, widths[c]-halfWidth(cell)))
				if truncate > 0 {
					sb.WriteString(pad)
					sb.WriteString(cell)
				} else {
					sb.WriteString(cell)
					sb.WriteString(pad)
				}
				sb.WriteByte('|')
			}
			sb.WriteByte('\n')
		}
		sep()
		line(header)
		sep()
		for _, row := range data {
			line(row)
		}
		sep()
	} else {
		nameWidth := minWidth
		for _, h := range header {
			nameWidth = max(nameWidth, halfWidth(h))
		}
		dataWidth := minWidth
		for _, row := range data {
			for _, cell := range row {
				dataWidth = max(dataWidth, halfWidth(cell))
			}
		}
		for r, row := range data {
			rec := "-RECORD " + strconv.Itoa(r)
			sb.WriteString(rec)
			sb.WriteString(strings.Repeat("-", max(0, nameWidth+dataWidth+5-utf16Len(rec))))
			sb.WriteByte('\n')
			for c, cell := range row {
				sb.WriteByte(' ')
				sb.WriteString(header[c])
				sb.WriteString(strings.Repeat(" ", max(0, nameWidth-halfWidth(header[c]))))
				sb.WriteString(" | ")
				sb.WriteString(cell)
				sb.WriteString(strings.Repeat(" ", max(0, dataWidth-halfWidth(cell))))
				sb.WriteString(" \n")
			}
		}
	}
	switch {
	case vertical && len(data) == 0:
		sb.WriteString("(0 rows)")
	case hasMore:
		unit := "rows"
		if numRows == 1 {
			unit = "row"
		}
		fmt.Fprintf(&sb, "only showing top %d %s", numRows, unit)
	}
	return sb.String()
}

// escapeMeta is Spark's SchemaUtils.escapeMetaCharacters: control characters that would
// break the table are shown as escapes.
var metaEscaper = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`, "\f", `\f`, "\b", `\b`, "\v", `\v`, "\a", `\a`)

func escapeMeta(s string) string {
	if strings.ContainsAny(s, "\n\r\t\f\b\v\a") {
		return metaEscaper.Replace(s)
	}
	return s
}

// utf16Len is the length of s as a Java string: UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// halfWidth is Spark's Utils.stringHalfWidth: the UTF-16 length plus one for every
// full-width character.
func halfWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x10000:
			n += 2
		case isFullWidth(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

func isFullWidth(r rune) bool {
	return r >= 0x1100 && r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
		r >= 0xF900 && r <= 0xFAFF || r >= 0xFE10 && r <= 0xFE19 || r >= 0xFE30 && r <= 0xFE6F ||
		r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6
}

// truncateCell cuts a cell longer than truncate UTF-16 units (truncate > 0) to
// truncate-3 units and "...", or to truncate units when truncate < 4, as Spark does.
// A cut through a surrogate pair leaves Java a lone surrogate, which it encodes as '?'.
func truncateCell(s string, truncate int) string {
	if truncate <= 0 || utf16Len(s) <= truncate {
		return s
	}
	keep, suffix := truncate-3, "..."
	if truncate < 4 {
		keep, suffix = truncate, ""
	}
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > keep {
			if units < keep { // half of a surrogate pair
				return s[:i] + "?" + suffix
			}
			return s[:i] + suffix
		}
		units += w
	}
	return s + suffix
}

// htmlText renders rows as Spark's Dataset.htmlString: a table of escaped, truncated
// cells and the "only showing top" footer.
func htmlText(fields []arrow.Field, rows [][]string, numRows, truncate int) string {
	numRows = clampShowRows(numRows)
	hasMore := len(rows) > numRows
	rows = rows[:min(len(rows), numRows)]
	var sb strings.Builder
	sb.WriteString("<table border='1'>\n<tr>")
	for _, f := range fields {
		sb.WriteString("<th>" + escapeHTML(escapeMeta(f.Name)) + "</th>")
	}
	sb.WriteString("</tr>\n")
	for _, row := range rows {
		sb.WriteString("<tr>")
		for _, cell := range row {
			sb.WriteString("<td>" + escapeHTML(truncateCell(escapeMeta(cell), truncate)) + "</td>")
		}
		sb.WriteString("</tr>\n")
	}
	sb.WriteString("</table>\n")
	if hasMore {
		unit := "rows"
		if numRows == 1 {
			unit = "row"
		}
		fmt.Fprintf(&sb, "only showing top %d %s\n", numRows, unit)
	}
	return sb.String()
}

// escapeHTML escapes as commons-text's escapeHtml4 does for the characters that
// matter in cells (&, <, > and double quotes).
func escapeHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
