// Package plan is Fulgur's logical plan and expression IR, shared by the DataFrame and SQL
// front ends: closed, immutable node families, unresolved as built and resolved by the
// analyzer.
package plan
