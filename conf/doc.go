// Package conf holds Fulgur's typed configuration: server settings and the per-session
// spark.* keys with their defaults.
package conf
