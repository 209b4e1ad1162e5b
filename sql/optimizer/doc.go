// Package optimizer rewrites resolved logical plans with an ordered registry of rules,
// one rule per file; rules do no I/O.
package optimizer
