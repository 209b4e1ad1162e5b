// Package connectsvc implements the Spark Connect gRPC service: sessions, configuration,
// operations with reattach and release, artifacts, Arrow result streaming, and the
// mapping of errors to Spark's wire shape.
package connectsvc
