package catalog

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// stores returns a fresh store of each kind.
func stores(t *testing.T) map[string]func() Store {
	return map[string]func() Store{
		"mem": func() Store { return NewMemStore() },
		"bolt": func() Store {
			s, err := OpenBolt(filepath.Join(t.TempDir(), "c.db"), 0)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}

func TestStoreContract(t *testing.T) {
	ctx := context.Background()
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open()
			defer s.Close()
			boom := errors.New("boom")
			if err := s.Update(ctx, func(tx Txn) error {
				_ = tx.Put("a/1", []byte("x"))
				return boom
			}); err != boom {
				t.Fatalf("err = %v", err)
			}
			if err := s.Update(ctx, func(tx Txn) error {
				for _, k := range []string{"a/2", "a/1", "b/1"} {
					if err := tx.Put(k, []byte(k)); err != nil {
						return err
					}
				}
				if err := tx.Delete("a/2"); err != nil {
					return err
				}
				kvs, _ := tx.List("a/")
				if len(kvs) != 1 || kvs[0].Key != "a/1" {
					return fmt.Errorf("in-txn list = %v", kvs)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			_ = s.View(ctx, func(tx Txn) error {
				if _, ok, _ := tx.Get("a/2"); ok {
					t.Error("deleted key visible")
				}
				if v, ok, _ := tx.Get("b/1"); !ok || string(v) != "b/1" {
					t.Errorf("get = %q %v", v, ok)
				}
				if err := tx.Put("x", nil); err == nil {
					t.Error("put in View succeeded")
				}
				return nil
			})
			cctx, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Update(cctx, func(Txn) error { return nil }); !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled update: %v", err)
			}
			// Create-if-absent from many goroutines: exactly one wins.
			var wins atomic.Int32
			var wg sync.WaitGroup
			for i := range 32 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_ = s.Update(ctx, func(tx Txn) error {
						if _, ok, _ := tx.Get("once"); ok {
							return nil
						}
						wins.Add(1)
						return tx.Put("once", []byte(fmt.Sprint(i)))
					})
				}()
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Errorf("wins = %d", wins.Load())
			}
		})
	}
}

func TestSchemaJSONRoundTrip(t *testing.T) {
	st := types.StructType{Fields: []types.StructField{
		{Name: "a", Type: types.Integer, Nullable: true},
		{Name: "B", Type: types.DecimalType{Precision: 38, Scale: 18}},
		{Name: "c", Type: types.ArrayType{Elem: types.MapType{Key: types.String, Value: types.TimestampNTZ, ValueContainsNull: true}}, Nullable: true,
			Metadata: map[string]any{"comment": "x"}},
		{Name: "d", Type: types.StructType{Fields: []types.StructField{{Name: "e", Type: types.Binary}, {Name: "f", Type: types.DayTimeIntervalType{Start: 1, End: 3}}}}},
		{Name: "g", Type: types.YearMonthIntervalType{Start: 0, End: 0}},
	}}
	all := []types.DataType{types.Null, types.Boolean, types.Byte, types.Short, types.Long, types.Float, types.Double,
		types.Date, types.Timestamp, types.CalendarIntervalType{}, st}
	for _, dt := range all {
		b, err := MarshalType(dt)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalType(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		b2, _ := MarshalType(back)
		if !types.Equal(dt, back) || string(b) != string(b2) {
			t.Errorf("round trip %s -> %s", b, b2)
		}
	}
	// Spark's own form for a simple schema.
	got, _ := MarshalType(types.StructType{Fields: []types.StructField{{Name: "a", Type: types.Integer, Nullable: true}}})
	if want := `{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}}]}`; string(got) != want {
		t.Errorf("json = %s", got)
	}
}

func TestRestartPersistence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	wh := filepath.Join(dir, "spark-warehouse")
	c, err := OpenDir(ctx, wh)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreateDatabase(ctx, Database{Name: "Sales", Properties: map[string]string{"k": "v"}}, false); err != nil {
		t.Fatal(err)
	}
	in := Table{Ident: Ident{DB: "sales", Name: "Orders"}, Provider: "parquet", Comment: "c",
		Schema:           types.StructType{Fields: []types.StructField{{Name: "id", Type: types.Long}, {Name: "day", Type: types.Date, Nullable: true}}},
		PartitionColumns: []string{"DAY"}, Bucket: &BucketSpec{NumBuckets: 4, BucketColumns: []string{"ID"}},
		Options: map[string]string{"compression": "zstd"}, Properties: map[string]string{"p": "q"}}
	created, err := c.CreateTable(ctx, in, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CreatePartitions(ctx, created.Ident, []Partition{{Spec: map[string]string{"day": "2024-01-01"}}}, false); err != nil {
		t.Fatal(err)
	}
	if err := c.CreateView(ctx, Table{Ident: Ident{Name: "v"}, ViewText: "SELECT 1", ViewCurrentDB: "sales",
		Schema: types.StructType{Fields: []types.StructField{{Name: "1", Type: types.Integer}}}}, false, false); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}

	c, err = OpenDir(ctx, wh)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := c.GetTable(ctx, Ident{DB: "SALES", Name: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Ident != (Ident{"sales", "orders"}) || got.Location != toURI(filepath.Join(wh, "sales.db", "orders")) ||
		!types.Equal(got.Schema, in.Schema) || got.PartitionColumns[0] != "day" || got.Bucket.BucketColumns[0] != "id" ||
		got.Options["compression"] != "zstd" || got.Properties["p"] != "q" || !got.Created.Equal(created.Created) || got.Type != Managed {
		t.Errorf("after restart: %+v", got)
	}
	ps, err := c.ListPartitions(ctx, got.Ident, nil)
	if err != nil || len(ps) != 1 || ps[0].Spec["day"] != "2024-01-01" {
		t.Errorf("partitions = %v %v", ps, err)
	}
	v, err := c.GetTable(ctx, Ident{Name: "V"})
	if err != nil || !v.IsView() || v.ViewText != "SELECT 1" || v.ViewCurrentDB != "sales" {
		t.Errorf("view = %+v %v", v, err)
	}
	db, err := c.GetDatabase(ctx, "sales")
	if err != nil || db.Properties["k"] != "v" {
		t.Errorf("db = %+v %v", db, err)
	}
}

// TestConcurrentSessions runs many sessions, on two Catalogs sharing one store (as two
// drivers sharing a metastore would), creating and dropping the same and different
// tables. Exactly one create of each name wins, and the store stays consistent.
func TestConcurrentSessions(t *testing.T) {
	ctx := context.Background()
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open()
			wh := t.TempDir()
			c1, err := Open(ctx, wh, s)
			if err != nil {
				t.Fatal(err)
			}
			defer c1.Close()
			c2, err := Open(ctx, wh, s)
			if err != nil {
				t.Fatal(err)
			}
			cats := []*Catalog{c1, c2}
			schema := types.StructType{Fields: []types.StructField{{Name: "a", Type: types.Integer}}}
			const sessions, rounds = 16, 20
			var wins [rounds]atomic.Int32
			var wg sync.WaitGroup
			for g := range sessions {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := cats[g%2]
					for r := range rounds {
						_, err := c.CreateTable(ctx, Table{Ident: Ident{Name: fmt.Sprintf("same%d", r)}, Provider: "parquet", Schema: schema}, false)
						switch {
						case err == nil:
							wins[r].Add(1)
						case !sqlerr.HasClass(err, "TABLE_OR_VIEW_ALREADY_EXISTS") && !sqlerr.HasClass(err, "LOCATION_ALREADY_EXISTS"):
							t.Errorf("create: %v", err)
						}
						own := Ident{Name: fmt.Sprintf("own%d_%d", g, r)}
						if _, err := c.CreateTable(ctx, Table{Ident: own, Provider: "parquet", Schema: schema}, false); err != nil {
							t.Errorf("create own: %v", err)
						}
						if r%2 == 0 {
							if err := c.DropTable(ctx, own, false, false); err != nil {
								t.Errorf("drop own: %v", err)
							}
						}
						_, _ = c.ListTables(ctx, DefaultDB, "own*")
					}
				}()
			}
			wg.Wait()
			for r := range rounds {
				if n := wins[r].Load(); n != 1 {
					t.Errorf("same%d: %d creates won", r, n)
				}
			}
			ts, err := c1.ListTables(ctx, DefaultDB)
			if err != nil {
				t.Fatal(err)
			}
			if want := rounds + sessions*rounds/2; len(ts) != want {
				t.Errorf("%d tables, want %d", len(ts), want)
			}
			dirs := listDirs(t, wh)
			if len(dirs) != len(ts) {
				t.Errorf("%d directories for %d tables", len(dirs), len(ts))
			}
		})
	}
}

