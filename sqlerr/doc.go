// Package sqlerr is Fulgur's error catalog: Spark error classes with their SQLSTATE,
// exception class, gRPC code and message template, attached to Go errors as wrappers.
package sqlerr
