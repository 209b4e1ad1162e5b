package parser

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// strictNonReserved are the keywords Spark's default mode refuses as table aliases
// (its strictNonReserved rule) although they are identifiers elsewhere.
var strictNonReserved = set("ANTI", "CROSS", "EXCEPT", "FULL", "INNER", "INTERSECT", "JOIN",
	"LATERAL", "LEFT", "MINUS", "NATURAL", "ON", "RIGHT", "SEMI", "UNION", "USING")

// joinWords start a join.
var joinWords = set("JOIN", "CROSS", "INNER", "LEFT", "RIGHT", "FULL", "NATURAL", "SEMI", "ANTI")

// clauseWords start a clause that may follow a select item or a relation. Spark's
// ANTLR parser can also read most of them as implicit aliases when nothing follows;
// Fulgur never does, so they need AS to be used as aliases.
var clauseWords = set("FROM", "WHERE", "GROUP", "HAVING", "QUALIFY", "WINDOW", "ORDER", "SORT",
	"CLUSTER", "DISTRIBUTE", "LIMIT", "OFFSET", "UNION", "INTERSECT", "EXCEPT", "MINUS",
	"LATERAL", "INTO", "PIVOT", "UNPIVOT", "TABLESAMPLE", "AS", "ON", "USING", "JOIN", "CROSS",
	"INNER", "LEFT", "RIGHT", "FULL", "NATURAL", "SEMI", "ANTI")

// canImplicitAlias reports whether the current token can be an alias written
// without AS after an expression.
func (p *parser) canImplicitAlias() bool {
	t := p.cur()
	switch t.kind {
	case tQuotedIdent:
		return true
	case tWord:
		if clauseWords[t.upper] || strictNonReserved[t.upper] {
			if t.upper != "AS" {
				p.aliasCandidate = p.i
			}
			return false
		}
		return true
	}
	return false
}

// canImplicitTableAlias reports whether the current token can be a table alias
// written without AS.
func (p *parser) canImplicitTableAlias() bool {
	if !p.canImplicitAlias() {
		return false
	}
	t := p.cur()
	if t.kind == tWord {
		switch t.upper {
		case "FOR", "VERSION", "SYSTEM_VERSION", "TIMESTAMP", "SYSTEM_TIME":
			// A time-travel clause, not an alias, when AS OF follows.
			if p.isWordAt(1, "AS") && p.isWordAt(2, "OF") || t.upper == "FOR" {
				return false
			}
		case "WITH":
			return false
		}
	}
	return true
}

// datetimeUnits are the units Spark's datetimeUnit rule accepts as the first argument
// of TIMESTAMPADD/TIMESTAMPDIFF and their synonyms.
var datetimeUnits = set("YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DAYOFYEAR", "HOUR",
	"MINUTE", "SECOND", "MILLISECOND", "MICROSECOND")

// intervalUnits are the units of INTERVAL literals (unitInMultiUnits).
var intervalUnits = set("NANOSECOND", "NANOSECONDS", "MICROSECOND", "MICROSECONDS",
	"MILLISECOND", "MILLISECONDS", "SECOND", "SECONDS", "MINUTE", "MINUTES", "HOUR", "HOURS",
	"DAY", "DAYS", "WEEK", "WEEKS", "MONTH", "MONTHS", "YEAR", "YEARS")

// intervalToUnits are the units allowed in INTERVAL 'v' unit TO unit.
var intervalToUnits = set("SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "YEAR")

// typedLiteralTypes are the keywords that make a typed literal of a following string.
var typedLiteralTypes = set("DATE", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "INTERVAL", "X", "TIME")
