// Package planbuilder turns a parsed SQL statement into Fulgur's unresolved logical plan,
// the SQL twin of connectsvc/translate.
package planbuilder
