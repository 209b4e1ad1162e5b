package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fulgur/fulgur/sqlerr"
)

var errNotStruct = errors.New("schema is not a struct")

// Catalog is Spark's session catalog of databases, tables, persistent views and
// partitions, kept in a Store, with managed table data under a warehouse directory.
//
// Every method is safe for concurrent use by many sessions. Metadata changes are
// atomic transactions of the Store, so two catalogs sharing one store (two drivers on
// one etcd) cannot both create the same name. Directory changes (creating, moving and
// deleting managed data) happen after the metadata commits and are serialised per
// table inside one process.
type Catalog struct {
	warehouse string // absolute local path
	store     Store
	owner     string
	now       func() time.Time

	// ddl is held shared by table-level changes and exclusively by database-level ones,
	// so that DROP DATABASE ... CASCADE does not race a table's directory changes.
	ddl   sync.RWMutex
	locks keyLocks
}

// Option configures Open.
type Option func(*Catalog)

// WithOwner sets the owner recorded on new databases and tables that have none (the
// current OS user by default, as Spark records user.name).
func WithOwner(owner string) Option { return func(c *Catalog) { c.owner = owner } }

// WithClock sets the clock that stamps created times (for tests).
func WithClock(now func() time.Time) Option { return func(c *Catalog) { c.now = now } }

// Open returns the catalog kept in store with its warehouse at warehouseDir (a local
// path or file: URI, as spark.sql.warehouse.dir). It creates the warehouse directory
// and the default database when they do not exist. The catalog owns store: Close
// closes it.
func Open(ctx context.Context, warehouseDir string, store Store, opts ...Option) (*Catalog, error) {
	wh, err := filepath.Abs(localPath(warehouseDir))
	if err != nil {
		return nil, fmt.Errorf("catalog: warehouse %q: %w", warehouseDir, err)
	}
	c := &Catalog{warehouse: wh, store: store, now: time.Now}
	if u, err := user.Current(); err == nil {
		c.owner = u.Username
	}
	for _, o := range opts {
		o(c)
	}
	if err := os.MkdirAll(wh, 0o755); err != nil {
		return nil, fmt.Errorf("catalog: create warehouse: %w", err)
	}
	def := Database{Name: DefaultDB, Comment: "default database", LocationURI: toURI(wh), Owner: c.owner}
	err = store.Update(ctx, func(tx Txn) error {
		if _, ok, err := tx.Get(dbKey(DefaultDB)); err != nil || ok {
			return err
		}
		b, err := encodeDB(def)
		if err != nil {
			return err
		}
		return tx.Put(dbKey(DefaultDB), b)
	})
	if err != nil {
		return nil, fmt.Errorf("catalog: init: %w", err)
	}
	return c, nil
}

// OpenDir opens the catalog of a warehouse with the default embedded store, a bbolt
// file at DefaultStorePath(warehouseDir).
func OpenDir(ctx context.Context, warehouseDir string, opts ...Option) (*Catalog, error) {
	p := DefaultStorePath(warehouseDir)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, err
	}
	s, err := OpenBolt(p, 0)
	if err != nil {
		return nil, err
	}
	c, err := Open(ctx, warehouseDir, s, opts...)
	if err != nil {
		s.Close()
		return nil, err
	}
	return c, nil
}

// Close closes the store.
func (c *Catalog) Close() error { return c.store.Close() }

// Warehouse returns the warehouse directory as an absolute local path.
func (c *Catalog) Warehouse() string { return c.warehouse }

// DefaultDatabaseLocation returns where CreateDatabase puts a database without a
// location: <warehouse>/<name>.db (the default database is the warehouse itself).
func (c *Catalog) DefaultDatabaseLocation(name string) string {
	name = strings.ToLower(name)
	if name == DefaultDB {
		return toURI(c.warehouse)
	}
	return toURI(filepath.Join(c.warehouse, name+".db"))
}

