package catalog

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// defaultTableLocation is where a managed table of db lives: <db location>/<name>, so
// <warehouse>/<db>.db/<name>, and <warehouse>/<name> in the default database.
func defaultTableLocation(db Database, name string) string {
	return strings.TrimSuffix(db.LocationURI, "/") + "/" + name
}

// lockTables takes the locks a table-level change needs; the result releases them.
func (c *Catalog) lockTables(ids ...Ident) func() {
	c.ddl.RLock()
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = tableKey(id)
	}
	unlock := c.locks.lock(keys...)
	return func() {
		unlock()
		c.ddl.RUnlock()
	}
}

// CreateTable creates a table and returns it as stored. The identifier is validated and
// lower-cased; Type defaults to MANAGED, or EXTERNAL when a Location is given; partition
// and bucket columns are matched case-insensitively to the schema. A managed table is
// placed at <database location>/<name> and its directory created; if that directory
// exists and is not empty the create fails with LOCATION_ALREADY_EXISTS, as in Spark.
// Errors: SCHEMA_NOT_FOUND, TABLE_OR_VIEW_ALREADY_EXISTS (unless ifNotExists, which
// returns the existing table), INVALID_SCHEMA_OR_RELATION_NAME.
func (c *Catalog) CreateTable(ctx context.Context, t Table, ifNotExists bool) (Table, error) {
	written := t.Ident.withDefaultDB()
	t.Ident = t.Ident.Normalize()
	if err := validateName(t.Ident.Name); err != nil {
		return Table{}, err
	}
	switch t.Type {
	case "":
		t.Type = Managed
		if t.Location != "" {
			t.Type = External
		}
	case Managed, External:
	default:
		return Table{}, sqlerr.Internal(fmt.Errorf("catalog: CreateTable of type %q (use CreateView for views)", t.Type))
	}
	if err := normalizeColumns(&t); err != nil {
		return Table{}, err
	}
	t.Location = normalizeLocation(t.Location)
	t.Options, t.Properties = cloneMap(t.Options), cloneMap(t.Properties)
	if t.Owner == "" {
		t.Owner = c.owner
	}
	t.Created = c.now().Truncate(1e6)
	defer c.lockTables(t.Ident)()

	var existing *Table
	check := func(tx Txn) (Database, error) {
		existing = nil
		db, err := getDB(tx, t.Ident.DB)
		if err != nil {
			return db, err
		}
		b, ok, err := tx.Get(tableKey(t.Ident))
		if err != nil || !ok {
			return db, err
		}
		if !ifNotExists {
			return db, errTableExists(written.QuotedFull())
		}
		old, err := decodeTable(tableKey(t.Ident), b)
		existing = &old
		return db, err
	}
	// Resolve the managed location first (read-only), check it, then commit.
	if t.Type == Managed && t.Location == "" {
		var db Database
		err := c.store.View(ctx, func(tx Txn) error {
			var err error
			db, err = check(tx)
			return err
		})
		if err != nil || existing != nil {
			return derefOr(existing), err
		}
		t.Location = defaultTableLocation(db, t.Ident.Name)
	}
	if t.Type == Managed && isLocal(t.Location) {
		if nonEmptyDir(localPath(t.Location)) {
			return Table{}, errLocationExists(t.Ident, t.Location)
		}
	}
	err := c.store.Update(ctx, func(tx Txn) error {
		if _, err := check(tx); err != nil || existing != nil {
			return err
		}
		return putTable(tx, t)
	})
	if err != nil || existing != nil {
		return derefOr(existing), err
	}
	if t.Type == Managed && isLocal(t.Location) {
		if err := os.MkdirAll(localPath(t.Location), 0o755); err != nil {
			return Table{}, sqlerr.Internal(fmt.Errorf("catalog: create table directory: %w", err))
		}
	}
	return t, nil
}

func derefOr(t *Table) Table {
	if t == nil {
		return Table{}
	}
	return *t
}

func putTable(tx Txn, t Table) error {
	b, err := encodeTable(t)
	if err != nil {
		return err
	}
	return tx.Put(tableKey(t.Ident), b)
}

