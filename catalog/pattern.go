package catalog

import (
	"regexp"
	"sort"
	"strings"
)

// MatchPattern reports whether name matches Spark's SHOW TABLES / SHOW DATABASES /
// listTables pattern (StringUtils.filterPattern): the pattern is trimmed and split at
// '|'; each part is a case-insensitive regular expression that must match the whole
// name, with '*' standing for any sequence of characters. Parts that are not valid
// regular expressions match nothing. The empty pattern matches nothing.
func MatchPattern(pattern, name string) bool {
	return compilePattern(pattern).match(name)
}

type matcher []*regexp.Regexp

func compilePattern(pattern string) matcher {
	var m matcher
	for _, part := range strings.Split(strings.TrimSpace(pattern), "|") {
		re, err := regexp.Compile("(?i)^(?:" + strings.ReplaceAll(part, "*", ".*") + ")$")
		if err == nil {
			m = append(m, re)
		}
	}
	return m
}

func (m matcher) match(name string) bool {
	for _, re := range m {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}

// filterNames keeps the names that match pattern (all of them when there is no
// pattern), sorted.
func filterNames[T any](items []T, name func(T) string, pattern []string) []T {
	out := items[:0:0]
	var ms []matcher
	for _, p := range pattern {
		ms = append(ms, compilePattern(p))
	}
	for _, it := range items {
		ok := true
		for _, m := range ms {
			ok = ok && m.match(name(it))
		}
		if ok {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return name(out[i]) < name(out[j]) })
	return out
}
