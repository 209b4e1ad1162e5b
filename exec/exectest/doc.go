// Package exectest provides test doubles and a shared operator test runner for package
// exec: an in-memory shuffle, a result sink, a tiny function registry, batches built
// from Go values, and Run, which runs one operator case with varied batch sizes, slice
// offsets and validity bitmaps, checking Arrow memory after each run.
package exectest
