// Package shuffle moves map-side output to reducers: a block store keyed by shuffle, map
// task and reduce partition, with writers that commit atomically and readers that stream
// a partition's blocks in map-task order.
package shuffle
