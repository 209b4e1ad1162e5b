// Package function is the Spark function registry: for each built-in, its type rules
// (used by the analyzer) and its vectorized kernels over Arrow arrays (used by exec).
package function
