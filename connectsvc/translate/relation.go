package translate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/protobuf/proto"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/planbuilder"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Context is what translation needs from the session.
type Context struct {
	SessionID string
	// Conf returns a session configuration value.
	Conf func(key string) (string, bool)
	// Artifact returns the bytes of a session artifact (cached local relations).
	Artifact func(name string) ([]byte, error)
	// Mem allocates the batches of local relations.
	Mem memory.Allocator
}

func (tc *Context) conf(key, def string) string {
	if tc.Conf != nil {
		if v, ok := tc.Conf(key); ok && v != "" {
			return v
		}
	}
	return def
}

func (tc *Context) mem() memory.Allocator {
	if tc.Mem != nil {
		return tc.Mem
	}
	return memory.DefaultAllocator
}

// Relation converts a protocol relation into an unresolved plan. Relations whose
// common.plan_id is set are wrapped in plan.PlanID so that columns tied to a DataFrame
// resolve against it.
func Relation(tc *Context, rel *pb.Relation) (plan.Rel, error) {
	if rel == nil {
		return nil, invalidPlan("missing relation")
	}
	r, err := relation(tc, rel)
	if err != nil {
		return nil, err
	}
	if c := rel.GetCommon(); c != nil && c.PlanId != nil {
		return &plan.PlanID{Input: r, ID: *c.PlanId}, nil
	}
	return r, nil
}

