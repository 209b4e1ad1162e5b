// Package analyzer resolves an unresolved logical plan: column and table names, stars,
// functions, types and implicit casts, with Spark's rules and errors.
package analyzer
