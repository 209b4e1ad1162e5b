package translate

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/planbuilder"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Expr converts a protocol expression into an unresolved plan expression.
func Expr(tc *Context, e *pb.Expression) (plan.Expr, error) {
	if e == nil {
		return nil, invalidPlan("missing expression")
	}
	switch k := e.ExprType.(type) {
	case *pb.Expression_Literal_:
		return Literal(k.Literal)
	case *pb.Expression_UnresolvedAttribute_:
		parts, err := ParseIdentifier(k.UnresolvedAttribute.UnparsedIdentifier)
		if err != nil {
			return nil, err
		}
		pid := int64(-1)
		if k.UnresolvedAttribute.PlanId != nil {
			pid = *k.UnresolvedAttribute.PlanId
		}
		if len(parts) > 0 && parts[len(parts)-1] == "*" {
			return &plan.UnresolvedStar{Target: parts[:len(parts)-1], PlanID: pid}, nil
		}
		return &plan.UnresolvedAttribute{Parts: parts, PlanID: pid}, nil
	case *pb.Expression_UnresolvedFunction_:
		return function(tc, k.UnresolvedFunction.FunctionName, k.UnresolvedFunction.Arguments, k.UnresolvedFunction.IsDistinct)
	case *pb.Expression_CallFunction:
		return function(tc, k.CallFunction.FunctionName, k.CallFunction.Arguments, false)
	case *pb.Expression_UnresolvedStar_:
		st := &plan.UnresolvedStar{PlanID: -1}
		if k.UnresolvedStar.PlanId != nil {
			st.PlanID = *k.UnresolvedStar.PlanId
		}
		if t := k.UnresolvedStar.GetUnparsedTarget(); t != "" {
			parts, err := ParseIdentifier(strings.TrimSuffix(strings.TrimSuffix(t, "*"), "."))
			if err != nil {
				return nil, err
			}
			st.Target = parts
		}
		return st, nil
	case *pb.Expression_Alias_:
		child, err := Expr(tc, k.Alias.Expr)
		if err != nil {
			return nil, err
		}
		if len(k.Alias.Name) != 1 {
			return &plan.MultiAlias{Child: child, Names: k.Alias.Name}, nil
		}
		a := &plan.Alias{Child: child, Name: k.Alias.Name[0]}
		if m := k.Alias.GetMetadata(); m != "" && m != "{}" {
			_ = json.Unmarshal([]byte(m), &a.Metadata)
		}
		return a, nil
	case *pb.Expression_Cast_:
		child, err := Expr(tc, k.Cast.Expr)
		if err != nil {
			return nil, err
		}
		var to types.DataType
		switch ct := k.Cast.CastToType.(type) {
		case *pb.Expression_Cast_Type:
			to, err = DataTypeFromProto(ct.Type)
		case *pb.Expression_Cast_TypeStr:
			to, err = ParseDDL(ct.TypeStr)
		default:
			err = invalidPlan("cast without a type")
		}
		if err != nil {
			return nil, err
		}
		mode := plan.EvalDefault
		switch k.Cast.EvalMode {
		case pb.Expression_Cast_EVAL_MODE_LEGACY:
			mode = plan.EvalLegacy
		case pb.Expression_Cast_EVAL_MODE_ANSI:
			mode = plan.EvalANSI
		case pb.Expression_Cast_EVAL_MODE_TRY:
			mode = plan.EvalTry
		}
		return &plan.Cast{Child: child, To: to, Mode: mode}, nil
	case *pb.Expression_SortOrder_:
		return sortOrder(tc, k.SortOrder)
	case *pb.Expression_Window_:
		return window(tc, k.Window)
	case *pb.Expression_ExpressionString_:
		return planbuilder.Expr(k.ExpressionString.Expression)
	}
	return nil, unsupportedOneof("expression", e.ProtoReflect(), "expr_type")
}