// normalizeColumns spells partition and bucket columns as the schema does.
func normalizeColumns(t *Table) error {
	find := func(name string) (string, error) {
		for _, f := range t.Schema.Fields {
			if strings.EqualFold(f.Name, name) {
				return f.Name, nil
			}
		}
		return "", sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", QuoteIdent(name),
			"proposal", quoteList(t.Schema.FieldNames()))
	}
	var err error
	fix := func(cols []string) []string {
		out := make([]string, len(cols))
		for i, c := range cols {
			if err == nil {
				out[i], err = find(c)
			}
		}
		return out
	}
	if len(t.PartitionColumns) > 0 {
		t.PartitionColumns = fix(t.PartitionColumns)
	}
	if t.Bucket != nil {
		b := *t.Bucket
		b.BucketColumns, b.SortColumns = fix(b.BucketColumns), fix(b.SortColumns)
		t.Bucket = &b
	}
	return err
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = QuoteIdent(n)
	}
	return strings.Join(q, ", ")
}

func nonEmptyDir(dir string) bool {
	f, err := os.Open(dir)
	if err != nil {
		return false
	}
	defer f.Close()
	names, _ := f.Readdirnames(1)
	return len(names) > 0
}

// DropTable drops a table or a view (Spark's DROP TABLE drops views too) and its
// partitions; a managed table's directory is deleted. purge is accepted for Spark's
// DROP TABLE ... PURGE; data of managed tables is always deleted at once (there is no
// trash). A missing table is TABLE_OR_VIEW_NOT_FOUND unless ifExists.
func (c *Catalog) DropTable(ctx context.Context, id Ident, ifExists, purge bool) error {
	_ = purge
	return c.drop(ctx, id, ifExists, false)
}

// DropView drops a persistent view. A table is WRONG_COMMAND_FOR_OBJECT_TYPE (use DROP
// TABLE); a missing view is TABLE_OR_VIEW_NOT_FOUND unless ifExists.
func (c *Catalog) DropView(ctx context.Context, id Ident, ifExists bool) error {
	return c.drop(ctx, id, ifExists, true)
}

func (c *Catalog) drop(ctx context.Context, id Ident, ifExists, viewOnly bool) error {
	written := id.withDefaultDB()
	id = id.Normalize()
	defer c.lockTables(id)()
	var dir string
	err := c.store.Update(ctx, func(tx Txn) error {
		dir = ""
		t, ok, err := getTable(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			if ifExists {
				return nil
			}
			return errTableNotFound(written)
		}
		if viewOnly && !t.IsView() {
			return errWrongObject(id, "DROP VIEW", string(t.Type), "VIEW or METRIC_VIEW", "DROP TABLE")
		}
		if t.Type == Managed && isLocal(t.Location) {
			dir = localPath(t.Location)
		}
		if err := deletePrefix(tx, partPrefix(id)); err != nil {
			return err
		}
		return tx.Delete(tableKey(id))
	})
	if err != nil || dir == "" {
		return err
	}
	return removeDirs([]string{dir})
}

func deletePrefix(tx Txn, prefix string) error {
	kvs, err := tx.List(prefix)
	if err != nil {
		return err
	}
	for _, kv := range kvs {
		if err := tx.Delete(kv.Key); err != nil {
			return err
		}
	}
	return nil
}

// getTable reads a table; ok is false when it does not exist.
func getTable(tx Txn, id Ident) (Table, bool, error) {
	b, ok, err := tx.Get(tableKey(id))
	if err != nil || !ok {
		return Table{}, false, err
	}
	t, err := decodeTable(tableKey(id), b)
	return t, err == nil, err
}

// GetTable returns a table or view. A missing one is TABLE_OR_VIEW_NOT_FOUND naming
// `spark_catalog`.`db`.`name` (the analyzer, which knows the name as written and the
// search path, may report its own with TableNotFound).
func (c *Catalog) GetTable(ctx context.Context, id Ident) (Table, error) {
	written := id.withDefaultDB()
	id = id.Normalize()
	var t Table
	err := c.store.View(ctx, func(tx Txn) error {
		var ok bool
		var err error
		t, ok, err = getTable(tx, id)
		if err == nil && !ok {
			err = errTableNotFound(written)
		}
		return err
	})
	return t, err
}

// TableExists reports whether a table or view exists.
func (c *Catalog) TableExists(ctx context.Context, id Ident) (bool, error) {
	id = id.Normalize()
	var ok bool
	err := c.store.View(ctx, func(tx Txn) error {
		var err error
		_, ok, err = tx.Get(tableKey(id))
		return err
	})
	return ok, err
}

