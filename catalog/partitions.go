package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/sqlerr"
)

func unmarshalPart(kv KV, r *partRecord) error {
	if err := json.Unmarshal(kv.Val, r); err != nil {
		return errCorrupt(kv.Key, err)
	}
	return nil
}

func marshalPart(r partRecord) ([]byte, error) { return json.Marshal(r) }

// EscapePathName escapes a partition column name or value for a directory name as
// Spark's ExternalCatalogUtils.escapePathName does: control characters and
// "#%'*/:=?\{[]^ and DEL become %XX.
func EscapePathName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if needsEscape(r) {
			fmt.Fprintf(&b, "%%%02X", r)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(r rune) bool {
	if r >= 0x01 && r <= 0x1F || r == 0x7F {
		return true
	}
	return strings.ContainsRune("\"#%'*/:=?\\{[]^", r)
}

// UnescapePathName reverses EscapePathName; malformed escapes are kept as they are.
func UnescapePathName(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// PartitionName returns the partition's path name, col=value/... in partition column
// order, escaped (SHOW PARTITIONS prints these).
func PartitionName(cols []string, spec map[string]string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = EscapePathName(c) + "=" + EscapePathName(spec[c])
	}
	return strings.Join(parts, "/")
}

// partitionList renders specs as Spark's partition errors do:
// PARTITION (`p` = 1, `q` = a), PARTITION (...).
func partitionList(cols []string, specs []map[string]string) string {
	out := make([]string, len(specs))
	for i, spec := range specs {
		kv := make([]string, len(cols))
		for j, c := range cols {
			kv[j] = QuoteIdent(c) + " = " + spec[c]
		}
		out[i] = "PARTITION (" + strings.Join(kv, ", ") + ")"
	}
	return strings.Join(out, ", ")
}

// normalizeSpec keys spec by the table's partition column names (matched
// case-insensitively). With exact, every partition column must be given.
func normalizeSpec(t Table, spec map[string]string, exact bool) (map[string]string, error) {
	out := make(map[string]string, len(spec))
	bad := false
	for k, v := range spec {
		found := false
		for _, c := range t.PartitionColumns {
			if strings.EqualFold(c, k) {
				out[c], found = v, true
			}
		}
		bad = bad || !found
	}
	if bad || exact && len(out) != len(t.PartitionColumns) {
		keys := make([]string, 0, len(spec))
		for k := range spec {
			for _, c := range t.PartitionColumns {
				if strings.EqualFold(c, k) {
					k = c
				}
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return nil, errBadPartitionSpec(t.Ident, keys, t.PartitionColumns)
	}
	return out, nil
}

// partitionedTable reads a table for a partition command: it must exist, be a table and
// be partitioned.
func partitionedTable(tx Txn, id Ident, op string) (Table, error) {
	t, ok, err := getTable(tx, id)
	if err != nil {
		return t, err
	}
	if !ok {
		return t, errTableNotFound(id)
	}
	if t.IsView() {
		return t, errExpectTable(id, op)
	}
	if len(t.PartitionColumns) == 0 {
		return t, errNotPartitioned(id)
	}
	return t, nil
}

func specValues(cols []string, spec map[string]string) []string {
	v := make([]string, len(cols))
	for i, c := range cols {
		v[i] = spec[c]
	}
	return v
}

func decodePartition(t Table, kv KV) (Partition, error) {
	var r partRecord
	if err := unmarshalPart(kv, &r); err != nil {
		return Partition{}, err
	}
	spec := make(map[string]string, len(t.PartitionColumns))
	for i, c := range t.PartitionColumns {
		if i < len(r.Values) {
			spec[c] = r.Values[i]
		}
	}
	return Partition{Spec: spec, Location: r.Location}, nil
}

// CreatePartitions adds partitions to a partitioned table (ALTER TABLE ... ADD
// PARTITION). Each spec must name every partition column. A partition without a
// location is placed at <table location>/<PartitionName> and, for tables on the local
// file system, its directory is created. Existing partitions are PARTITIONS_ALREADY_EXIST
// unless ifNotExists, which skips them.
func (c *Catalog) CreatePartitions(ctx context.Context, id Ident, parts []Partition, ifNotExists bool) error {
	id = id.Normalize()
	defer c.lockTables(id)()
	var dirs []string
	err := c.store.Update(ctx, func(tx Txn) error {
		dirs = dirs[:0]
		t, err := partitionedTable(tx, id, "ALTER TABLE ... ADD PARTITION ...")
		if err != nil {
			return err
		}
		var exist []map[string]string
		type add struct {
			name string
			rec  partRecord
		}
		var adds []add
		seen := map[string]bool{}
		for _, p := range parts {
			spec, err := normalizeSpec(t, p.Spec, true)
			if err != nil {
				return err
			}
			name := PartitionName(t.PartitionColumns, spec)
			_, ok, err := tx.Get(partKey(id, name))
			if err != nil {
				return err
			}
			if ok || seen[name] {
				exist = append(exist, spec)
				continue
			}
			seen[name] = true
			loc := normalizeLocation(p.Location)
			if loc == "" {
				loc = strings.TrimSuffix(t.Location, "/") + "/" + name
			}
			adds = append(adds, add{name, partRecord{Values: specValues(t.PartitionColumns, spec), Location: loc}})
		}
		if len(exist) > 0 && !ifNotExists {
			return errPartitionsExist(id, partitionList(t.PartitionColumns, exist))
		}
		for _, a := range adds {
			b, err := marshalPart(a.rec)
			if err != nil {
				return err
			}
			if err := tx.Put(partKey(id, a.name), b); err != nil {
				return err
			}
			if isLocal(a.rec.Location) {
				dirs = append(dirs, localPath(a.rec.Location))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return sqlerr.Internal(fmt.Errorf("catalog: create partition directory: %w", err))
		}
	}
	return nil
}

// DropPartitions removes partitions (ALTER TABLE ... DROP PARTITION). Each spec must
// name every partition column. Missing partitions are PARTITIONS_NOT_FOUND unless
// ifExists. A managed table's partition directories are deleted; purge is accepted
// for Spark's syntax (data is always deleted at once).
func (c *Catalog) DropPartitions(ctx context.Context, id Ident, specs []map[string]string, ifExists, purge bool) error {
	_ = purge
	id = id.Normalize()
	defer c.lockTables(id)()
	var dirs []string
	err := c.store.Update(ctx, func(tx Txn) error {
		dirs = dirs[:0]
		t, err := partitionedTable(tx, id, "ALTER TABLE ... DROP PARTITION ...")
		if err != nil {
			return err
		}
		var missing []map[string]string
		var keys []string
		for _, s := range specs {
			spec, err := normalizeSpec(t, s, true)
			if err != nil {
				return err
			}
			key := partKey(id, PartitionName(t.PartitionColumns, spec))
			b, ok, err := tx.Get(key)
			if err != nil {
				return err
			}
			if !ok {
				missing = append(missing, spec)
				continue
			}
			keys = append(keys, key)
			if t.Type == Managed {
				p, err := decodePartition(t, KV{key, b})
				if err != nil {
					return err
				}
				if isLocal(p.Location) {
					dirs = append(dirs, localPath(p.Location))
				}
			}
		}
		if len(missing) > 0 && !ifExists {
			return errPartitionsNotFound(id, partitionList(t.PartitionColumns, missing))
		}
		for _, k := range keys {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return removeDirs(dirs)
}

// ListPartitions returns a partitioned table's partitions sorted by PartitionName; with
// a partial spec (SHOW PARTITIONS t PARTITION (p=1)) only those that match it.
func (c *Catalog) ListPartitions(ctx context.Context, id Ident, partial map[string]string) ([]Partition, error) {
	id = id.Normalize()
	var out []Partition
	err := c.store.View(ctx, func(tx Txn) error {
		t, err := partitionedTable(tx, id, "SHOW PARTITIONS")
		if err != nil {
			return err
		}
		want, err := normalizeSpec(t, partial, false)
		if err != nil {
			return err
		}
		kvs, err := tx.List(partPrefix(id))
		if err != nil {
			return err
		}
	next:
		for _, kv := range kvs {
			p, err := decodePartition(t, kv)
			if err != nil {
				return err
			}
			for k, v := range want {
				if p.Spec[k] != v {
					continue next
				}
			}
			out = append(out, p)
		}
		return nil
	})
	return out, err
}

// RecoverPartitions scans a partitioned table's directory for col=value/...
// sub-directories (ALTER TABLE ... RECOVER PARTITIONS, MSCK REPAIR TABLE) and adds the
// partitions the catalog does not have yet; it returns how many it added. Column names
// match case-insensitively; names starting with '_' or '.' and malformed directories
// are skipped. Only local tables can be scanned.
func (c *Catalog) RecoverPartitions(ctx context.Context, id Ident) (int, error) {
	t, err := c.GetTable(ctx, id)
	if err != nil {
		return 0, err
	}
	if t.IsView() {
		return 0, errExpectTable(t.Ident, "ALTER TABLE ... RECOVER PARTITIONS")
	}
	if len(t.PartitionColumns) == 0 {
		return 0, errNotPartitioned(t.Ident)
	}
	if !isLocal(t.Location) {
		return 0, sqlerr.Unsupported("RECOVER PARTITIONS on " + t.Location)
	}
	var found []Partition
	var walk func(dir string, depth int, spec map[string]string) error
	walk = func(dir string, depth int, spec map[string]string) error {
		if depth == len(t.PartitionColumns) {
			found = append(found, Partition{Spec: cloneMap(spec), Location: toURI(dir)})
			return nil
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return sqlerr.Internal(err)
		}
		col := t.PartitionColumns[depth]
		for _, e := range ents {
			n := e.Name()
			if !e.IsDir() || strings.HasPrefix(n, "_") || strings.HasPrefix(n, ".") {
				continue
			}
			k, v, ok := strings.Cut(n, "=")
			if !ok || !strings.EqualFold(UnescapePathName(k), col) {
				continue
			}
			spec[col] = UnescapePathName(v)
			if err := walk(filepath.Join(dir, n), depth+1, spec); err != nil {
				return err
			}
			delete(spec, col)
		}
		return nil
	}
	if err := walk(localPath(t.Location), 0, map[string]string{}); err != nil {
		return 0, err
	}
	n := 0
	defer c.lockTables(t.Ident)()
	err = c.store.Update(ctx, func(tx Txn) error {
		n = 0
		for _, p := range found {
			key := partKey(t.Ident, PartitionName(t.PartitionColumns, p.Spec))
			if _, ok, err := tx.Get(key); err != nil || ok {
				if err != nil {
					return err
				}
				continue
			}
			b, err := marshalPart(partRecord{Values: specValues(t.PartitionColumns, p.Spec), Location: p.Location})
			if err != nil {
				return err
			}
			if err := tx.Put(key, b); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