func exprs(tc *Context, list []*pb.Expression) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		x, err := Expr(tc, e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func relation(tc *Context, rel *pb.Relation) (plan.Rel, error) {
	switch k := rel.RelType.(type) {
	case *pb.Relation_Read:
		return read(tc, k.Read)
	case *pb.Relation_Project:
		in, err := input(tc, k.Project.Input)
		if err != nil {
			return nil, err
		}
		list, err := exprs(tc, k.Project.Expressions)
		if err != nil {
			return nil, err
		}
		return &plan.Project{Input: in, List: list}, nil
	case *pb.Relation_Filter:
		in, err := Relation(tc, k.Filter.Input)
		if err != nil {
			return nil, err
		}
		c, err := Expr(tc, k.Filter.Condition)
		if err != nil {
			return nil, err
		}
		return &plan.Filter{Input: in, Cond: c}, nil
	case *pb.Relation_Limit:
		in, err := Relation(tc, k.Limit.Input)
		if err != nil {
			return nil, err
		}
		return &plan.Limit{Input: in, N: int64(k.Limit.Limit)}, nil
	case *pb.Relation_Offset:
		in, err := Relation(tc, k.Offset.Input)
		if err != nil {
			return nil, err
		}
		return &plan.Offset{Input: in, N: int64(k.Offset.Offset)}, nil
	case *pb.Relation_Sample:
		in, err := Relation(tc, k.Sample.Input)
		if err != nil {
			return nil, err
		}
		return &plan.Sample{Input: in, Lower: k.Sample.LowerBound, Upper: k.Sample.UpperBound,
			WithReplacement: k.Sample.GetWithReplacement(), Seed: k.Sample.GetSeed()}, nil
	case *pb.Relation_Unpivot:
		u := k.Unpivot
		in, err := Relation(tc, u.Input)
		if err != nil {
			return nil, err
		}
		ids, err := exprs(tc, u.Ids)
		if err != nil {
			return nil, err
		}
		out := &plan.Unpivot{Input: in, IDs: ids, VariableName: u.VariableColumnName, ValueName: u.ValueColumnName}
		if u.Values != nil {
			if out.Values, err = exprs(tc, u.Values.Values); err != nil {
				return nil, err
			}
			if out.Values == nil {
				out.Values = []plan.Expr{}
			}
		}
		return out, nil
	case *pb.Relation_Replace:
		in, err := Relation(tc, k.Replace.Input)
		if err != nil {
			return nil, err
		}
		out := &plan.Replace{Input: in, Cols: k.Replace.Cols}
		for _, r := range k.Replace.Replacements {
			o, err := Literal(r.OldValue)
			if err != nil {
				return nil, err
			}
			n, err := Literal(r.NewValue)
			if err != nil {
				return nil, err
			}
			out.Old, out.New = append(out.Old, o), append(out.New, n)
		}
		return out, nil
	case *pb.Relation_ToSchema:
		in, err := Relation(tc, k.ToSchema.Input)
		if err != nil {
			return nil, err
		}
		t, err := DataTypeFromProto(k.ToSchema.Schema)
		if err != nil {
			return nil, err
		}
		st, ok := t.(types.StructType)
		if !ok {
			return nil, invalidPlan("to_schema needs a struct type")
		}
		return &plan.ToSchema{Input: in, Schema: st}, nil
	case *pb.Relation_WithWatermark:
		// Watermarks only matter to streaming queries; a batch query ignores them.
		return Relation(tc, k.WithWatermark.Input)
	case *pb.Relation_Tail:
		in, err := Relation(tc, k.Tail.Input)
		if err != nil {
			return nil, err
		}
		return &plan.Tail{Input: in, N: int64(k.Tail.Limit)}, nil
	case *pb.Relation_Aggregate:
		a := k.Aggregate
		switch a.GroupType {
		case pb.Aggregate_GROUP_TYPE_GROUPBY, pb.Aggregate_GROUP_TYPE_UNSPECIFIED, pb.Aggregate_GROUP_TYPE_ROLLUP,
			pb.Aggregate_GROUP_TYPE_CUBE, pb.Aggregate_GROUP_TYPE_GROUPING_SETS, pb.Aggregate_GROUP_TYPE_PIVOT:
		default:
			return nil, sqlerr.Unsupported("aggregate group type " + strings.TrimPrefix(a.GroupType.String(), "GROUP_TYPE_"))
		}
		in, err := Relation(tc, a.Input)
		if err != nil {
			return nil, err
		}
		groups, err := exprs(tc, a.GroupingExpressions)
		if err != nil {
			return nil, err
		}
		aggs, err := exprs(tc, a.AggregateExpressions)
		if err != nil {
			return nil, err
		}
		if a.GroupType == pb.Aggregate_GROUP_TYPE_PIVOT {
			if a.Pivot == nil {
				return nil, invalidPlan("pivot without a pivot column")
			}
			col, err := Expr(tc, a.Pivot.Col)
			if err != nil {
				return nil, err
			}
			p := &plan.Pivot{Input: in, Groups: groups, Column: col, Aggs: aggs}
			for _, v := range a.Pivot.Values {
				l, err := Literal(v)
				if err != nil {
					return nil, err
				}
				p.Values = append(p.Values, l)
			}
			return p, nil
		}
		// Spark outputs the grouping columns first, then the aggregates.
		out := &plan.Aggregate{Input: in, Groups: groups, Aggs: append(append([]plan.Expr(nil), groups...), aggs...)}
		switch a.GroupType {
		case pb.Aggregate_GROUP_TYPE_ROLLUP:
			for n := len(groups); n >= 0; n-- {
				out.GroupingSets = append(out.GroupingSets, seq(n))
			}
		case pb.Aggregate_GROUP_TYPE_CUBE:
			// Spark's order: sets with the first column, then without, recursively.
			out.GroupingSets = [][]int{{}}
			for i := len(groups) - 1; i >= 0; i-- {
				var with [][]int
				for _, s := range out.GroupingSets {
					with = append(with, append([]int{i}, s...))
				}
				out.GroupingSets = append(with, out.GroupingSets...)
			}
		case pb.Aggregate_GROUP_TYPE_GROUPING_SETS:
			index := map[string]int{}
			for i, g := range groups {
				index[plan.FormatExpr(g)] = i
			}
			for _, gs := range a.GroupingSets {
				set, err := exprs(tc, gs.GroupingSet)
				if err != nil {
					return nil, err
				}
				var ids []int
				for _, e := range set {
					i, ok := index[plan.FormatExpr(e)]
					if !ok {
						i = len(out.Groups)
						index[plan.FormatExpr(e)] = i
						out.Groups = append(out.Groups, e)
					}
					ids = append(ids, i)
				}
				out.GroupingSets = append(out.GroupingSets, ids)
			}
		}
		return out, nil
	case *pb.Relation_Sort:
		in, err := Relation(tc, k.Sort.Input)
		if err != nil {
			return nil, err
		}
		orders := make([]*plan.SortOrder, len(k.Sort.Order))
		for i, o := range k.Sort.Order {
			so, err := sortOrder(tc, o)
			if err != nil {
				return nil, err
			}
			orders[i] = so
		}
		global := k.Sort.IsGlobal == nil || *k.Sort.IsGlobal
		return &plan.Sort{Input: in, Orders: orders, Global: global}, nil
	case *pb.Relation_Deduplicate:
		d := k.Deduplicate
		in, err := Relation(tc, d.Input)
		if err != nil {
			return nil, err
		}
		if len(d.ColumnNames) > 0 && !d.GetAllColumnsAsKeys() {
			return &plan.Deduplicate{Input: in, Cols: d.ColumnNames}, nil
		}
		return &plan.Distinct{Input: in}, nil
	case *pb.Relation_Range:
		r := k.Range
		start := int64(0)
		if r.Start != nil {
			start = *r.Start
		}
		n := 0
		if r.NumPartitions != nil {
			n = int(*r.NumPartitions)
		}
		return &plan.Range{Start: start, End: r.End, Step: r.Step, NumPartitions: n}, nil
	case *pb.Relation_LocalRelation:
		return localRelation(tc, k.LocalRelation)
	case *pb.Relation_CachedLocalRelation:
		if tc.Artifact == nil {
			return nil, sqlerr.Unsupported("cached local relations")
		}
		b, err := tc.Artifact("cache/" + k.CachedLocalRelation.Hash)
		if err != nil {
			return nil, err
		}
		var lr pb.LocalRelation
		if err := proto.Unmarshal(b, &lr); err != nil {
			return nil, invalidPlan("bad cached local relation: " + err.Error())
		}
		return localRelation(tc, &lr)
	case *pb.Relation_ToDf:
		in, err := Relation(tc, k.ToDf.Input)
		if err != nil {
			return nil, err
		}
		return &plan.ToDF{Input: in, Names: k.ToDf.ColumnNames}, nil
	case *pb.Relation_WithColumns:
		in, err := Relation(tc, k.WithColumns.Input)
		if err != nil {
			return nil, err
		}
		cols := make([]*plan.Alias, len(k.WithColumns.Aliases))
		for i, a := range k.WithColumns.Aliases {
			x, err := Expr(tc, &pb.Expression{ExprType: &pb.Expression_Alias_{Alias: a}})
			if err != nil {
				return nil, err
			}
			cols[i] = x.(*plan.Alias)
		}
		return &plan.WithColumns{Input: in, Cols: cols}, nil
	case *pb.Relation_WithColumnsRenamed:
		w := k.WithColumnsRenamed
		in, err := Relation(tc, w.Input)
		if err != nil {
			return nil, err
		}
		r := &plan.WithColumnsRenamed{Input: in}
		for _, rn := range w.Renames {
			r.From = append(r.From, rn.ColName)
			r.To = append(r.To, rn.NewColName)
		}
		for from, to := range w.RenameColumnsMap {
			r.From = append(r.From, from)
			r.To = append(r.To, to)
		}
		return r, nil
	case *pb.Relation_Drop:
		in, err := Relation(tc, k.Drop.Input)
		if err != nil {
			return nil, err
		}
		cols, err := exprs(tc, k.Drop.Columns)
		if err != nil {
			return nil, err
		}
		return &plan.Drop{Input: in, Columns: cols, Names: k.Drop.ColumnNames}, nil
	case *pb.Relation_Catalog:
		return catalogOp(k.Catalog)
	case *pb.Relation_Crosstab:
		c := k.Crosstab
		in, err := Relation(tc, c.Input)
		if err != nil {
			return nil, err
		}
		col := func(n string) plan.Expr { return &plan.UnresolvedAttribute{Parts: []string{n}, PlanID: -1} }
		// Spark's crosstab: the first column's values as strings, one count column per
		// value of the second (as a string), zero where a pair never occurs.
		p := &plan.Pivot{Input: in,
			Groups: []plan.Expr{&plan.Alias{Name: c.Col1 + "_" + c.Col2, Child: &plan.UnresolvedFunction{Name: "when", Args: []plan.Expr{
				&plan.UnresolvedFunction{Name: "isnull", Args: []plan.Expr{col(c.Col1)}}, &plan.Literal{Type: types.String, Value: "null"},
				&plan.Cast{Child: col(c.Col1), To: types.String}}}}},
			Column: &plan.Cast{Child: col(c.Col2), To: types.String},
			Aggs:   []plan.Expr{&plan.UnresolvedFunction{Name: "count", Args: []plan.Expr{&plan.Literal{Type: types.Integer, Value: int32(1)}}}}}
		return &plan.FillNA{Input: p, Values: []*plan.Literal{{Type: types.Long, Value: int64(0)}}}, nil
	case *pb.Relation_Cov:
		in, err := Relation(tc, k.Cov.Input)
		if err != nil {
			return nil, err
		}
		return statAggregate(in, "covar_samp", k.Cov.Col1, k.Cov.Col2), nil
	case *pb.Relation_Corr:
		if m := k.Corr.GetMethod(); m != "" && !strings.EqualFold(m, "pearson") {
			return nil, sqlerr.Unsupported("correlation method " + m)
		}
		in, err := Relation(tc, k.Corr.Input)
		if err != nil {
			return nil, err
		}
		return statAggregate(in, "corr", k.Corr.Col1, k.Corr.Col2), nil
	case *pb.Relation_HtmlString:
		in, err := Relation(tc, k.HtmlString.Input)
		if err != nil {
			return nil, err
		}
		return &plan.ShowString{Input: in, NumRows: int(k.HtmlString.NumRows), Truncate: int(k.HtmlString.Truncate), HTML: true}, nil
	case *pb.Relation_ShowString:
		in, err := Relation(tc, k.ShowString.Input)
		if err != nil {
			return nil, err
		}
		return &plan.ShowString{Input: in, NumRows: int(k.ShowString.NumRows), Truncate: int(k.ShowString.Truncate), Vertical: k.ShowString.Vertical}, nil
	case *pb.Relation_Sql:
		return sqlRelation(tc, k.Sql)
	case *pb.Relation_SubqueryAlias:
		in, err := Relation(tc, k.SubqueryAlias.Input)
		if err != nil {
			return nil, err
		}
		return &plan.SubqueryAlias{Input: in, Alias: k.SubqueryAlias.Alias}, nil
	case *pb.Relation_Repartition:
		in, err := Relation(tc, k.Repartition.Input)
		if err != nil {
			return nil, err
		}
		shuffle := k.Repartition.Shuffle == nil || *k.Repartition.Shuffle
		if !shuffle {
			// coalesce(n) keeps rows where they are; without shuffling there is
			// nothing to do for correctness.
			return in, nil
		}
		return &plan.Repartition{Input: in, NumPartitions: int(k.Repartition.NumPartitions), Shuffle: true}, nil
	case *pb.Relation_RepartitionByExpression:
		r := k.RepartitionByExpression
		in, err := Relation(tc, r.Input)
		if err != nil {
			return nil, err
		}
		keys, err := exprs(tc, r.PartitionExprs)
		if err != nil {
			return nil, err
		}
		n := 0
		if r.NumPartitions != nil {
			n = int(*r.NumPartitions)
		}
		return &plan.Repartition{Input: in, NumPartitions: n, Exprs: keys, Shuffle: true}, nil
	case *pb.Relation_Join:
		return join(tc, k.Join)
	case *pb.Relation_SetOp:
		return setOp(tc, k.SetOp)
	case *pb.Relation_Describe:
		in, err := Relation(tc, k.Describe.Input)
		if err != nil {
			return nil, err
		}
		return &plan.Describe{Input: in, Cols: k.Describe.Cols, Stats: []string{"count", "mean", "stddev", "min", "max"}}, nil
	case *pb.Relation_Summary:
		in, err := Relation(tc, k.Summary.Input)
		if err != nil {
			return nil, err
		}
		stats := k.Summary.Statistics
		if len(stats) == 0 {
			stats = []string{"count", "mean", "stddev", "min", "25%", "50%", "75%", "max"}
		}
		return &plan.Describe{Input: in, Stats: stats}, nil
	case *pb.Relation_FillNa:
		in, err := Relation(tc, k.FillNa.Input)
		if err != nil {
			return nil, err
		}
		out := &plan.FillNA{Input: in, Cols: k.FillNa.Cols}
		for _, v := range k.FillNa.Values {
			l, err := Literal(v)
			if err != nil {
				return nil, err
			}
			out.Values = append(out.Values, l)
		}
		if len(out.Values) == 0 || (len(out.Values) > 1 && len(out.Values) != len(out.Cols)) {
			return nil, invalidPlan("fill_na needs one value or one per column")
		}
		return out, nil
	case *pb.Relation_DropNa:
		in, err := Relation(tc, k.DropNa.Input)
		if err != nil {
			return nil, err
		}
		min := -1
		if k.DropNa.MinNonNulls != nil {
			min = int(*k.DropNa.MinNonNulls)
		}
		return &plan.DropNA{Input: in, Cols: k.DropNa.Cols, MinNonNulls: min}, nil
	case *pb.Relation_Hint:
		// Hints only guide planning; the broadcast hint is kept for the join planner,
		// others are ignored, which never changes results.
		in, err := Relation(tc, k.Hint.Input)
		if err != nil || !plan.IsBroadcastHint(k.Hint.Name) {
			return in, err
		}
		return &plan.Hint{Input: in, Name: strings.ToLower(k.Hint.Name)}, nil
	}
	return nil, unsupportedOneof("relation", rel.ProtoReflect(), "rel_type")
}

// input converts an optional input relation: a missing one is the single empty row of
// SELECT without FROM (Project without input).
func input(tc *Context, rel *pb.Relation) (plan.Rel, error) {
	if rel == nil {
		return &plan.OneRow{}, nil
	}
	return Relation(tc, rel)
}

func read(tc *Context, r *pb.Read) (plan.Rel, error) {
	switch k := r.ReadType.(type) {
	case *pb.Read_NamedTable_:
		parts, err := ParseIdentifier(k.NamedTable.UnparsedIdentifier)
		if err != nil {
			return nil, err
		}
		return &plan.UnresolvedRelation{Parts: parts, Options: k.NamedTable.Options}, nil
	case *pb.Read_DataSource_:
		ds := k.DataSource
		format := ds.GetFormat()
		if format == "" {
			format = tc.conf("spark.sql.sources.default", "parquet")
		}
		out := &plan.DataSource{Format: strings.ToLower(format), Paths: ds.Paths, Options: ds.Options}
		if p, ok := ds.Options["path"]; ok && len(ds.Paths) == 0 {
			out.Paths = []string{p}
		}
		if s := ds.GetSchema(); s != "" {
			t, err := ParseSchema(s)
			if err != nil {
				return nil, err
			}
			st, ok := t.(types.StructType)
			if !ok {
				st = types.StructType{Fields: []types.StructField{{Name: "value", Type: t, Nullable: true}}}
			}
			out.Schema = &st
		}
		if len(ds.Predicates) > 0 {
			return nil, sqlerr.Unsupported("JDBC predicates")
		}
		return out, nil
	}
	return nil, unsupportedOneof("read", r.ProtoReflect(), "read_type")
}

// localRelation decodes Arrow IPC data. The stream may lack its end-of-stream marker
// (spark-connect-go sends it so).
func localRelation(tc *Context, lr *pb.LocalRelation) (plan.Rel, error) {
	var schema *types.StructType
	if s := lr.GetSchema(); s != "" {
		t, err := ParseSchema(s)
		if err != nil {
			return nil, err
		}
		st, ok := t.(types.StructType)
		if !ok {
			st = types.StructType{Fields: []types.StructField{{Name: "value", Type: t, Nullable: true}}}
		}
		schema = &st
	}
	var batches []arrow.RecordBatch
	var dataSchema *types.StructType
	if len(lr.Data) > 0 {
		rd, err := ipc.NewReader(bytes.NewReader(lr.Data), ipc.WithAllocator(tc.mem()))
		if err != nil {
			return nil, invalidPlan("bad Arrow IPC data: " + err.Error())
		}
		defer rd.Release()
		ds, err := types.FromArrowSchema(rd.Schema())
		if err != nil {
			return nil, err
		}
		dataSchema = &ds
		for rd.Next() {
			b := rd.RecordBatch()
			b.Retain()
			batches = append(batches, b)
		}
		if err := rd.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			for _, b := range batches {
				b.Release()
			}
			return nil, invalidPlan("bad Arrow IPC data: " + err.Error())
		}
	}
	switch {
	case schema == nil && dataSchema == nil:
		return nil, invalidPlan("local relation without data or schema")
	case schema == nil:
		schema = dataSchema
	case dataSchema != nil:
		if len(schema.Fields) != len(dataSchema.Fields) {
			for _, b := range batches {
				b.Release()
			}
			return nil, invalidPlan(fmt.Sprintf("local relation schema has %d columns, data has %d", len(schema.Fields), len(dataSchema.Fields)))
		}
		// The data's Arrow types are what the batches hold; the schema supplies names
		// and nullability.
		st := types.StructType{Fields: make([]types.StructField, len(schema.Fields))}
		for i, f := range schema.Fields {
			st.Fields[i] = types.StructField{Name: f.Name, Type: dataSchema.Fields[i].Type, Nullable: f.Nullable, Metadata: f.Metadata}
		}
		schema = &st
	}
	return &plan.LocalRelation{Schema: *schema, Batches: batches}, nil
}

