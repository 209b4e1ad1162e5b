package driver

import (
	"context"
	"strings"
	"sync"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/connectsvc"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/planbuilder"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// sessionDBs is the current database of each session ("default" until USE).
type sessionDBs struct{ m sync.Map }

func (s *sessionDBs) get(id string) string {
	if v, ok := s.m.Load(id); ok {
		return v.(string)
	}
	return "default"
}

func (s *sessionDBs) set(id, db string) { s.m.Store(id, db) }

// SetCatalog attaches the persistent catalog (nil: temporary views only).
func (e *Engine) SetCatalog(c *catalog.Catalog) { e.cat = c }

func (e *Engine) ident(sess connectsvc.SessionContext, parts []string) (catalog.Ident, error) {
	switch len(parts) {
	case 1:
		return catalog.Ident{DB: e.dbs.get(sess.SessionID()), Name: parts[0]}, nil
	case 2:
		return catalog.Ident{DB: parts[0], Name: parts[1]}, nil
	case 3:
		if strings.EqualFold(parts[0], "spark_catalog") {
			return catalog.Ident{DB: parts[1], Name: parts[2]}, nil
		}
	}
	return catalog.Ident{}, sqlerr.Unsupported("catalogs other than spark_catalog: " + strings.Join(parts, "."))
}

// tablePlan is the plan that reads a catalog table or persistent view.
func (e *Engine) tablePlan(sess connectsvc.SessionContext, t catalog.Table) (plan.Rel, error) {
	if t.IsView() {
		rel, err := planbuilder.Query(t.ViewText, planbuilder.Params{})
		if err != nil {
			return nil, err
		}
		return rel, nil
	}
	schema := t.Schema
	return &plan.DataSource{Format: t.Provider, Paths: []string{localPath(t.Location)}, Schema: &schema, Options: t.Options}, nil
}

func localPath(uri string) string { return strings.TrimPrefix(uri, "file:") }

// RunCommand runs the SQL statements on databases, tables and persistent views.
func (e *Engine) RunCommand(ctx context.Context, sess connectsvc.SessionContext, c planbuilder.Command) (types.StructType, [][]any, error) {
	none := types.StructType{}
	if e.cat == nil {
		return none, nil, sqlerr.Unsupported("persistent catalog (the driver runs without a warehouse)")
	}
	str := func(names ...string) types.StructType {
		st := types.StructType{}
		for _, n := range names {
			st.Fields = append(st.Fields, types.StructField{Name: n, Type: types.String, Nullable: false})
		}
		return st
	}
	switch c := c.(type) {
	case *planbuilder.CreateDatabaseCommand:
		return none, nil, e.cat.CreateDatabase(ctx, catalog.Database{Name: c.Name, Comment: c.Comment, LocationURI: c.Location, Properties: c.Properties}, c.IfNotExists)
	case *planbuilder.DropDatabaseCommand:
		return none, nil, e.cat.DropDatabase(ctx, c.Name, c.IfExists, c.Cascade)
	case *planbuilder.UseCommand:
		if _, err := e.cat.GetDatabase(ctx, c.Name); err != nil {
			return none, nil, err
		}
		e.dbs.set(sess.SessionID(), strings.ToLower(c.Name))
		return none, nil, nil
	case *planbuilder.ShowCommand:
		pattern := []string{}
		if c.Pattern != nil {
			pattern = []string{*c.Pattern}
		}
		if c.Kind == ast.ShowNamespaces {
			dbs, err := e.cat.ListDatabases(ctx, pattern...)
			if err != nil {
				return none, nil, err
			}
			var rows [][]any
			for _, d := range dbs {
				rows = append(rows, []any{d.Name})
			}
			return str("namespace"), rows, nil
		}
		db := c.In
		if db == "" {
			db = e.dbs.get(sess.SessionID())
		}
		tables, err := e.cat.ListTables(ctx, db, pattern...)
		if err != nil {
			return none, nil, err
		}
		st := str("namespace", "tableName")
		if c.Kind == ast.ShowViews {
			st = str("namespace", "viewName")
		}
		st.Fields = append(st.Fields, types.StructField{Name: "isTemporary", Type: types.Boolean})
		var rows [][]any
		for _, t := range tables {
			if c.Kind == ast.ShowViews && !t.IsView() {
				continue
			}
			rows = append(rows, []any{t.Ident.DB, t.Ident.Name, false})
		}
		for _, name := range e.views.of(sess.SessionID()).Names() {
			if c.Pattern == nil || catalog.MatchPattern(*c.Pattern, name) {
				rows = append(rows, []any{"", name, true})
			}
		}
		return st, rows, nil
	case *planbuilder.CreateTableCommand:
		return none, nil, e.createTable(ctx, sess, c)
	case *planbuilder.DropTableCommand:
		if c.View && len(c.Parts) == 1 && e.views.of(sess.SessionID()).Drop(c.Parts[0]) {
			return none, nil, nil
		}
		if c.View && len(c.Parts) == 2 && strings.EqualFold(c.Parts[0], catalog.GlobalTempDB) && e.views.global.Drop(c.Parts[1]) {
			return none, nil, nil
		}
		id, err := e.ident(sess, c.Parts)
		if err != nil {
			return none, nil, err
		}
		if c.View {
			return none, nil, e.cat.DropView(ctx, id, c.IfExists)
		}
		return none, nil, e.cat.DropTable(ctx, id, c.IfExists, false)
	case *planbuilder.CreatePersistentViewCommand:
		id, err := e.ident(sess, c.Parts)
		if err != nil {
			return none, nil, err
		}
		resolved, err := e.Analyze(ctx, sess, c.Query)
		if err != nil {
			return none, nil, err
		}
		v := catalog.Table{Ident: id, Type: catalog.View, Schema: plan.Schema(resolved), ViewText: c.Text,
			ViewCurrentDB: e.dbs.get(sess.SessionID()), Comment: c.Comment}
		return none, nil, e.cat.CreateView(ctx, v, c.OrReplace, c.IfNotExists)
	case *planbuilder.InsertCommand:
		mode := "append"
		if c.Overwrite {
			mode = "overwrite"
		}
		return none, nil, e.Write(ctx, sess, connectsvc.WriteRequest{Input: c.Query, Table: c.Parts, InsertInto: true, Mode: mode})
	case *planbuilder.DescribeTableCommand:
		rel, err := e.Analyze(ctx, sess, &plan.UnresolvedRelation{Parts: c.Parts})
		if err != nil {
			return none, nil, err
		}
		st := types.StructType{Fields: []types.StructField{{Name: "col_name", Type: types.String}, {Name: "data_type", Type: types.String}, {Name: "comment", Type: types.String, Nullable: true}}}
		var rows [][]any
		for _, a := range rel.Output() {
			rows = append(rows, []any{a.Name, a.Type.String(), nil})
		}
		return st, rows, nil
	}
	return none, nil, sqlerr.Unsupported("SQL command")
}

// createTable registers a table; CREATE TABLE ... AS SELECT also writes its rows.
func (e *Engine) createTable(ctx context.Context, sess connectsvc.SessionContext, c *planbuilder.CreateTableCommand) error {
	if c.Query != nil {
		if c.Schema != nil || c.Location != "" || c.OrReplace {
			return sqlerr.Unsupported("CREATE TABLE ... AS SELECT with a column list, LOCATION or OR REPLACE")
		}
		mode := "errorifexists"
		if c.IfNotExists {
			mode = "ignore"
		}
		return e.Write(ctx, sess, connectsvc.WriteRequest{Input: c.Query, Format: c.Provider, Table: c.Parts, Mode: mode,
			PartitionBy: c.PartitionBy, Options: c.Options})
	}
	if c.Schema == nil {
		return sqlerr.Unsupported("CREATE TABLE without columns")
	}
	id, err := e.ident(sess, c.Parts)
	if err != nil {
		return err
	}
	t := catalog.Table{Ident: id, Type: catalog.Managed, Provider: c.Provider, Schema: *c.Schema, PartitionColumns: c.PartitionBy,
		Options: c.Options, Properties: c.Properties, Comment: c.Comment}
	if c.Location != "" {
		t.Type, t.Location = catalog.External, c.Location
	}
	if c.OrReplace {
		if err := e.cat.DropTable(ctx, id, true, false); err != nil {
			return err
		}
	}
	_, err = e.cat.CreateTable(ctx, t, c.IfNotExists)
	return err
}
