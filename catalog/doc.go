// Package catalog holds the names a query can refer to: session temporary views, global
// temporary views (database global_temp), and later databases and tables.
package catalog
