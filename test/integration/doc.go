// Package integration runs real Spark Connect clients (PySpark, JVM, Go) against the
// real driver binary over real sockets.
package integration
