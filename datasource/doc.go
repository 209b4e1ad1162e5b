// Package datasource reads and writes files of the formats Spark supports (text, parquet,
// csv and json so far): listing and splitting input, schema inference and streaming
// readers that produce Arrow record batches, and writers that turn Arrow batches into
// Spark-compatible files committed atomically as one job (see write.go).
package datasource