func sqlRelation(tc *Context, s *pb.SQL) (plan.Rel, error) {
	params, err := sqlParams(tc, s)
	if err != nil {
		return nil, err
	}
	return planbuilder.Query(s.Query, params)
}

func sqlParams(tc *Context, s *pb.SQL) (planbuilder.Params, error) {
	params := planbuilder.Params{Named: map[string]plan.Expr{}, TimeZone: tc.conf("spark.sql.session.timeZone", "UTC")}
	for k, v := range s.Args {
		l, err := Literal(v)
		if err != nil {
			return params, err
		}
		params.Named[k] = l
	}
	for _, v := range s.PosArgs {
		l, err := Literal(v)
		if err != nil {
			return params, err
		}
		params.Positional = append(params.Positional, l)
	}
	for k, v := range s.NamedArguments {
		e, err := Expr(tc, v)
		if err != nil {
			return params, err
		}
		params.Named[k] = e
	}
	for _, v := range s.PosArguments {
		e, err := Expr(tc, v)
		if err != nil {
			return params, err
		}
		params.Positional = append(params.Positional, e)
	}
	return params, nil
}

// SQLCommandRelation returns the relation Spark answers a sql_command with: the SQL
// relation of the statement, from the 4.x input field or the 3.5 fields.
func SQLCommandRelation(cmd *pb.SqlCommand) *pb.Relation {
	if cmd.Input != nil {
		return cmd.Input
	}
	return &pb.Relation{RelType: &pb.Relation_Sql{Sql: &pb.SQL{
		Query: cmd.Sql, Args: cmd.Args, PosArgs: cmd.PosArgs,
		NamedArguments: cmd.NamedArguments, PosArguments: cmd.PosArguments,
	}}}
}

