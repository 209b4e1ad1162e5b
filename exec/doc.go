// Package exec runs stage fragments: vectorized operators and compiled expressions over
// Arrow record batches, with the shuffle and result interfaces a task needs.
//
// A task is one partition of one stage. RunTask builds the operator tree of the stage's
// fragment with Build and drains it into a ResultSink (result stage) or, partitioned by
// the stage's output partitioning, into a ShuffleWriter (map stage):
//
//	                RunTask(ctx, tc, stage, writers, sink)
//	                             │ Build(tc, stage.Root)
//	                             ▼
//	ShowString ─ Limit ─ Sort ─ HashAggregate ─ Project ─ Filter ─┬ RangeScan
//	     (each operator pulls batches from its input: Next/Close) ├ LocalScan
//	                                                              ├ FileScan (datasource)
//	                                                              └ ShuffleRead (ShuffleReader)
//	                             │
//	         result stage ───────┴─────── map stage
//	  sink.Send(batch), in order      pmod(murmur3(keys), n) / round robin / single
//	                                  → ShuffleWriter.Write(partition, batch), Commit
//
// Expressions are compiled once per task (Compile) into a tree of closures over the
// kernels of package function: column references retain input columns, literals stay
// constants (function.Datum.Scalar) that kernels receive as such, casts go through
// function.Cast, and calls bind the registry's functions to their argument types.
//
// Operators allocate every Arrow buffer through the task's allocator (TaskContext.Mem),
// including hash tables, and release every intermediate; tests check this with a
// checked allocator through exectest.Run, which also varies batch sizes, slice offsets
// and validity bitmaps.
//
// With TaskContext.MemoryLimit set, Sort and HashAggregate share that budget equally
// (memPool, memBudget) and spill past their share to Arrow IPC files in
// TaskContext.SpillDir: Sort as sorted runs merged k-way (sortspill.go, merge.go),
// HashAggregate as partial states partitioned by key hash and aggregated partition by
// partition (aggspill.go). Without a limit they hold their state in memory.
package exec
