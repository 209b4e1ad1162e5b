package ast

// PrimitiveType is a non-nested type: Name is the keyword upper-cased as written (INT,
// INTEGER, LONG, DECIMAL, VARCHAR, ...) and Params its parenthesised integers
// (DECIMAL(10, 2), VARCHAR(5)). Collation is set for STRING COLLATE name.
type PrimitiveType struct {
	Loc
	Name      string
	Params    []int
	Collation string
}

// ArrayType is ARRAY<elem>.
type ArrayType struct {
	Loc
	Elem DataType
}

// MapType is MAP<key, value>.
type MapType struct {
	Loc
	Key, Value DataType
}

// StructField is one field of STRUCT<name[:] type [NOT NULL] [COMMENT '...']>.
type StructField struct {
	Loc
	Name    *Ident
	Type    DataType
	NotNull bool
	Comment *string
}

// StructType is STRUCT<fields>; STRUCT<> has no fields.
type StructType struct {
	Loc
	Fields []*StructField
}

// IntervalType is INTERVAL from [TO to] (ANSI year-month or day-time), or the
// calendar interval type INTERVAL when From is empty.
type IntervalType struct {
	Loc
	From, To string
}

func (*PrimitiveType) dataTypeNode() {}
func (*ArrayType) dataTypeNode()     {}
func (*MapType) dataTypeNode()       {}
func (*StructType) dataTypeNode()    {}
func (*IntervalType) dataTypeNode()  {}