// CreateDatabase creates a database. Its name is validated and stored lower-case; an
// empty LocationURI means DefaultDatabaseLocation, and the directory is created. An
// existing database is SCHEMA_ALREADY_EXISTS unless ifNotExists.
func (c *Catalog) CreateDatabase(ctx context.Context, db Database, ifNotExists bool) error {
	db.Name = strings.ToLower(db.Name)
	if err := validateName(db.Name); err != nil {
		return err
	}
	if db.LocationURI == "" {
		db.LocationURI = c.DefaultDatabaseLocation(db.Name)
	} else {
		db.LocationURI = normalizeLocation(db.LocationURI)
	}
	if db.Owner == "" {
		db.Owner = c.owner
	}
	db.Properties = cloneMap(db.Properties)
	c.ddl.Lock()
	defer c.ddl.Unlock()
	created := false
	err := c.store.Update(ctx, func(tx Txn) error {
		created = false
		if _, ok, err := tx.Get(dbKey(db.Name)); err != nil {
			return err
		} else if ok {
			if ifNotExists {
				return nil
			}
			return errSchemaExists(db.Name)
		}
		b, err := encodeDB(db)
		if err != nil {
			return err
		}
		created = true
		return tx.Put(dbKey(db.Name), b)
	})
	if err != nil || !created {
		return err
	}
	if isLocal(db.LocationURI) {
		if err := os.MkdirAll(localPath(db.LocationURI), 0o755); err != nil {
			return sqlerr.Internal(fmt.Errorf("catalog: create database directory: %w", err))
		}
	}
	return nil
}

// DropDatabase drops a database. The default database cannot be dropped
// (UNSUPPORTED_FEATURE.DROP_DATABASE); a missing one is SCHEMA_NOT_FOUND unless
// ifExists; one that holds tables or views is SCHEMA_NOT_EMPTY unless cascade, which
// drops them too, deleting managed tables' data. The database directory is deleted.
func (c *Catalog) DropDatabase(ctx context.Context, name string, ifExists, cascade bool) error {
	written := name
	name = strings.ToLower(name)
	if name == DefaultDB {
		return errDropDefault()
	}
	c.ddl.Lock()
	defer c.ddl.Unlock()
	var dirs []string
	err := c.store.Update(ctx, func(tx Txn) error {
		dirs = dirs[:0]
		b, ok, err := tx.Get(dbKey(name))
		if err != nil {
			return err
		}
		if !ok {
			if ifExists {
				return nil
			}
			return errSchemaNotFound(written)
		}
		db, err := decodeDB(dbKey(name), b)
		if err != nil {
			return err
		}
		tables, err := tx.List(tablePrefix(name))
		if err != nil {
			return err
		}
		if len(tables) > 0 && !cascade {
			return errSchemaNotEmpty(name)
		}
		for _, kv := range tables {
			t, err := decodeTable(kv.Key, kv.Val)
			if err != nil {
				return err
			}
			if t.Type == Managed && isLocal(t.Location) {
				dirs = append(dirs, localPath(t.Location))
			}
			if err := tx.Delete(kv.Key); err != nil {
				return err
			}
		}
		parts, err := tx.List(partDBPrefix(name))
		if err != nil {
			return err
		}
		for _, kv := range parts {
			if err := tx.Delete(kv.Key); err != nil {
				return err
			}
		}
		if isLocal(db.LocationURI) {
			dirs = append(dirs, localPath(db.LocationURI))
		}
		return tx.Delete(dbKey(name))
	})
	if err != nil {
		return err
	}
	return removeDirs(dirs)
}

// GetDatabase returns a database, or SCHEMA_NOT_FOUND.
func (c *Catalog) GetDatabase(ctx context.Context, name string) (Database, error) {
	var db Database
	err := c.store.View(ctx, func(tx Txn) error {
		var err error
		db, err = getDB(tx, strings.ToLower(name))
		if sqlerr.HasClass(err, "SCHEMA_NOT_FOUND") {
			err = errSchemaNotFound(name) // named as written, like Spark's DESCRIBE DATABASE
		}
		return err
	})
	return db, err
}