// ListTables returns the tables and views of a database sorted by name; with a pattern
// (see MatchPattern) only those whose name matches. A missing database is
// SCHEMA_NOT_FOUND.
func (c *Catalog) ListTables(ctx context.Context, db string, pattern ...string) ([]Table, error) {
	db = Ident{DB: db}.Normalize().DB
	var out []Table
	err := c.store.View(ctx, func(tx Txn) error {
		if _, err := getDB(tx, db); err != nil {
			return err
		}
		kvs, err := tx.List(tablePrefix(db))
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			t, err := decodeTable(kv.Key, kv.Val)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return filterNames(out, func(t Table) string { return t.Ident.Name }, pattern), nil
}

// CreateView creates a persistent view from v (Schema and ViewText; Type, Location and
// Provider are ignored). An existing view is replaced when replace, kept when
// ifNotExists, and otherwise TABLE_OR_VIEW_ALREADY_EXISTS; an existing table cannot be
// replaced by a view (EXPECT_VIEW_NOT_TABLE).
func (c *Catalog) CreateView(ctx context.Context, v Table, replace, ifNotExists bool) error {
	written := v.Ident.withDefaultDB()
	v.Ident = v.Ident.Normalize()
	if err := validateName(v.Ident.Name); err != nil {
		return err
	}
	v.Type, v.Location, v.Provider = View, "", ""
	v.PartitionColumns, v.Bucket = nil, nil
	v.Options, v.Properties = cloneMap(v.Options), cloneMap(v.Properties)
	if v.Owner == "" {
		v.Owner = c.owner
	}
	v.Created = c.now().Truncate(1e6)
	defer c.lockTables(v.Ident)()
	return c.store.Update(ctx, func(tx Txn) error {
		if _, err := getDB(tx, v.Ident.DB); err != nil {
			return err
		}
		old, ok, err := getTable(tx, v.Ident)
		if err != nil {
			return err
		}
		if ok {
			switch {
			case replace && !old.IsView():
				return errExpectView(written, "CREATE OR REPLACE VIEW")
			case ifNotExists:
				return nil
			case !replace:
				return errTableExists(written.QuotedFull())
			}
		}
		return putTable(tx, v)
	})
}

// AlterTable applies fn to a table or view in one transaction, for changes without a
// dedicated method (SET LOCATION, comments, schema changes, ...). fn must not change
// the identifier (use RenameTable) and must have no other effects: it may run more
// than once.
func (c *Catalog) AlterTable(ctx context.Context, id Ident, fn func(*Table) error) error {
	written := id.withDefaultDB()
	id = id.Normalize()
	defer c.lockTables(id)()
	return c.store.Update(ctx, func(tx Txn) error {
		t, ok, err := getTable(tx, id)
		if err != nil {
			return err
		}
		if !ok {
			return errTableNotFound(written)
		}
		t.Options, t.Properties = cloneMap(t.Options), cloneMap(t.Properties)
		t.Schema.Fields = append([]types.StructField(nil), t.Schema.Fields...)
		if err := fn(&t); err != nil {
			return err
		}
		t.Ident = id
		t.Location = normalizeLocation(t.Location)
		if err := normalizeColumns(&t); err != nil {
			return err
		}
		return putTable(tx, t)
	})
}

// SetTableProperties adds or replaces table (or view) properties; keys keep their case.
func (c *Catalog) SetTableProperties(ctx context.Context, id Ident, props map[string]string) error {
	return c.AlterTable(ctx, id, func(t *Table) error {
		if t.Properties == nil {
			t.Properties = map[string]string{}
		}
		for k, v := range props {
			t.Properties[k] = v
		}
		return nil
	})
}

// UnsetTableProperties removes table properties. Like Spark 4.2, keys that are not set
// are ignored, with or without IF EXISTS.
func (c *Catalog) UnsetTableProperties(ctx context.Context, id Ident, keys []string) error {
	return c.AlterTable(ctx, id, func(t *Table) error {
		for _, k := range keys {
			delete(t.Properties, k)
		}
		return nil
	})
}

// AddColumns appends columns to a table's schema (before the partition columns, as
// Spark keeps them last). A name already in the schema, compared case-insensitively,
// is COLUMN_ALREADY_EXISTS.
func (c *Catalog) AddColumns(ctx context.Context, id Ident, cols []types.StructField) error {
	return c.AlterTable(ctx, id, func(t *Table) error {
		seen := map[string]bool{}
		for _, f := range t.Schema.Fields {
			seen[strings.ToLower(f.Name)] = true
		}
		for _, f := range cols {
			if seen[strings.ToLower(f.Name)] {
				return errColumnExists(f.Name)
			}
			seen[strings.ToLower(f.Name)] = true
		}
		part := map[string]bool{}
		for _, p := range t.PartitionColumns {
			part[p] = true
		}
		var data, parts []types.StructField
		for _, f := range t.Schema.Fields {
			if part[f.Name] {
				parts = append(parts, f)
			} else {
				data = append(data, f)
			}
		}
		t.Schema.Fields = append(append(data, cols...), parts...)
		return nil
	})
}

// RenameColumn is not supported by Spark's session catalog for its (v1) tables; like
// Spark it fails with UNSUPPORTED_FEATURE.TABLE_OPERATION once the table is found.
func (c *Catalog) RenameColumn(ctx context.Context, id Ident, from, to string) error {
	t, err := c.GetTable(ctx, id)
	if err != nil {
		return err
	}
	return errTableOperation(t.Ident, "RENAME COLUMN")
}

// RenameTable renames a table or view within its database (to.DB empty means the same
// database; another database is an error, as in Spark's session catalog). A managed
// table's directory moves to the new default location, and partition locations under it
// follow. Errors: TABLE_OR_VIEW_NOT_FOUND, TABLE_OR_VIEW_ALREADY_EXISTS.
func (c *Catalog) RenameTable(ctx context.Context, from, to Ident) error {
	from = from.Normalize()
	if to.DB == "" {
		to.DB = from.DB
	}
	to = to.Normalize()
	if to.DB != from.DB {
		return errRenameAcrossDB(from.DB, to.DB)
	}
	if err := validateName(to.Name); err != nil {
		return err
	}
	if from == to {
		_, err := c.GetTable(ctx, from)
		return err
	}
	defer c.lockTables(from, to)()

	// plan reads both names and computes the renamed records; it runs in a read-only
	// transaction before the directory moves and again in the committing one.
	var oldDir, newDir string
	plan := func(tx Txn) (Table, []KV, error) {
		t, ok, err := getTable(tx, from)
		if err != nil {
			return t, nil, err
		}
		if !ok {
			return t, nil, errTableNotFound(from)
		}
		if _, exists, err := tx.Get(tableKey(to)); err != nil {
			return t, nil, err
		} else if exists {
			return t, nil, errTableExists(to.Quoted())
		}
		parts, err := tx.List(partPrefix(from))
		if err != nil {
			return t, nil, err
		}
		oldDir, newDir = "", ""
		if t.Type == Managed {
			db, err := getDB(tx, from.DB)
			if err != nil {
				return t, nil, err
			}
			newLoc := defaultTableLocation(db, to.Name)
			if isLocal(t.Location) {
				oldDir, newDir = localPath(t.Location), localPath(newLoc)
			}
			for i, kv := range parts {
				var r partRecord
				if err := unmarshalPart(kv, &r); err != nil {
					return t, nil, err
				}
				if rest, ok := strings.CutPrefix(r.Location, t.Location+"/"); ok {
					r.Location = newLoc + "/" + rest
				}
				parts[i].Val, err = marshalPart(r)
				if err != nil {
					return t, nil, err
				}
			}
			t.Location = newLoc
		}
		t.Ident = to
		return t, parts, nil
	}
	if err := c.store.View(ctx, func(tx Txn) error { _, _, err := plan(tx); return err }); err != nil {
		return err
	}
	moved := false
	if oldDir != "" {
		if _, err := os.Stat(oldDir); err == nil {
			if err := os.MkdirAll(filepath.Dir(newDir), 0o755); err != nil {
				return sqlerr.Internal(err)
			}
			if err := os.Rename(oldDir, newDir); err != nil {
				return sqlerr.Internal(fmt.Errorf("catalog: move table data: %w", err))
			}
			moved = true
		}
	}
	err := c.store.Update(ctx, func(tx Txn) error {
		t, parts, err := plan(tx)
		if err != nil {
			return err
		}
		if err := deletePrefix(tx, partPrefix(from)); err != nil {
			return err
		}
		for _, kv := range parts {
			if err := tx.Put(partPrefix(to)+strings.TrimPrefix(kv.Key, partPrefix(from)), kv.Val); err != nil {
				return err
			}
		}
		if err := tx.Delete(tableKey(from)); err != nil {
			return err
		}
		return putTable(tx, t)
	})
	if err != nil && moved {
		_ = os.Rename(newDir, oldDir) // best effort: put the data back where the metadata says
	}
	return err
}
