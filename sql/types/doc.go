// Package types defines Spark SQL's data types, their DDL and JSON spellings, and their
// mapping to the Arrow types that results carry on the wire.
package types
