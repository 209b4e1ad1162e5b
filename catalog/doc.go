// Package catalog holds the names a query can refer to: session temporary views, global
// temporary views (database global_temp), and the persistent session catalog of
// databases, tables, views and partitions kept in a transactional Store.
//
//	Catalog ──▶ Store (Txn: Get/Put/Delete/List, serializable, retryable)
//	   │          ├── MemStore   (tests, single process)
//	   │          ├── BoltStore  (embedded file next to the warehouse, default)
//	   │          └── (etcd, for clusters: same interface, STM-style transactions)
//	   └──▶ warehouse directory: managed tables at <warehouse>/<db>.db/<table>,
//	        the default database's tables at <warehouse>/<table>
//
// Names follow Spark's session catalog: databases and tables are case-insensitive and
// stored lower-case; column names keep their case. Errors carry Spark's error classes
// with the parameters Spark's DDL commands report.
package catalog
