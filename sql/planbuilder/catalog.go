package planbuilder

import (
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Catalog commands: statements on databases, tables and persistent views, which the
// engine runs against its catalog.

// CreateDatabaseCommand is CREATE DATABASE|SCHEMA [IF NOT EXISTS] name ....
type CreateDatabaseCommand struct {
	Name              string
	IfNotExists       bool
	Comment, Location string
	Properties        map[string]string
}

// DropDatabaseCommand is DROP DATABASE|SCHEMA [IF EXISTS] name [CASCADE].
type DropDatabaseCommand struct {
	Name              string
	IfExists, Cascade bool
}

// UseCommand is USE [DATABASE] name.
type UseCommand struct{ Name string }

// ShowCommand is SHOW DATABASES|TABLES|VIEWS [IN db] [LIKE pattern].
type ShowCommand struct {
	Kind    ast.ShowKind
	In      string
	Pattern *string
}

// CreateTableCommand is CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name (cols) USING fmt
// [PARTITIONED BY (...)] [LOCATION '...'] [OPTIONS (...)] [COMMENT ...] [TBLPROPERTIES
// (...)] [AS query].
type CreateTableCommand struct {
	Parts                  []string
	IfNotExists, OrReplace bool
	External               bool
	Schema                 *types.StructType // nil with AS query and no column list
	Provider               string
	PartitionBy            []string
	Location, Comment      string
	Options, Properties    map[string]string
	Query                  plan.Rel
}

// DropTableCommand is DROP TABLE|VIEW [IF EXISTS] name.
type DropTableCommand struct {
	Parts          []string
	IfExists, View bool
}

// CreatePersistentViewCommand is CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name AS query:
// the view keeps its SQL text.
type CreatePersistentViewCommand struct {
	Parts                  []string
	Text                   string
	Query                  plan.Rel
	OrReplace, IfNotExists bool
	Comment                string
}

// InsertCommand is INSERT INTO|OVERWRITE [TABLE] name query.
type InsertCommand struct {
	Parts     []string
	Overwrite bool
	Query     plan.Rel
}

func (*InsertCommand) command() {}

// DescribeTableCommand is DESCRIBE [TABLE] name.
type DescribeTableCommand struct{ Parts []string }

func (*CreateDatabaseCommand) command()       {}
func (*DropDatabaseCommand) command()         {}
func (*UseCommand) command()                  {}
func (*ShowCommand) command()                 {}
func (*CreateTableCommand) command()          {}
func (*DropTableCommand) command()            {}
func (*CreatePersistentViewCommand) command() {}
func (*DescribeTableCommand) command()        {}

func (b *builder) objectName(n *ast.ObjectName) ([]string, error) {
	if n.Identifier != nil {
		s, err := b.constString(n.Identifier)
		if err != nil {
			return nil, err
		}
		return splitQualified(s), nil
	}
	return identNames(n.Parts), nil
}

func (b *builder) properties(list []*ast.Property) (map[string]string, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, p := range list {
		if p.Value == nil {
			out[p.Key] = ""
			continue
		}
		x, err := b.expr(p.Value)
		if err != nil {
			return nil, err
		}
		l, ok := x.(*plan.Literal)
		if !ok {
			return nil, sqlerr.Unsupported("non-literal property values")
		}
		switch v := l.Value.(type) {
		case string:
			out[p.Key] = v
		case nil:
			out[p.Key] = ""
		default:
			out[p.Key] = strings.TrimSpace(plan.FormatExpr(l))
		}
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// catalogCommand builds the catalog statements; ok is false for other statements.
func (b *builder) catalogCommand(sql string, stmt ast.Stmt) (Command, bool, error) {
	switch s := stmt.(type) {
	case *ast.CreateNamespace:
		props, err := b.properties(s.Properties)
		if err != nil {
			return nil, true, err
		}
		return &CreateDatabaseCommand{Name: strings.Join(identNames(s.Name.Parts), "."), IfNotExists: s.IfNotExists,
			Comment: deref(s.Comment), Location: deref(s.Location), Properties: props}, true, nil
	case *ast.DropNamespace:
		return &DropDatabaseCommand{Name: strings.Join(identNames(s.Name.Parts), "."), IfExists: s.IfExists, Cascade: s.Cascade}, true, nil
	case *ast.Use:
		return &UseCommand{Name: strings.Join(identNames(s.Name.Parts), ".")}, true, nil
	case *ast.Show:
		switch s.Kind {
		case ast.ShowNamespaces, ast.ShowTables, ast.ShowViews:
		default:
			return nil, true, sqlerr.Unsupported("SHOW " + string(s.Kind))
		}
		c := &ShowCommand{Kind: s.Kind, Pattern: s.Pattern}
		if s.In != nil {
			c.In = strings.Join(identNames(s.In.Parts), ".")
		}
		return c, true, nil
	case *ast.CreateTable:
		if s.Replace && !s.OrReplace {
			return nil, true, sqlerr.Unsupported("REPLACE TABLE")
		}
		if s.Bucket != nil || len(s.ClusterBy) > 0 || s.StoredAs != "" {
			return nil, true, sqlerr.Unsupported("bucketed, clustered or Hive-format tables")
		}
		parts, err := b.objectName(s.Name)
		if err != nil {
			return nil, true, err
		}
		c := &CreateTableCommand{Parts: parts, IfNotExists: s.IfNotExists, OrReplace: s.OrReplace, External: s.External,
			Provider: strings.ToLower(s.Provider), Location: deref(s.Location), Comment: deref(s.Comment)}
		if c.Provider == "" {
			c.Provider = "parquet" // spark.sql.sources.default
		}
		if len(s.Columns) > 0 {
			st := types.StructType{}
			for _, col := range s.Columns {
				t, err := dataType(col.Type)
				if err != nil {
					return nil, true, err
				}
				st.Fields = append(st.Fields, types.StructField{Name: col.Name.Name, Type: t, Nullable: !col.NotNull})
			}
			c.Schema = &st
		}
		for _, p := range s.PartitionedBy {
			ref, ok := p.(*ast.ColumnRef)
			if !ok || len(ref.Parts) != 1 {
				return nil, true, sqlerr.Unsupported("partition transforms")
			}
			c.PartitionBy = append(c.PartitionBy, ref.Parts[0].Name)
		}
		if c.Options, err = b.properties(s.Options); err != nil {
			return nil, true, err
		}
		if c.Properties, err = b.properties(s.Properties); err != nil {
			return nil, true, err
		}
		if s.Query != nil {
			if c.Query, err = b.query(s.Query); err != nil {
				return nil, true, err
			}
		}
		return c, true, nil
	case *ast.DropTable:
		parts, err := b.objectName(s.Name)
		if err != nil {
			return nil, true, err
		}
		return &DropTableCommand{Parts: parts, IfExists: s.IfExists, View: s.View}, true, nil
	case *ast.CreateView:
		if s.Temporary {
			return nil, false, nil
		}
		parts, err := b.objectName(s.Name)
		if err != nil {
			return nil, true, err
		}
		q, err := b.query(s.Query)
		if err != nil {
			return nil, true, err
		}
		text := sql[s.Query.Pos().Offset:s.Query.EndOffset()]
		return &CreatePersistentViewCommand{Parts: parts, Text: text, Query: q, OrReplace: s.OrReplace,
			IfNotExists: s.IfNotExists, Comment: deref(s.Comment)}, true, nil
	case *ast.Insert:
		if len(s.Partition) > 0 || len(s.Columns) > 0 || s.ByName || s.IfNotExists {
			return nil, true, sqlerr.Unsupported("INSERT with PARTITION, a column list, BY NAME or IF NOT EXISTS")
		}
		parts, err := b.objectName(s.Table)
		if err != nil {
			return nil, true, err
		}
		q, err := b.query(s.Query)
		if err != nil {
			return nil, true, err
		}
		return &InsertCommand{Parts: parts, Overwrite: s.Overwrite, Query: q}, true, nil
	case *ast.Describe:
		if s.Table == nil || s.Extended || s.Formatted || len(s.Column) > 0 || len(s.Partition) > 0 {
			return nil, false, nil
		}
		parts, err := b.objectName(s.Table)
		if err != nil {
			return nil, true, err
		}
		return &DescribeTableCommand{Parts: parts}, true, nil
	}
	return nil, false, nil
}