func TestDropDatabaseCascadeDeletesData(t *testing.T) {
	ctx := context.Background()
	wh := t.TempDir()
	c, err := Open(ctx, wh, NewMemStore())
	if err != nil {
		t.Fatal(err)
	}
	ext := t.TempDir()
	schema := types.StructType{Fields: []types.StructField{{Name: "a", Type: types.Integer}}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.CreateDatabase(ctx, Database{Name: "d"}, false))
	_, err = c.CreateTable(ctx, Table{Ident: Ident{"d", "m"}, Provider: "csv", Schema: schema}, false)
	must(err)
	_, err = c.CreateTable(ctx, Table{Ident: Ident{"d", "e"}, Provider: "csv", Schema: schema, Location: ext}, false)
	must(err)
	if got := listDirs(t, wh); fmt.Sprint(got) != "[d.db d.db/m]" {
		t.Errorf("dirs = %v", got)
	}
	must(c.DropDatabase(ctx, "D", false, true))
	if got := listDirs(t, wh); len(got) != 0 {
		t.Errorf("dirs after drop = %v", got)
	}
	if ok, _ := c.TableExists(ctx, Ident{"d", "m"}); ok {
		t.Error("table survived cascade")
	}
	if _, err := filepath.Glob(ext); err != nil || !dirExists(ext) {
		t.Error("external data deleted")
	}
}

func dirExists(p string) bool {
	m, _ := filepath.Glob(p)
	return len(m) == 1
}

func TestPatternAndEscaping(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"t*", "T1", true}, {"a|b", "b", true}, {" a ", "a", true}, {"a | b", "b", false}, {"", "a", false},
		{"t(", "t(", false}, {"t.", "tx", true}, {"ta_", "ta_", true},
	} {
		if got := MatchPattern(tc.pat, tc.name); got != tc.want {
			t.Errorf("MatchPattern(%q, %q) = %v", tc.pat, tc.name, got)
		}
	}
	for _, s := range []string{"b/c", "a=b", "100%", "x:y?", "plain", "ü"} {
		if got := UnescapePathName(EscapePathName(s)); got != s {
			t.Errorf("escape round trip %q -> %q", s, got)
		}
	}
	if got := EscapePathName("b/c"); got != "b%2Fc" {
		t.Errorf("escape = %q", got)
	}
}