var joinTypes = map[pb.Join_JoinType]plan.JoinType{
	pb.Join_JOIN_TYPE_UNSPECIFIED: plan.InnerJoin,
	pb.Join_JOIN_TYPE_INNER:       plan.InnerJoin,
	pb.Join_JOIN_TYPE_FULL_OUTER:  plan.FullOuterJoin,
	pb.Join_JOIN_TYPE_LEFT_OUTER:  plan.LeftOuterJoin,
	pb.Join_JOIN_TYPE_RIGHT_OUTER: plan.RightOuterJoin,
	pb.Join_JOIN_TYPE_LEFT_ANTI:   plan.LeftAntiJoin,
	pb.Join_JOIN_TYPE_LEFT_SEMI:   plan.LeftSemiJoin,
	pb.Join_JOIN_TYPE_CROSS:       plan.CrossJoin,
}

func join(tc *Context, j *pb.Join) (plan.Rel, error) {
	left, err := Relation(tc, j.Left)
	if err != nil {
		return nil, err
	}
	right, err := Relation(tc, j.Right)
	if err != nil {
		return nil, err
	}
	t, ok := joinTypes[j.JoinType]
	if !ok {
		return nil, sqlerr.Unsupported("join type " + j.JoinType.String())
	}
	out := &plan.Join{Left: left, Right: right, Type: t, Using: j.UsingColumns}
	if j.JoinCondition != nil {
		if out.Cond, err = Expr(tc, j.JoinCondition); err != nil {
			return nil, err
		}
	}
	if t == plan.CrossJoin && out.Cond != nil {
		out.Type = plan.InnerJoin
	}
	return out, nil
}

