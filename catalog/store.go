package catalog

import (
	"context"
	"sort"
	"strings"
	"sync"
)

// Store keeps the catalog's metadata as keys and values. It is the one seam between the
// catalog and its persistence: an embedded file (BoltStore), memory (MemStore), or a
// distributed store (etcd, later).
//
// Contract:
//   - Update runs fn in a serializable read-write transaction: either all of fn's writes
//     commit or none do, and no other transaction's writes interleave with fn's reads
//     and writes. When fn returns an error the transaction is rolled back and Update
//     returns that error unchanged. This is what makes "create if absent" atomic: two
//     concurrent Updates that both read a key as absent and put it cannot both commit.
//   - fn may be called more than once (an optimistic implementation, such as one built
//     on etcd's software transactional memory, retries on conflict), so it must have no
//     effects outside the Txn.
//   - View runs fn in a read-only transaction that sees a consistent snapshot.
//   - A Txn is valid only inside fn and is not safe for concurrent use.
//   - Implementations are safe for concurrent use by many goroutines.
//   - ctx bounds the whole call; a cancelled context aborts it with ctx.Err().
type Store interface {
	View(ctx context.Context, fn func(Txn) error) error
	Update(ctx context.Context, fn func(Txn) error) error
	// Close releases the store. Calls after Close fail.
	Close() error
}

// Txn is one transaction's view of the store. Returned byte slices belong to the caller.
type Txn interface {
	// Get returns the value of key; ok is false if the key is absent.
	Get(key string) (val []byte, ok bool, err error)
	// Put sets key to val. It fails in a read-only transaction.
	Put(key string, val []byte) error
	// Delete removes key; deleting an absent key is not an error.
	Delete(key string) error
	// List returns the entries whose key starts with prefix, in ascending key order.
	List(prefix string) ([]KV, error)
}

// KV is one entry returned by Txn.List.
type KV struct {
	Key string
	Val []byte
}

// MemStore is a Store in memory, for tests and single-process use without persistence.
type MemStore struct {
	mu     sync.RWMutex
	m      map[string][]byte
	closed bool
}

var _ Store = (*MemStore)(nil)

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore { return &MemStore{m: map[string][]byte{}} }

// View implements Store.
func (s *MemStore) View(ctx context.Context, fn func(Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return errStoreClosed
	}
	return fn(&memTxn{s: s})
}

// Update implements Store. Writes are buffered and applied only when fn succeeds.
func (s *MemStore) Update(ctx context.Context, fn func(Txn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errStoreClosed
	}
	t := &memTxn{s: s, writable: true, writes: map[string][]byte{}}
	if err := fn(t); err != nil {
		return err
	}
	for k, v := range t.writes {
		if v == nil {
			delete(s.m, k)
		} else {
			s.m[k] = v
		}
	}
	return nil
}

// Close implements Store.
func (s *MemStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

type memTxn struct {
	s        *MemStore
	writable bool
	writes   map[string][]byte // nil value: deleted
}

func (t *memTxn) Get(key string) ([]byte, bool, error) {
	if v, ok := t.writes[key]; ok {
		return clone(v), v != nil, nil
	}
	v, ok := t.s.m[key]
	return clone(v), ok, nil
}

func (t *memTxn) Put(key string, val []byte) error {
	if !t.writable {
		return errReadOnly
	}
	if val == nil {
		val = []byte{}
	}
	t.writes[key] = clone(val)
	return nil
}

func (t *memTxn) Delete(key string) error {
	if !t.writable {
		return errReadOnly
	}
	t.writes[key] = nil
	return nil
}

func (t *memTxn) List(prefix string) ([]KV, error) {
	seen := map[string]bool{}
	var out []KV
	for k, v := range t.writes {
		if strings.HasPrefix(k, prefix) {
			seen[k] = true
			if v != nil {
				out = append(out, KV{k, clone(v)})
			}
		}
	}
	for k, v := range t.s.m {
		if strings.HasPrefix(k, prefix) && !seen[k] {
			out = append(out, KV{k, clone(v)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
