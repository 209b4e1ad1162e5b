package analyzer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/function"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
)

// Pretty returns the column name Spark gives a resolved expression (toPrettySQL):
// attributes by name, literals by value, implicit casts hidden, operators infix.
func Pretty(e plan.Expr) string {
	switch e := e.(type) {
	case *plan.Attribute:
		return e.Name
	case *plan.BoundRef:
		return e.Name
	case *plan.Alias:
		return Pretty(e.Child) + " AS " + e.Name
	case *plan.Literal:
		return PrettyLiteral(e)
	case *plan.Cast:
		if e.Implicit {
			return Pretty(e.Child)
		}
		kw := "CAST"
		if e.Mode == plan.EvalTry {
			kw = "TRY_CAST"
		}
		return kw + "(" + Pretty(e.Child) + " AS " + SQLType(e.To) + ")"
	case *plan.Call:
		if e.Display != "" {
			return e.Display
		}
		return e.Name + "(" + prettyList(e.Args) + ")"
	case *plan.AggregateCall:
		if e.Display != "" {
			return e.Display
		}
		d := ""
		if e.Distinct {
			d = "DISTINCT "
		}
		return e.Name + "(" + d + prettyList(e.Args) + ")"
	case *plan.SortOrder:
		s := Pretty(e.Child)
		if e.Descending {
			s += " DESC"
		} else {
			s += " ASC"
		}
		if e.NullsFirst {
			return s + " NULLS FIRST"
		}
		return s + " NULLS LAST"
	case *plan.UnresolvedAttribute:
		return strings.Join(e.Parts, ".")
	case *plan.WindowFunc:
		return e.Display
	case *plan.WindowExpr:
		return prettyWindow(e)
	case *plan.OuterRef:
		return Pretty(e.Attr)
	case *plan.Subquery:
		// Spark names subqueries by kind, listing the outer columns they use.
		outer := strings.Join(outerNames(e.Plan), ", ")
		switch e.Kind {
		case plan.ScalarSubquery:
			return "scalarsubquery(" + outer + ")"
		case plan.ExistsSubquery:
			return "exists(" + outer + ")"
		}
		return "(" + prettyList(e.Values) + " IN (listquery(" + outer + ")))"
	}
	return fmt.Sprintf("%T", e)
}

func prettyList(args []plan.Expr) string {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = Pretty(a)
	}
	return strings.Join(s, ", ")
}

// SQLType returns a type's SQL spelling as Spark prints it in expressions (upper case).
func SQLType(t types.DataType) string {
	switch t := t.(type) {
	case types.ArrayType:
		return "ARRAY<" + SQLType(t.Elem) + ">"
	case types.MapType:
		return "MAP<" + SQLType(t.Key) + ", " + SQLType(t.Value) + ">"
	case types.StructType:
		f := make([]string, len(t.Fields))
		for i, x := range t.Fields {
			f[i] = x.Name + ": " + SQLType(x.Type)
		}
		return "STRUCT<" + strings.Join(f, ", ") + ">"
	}
	return strings.ToUpper(t.String())
}

// PrettyLiteral renders a literal as Spark names it in a column: numbers and strings
// by value, NULL, booleans, dates and timestamps in SQL literal form.
func PrettyLiteral(l *plan.Literal) string {
	if l.Text != "" {
		return l.Text
	}
	if l.Value == nil {
		return "NULL"
	}
	switch t := l.Type.(type) {
	case types.DayTimeIntervalType:
		if v, ok := l.Value.(int64); ok {
			return function.FormatDayTimeInterval(v, t.Start, t.End)
		}
	case types.YearMonthIntervalType:
		if v, ok := l.Value.(int32); ok {
			return function.FormatYearMonthInterval(v, t.Start, t.End)
		}
	}
	switch v := l.Value.(type) {
	case bool:
		return strconv.FormatBool(v)
	case int8:
		return strconv.FormatInt(int64(v), 10)
	case int16:
		return strconv.FormatInt(int64(v), 10)
	case int32:
		if l.Type == types.Date {
			return "DATE '" + function.FormatDate(v) + "'"
		}
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case float32:
		return function.JavaFloat(float64(v), 32)
	case float64:
		return function.JavaFloat(v, 64)
	case string:
		return v
	case []byte:
		return "X'" + strings.ToUpper(fmt.Sprintf("%x", v)) + "'"
	case decimal128.Num:
		if dt, ok := l.Type.(types.DecimalType); ok {
			return v.ToString(dt.Scale)
		}
	}
	return fmt.Sprint(l.Value)
}

// outerNames lists the outer columns a resolved subquery plan refers to.
func outerNames(r plan.Rel) []string {
	var names []string
	seen := map[plan.AttrID]bool{}
	var walk func(r plan.Rel)
	walk = func(r plan.Rel) {
		for _, e := range relExprs(r) {
			transform.AnyExpr(e, func(x plan.Expr) bool {
				if o, ok := x.(*plan.OuterRef); ok && !seen[o.Attr.ID] {
					seen[o.Attr.ID] = true
					names = append(names, o.Attr.Name)
				}
				return false
			})
		}
		for _, c := range r.Children() {
			walk(c)
		}
	}
	walk(r)
	return names
}
