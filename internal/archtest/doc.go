// Package archtest checks that imports between Fulgur's packages point down the levels of
// the architecture map (DESIGN.md), never up or sideways where forbidden.
package archtest
