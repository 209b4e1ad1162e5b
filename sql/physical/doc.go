// Package physical turns an optimized logical plan into a job of stages: it picks
// physical operators, binds expressions to input positions, inserts exchanges where a
// distribution is required and cuts the plan into stages at them.
package physical
