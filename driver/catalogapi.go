package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// CatalogOp answers spark.catalog calls with the rows and columns Spark's Catalog API
// returns (Database, Table and Column records, or a single "value").
func (r resolver) CatalogOp(ctx context.Context, op *plan.CatalogOp) (plan.Rel, error) {
	e := r.e
	sessID := r.sess.SessionID()
	field := func(name string, t types.DataType, nullable bool) types.StructField {
		return types.StructField{Name: name, Type: t, Nullable: nullable}
	}
	value := func(t types.DataType, v any) (plan.Rel, error) {
		return localRelation(types.StructType{Fields: []types.StructField{field("value", t, false)}}, [][]any{{v}})
	}
	needCatalog := func() error {
		if e.cat == nil {
			return sqlerr.Unsupported("spark.catalog." + op.Op + " without a warehouse")
		}
		return nil
	}
	db := func() string {
		if d, ok := op.Args["dbName"]; ok {
			return d
		}
		return e.dbs.get(sessID)
	}
	switch op.Op {
	case "currentDatabase":
		return value(types.String, e.dbs.get(sessID))
	case "currentCatalog":
		return value(types.String, "spark_catalog")
	case "noop":
		return localRelation(types.StructType{}, nil)
	case "listCatalogs":
		st := types.StructType{Fields: []types.StructField{field("name", types.String, true), field("description", types.String, true)}}
		return localRelation(st, [][]any{{"spark_catalog", nil}})
	case "isCached":
		return value(types.Boolean, false)
	case "setCurrentDatabase":
		if err := needCatalog(); err != nil {
			return nil, err
		}
		if _, err := e.cat.GetDatabase(ctx, op.Args["dbName"]); err != nil {
			return nil, err
		}
		e.dbs.set(sessID, strings.ToLower(op.Args["dbName"]))
		return localRelation(types.StructType{}, nil)
	case "dropTempView":
		return value(types.Boolean, e.views.of(sessID).Drop(op.Args["viewName"]))
	case "dropGlobalTempView":
		return value(types.Boolean, e.views.global.Drop(op.Args["viewName"]))
	case "databaseExists":
		if err := needCatalog(); err != nil {
			return nil, err
		}
		ok, err := e.cat.DatabaseExists(ctx, op.Args["dbName"])
		if err != nil {
			return nil, err
		}
		return value(types.Boolean, ok)
	case "tableExists":
		name := op.Args["tableName"]
		if _, ok := op.Args["dbName"]; !ok {
			if _, ok := e.views.of(sessID).Get(name); ok {
				return value(types.Boolean, true)
			}
		}
		if err := needCatalog(); err != nil {
			return nil, err
		}
		parts := splitName(name)
		if d, ok := op.Args["dbName"]; ok {
			parts = []string{d, name}
		}
		id, err := e.ident(r.sess, parts)
		if err != nil {
			return nil, err
		}
		ok, err := e.cat.TableExists(ctx, id)
		if err != nil && !sqlerr.HasClass(err, "SCHEMA_NOT_FOUND") {
			return nil, err
		}
		return value(types.Boolean, ok)
	case "listDatabases":
		if err := needCatalog(); err != nil {
			return nil, err
		}
		var pattern []string
		if p, ok := op.Args["pattern"]; ok {
			pattern = []string{p}
		}
		dbs, err := e.cat.ListDatabases(ctx, pattern...)
		if err != nil {
			return nil, err
		}
		st := types.StructType{Fields: []types.StructField{field("name", types.String, true), field("catalog", types.String, true),
			field("description", types.String, true), field("locationUri", types.String, true)}}
		var rows [][]any
		for _, d := range dbs {
			rows = append(rows, []any{d.Name, "spark_catalog", d.Comment, d.LocationURI})
		}
		return localRelation(st, rows)
	case "listTables":
		if err := needCatalog(); err != nil {
			return nil, err
		}
		var pattern []string
		if p, ok := op.Args["pattern"]; ok {
			pattern = []string{p}
		}
		tables, err := e.cat.ListTables(ctx, db(), pattern...)
		if err != nil {
			return nil, err
		}
		st := types.StructType{Fields: []types.StructField{field("name", types.String, true), field("catalog", types.String, true),
			field("namespace", types.ArrayType{Elem: types.String, ContainsNull: true}, true), field("description", types.String, true),
			field("tableType", types.String, true), field("isTemporary", types.Boolean, false)}}
		var rows [][]any
		for _, t := range tables {
			rows = append(rows, []any{t.Ident.Name, "spark_catalog", []string{t.Ident.DB}, nilIfEmpty(t.Comment), string(t.Type), false})
		}
		for _, name := range e.views.of(sessID).Names() {
			if p, ok := op.Args["pattern"]; ok && !catalog.MatchPattern(p, name) {
				continue
			}
			rows = append(rows, []any{name, nil, []string{}, nil, "TEMPORARY", true})
		}
		return localRelation(st, rows)
	case "listColumns":
		parts := splitName(op.Args["tableName"])
		if d, ok := op.Args["dbName"]; ok {
			parts = []string{d, op.Args["tableName"]}
		}
		resolved, err := e.Analyze(ctx, r.sess, &plan.UnresolvedRelation{Parts: parts})
		if err != nil {
			return nil, err
		}
		var partCols map[string]bool
		if e.cat != nil {
			if id, err := e.ident(r.sess, parts); err == nil {
				if t, err := e.cat.GetTable(ctx, id); err == nil {
					partCols = map[string]bool{}
					for _, p := range t.PartitionColumns {
						partCols[strings.ToLower(p)] = true
					}
				}
			}
		}
		st := types.StructType{Fields: []types.StructField{field("name", types.String, true), field("description", types.String, true),
			field("dataType", types.String, true), field("nullable", types.Boolean, false), field("isPartition", types.Boolean, false),
			field("isBucket", types.Boolean, false), field("isCluster", types.Boolean, false)}}
		var rows [][]any
		for _, a := range resolved.Output() {
			rows = append(rows, []any{a.Name, nil, a.Type.String(), a.Nullable, partCols[strings.ToLower(a.Name)], false, false})
		}
		return localRelation(st, rows)
	}
	return nil, sqlerr.Unsupported("spark.catalog." + op.Op)
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// splitName splits a dotted table name (db.table).
func splitName(s string) []string { return strings.Split(s, ".") }

// localRelation builds an unresolved local relation from rows of Go values (string,
// bool, int64, []string or nil).
func localRelation(st types.StructType, rows [][]any) (plan.Rel, error) {
	schema := types.ArrowSchema(st, "UTC")
	mem := memory.DefaultAllocator
	cols := make([]arrow.Array, len(st.Fields))
	for c := range st.Fields {
		b := array.NewBuilder(mem, schema.Field(c).Type)
		for _, r := range rows {
			if err := appendGo(b, r[c]); err != nil {
				b.Release()
				return nil, err
			}
		}
		cols[c] = b.NewArray()
		b.Release()
	}
	rec := array.NewRecordBatch(schema, cols, int64(len(rows)))
	for _, c := range cols {
		c.Release()
	}
	return &plan.LocalRelation{Schema: st, Batches: []arrow.RecordBatch{rec}}, nil
}

func appendGo(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch x := v.(type) {
	case string:
		b.(*array.StringBuilder).Append(x)
	case bool:
		b.(*array.BooleanBuilder).Append(x)
	case int64:
		b.(*array.Int64Builder).Append(x)
	case []string:
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		for _, s := range x {
			lb.ValueBuilder().(*array.StringBuilder).Append(s)
		}
	default:
		return sqlerr.Internal(fmt.Errorf("catalog result value %T", v))
	}
	return nil
}
