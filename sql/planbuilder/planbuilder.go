package planbuilder

import (
	"errors"
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/parser"
	"github.com/fulgur/fulgur/sqlerr"
)

// Params are what a statement is built with besides its text: the values of named
// (:name) and positional (?) parameters, and the session time zone that TIMESTAMP
// literals are read in.
type Params struct {
	Named      map[string]plan.Expr
	Positional []plan.Expr
	TimeZone   string
}

// Command is a SQL statement that is executed for its effect, not a query.
type Command interface{ command() }

// SetCommand is SET (list), SET key (show one) or SET key=value.
type SetCommand struct {
	Key, Value string
	HasValue   bool
}

// ResetCommand is RESET [key].
type ResetCommand struct{ Key string }

// CreateViewCommand is CREATE [OR REPLACE] [GLOBAL] TEMP[ORARY] VIEW name AS query.
type CreateViewCommand struct {
	Name                         string
	Query                        plan.Rel
	Replace, Global, IfNotExists bool
}

// DropViewCommand is DROP VIEW [IF EXISTS] name.
type DropViewCommand struct {
	Parts    []string
	IfExists bool
}

func (*SetCommand) command()        {}
func (*ResetCommand) command()      {}
func (*CreateViewCommand) command() {}
func (*DropViewCommand) command()   {}

// Statement parses and builds one statement: a query (rel) or a command. Parse errors
// are *sqlerr.Error with Spark's class, parameters and position context.
func Statement(sql string, params Params) (plan.Rel, Command, error) {
	stmt, err := parser.Parse(sql)
	if err != nil {
		return nil, nil, parseError(err)
	}
	b := &builder{params: params}
	if q, ok := stmt.(*ast.Query); ok {
		rel, err := b.query(q)
		return rel, nil, err
	}
	if cmd, ok, err := b.catalogCommand(sql, stmt); ok || err != nil {
		return nil, cmd, err
	}
	cmd, err := b.command(stmt)
	return nil, cmd, err
}

// Query parses and builds sql, which must be a query.
func Query(sql string, params Params) (plan.Rel, error) {
	rel, cmd, err := Statement(sql, params)
	if err != nil {
		return nil, err
	}
	if cmd != nil {
		return nil, sqlerr.Unsupported("a command inside a query")
	}
	return rel, nil
}

// Expr parses a SQL expression (selectExpr, expr(...)) into an unresolved expression.
func Expr(sql string) (plan.Expr, error) {
	e, err := parser.ParseExpr(sql)
	if err != nil {
		return nil, parseError(err)
	}
	return (&builder{}).expr(e)
}

// parseError carries a parser error over to sqlerr with Spark's message context.
func parseError(err error) error {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return err
	}
	params := make([]string, 0, 2*len(pe.Params))
	for k, v := range pe.Params {
		params = append(params, k, v)
	}
	e := sqlerr.New(pe.Class, params...)
	e.Context = strings.TrimPrefix(pe.Error(), pe.Message())
	return e
}

func (b *builder) command(stmt ast.Stmt) (Command, error) {
	switch s := stmt.(type) {
	case *ast.SetConfig:
		switch s.Kind {
		case ast.SetListAll:
			return &SetCommand{}, nil
		case ast.SetGet:
			return &SetCommand{Key: s.Key}, nil
		case ast.SetAssign:
			return &SetCommand{Key: s.Key, Value: s.Value, HasValue: true}, nil
		}
		return nil, sqlerr.Unsupported("SET -v")
	case *ast.ResetConfig:
		return &ResetCommand{Key: s.Key}, nil
	case *ast.SetTimeZone:
		const key = "spark.sql.session.timeZone"
		if s.Local {
			return &ResetCommand{Key: key}, nil
		}
		if l, ok := s.Value.(*ast.Literal); ok && l.Kind == ast.StringLit {
			return &SetCommand{Key: key, Value: l.Value, HasValue: true}, nil
		}
		return nil, sqlerr.Unsupported("SET TIME ZONE with an interval")
	case *ast.CreateView:
		if !s.Temporary {
			return nil, sqlerr.Unsupported("persistent views")
		}
		if s.IfNotExists {
			return nil, sqlerr.New("_LEGACY_ERROR_TEMP_0053")
		}
		if len(s.Columns) > 0 || s.Comment != nil || len(s.Properties) > 0 {
			return nil, sqlerr.Unsupported("column lists, comments and properties on temporary views")
		}
		if len(s.Name.Parts) != 1 {
			return nil, sqlerr.Unsupported("qualified temporary view names")
		}
		q, err := b.query(s.Query)
		if err != nil {
			return nil, err
		}
		return &CreateViewCommand{Name: s.Name.Parts[0].Name, Query: q, Replace: s.OrReplace, Global: s.Global}, nil
	case *ast.DropTable:
		if !s.View {
			return nil, sqlerr.Unsupported("DROP TABLE")
		}
		return &DropViewCommand{Parts: identNames(s.Name.Parts), IfExists: s.IfExists}, nil
	}
	return nil, sqlerr.Unsupported("the SQL statement " + statementName(stmt))
}

// statementName is the leading words of a statement, for error messages.
func statementName(stmt ast.Stmt) string {
	words := strings.Fields(ast.Format(stmt))
	if len(words) > 3 {
		words = words[:3]
	}
	return strings.Join(words, " ")
}