func function(tc *Context, name string, args []*pb.Expression, distinct bool) (plan.Expr, error) {
	out := make([]plan.Expr, len(args))
	for i, a := range args {
		x, err := Expr(tc, a)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return &plan.UnresolvedFunction{Name: name, Args: out, Distinct: distinct}, nil
}

func sortOrder(tc *Context, s *pb.Expression_SortOrder) (*plan.SortOrder, error) {
	child, err := Expr(tc, s.Child)
	if err != nil {
		return nil, err
	}
	o := &plan.SortOrder{Child: child, Descending: s.Direction == pb.Expression_SortOrder_SORT_DIRECTION_DESCENDING}
	switch s.NullOrdering {
	case pb.Expression_SortOrder_SORT_NULLS_FIRST:
		o.NullsFirst = true
	case pb.Expression_SortOrder_SORT_NULLS_LAST:
		o.NullsFirst = false
	default:
		o.NullsFirst = !o.Descending
	}
	return o, nil
}

// Literal converts a protocol literal.
func Literal(l *pb.Expression_Literal) (*plan.Literal, error) {
	if l == nil {
		return nil, invalidPlan("missing literal")
	}
	switch v := l.LiteralType.(type) {
	case *pb.Expression_Literal_Null:
		t, err := DataTypeFromProto(v.Null)
		if err != nil {
			t = types.Null
		}
		return &plan.Literal{Type: t}, nil
	case *pb.Expression_Literal_Binary:
		return &plan.Literal{Type: types.Binary, Value: v.Binary}, nil
	case *pb.Expression_Literal_Boolean:
		return &plan.Literal{Type: types.Boolean, Value: v.Boolean}, nil
	case *pb.Expression_Literal_Byte:
		return &plan.Literal{Type: types.Byte, Value: int8(v.Byte)}, nil
	case *pb.Expression_Literal_Short:
		return &plan.Literal{Type: types.Short, Value: int16(v.Short)}, nil
	case *pb.Expression_Literal_Integer:
		return &plan.Literal{Type: types.Integer, Value: v.Integer}, nil
	case *pb.Expression_Literal_Long:
		return &plan.Literal{Type: types.Long, Value: v.Long}, nil
	case *pb.Expression_Literal_Float:
		return &plan.Literal{Type: types.Float, Value: v.Float}, nil
	case *pb.Expression_Literal_Double:
		return &plan.Literal{Type: types.Double, Value: v.Double}, nil
	case *pb.Expression_Literal_String_:
		return &plan.Literal{Type: types.String, Value: v.String_}, nil
	case *pb.Expression_Literal_Date:
		return &plan.Literal{Type: types.Date, Value: v.Date}, nil
	case *pb.Expression_Literal_Timestamp:
		return &plan.Literal{Type: types.Timestamp, Value: v.Timestamp}, nil
	case *pb.Expression_Literal_TimestampNtz:
		return &plan.Literal{Type: types.TimestampNTZ, Value: v.TimestampNtz}, nil
	case *pb.Expression_Literal_Decimal_:
		return decimalLiteral(v.Decimal)
	}
	return nil, unsupportedOneof("literal", l.ProtoReflect(), "literal_type")
}

func decimalLiteral(d *pb.Expression_Literal_Decimal) (*plan.Literal, error) {
	s := strings.TrimSpace(d.Value)
	digits := strings.TrimLeft(strings.Replace(strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+"), ".", "", 1), "0")
	scale := int32(0)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		scale = int32(len(s) - i - 1)
	}
	prec := max(int32(len(digits)), scale, 1)
	if d.Precision != nil {
		prec = *d.Precision
	}
	if d.Scale != nil {
		scale = *d.Scale
	}
	n, err := decimal128.FromString(s, prec, scale)
	if err != nil {
		return nil, invalidPlan(fmt.Sprintf("bad decimal literal %q: %v", s, err))
	}
	return &plan.Literal{Type: types.DecimalType{Precision: prec, Scale: scale}, Value: n}, nil
}

// ParseIdentifier splits a multi-part identifier: dots separate parts, backquotes
// quote them (`a.b` is one part, a double backquote is a literal backquote).
func ParseIdentifier(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	inQuote, quoted := false, false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case inQuote && r == '`':
			if i+1 < len(rs) && rs[i+1] == '`' {
				cur.WriteRune('`')
				i++
			} else {
				inQuote = false
			}
		case inQuote:
			cur.WriteRune(r)
		case r == '`':
			inQuote, quoted = true, true
		case r == '.':
			parts = append(parts, cur.String())
			cur.Reset()
			quoted = false
		default:
			cur.WriteRune(r)
		}
	}
	if inQuote {
		return nil, sqlerr.New("PARSE_SYNTAX_ERROR", "error", "'"+s+"'", "hint", "")
	}
	if cur.Len() > 0 || quoted || len(parts) > 0 {
		parts = append(parts, cur.String())
	}
	return parts, nil
}

