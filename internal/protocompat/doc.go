// Package protocompat checks that Fulgur's Spark Connect protocol definitions equal, field
// for field, the descriptors the pinned pyspark-client ships.
package protocompat
