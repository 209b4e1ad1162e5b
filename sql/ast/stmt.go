package ast

// SetConfigKind is the form of a SET statement.
type SetConfigKind string

// SET forms.
const (
	SetListAll  SetConfigKind = "LIST"    // SET
	SetListDocs SetConfigKind = "VERBOSE" // SET -v
	SetGet      SetConfigKind = "GET"     // SET key
	SetAssign   SetConfigKind = "ASSIGN"  // SET key = value
)

// SetConfig is SET [key [= value]] or SET -v. Key and Value are the text Spark's
// parser extracts (values keep their quotes unless the key or value was
// backquoted).
type SetConfig struct {
	Loc
	Kind  SetConfigKind
	Key   string
	Value string
}

// ResetConfig is RESET [key]; Key is empty for RESET.
type ResetConfig struct {
	Loc
	Key string
}

// SetTimeZone is SET TIME ZONE LOCAL | 'zone' | INTERVAL ....
type SetTimeZone struct {
	Loc
	Local bool
	// Value is a string *Literal or an *IntervalLit; nil with Local.
	Value Expr
}

// SetCatalog is SET CATALOG name.
type SetCatalog struct {
	Loc
	Name string
}

// Use is USE [NAMESPACE|DATABASE|SCHEMA] name.
type Use struct {
	Loc
	Namespace string // the keyword written, upper-cased, or ""
	Name      *ObjectName
}

// ViewColumn is a column of CREATE VIEW v (col [COMMENT '...'], ...).
type ViewColumn struct {
	Loc
	Name    *Ident
	Comment *string
}

// CreateView is CREATE [OR REPLACE] [[GLOBAL] TEMPORARY] VIEW [IF NOT EXISTS] name
// [(cols)] [COMMENT '...'] [TBLPROPERTIES (...)] AS query.
type CreateView struct {
	Loc
	OrReplace   bool
	Global      bool
	Temporary   bool
	IfNotExists bool
	Name        *ObjectName
	Columns     []*ViewColumn
	Comment     *string
	Properties  []*Property
	Query       *Query
}

// ColumnDef is a column of a table schema or CREATE TABLE:
// name type [NOT NULL] [DEFAULT expr] [GENERATED ALWAYS AS (expr)] [COMMENT '...'].
type ColumnDef struct {
	Loc
	Name      *Ident
	Type      DataType
	NotNull   bool
	Default   Expr
	Generated Expr
	Comment   *string
}

// BucketSpec is CLUSTERED BY (cols) [SORTED BY (cols)] INTO n BUCKETS.
type BucketSpec struct {
	Loc
	Columns []*Ident
	SortBy  []*SortItem
	Buckets int
}

// CreateTable is CREATE [OR REPLACE] [EXTERNAL] TABLE [IF NOT EXISTS] name
// [(columns)] [USING provider] [clauses] [[AS] query], and REPLACE TABLE.
type CreateTable struct {
	Loc
	OrReplace   bool
	Replace     bool // REPLACE TABLE without CREATE
	External    bool
	IfNotExists bool
	Name        *ObjectName
	Columns     []*ColumnDef
	Provider    string
	Options     []*Property
	// PartitionedBy holds partition columns (*ColumnRef) and transforms (*FuncCall);
	// PartitionColumns holds the Hive form PARTITIONED BY (col type, ...).
	PartitionedBy    []Expr
	PartitionColumns []*ColumnDef
	ClusterBy        [][]*Ident
	Bucket           *BucketSpec
	Location         *string
	Comment          *string
	Properties       []*Property
	StoredAs         string
	Query            *Query
}

// DropTable is DROP TABLE|VIEW [IF EXISTS] name [PURGE].
type DropTable struct {
	Loc
	View     bool
	IfExists bool
	Name     *ObjectName
	Purge    bool
}

// CreateNamespace is CREATE DATABASE|SCHEMA|NAMESPACE [IF NOT EXISTS] name
// [COMMENT '...'] [LOCATION '...'] [WITH DBPROPERTIES|PROPERTIES (...)].
type CreateNamespace struct {
	Loc
	Keyword     string
	IfNotExists bool
	Name        *ObjectName
	Comment     *string
	Location    *string
	Properties  []*Property
}

// DropNamespace is DROP DATABASE|SCHEMA|NAMESPACE [IF EXISTS] name [RESTRICT|CASCADE].
type DropNamespace struct {
	Loc
	Keyword  string
	IfExists bool
	Name     *ObjectName
	Cascade  bool
	Restrict bool
}

