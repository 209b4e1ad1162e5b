package analyzer

import (
	"context"
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// windowOnly are the functions that exist only over a window, with their result types.
var windowOnly = map[string]func(args []types.DataType) (types.DataType, bool, error){
	"row_number":   func([]types.DataType) (types.DataType, bool, error) { return types.Integer, false, nil },
	"rank":         func([]types.DataType) (types.DataType, bool, error) { return types.Integer, false, nil },
	"dense_rank":   func([]types.DataType) (types.DataType, bool, error) { return types.Integer, false, nil },
	"percent_rank": func([]types.DataType) (types.DataType, bool, error) { return types.Double, false, nil },
	"cume_dist":    func([]types.DataType) (types.DataType, bool, error) { return types.Double, false, nil },
	"ntile":        func([]types.DataType) (types.DataType, bool, error) { return types.Integer, true, nil },
	"lag":          offsetType,
	"lead":         offsetType,
}

func offsetType(args []types.DataType) (types.DataType, bool, error) {
	if len(args) == 0 {
		return nil, false, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`lag`", "expectedNum", "[1, 2, 3]", "actualNum", "0", "docroot", "https://spark.apache.org/docs/latest")
	}
	return args[0], true, nil
}

// window resolves a window expression: the function (a ranking/offset function or an
// aggregate), the partition and order expressions, and Spark's default frame.
func (sc *scope) window(ctx context.Context, w *plan.WindowExpr) (plan.Expr, error) {
	out := &plan.WindowExpr{Frame: w.Frame}
	for _, p := range w.Partition {
		rp, err := sc.expr(ctx, p)
		if err != nil {
			return nil, err
		}
		out.Partition = append(out.Partition, rp)
	}
	orders, err := sc.sortOrders(ctx, w.Order)
	if err != nil {
		return nil, err
	}
	out.Order = orders
	if f, ok := w.Func.(*plan.UnresolvedFunction); ok {
		name := strings.ToLower(f.Name)
		if typ, ok := windowOnly[name]; ok {
			args := make([]plan.Expr, len(f.Args))
			ts := make([]types.DataType, len(f.Args))
			for i, a := range f.Args {
				ra, err := sc.expr(ctx, a)
				if err != nil {
					return nil, err
				}
				args[i], ts[i] = ra, plan.TypeOf(ra)
			}
			t, nullable, err := typ(ts)
			if err != nil {
				return nil, err
			}
			if len(out.Order) == 0 {
				return nil, sqlerr.New("WINDOW_FUNCTION_WITHOUT_ORDER_CLAUSE", "windowName", "`"+name+"`")
			}
			wf := &plan.WindowFunc{Name: name, Args: args, Type: t, Nullable: nullable}
			wf.Display = name + "(" + prettyList(args) + ")"
			frame := &plan.WindowFrame{Rows: true, Lower: plan.FrameBound{Kind: plan.UnboundedBound}, Upper: plan.FrameBound{Kind: plan.CurrentRowBound}}
			switch name {
			case "rank", "dense_rank", "percent_rank":
				wf.Display = strings.ToUpper(name) + "()"
			case "cume_dist":
				frame.Rows = false
			case "lag", "lead":
				// Spark names lag(x) as lag(x, 1, NULL) over the one-row frame it reads.
				off := int64(1)
				if len(args) > 1 {
					if l, ok := args[1].(*plan.Literal); ok {
						off = literalInt(l)
					}
				}
				disp := []string{Pretty(args[0]), fmt.Sprint(off), "NULL"}
				if len(args) > 2 {
					disp[2] = Pretty(args[2])
				}
				wf.Display = name + "(" + strings.Join(disp, ", ") + ")"
				if name == "lag" {
					off = -off
				}
				b := plan.FrameBound{Kind: plan.OffsetBound, Offset: off, Literal: true}
				frame = &plan.WindowFrame{Rows: true, Lower: b, Upper: b}
			}
			out.Func = wf
			if out.Frame == nil {
				out.Frame = frame
			}
			return out, nil
		}
	}
	fn, err := sc.expr(ctx, w.Func)
	if err != nil {
		return nil, err
	}
	if _, ok := fn.(*plan.AggregateCall); !ok {
		return nil, sqlerr.Unsupported(fmt.Sprintf("%s as a window function", Pretty(fn)))
	}
	out.Func = fn
	if out.Frame == nil {
		if len(out.Order) > 0 {
			out.Frame = &plan.WindowFrame{Lower: plan.FrameBound{Kind: plan.UnboundedBound}, Upper: plan.FrameBound{Kind: plan.CurrentRowBound}}
		} else {
			out.Frame = &plan.WindowFrame{Rows: true, Lower: plan.FrameBound{Kind: plan.UnboundedBound}, Upper: plan.FrameBound{Kind: plan.UnboundedBound}}
		}
	}
	return out, nil
}

// prettyWindow names a window column as Spark does.
func prettyWindow(w *plan.WindowExpr) string {
	var parts []string
	if len(w.Partition) > 0 {
		parts = append(parts, "PARTITION BY "+prettyList(w.Partition))
	}
	if len(w.Order) > 0 {
		os := make([]plan.Expr, len(w.Order))
		for i, o := range w.Order {
			os[i] = o
		}
		parts = append(parts, "ORDER BY "+prettyList(os))
	}
	if f := w.Frame; f != nil {
		kind := "RANGE"
		if f.Rows {
			kind = "ROWS"
		}
		parts = append(parts, kind+" BETWEEN "+boundText(f.Lower, true, f.Rows)+" AND "+boundText(f.Upper, false, f.Rows))
	}
	return Pretty(w.Func) + " OVER (" + strings.Join(parts, " ") + ")"
}

// boundText prints a frame bound as Spark's SpecifiedWindowFrame.sql does: a negative
// ROWS offset as "n PRECEDING", a negative RANGE offset (which Spark's analyzer has
// rewritten) as "(- n) FOLLOWING", and the literal offsets of lag/lead as is.
func boundText(b plan.FrameBound, lower, rows bool) string {
	switch b.Kind {
	case plan.UnboundedBound:
		if lower {
			return "UNBOUNDED PRECEDING"
		}
		return "UNBOUNDED FOLLOWING"
	case plan.CurrentRowBound:
		return "CURRENT ROW"
	}
	switch {
	case b.Offset >= 0 || b.Literal:
		return fmt.Sprintf("%d FOLLOWING", b.Offset)
	case rows:
		return fmt.Sprintf("%d PRECEDING", -b.Offset)
	}
	return fmt.Sprintf("(- %d) FOLLOWING", -b.Offset)
}

// extractWindows turns a projection that computes window expressions into Window nodes
// (one per partitioning and order) below a projection that refers to their columns.
func extractWindows(input plan.Rel, list []plan.Expr) (plan.Rel, []plan.Expr) {
	type group struct {
		key   string
		part  []plan.Expr
		order []*plan.SortOrder
		exprs []*plan.Alias
	}
	var groups []*group
	byKey := map[string]*group{}
	newList := make([]plan.Expr, len(list))
	for i, e := range list {
		ne, _, _ := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			w, ok := x.(*plan.WindowExpr)
			if !ok {
				return x, false, nil
			}
			os := make([]plan.Expr, len(w.Order))
			for k, o := range w.Order {
				os[k] = o
			}
			key := fingerprintList(w.Partition) + "|" + fingerprintList(os)
			g := byKey[key]
			if g == nil {
				g = &group{key: key, part: w.Partition, order: w.Order}
				byKey[key] = g
				groups = append(groups, g)
			}
			name := prettyWindow(w)
			al := &plan.Alias{Child: w, Name: name, ID: plan.NewAttrID()}
			g.exprs = append(g.exprs, al)
			return plan.ToAttribute(al), true, nil
		})
		newList[i] = ne
	}
	rel := input
	for _, g := range groups {
		rel = &plan.Window{Input: rel, Exprs: g.exprs, Partition: g.part, Order: g.order}
	}
	return rel, newList
}

func fingerprintList(list []plan.Expr) string {
	s := make([]string, len(list))
	for i, e := range list {
		s[i] = fingerprint(e)
	}
	return strings.Join(s, ",")
}

func hasWindow(list []plan.Expr) bool {
	for _, e := range list {
		if transform.AnyExpr(e, func(x plan.Expr) bool { _, ok := x.(*plan.WindowExpr); return ok }) {
			return true
		}
	}
	return false
}

func literalInt(l *plan.Literal) int64 {
	switch v := l.Value.(type) {
	case int8:
		return int64(v)
	case int16:
		return int64(v)
	case int32:
		return int64(v)
	case int64:
		return v
	}
	return 0
}
