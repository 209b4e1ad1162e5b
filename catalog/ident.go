package catalog

import (
	"regexp"
	"strings"
)

// DefaultDB is the database that always exists and cannot be dropped.
const DefaultDB = "default"

// SessionCatalogName is the name Spark gives its built-in session catalog; it prefixes
// fully qualified names in error messages.
const SessionCatalogName = "spark_catalog"

// Ident names a table or view in a database. Both parts are compared case-insensitively;
// Normalize lower-cases them. An empty DB means DefaultDB: callers resolve the session's
// current database before calling the catalog.
type Ident struct {
	DB   string
	Name string
}

// Normalize returns the identifier with lower-case parts and the default database filled in.
func (id Ident) Normalize() Ident {
	db := strings.ToLower(id.DB)
	if db == "" {
		db = DefaultDB
	}
	return Ident{DB: db, Name: strings.ToLower(id.Name)}
}

// withDefaultDB fills in DefaultDB without changing the case of the parts: errors name
// objects as the user wrote them where Spark does.
func (id Ident) withDefaultDB() Ident {
	if id.DB == "" {
		id.DB = DefaultDB
	}
	return id
}

// String returns db.name unquoted.
func (id Ident) String() string { return id.DB + "." + id.Name }

// Quoted returns `db`.`name`, as Spark quotes a two-part name.
func (id Ident) Quoted() string { return quoteParts(id.DB, id.Name) }

// QuotedFull returns `spark_catalog`.`db`.`name`.
func (id Ident) QuotedFull() string { return quoteParts(SessionCatalogName, id.DB, id.Name) }

// QuoteIdent quotes one name part with backticks, doubling backticks inside it.
func QuoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func quoteParts(parts ...string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = QuoteIdent(p)
	}
	return strings.Join(q, ".")
}

// validName is Spark's SessionCatalog name rule: Java's \w, i.e. ASCII letters, digits and _.
var validName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// validateName returns INVALID_SCHEMA_OR_RELATION_NAME for names Spark's session catalog
// rejects. Spark renders the name as a multi-part identifier when it contains dots.
func validateName(name string) error {
	if validName.MatchString(name) {
		return nil
	}
	return errInvalidName(name)
}

// dbQuoted returns `db`.
func dbQuoted(db string) string { return QuoteIdent(db) }

// dbQuotedFull returns `spark_catalog`.`db`.
func dbQuotedFull(db string) string { return quoteParts(SessionCatalogName, db) }
