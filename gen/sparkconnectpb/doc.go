// Package sparkconnectpb is the Go code generated from proto/spark/connect (the Spark
// Connect wire protocol); never edit it by hand, run make proto.
package sparkconnectpb
