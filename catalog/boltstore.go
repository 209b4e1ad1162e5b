package catalog

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	errStoreClosed = errors.New("catalog: store is closed")
	errReadOnly    = errors.New("catalog: write in a read-only transaction")
)

var boltBucket = []byte("catalog")

// BoltStore is a Store in one bbolt file: an embedded, transactional, crash-safe B+tree.
// bbolt serialises writers, so Update is trivially serializable; readers run in
// parallel with the writer on snapshots. The file is locked while open, so one process
// at a time owns it; for a catalog shared between processes use a networked Store.
type BoltStore struct {
	db *bolt.DB
}

var _ Store = (*BoltStore)(nil)

// DefaultStorePath is where Open's callers keep the catalog file by default: next to
// the warehouse directory, named after it (".../spark-warehouse" →
// ".../spark-warehouse_catalog.db").
func DefaultStorePath(warehouseDir string) string {
	p := localPath(warehouseDir)
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	p = filepath.Clean(p)
	return filepath.Join(filepath.Dir(p), filepath.Base(p)+"_catalog.db")
}

// OpenBolt opens (creating if needed) the bbolt file at path. It waits at most timeout
// for another process's lock on the file (0 means 5 seconds).
func OpenBolt(path string, timeout time.Duration) (*BoltStore, error) {
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		return nil, fmt.Errorf("catalog: open %s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(boltBucket)
		return err
	}); err != nil {
		db.Close()
		return nil, fmt.Errorf("catalog: init %s: %w", path, err)
	}
	return &BoltStore{db: db}, nil
}

// View implements Store.
func (s *BoltStore) View(ctx context.Context, fn func(Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error { return fn(boltTxn{tx.Bucket(boltBucket)}) })
}

// Update implements Store.
func (s *BoltStore) Update(ctx context.Context, fn func(Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		// The writer lock may have been waited for: honour a cancellation that came meanwhile.
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(boltTxn{tx.Bucket(boltBucket)})
	})
}

// Close implements Store.
func (s *BoltStore) Close() error { return s.db.Close() }

type boltTxn struct{ b *bolt.Bucket }

func (t boltTxn) Get(key string) ([]byte, bool, error) {
	v := t.b.Get([]byte(key))
	if v == nil {
		return nil, false, nil
	}
	return clone(v), true, nil
}

func (t boltTxn) Put(key string, val []byte) error {
	if !t.b.Writable() {
		return errReadOnly
	}
	if val == nil {
		val = []byte{}
	}
	return t.b.Put([]byte(key), val)
}

func (t boltTxn) Delete(key string) error {
	if !t.b.Writable() {
		return errReadOnly
	}
	return t.b.Delete([]byte(key))
}

func (t boltTxn) List(prefix string) ([]KV, error) {
	var out []KV
	p := []byte(prefix)
	c := t.b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		out = append(out, KV{string(k), clone(v)})
	}
	return out, nil
}
