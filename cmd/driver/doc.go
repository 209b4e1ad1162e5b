// Command driver runs Fulgur's driver: the Spark Connect endpoint and the query engine,
// with in-process executor slots by default.
package main
