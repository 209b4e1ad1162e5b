package planbuilder

import (
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

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

// Statement parses one statement: a query (rel) or a command.
func Statement(sql string, params Params) (plan.Rel, Command, error) {
	p, err := newParser(sql, params)
	if err != nil {
		return nil, nil, err
	}
	t := p.peek()
	switch {
	case t.is("SET"):
		c, err := p.set()
		return nil, c, err
	case t.is("RESET"):
		p.next()
		key := strings.TrimSpace(p.rest())
		return nil, &ResetCommand{Key: key}, nil
	case t.is("CREATE"):
		c, err := p.createView()
		return nil, c, err
	case t.is("DROP"):
		c, err := p.dropView()
		return nil, c, err
	}
	rel, err := Query(sql, params)
	return rel, nil, err
}

// rest returns the statement text after the current token, without a trailing ';'.
func (p *parser) rest() string {
	t := p.peek()
	if t.kind == tEOF {
		return ""
	}
	return strings.TrimSuffix(strings.TrimSpace(p.src[t.pos:]), ";")
}

func (p *parser) set() (Command, error) {
	p.next()
	text := p.rest()
	if text == "" {
		return &SetCommand{}, nil
	}
	if strings.HasPrefix(strings.ToUpper(text), "TIME ZONE") {
		v := strings.TrimSpace(text[len("TIME ZONE"):])
		if strings.EqualFold(v, "LOCAL") {
			return &ResetCommand{Key: "spark.sql.session.timeZone"}, nil
		}
		return &SetCommand{Key: "spark.sql.session.timeZone", Value: strings.Trim(v, "'\""), HasValue: true}, nil
	}
	k, v, ok := strings.Cut(text, "=")
	if !ok {
		return &SetCommand{Key: strings.TrimSpace(text)}, nil
	}
	return &SetCommand{Key: strings.Trim(strings.TrimSpace(k), "`"), Value: strings.TrimSpace(v), HasValue: true}, nil
}

func (p *parser) createView() (Command, error) {
	p.next()
	c := &CreateViewCommand{}
	if p.accept("OR") {
		if err := p.expect("REPLACE"); err != nil {
			return nil, err
		}
		c.Replace = true
	}
	if p.accept("GLOBAL") {
		c.Global = true
	}
	if !p.accept("TEMP") && !p.accept("TEMPORARY") {
		return nil, sqlerr.Unsupported("CREATE statements other than temporary views")
	}
	if err := p.expect("VIEW"); err != nil {
		return nil, err
	}
	if p.accept("IF") {
		if err := p.expect("NOT"); err != nil {
			return nil, err
		}
		if err := p.expect("EXISTS"); err != nil {
			return nil, err
		}
		c.IfNotExists = true
		return nil, sqlerr.New("_LEGACY_ERROR_TEMP_0053")
	}
	name, ok := p.ident()
	if !ok {
		return nil, p.errorAt(p.peek(), "")
	}
	c.Name = name
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	p.accept(";")
	if p.peek().kind != tEOF {
		return nil, p.errorAt(p.peek(), "")
	}
	c.Query = q
	return c, nil
}

func (p *parser) dropView() (Command, error) {
	p.next()
	if !p.accept("VIEW") {
		return nil, sqlerr.Unsupported("DROP statements other than DROP VIEW")
	}
	c := &DropViewCommand{}
	if p.accept("IF") {
		if err := p.expect("EXISTS"); err != nil {
			return nil, err
		}
		c.IfExists = true
	}
	for {
		n, ok := p.ident()
		if !ok {
			return nil, p.errorAt(p.peek(), "")
		}
		c.Parts = append(c.Parts, n)
		if !p.accept(".") {
			break
		}
	}
	return c, nil
}