func setOp(tc *Context, s *pb.SetOperation) (plan.Rel, error) {
	left, err := Relation(tc, s.LeftInput)
	if err != nil {
		return nil, err
	}
	right, err := Relation(tc, s.RightInput)
	if err != nil {
		return nil, err
	}
	all := s.GetIsAll()
	switch s.SetOpType {
	case pb.SetOperation_SET_OP_TYPE_UNION:
		var r plan.Rel = &plan.Union{Inputs: []plan.Rel{left, right}, ByName: s.GetByName(), AllowMissing: s.GetAllowMissingColumns()}
		if !all {
			r = &plan.Distinct{Input: r}
		}
		return r, nil
	case pb.SetOperation_SET_OP_TYPE_INTERSECT, pb.SetOperation_SET_OP_TYPE_EXCEPT:
		if all {
			return &plan.SetOpAll{Left: left, Right: right, Except: s.SetOpType == pb.SetOperation_SET_OP_TYPE_EXCEPT}, nil
		}
		t := plan.LeftSemiJoin
		if s.SetOpType == pb.SetOperation_SET_OP_TYPE_EXCEPT {
			t = plan.LeftAntiJoin
		}
		return &plan.Distinct{Input: &plan.Join{Left: left, Right: right, Type: t, AllColumns: true}}, nil
	}
	return nil, sqlerr.Unsupported("set operation " + s.SetOpType.String())
}

