// Package exec runs stage fragments: vectorized operators and compiled expressions over
// Arrow record batches, with the shuffle and result interfaces a task needs.
package exec
