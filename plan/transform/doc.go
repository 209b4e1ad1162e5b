// Package transform rewrites plan and expression trees copy-on-write, bottom-up or
// top-down, reporting whether anything changed.
package transform
