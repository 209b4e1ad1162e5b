// Package datasource reads and writes files of the formats Spark supports (text, parquet,
// csv and json so far): listing and splitting input, schema inference and streaming
// readers that produce Arrow record batches.
package datasource