// SQLStatement parses the statement of a SQL relation: a query relation, or a command
// to execute. Relations that are not plain SQL are translated as queries.
func SQLStatement(tc *Context, rel *pb.Relation) (plan.Rel, planbuilder.Command, error) {
	s := rel.GetSql()
	if s == nil {
		r, err := Relation(tc, rel)
		return r, nil, err
	}
	params, err := sqlParams(tc, s)
	if err != nil {
		return nil, nil, err
	}
	return planbuilder.Statement(s.Query, params)
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// statAggregate is the one-row aggregation behind df.stat.cov and df.stat.corr, whose
// columns are cast to double as Spark does.
func statAggregate(in plan.Rel, fn, c1, c2 string) plan.Rel {
	col := func(n string) plan.Expr {
		return &plan.Cast{Child: &plan.UnresolvedAttribute{Parts: []string{n}, PlanID: -1}, To: types.Double}
	}
	return &plan.Aggregate{Input: in, Aggs: []plan.Expr{&plan.Alias{Name: fn, Child: &plan.UnresolvedFunction{Name: fn, Args: []plan.Expr{col(c1), col(c2)}}}}}
}

// catalogOp converts a spark.catalog call; the engine's catalog answers it.
func catalogOp(c *pb.Catalog) (plan.Rel, error) {
	args := map[string]string{}
	opt := func(k string, v *string) {
		if v != nil {
			args[k] = *v
		}
	}
	var op string
	switch t := c.CatType.(type) {
	case *pb.Catalog_CurrentDatabase:
		op = "currentDatabase"
	case *pb.Catalog_SetCurrentDatabase:
		op, args["dbName"] = "setCurrentDatabase", t.SetCurrentDatabase.DbName
	case *pb.Catalog_ListDatabases:
		op = "listDatabases"
		opt("pattern", t.ListDatabases.Pattern)
	case *pb.Catalog_ListTables:
		op = "listTables"
		opt("dbName", t.ListTables.DbName)
		opt("pattern", t.ListTables.Pattern)
	case *pb.Catalog_ListColumns:
		op, args["tableName"] = "listColumns", t.ListColumns.TableName
		opt("dbName", t.ListColumns.DbName)
	case *pb.Catalog_DatabaseExists:
		op, args["dbName"] = "databaseExists", t.DatabaseExists.DbName
	case *pb.Catalog_TableExists:
		op, args["tableName"] = "tableExists", t.TableExists.TableName
		opt("dbName", t.TableExists.DbName)
	case *pb.Catalog_DropTempView:
		op, args["viewName"] = "dropTempView", t.DropTempView.ViewName
	case *pb.Catalog_DropGlobalTempView:
		op, args["viewName"] = "dropGlobalTempView", t.DropGlobalTempView.ViewName
	case *pb.Catalog_CurrentCatalog:
		op = "currentCatalog"
	case *pb.Catalog_ListCatalogs:
		op = "listCatalogs"
		opt("pattern", t.ListCatalogs.Pattern)
	case *pb.Catalog_IsCached:
		op, args["tableName"] = "isCached", t.IsCached.TableName
	case *pb.Catalog_ClearCache, *pb.Catalog_CacheTable, *pb.Catalog_UncacheTable, *pb.Catalog_RefreshTable, *pb.Catalog_RefreshByPath:
		// Fulgur keeps no table cache yet; these are accepted and change nothing.
		op = "noop"
	default:
		return nil, unsupportedOneof("catalog call", c.ProtoReflect(), "cat_type")
	}
	return &plan.CatalogOp{Op: op, Args: args}, nil
}
