package catalog

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"time"

	"github.com/fulgur/fulgur/sql/types"
)

// Database is a namespace of the session catalog.
type Database struct {
	// Name is stored lower-case.
	Name    string
	Comment string
	// LocationURI is where the database's managed tables live ("file:/abs/dir").
	// CreateDatabase fills in <warehouse>/<name>.db when it is empty.
	LocationURI string
	Properties  map[string]string
	Owner       string
}

// TableType is Spark's CatalogTableType.
type TableType string

// The table types.
const (
	Managed  TableType = "MANAGED"
	External TableType = "EXTERNAL"
	View     TableType = "VIEW"
)

// BucketSpec is a table's CLUSTERED BY ... SORTED BY ... INTO n BUCKETS clause.
type BucketSpec struct {
	NumBuckets    int      `json:"numBuckets"`
	BucketColumns []string `json:"bucketColumns"`
	SortColumns   []string `json:"sortColumns,omitempty"`
}

// Table is a table or persistent view of the session catalog.
type Table struct {
	// Ident is stored lower-case.
	Ident Ident
	Type  TableType
	// Provider is the data source format (parquet, csv, json, ...); empty for views.
	Provider string
	// Schema lists every column, partition columns last as Spark orders them.
	Schema types.StructType
	// PartitionColumns name columns of Schema, in partition order, in the schema's case.
	PartitionColumns []string
	Bucket           *BucketSpec
	// Location is the table's directory as a URI ("file:/abs/dir"). CreateTable fills it
	// in for managed tables; it is empty for views.
	Location string
	// Options are the data source options (OPTIONS (...)).
	Options map[string]string
	// Properties are the table properties (TBLPROPERTIES (...)); keys keep their case.
	Properties map[string]string
	Comment    string
	Created    time.Time
	Owner      string
	// ViewText is the SQL text of a view; ViewCurrentDB the database that was current
	// when it was created (unqualified names in the text resolve against it).
	ViewText      string
	ViewCurrentDB string
}

// IsView reports whether the table is a persistent view.
func (t *Table) IsView() bool { return t.Type == View }

// Partition is one partition of a partitioned table.
type Partition struct {
	// Spec maps each partition column (in the table's case) to its value.
	Spec map[string]string
	// Location is the partition's directory as a URI; empty on create means
	// <table location>/<col>=<value>/...
	Location string
}

// Records as stored. Field names are part of the on-disk format: change with care.

const formatVersion = 1

type dbRecord struct {
	Version    int               `json:"version"`
	Name       string            `json:"name"`
	Comment    string            `json:"comment,omitempty"`
	Location   string            `json:"location"`
	Properties map[string]string `json:"properties,omitempty"`
	Owner      string            `json:"owner,omitempty"`
}

type tableRecord struct {
	Version          int               `json:"version"`
	DB               string            `json:"db"`
	Name             string            `json:"name"`
	Type             TableType         `json:"type"`
	Provider         string            `json:"provider,omitempty"`
	Schema           json.RawMessage   `json:"schema"`
	PartitionColumns []string          `json:"partitionColumns,omitempty"`
	Bucket           *BucketSpec       `json:"bucket,omitempty"`
	Location         string            `json:"location,omitempty"`
	Options          map[string]string `json:"options,omitempty"`
	Properties       map[string]string `json:"properties,omitempty"`
	Comment          string            `json:"comment,omitempty"`
	CreatedMillis    int64             `json:"createdMillis"`
	Owner            string            `json:"owner,omitempty"`
	ViewText         string            `json:"viewText,omitempty"`
	ViewCurrentDB    string            `json:"viewCurrentDb,omitempty"`
}

type partRecord struct {
	Values   []string `json:"values"`
	Location string   `json:"location"`
}

func dbKey(name string) string             { return "db/" + name }
func tablePrefix(db string) string         { return "tbl/" + db + "/" }
func tableKey(id Ident) string             { return tablePrefix(id.DB) + id.Name }
func partPrefix(id Ident) string           { return "part/" + id.DB + "/" + id.Name + "/" }
func partDBPrefix(db string) string        { return "part/" + db + "/" }
func partKey(id Ident, name string) string { return partPrefix(id) + name }
func cloneMap(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func encodeDB(d Database) ([]byte, error) {
	return json.Marshal(dbRecord{formatVersion, d.Name, d.Comment, d.LocationURI, cloneMap(d.Properties), d.Owner})
}

func decodeDB(key string, b []byte) (Database, error) {
	var r dbRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return Database{}, errCorrupt(key, err)
	}
	return Database{Name: r.Name, Comment: r.Comment, LocationURI: r.Location, Properties: r.Properties, Owner: r.Owner}, nil
}

func encodeTable(t Table) ([]byte, error) {
	schema, err := MarshalType(t.Schema)
	if err != nil {
		return nil, err
	}
	return json.Marshal(tableRecord{
		Version: formatVersion, DB: t.Ident.DB, Name: t.Ident.Name, Type: t.Type, Provider: t.Provider,
		Schema: schema, PartitionColumns: t.PartitionColumns, Bucket: t.Bucket, Location: t.Location,
		Options: cloneMap(t.Options), Properties: cloneMap(t.Properties), Comment: t.Comment,
		CreatedMillis: t.Created.UnixMilli(), Owner: t.Owner, ViewText: t.ViewText, ViewCurrentDB: t.ViewCurrentDB,
	})
}

func decodeTable(key string, b []byte) (Table, error) {
	var r tableRecord
	if err := json.Unmarshal(b, &r); err != nil {
		return Table{}, errCorrupt(key, err)
	}
	st, err := UnmarshalType(r.Schema)
	if err != nil {
		return Table{}, errCorrupt(key, err)
	}
	schema, ok := st.(types.StructType)
	if !ok {
		return Table{}, errCorrupt(key, errNotStruct)
	}
	return Table{
		Ident: Ident{DB: r.DB, Name: r.Name}, Type: r.Type, Provider: r.Provider, Schema: schema,
		PartitionColumns: r.PartitionColumns, Bucket: r.Bucket, Location: r.Location, Options: r.Options,
		Properties: r.Properties, Comment: r.Comment, Created: time.UnixMilli(r.CreatedMillis), Owner: r.Owner,
		ViewText: r.ViewText, ViewCurrentDB: r.ViewCurrentDB,
	}, nil
}

// localPath turns a location URI ("file:/x", "file:///x") or a plain path into a local
// file system path.
//
// The path is taken verbatim, without percent-decoding: partition directory names
// contain escapes such as "q=b%2Fc" that are part of the name.
func localPath(loc string) string {
	if rest, ok := strings.CutPrefix(loc, "file://"); ok && strings.HasPrefix(rest, "/") {
		return filepath.FromSlash(rest)
	}
	if rest, ok := strings.CutPrefix(loc, "file:"); ok {
		return filepath.FromSlash(rest)
	}
	return loc
}

// toURI turns a local path into Spark's form of a location URI: "file:/abs/dir".
func toURI(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return "file:" + filepath.ToSlash(filepath.Clean(path))
}

// normalizeLocation makes a user-given location absolute with a scheme. Locations with
// another scheme (s3a://...) are kept as given.
func normalizeLocation(loc string) string {
	if loc == "" {
		return ""
	}
	if i := strings.Index(loc, ":"); i > 1 && !strings.HasPrefix(loc, "file:") {
		return loc
	}
	return toURI(localPath(loc))
}

// isLocal reports whether a location is on the local file system.
func isLocal(loc string) bool {
	i := strings.Index(loc, ":")
	return i <= 1 || strings.HasPrefix(loc, "file:")
}
