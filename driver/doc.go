// Package driver is the composition root of the driver process: it wires the Spark
// Connect endpoint, the query engine (analyzer, optimizer, physical planner, scheduler
// loop) and the executors, and owns start-up and shutdown order.
package driver