// DatabaseExists reports whether a database exists.
func (c *Catalog) DatabaseExists(ctx context.Context, name string) (bool, error) {
	_, err := c.GetDatabase(ctx, name)
	if sqlerr.HasClass(err, "SCHEMA_NOT_FOUND") {
		return false, nil
	}
	return err == nil, err
}

// ListDatabases returns the databases sorted by name; with a pattern (see MatchPattern)
// only those whose name matches.
func (c *Catalog) ListDatabases(ctx context.Context, pattern ...string) ([]Database, error) {
	var out []Database
	err := c.store.View(ctx, func(tx Txn) error {
		kvs, err := tx.List("db/")
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			db, err := decodeDB(kv.Key, kv.Val)
			if err != nil {
				return err
			}
			out = append(out, db)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return filterNames(out, func(d Database) string { return d.Name }, pattern), nil
}

// AlterDatabase applies fn to a database in one transaction (ALTER DATABASE SET
// DBPROPERTIES / SET LOCATION). fn must not change the name and must have no other
// effects: it may run more than once.
func (c *Catalog) AlterDatabase(ctx context.Context, name string, fn func(*Database) error) error {
	name = strings.ToLower(name)
	return c.store.Update(ctx, func(tx Txn) error {
		db, err := getDB(tx, name)
		if err != nil {
			return err
		}
		db.Properties = cloneMap(db.Properties)
		if err := fn(&db); err != nil {
			return err
		}
		db.Name = name
		db.LocationURI = normalizeLocation(db.LocationURI)
		b, err := encodeDB(db)
		if err != nil {
			return err
		}
		return tx.Put(dbKey(name), b)
	})
}

// SetDatabaseProperties adds or replaces database properties.
func (c *Catalog) SetDatabaseProperties(ctx context.Context, name string, props map[string]string) error {
	return c.AlterDatabase(ctx, name, func(db *Database) error {
		if db.Properties == nil {
			db.Properties = map[string]string{}
		}
		for k, v := range props {
			db.Properties[k] = v
		}
		return nil
	})
}

func getDB(tx Txn, name string) (Database, error) {
	b, ok, err := tx.Get(dbKey(name))
	if err != nil {
		return Database{}, err
	}
	if !ok {
		return Database{}, errSchemaNotFound(name)
	}
	return decodeDB(dbKey(name), b)
}

func removeDirs(dirs []string) error {
	var errs []error
	for _, d := range dirs {
		if err := os.RemoveAll(d); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return sqlerr.Internal(fmt.Errorf("catalog: delete data: %w", err))
	}
	return nil
}

// keyLocks is a set of mutexes by key, created on demand and freed when unused.
type keyLocks struct {
	mu sync.Mutex
	m  map[string]*keyLock
}

type keyLock struct {
	mu   sync.Mutex
	refs int
}

// lock locks the given keys (in sorted order, so two callers cannot deadlock) and
// returns the function that unlocks them.
func (l *keyLocks) lock(keys ...string) func() {
	keys = append([]string(nil), keys...)
	sort.Strings(keys)
	keys = dedupSorted(keys)
	held := make([]*keyLock, len(keys))
	for i, k := range keys {
		l.mu.Lock()
		if l.m == nil {
			l.m = map[string]*keyLock{}
		}
		e := l.m[k]
		if e == nil {
			e = &keyLock{}
			l.m[k] = e
		}
		e.refs++
		l.mu.Unlock()
		e.mu.Lock()
		held[i] = e
	}
	return func() {
		for i := len(keys) - 1; i >= 0; i-- {
			held[i].mu.Unlock()
			l.mu.Lock()
			held[i].refs--
			if held[i].refs == 0 {
				delete(l.m, keys[i])
			}
			l.mu.Unlock()
		}
	}
}

func dedupSorted(s []string) []string {
	out := s[:0]
	for i, k := range s {
		if i == 0 || k != s[i-1] {
			out = append(out, k)
		}
	}
	return out
}