// Insert is INSERT INTO|OVERWRITE [TABLE] name [PARTITION (...)] [IF NOT EXISTS]
// [(cols) | BY NAME] query.
type Insert struct {
	Loc
	Overwrite   bool
	Table       *ObjectName
	Partition   []*PartitionVal
	IfNotExists bool
	Columns     []*Ident
	ByName      bool
	Query       *Query
}

// ShowKind is what a SHOW statement lists.
type ShowKind string

// SHOW forms.
const (
	ShowTables           ShowKind = "TABLES"
	ShowTableExtended    ShowKind = "TABLE EXTENDED"
	ShowViews            ShowKind = "VIEWS"
	ShowNamespaces       ShowKind = "NAMESPACES"
	ShowFunctions        ShowKind = "FUNCTIONS"
	ShowColumns          ShowKind = "COLUMNS"
	ShowTblProperties    ShowKind = "TBLPROPERTIES"
	ShowPartitions       ShowKind = "PARTITIONS"
	ShowCreateTable      ShowKind = "CREATE TABLE"
	ShowCurrentNamespace ShowKind = "CURRENT NAMESPACE"
	ShowCatalogs         ShowKind = "CATALOGS"
)

// Show is one of the SHOW statements. Fields not used by a kind are zero:
// In is the FROM|IN namespace (for COLUMNS, the table's namespace); Table is the
// table of COLUMNS, TBLPROPERTIES, PARTITIONS and CREATE TABLE; Pattern is the LIKE
// pattern (unescaped); Scope is USER|SYSTEM|ALL for FUNCTIONS; Keyword is the word
// written for NAMESPACES (DATABASES, SCHEMAS or NAMESPACES).
type Show struct {
	Loc
	Kind      ShowKind
	In        *ObjectName
	Table     *ObjectName
	Pattern   *string
	Scope     string
	Keyword   string
	Property  string
	Partition []*PartitionVal
	AsSerde   bool
}

// Describe is DESC|DESCRIBE in its forms: a relation ([TABLE] [EXTENDED|FORMATTED]
// name [PARTITION (...)] [col]), QUERY query, FUNCTION [EXTENDED] name, or
// DATABASE|SCHEMA|NAMESPACE [EXTENDED] name. Exactly one of Table, Query, Function
// and Namespace is set.
type Describe struct {
	Loc
	Extended  bool
	Formatted bool
	Table     *ObjectName
	Partition []*PartitionVal
	Column    []*Ident
	Query     *Query
	Function  *ObjectName
	Namespace *ObjectName
}

// Explain is EXPLAIN [LOGICAL|FORMATTED|EXTENDED|CODEGEN|COST] statement.
type Explain struct {
	Loc
	Mode string
	Stmt Stmt
}

// CacheTable is CACHE [LAZY] TABLE name [OPTIONS (...)] [[AS] query].
type CacheTable struct {
	Loc
	Lazy    bool
	Name    *ObjectName
	Options []*Property
	Query   *Query
}

// UncacheTable is UNCACHE TABLE [IF EXISTS] name.
type UncacheTable struct {
	Loc
	IfExists bool
	Name     *ObjectName
}

// ClearCache is CLEAR CACHE.
type ClearCache struct {
	Loc
}

// TruncateTable is TRUNCATE TABLE name [PARTITION (...)].
type TruncateTable struct {
	Loc
	Name      *ObjectName
	Partition []*PartitionVal
}

// Refresh is REFRESH TABLE name, REFRESH FUNCTION name, or REFRESH 'path'.
type Refresh struct {
	Loc
	Table    *ObjectName
	Function *ObjectName
	Path     string
}

func (*SetConfig) stmtNode()       {}
func (*ResetConfig) stmtNode()     {}
func (*SetTimeZone) stmtNode()     {}
func (*SetCatalog) stmtNode()      {}
func (*Use) stmtNode()             {}
func (*CreateView) stmtNode()      {}
func (*CreateTable) stmtNode()     {}
func (*DropTable) stmtNode()       {}
func (*CreateNamespace) stmtNode() {}
func (*DropNamespace) stmtNode()   {}
func (*Insert) stmtNode()          {}
func (*Show) stmtNode()            {}
func (*Describe) stmtNode()        {}
func (*Explain) stmtNode()         {}
func (*CacheTable) stmtNode()      {}
func (*UncacheTable) stmtNode()    {}
func (*ClearCache) stmtNode()      {}
func (*TruncateTable) stmtNode()   {}
func (*Refresh) stmtNode()         {}
