package plan

import (
	"fmt"
	"strings"
)

// Format renders a relation tree in Spark's explain style, one operator per line.
func Format(r Rel) string {
	var b strings.Builder
	formatRel(&b, r, 0)
	return b.String()
}

func formatRel(b *strings.Builder, r Rel, depth int) {
	if depth > 0 {
		b.WriteString(strings.Repeat("   ", depth-1))
		b.WriteString("+- ")
	}
	b.WriteString(describeRel(r))
	b.WriteByte('\n')
	for _, c := range r.Children() {
		formatRel(b, c, depth+1)
	}
}

func attrList(attrs []*Attribute) string {
	s := make([]string, len(attrs))
	for i, a := range attrs {
		s[i] = fmt.Sprintf("%s#%d", a.Name, a.ID)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func exprList(list []Expr) string {
	s := make([]string, len(list))
	for i, e := range list {
		s[i] = FormatExpr(e)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func describeRel(r Rel) string {
	switch r := r.(type) {
	case *UnresolvedRelation:
		return "'UnresolvedRelation [" + strings.Join(r.Parts, ", ") + "]"
	case *DataSource:
		return fmt.Sprintf("Relation [%s] %s %v", r.Format, attrList(r.Out), r.Paths)
	case *LocalRelation:
		return "LocalRelation " + attrList(r.Out)
	case *OneRow:
		return "OneRowRelation"
	case *Range:
		return fmt.Sprintf("Range (%d, %d, step=%d, splits=%d)", r.Start, r.End, r.Step, r.NumPartitions)
	case *Project:
		return "Project " + exprList(r.List)
	case *Filter:
		return "Filter " + FormatExpr(r.Cond)
	case *Limit:
		return fmt.Sprintf("Limit %d", r.N)
	case *Offset:
		return fmt.Sprintf("Offset %d", r.N)
	case *Tail:
		return fmt.Sprintf("Tail %d", r.N)
	case *MaxOneRow:
		return "MaxOneRow"
	case *Hint:
		return "Hint " + r.Name
	case *Sample:
		return fmt.Sprintf("Sample %v, %v, %t, %d", r.Lower, r.Upper, r.WithReplacement, r.Seed)
	case *Expand:
		return fmt.Sprintf("Expand %d projections", len(r.Projections))
	case *Generate:
		outer := ""
		if r.Outer {
			outer = " outer"
		}
		return "Generate " + r.Func + "(" + joinExprs(r.Args) + ")" + outer + ", " + exprList(attrExprs(r.Out))
	case *Aggregate:
		return "Aggregate " + exprList(r.Groups) + ", " + exprList(r.Aggs)
	case *Sort:
		l := make([]Expr, len(r.Orders))
		for i, o := range r.Orders {
			l[i] = o
		}
		return fmt.Sprintf("Sort %s, %t", exprList(l), r.Global)
	case *Distinct:
		return "Distinct"
	case *SubqueryAlias:
		return "SubqueryAlias " + r.Alias
	case *ToDF:
		return "ToDF [" + strings.Join(r.Names, ", ") + "]"
	case *WithColumns:
		l := make([]Expr, len(r.Cols))
		for i, c := range r.Cols {
			l[i] = c
		}
		return "WithColumns " + exprList(l)
	case *WithColumnsRenamed:
		return fmt.Sprintf("WithColumnsRenamed %v -> %v", r.From, r.To)
	case *Drop:
		return "Drop " + exprList(r.Columns) + fmt.Sprint(r.Names)
	case *ShowString:
		return fmt.Sprintf("ShowString %d, %d, %t", r.NumRows, r.Truncate, r.Vertical)
	case *PlanID:
		return fmt.Sprintf("PlanId %d", r.ID)
	case *Join:
		c := ""
		if r.Cond != nil {
			c = ", " + FormatExpr(r.Cond)
		}
		return "Join " + r.Type.String() + c
	case *Union:
		return fmt.Sprintf("Union byName=%t", r.ByName)
	case *Repartition:
		return fmt.Sprintf("Repartition %d %s", r.NumPartitions, exprList(r.Exprs))
	}
	return fmt.Sprintf("%T", r)
}

// FormatExpr renders an expression for plan printouts: attributes carry their ids.
func FormatExpr(e Expr) string {
	switch e := e.(type) {
	case *Attribute:
		return fmt.Sprintf("%s#%d", e.Name, e.ID)
	case *UnresolvedAttribute:
		return "'" + strings.Join(e.Parts, ".")
	case *UnresolvedStar:
		if len(e.Target) > 0 {
			return strings.Join(e.Target, ".") + ".*"
		}
		return "*"
	case *UnresolvedFunction:
		d := ""
		if e.Distinct {
			d = "distinct "
		}
		return "'" + e.Name + "(" + d + joinExprs(e.Args) + ")"
	case *Literal:
		if e.Value == nil {
			return "null"
		}
		return fmt.Sprint(e.Value)
	case *Alias:
		if e.ID != 0 {
			return fmt.Sprintf("%s AS %s#%d", FormatExpr(e.Child), e.Name, e.ID)
		}
		return FormatExpr(e.Child) + " AS " + e.Name
	case *Cast:
		return "cast(" + FormatExpr(e.Child) + " as " + e.To.String() + ")"
	case *SortOrder:
		s := FormatExpr(e.Child)
		if e.Descending {
			s += " DESC"
		} else {
			s += " ASC"
		}
		if e.NullsFirst {
			return s + " NULLS FIRST"
		}
		return s + " NULLS LAST"
	case *Call:
		return e.Name + "(" + joinExprs(e.Args) + ")"
	case *AggregateCall:
		d := ""
		if e.Distinct {
			d = "distinct "
		}
		return e.Name + "(" + d + joinExprs(e.Args) + ")"
	case *BoundRef:
		return fmt.Sprintf("input[%d, %s, %t]", e.Index, e.Type, e.Nullable)
	case *OuterRef:
		return "outer(" + FormatExpr(e.Attr) + ")"
	case *Subquery:
		kind := [...]string{"scalar-subquery", "exists", "in"}[e.Kind]
		return kind + "(" + joinExprs(e.Values) + ")"
	}
	return fmt.Sprintf("%T", e)
}

func joinExprs(list []Expr) string {
	s := make([]string, len(list))
	for i, e := range list {
		s[i] = FormatExpr(e)
	}
	return strings.Join(s, ", ")
}

func attrExprs(attrs []*Attribute) []Expr {
	out := make([]Expr, len(attrs))
	for i, a := range attrs {
		out[i] = a
	}
	return out
}