// unsupportedOneof names the set field of a oneof in an UNSUPPORTED_FEATURE error.
func unsupportedOneof(kind string, m protoreflect.Message, oneof protoreflect.Name) error {
	od := m.Descriptor().Oneofs().ByName(oneof)
	if od == nil {
		return sqlerr.Unsupported(kind)
	}
	fd := m.WhichOneof(od)
	if fd == nil {
		return invalidPlan(kind + " without a type")
	}
	return sqlerr.Unsupported(fmt.Sprintf("%s type %q", kind, fd.Name()))
}

func window(tc *Context, w *pb.Expression_Window) (plan.Expr, error) {
	fn, err := Expr(tc, w.WindowFunction)
	if err != nil {
		return nil, err
	}
	part := make([]plan.Expr, len(w.PartitionSpec))
	for i, p := range w.PartitionSpec {
		if part[i], err = Expr(tc, p); err != nil {
			return nil, err
		}
	}
	order := make([]*plan.SortOrder, len(w.OrderSpec))
	for i, o := range w.OrderSpec {
		if order[i], err = sortOrder(tc, o); err != nil {
			return nil, err
		}
	}
	out := &plan.WindowExpr{Func: fn, Partition: part, Order: order}
	if f := w.FrameSpec; f != nil && f.FrameType != pb.Expression_Window_WindowFrame_FRAME_TYPE_UNDEFINED {
		lo, err := frameBound(tc, f.Lower)
		if err != nil {
			return nil, err
		}
		hi, err := frameBound(tc, f.Upper)
		if err != nil {
			return nil, err
		}
		out.Frame = &plan.WindowFrame{Rows: f.FrameType == pb.Expression_Window_WindowFrame_FRAME_TYPE_ROW, Lower: lo, Upper: hi}
	}
	return out, nil
}

func frameBound(tc *Context, b *pb.Expression_Window_WindowFrame_FrameBoundary) (plan.FrameBound, error) {
	switch k := b.GetBoundary().(type) {
	case *pb.Expression_Window_WindowFrame_FrameBoundary_CurrentRow:
		return plan.FrameBound{Kind: plan.CurrentRowBound}, nil
	case *pb.Expression_Window_WindowFrame_FrameBoundary_Unbounded:
		return plan.FrameBound{Kind: plan.UnboundedBound}, nil
	case *pb.Expression_Window_WindowFrame_FrameBoundary_Value:
		e, err := Expr(tc, k.Value)
		if err != nil {
			return plan.FrameBound{}, err
		}
		if l, ok := e.(*plan.Literal); ok {
			switch v := l.Value.(type) {
			case int32:
				return plan.FrameBound{Kind: plan.OffsetBound, Offset: int64(v)}, nil
			case int64:
				return plan.FrameBound{Kind: plan.OffsetBound, Offset: v}, nil
			}
		}
		return plan.FrameBound{}, sqlerr.Unsupported("non-integer window frame boundaries")
	}
	return plan.FrameBound{}, invalidPlan("window frame boundary without a value")
}
