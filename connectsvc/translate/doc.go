// Package translate converts Spark Connect relations, expressions, types and commands
// into Fulgur's unresolved logical plan.
package translate
