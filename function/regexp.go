package function

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// The regular-expression functions compile Java patterns with Go's RE2 engine, which
// accepts the common subset (classes, quantifiers, groups, anchors) but not
// backreferences or lookaround.

var strArray = types.ArrayType{Elem: types.String, ContainsNull: false}

// javaRegexp compiles a Java regular expression, failing as Spark does for an invalid
// pattern.
func javaRegexp(name, pattern string) (*regexp.Regexp, error) {
	re := cachedRegexp("java:"+pattern, pattern)
	if re == nil {
		return nil, sparkError("INVALID_PARAMETER_VALUE.PATTERN", "parameter", "`regexp`", "functionName", "`"+name+"`", "value", "'"+pattern+"'")
	}
	return re, nil
}

func registerRegexp(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: "split", Display: func(a []string) string {
		if len(a) == 2 {
			a = append(a, "-1")
		}
		return "split(" + strings.Join(a, ", ") + ")"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("split", args, 2, 3); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString, tString, tInt}[:len(args)], ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: strArray, NullIntolerant: true, Kernel: rowKernel(strArray, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			limit := int64(-1)
			if len(a) == 3 {
				limit = intAt(a[2], i)
			}
			parts, err := splitJava(strAt(a[0], i), strAt(a[1], i), limit)
			if err != nil {
				return err
			}
			appendStrings(b, parts)
			return nil
		})}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "regexp_replace", Display: func(a []string) string {
		if len(a) == 3 {
			a = append(a, "1")
		}
		return "regexp_replace(" + strings.Join(a, ", ") + ")"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("regexp_replace", args, 3, 4); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString, tString, tString, tInt}[:len(args)], ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tString, NullIntolerant: true, Kernel: rowKernel(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			pos := int64(1)
			if len(a) == 4 {
				pos = intAt(a[3], i)
			}
			s, err := regexpReplace(strAt(a[0], i), strAt(a[1], i), strAt(a[2], i), pos)
			if err != nil {
				return err
			}
			appendStr(b, s)
			return nil
		})}, nil
	}})
	for _, all := range []bool{false, true} {
		name := "regexp_extract"
		rt := types.DataType(tString)
		if all {
			name, rt = "regexp_extract_all", strArray
		}
		r.AddScalar(&ScalarFunc{Name: name, Display: func(a []string) string {
			if len(a) == 2 {
				a = append(a, "1")
			}
			return name + "(" + strings.Join(a, ", ") + ")"
		}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			if err := argCount(name, args, 2, 3); err != nil {
				return nil, err
			}
			at, err := expectTypes(args, []types.DataType{tString, tString, tInt}[:len(args)], ansi)
			if err != nil {
				return nil, err
			}
			return &Bound{ArgTypes: at, Result: rt, NullIntolerant: true, Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				idx := int64(1)
				if len(a) == 3 {
					idx = intAt(a[2], i)
				}
				re, err := javaRegexp(name, strAt(a[1], i))
				if err != nil {
					return err
				}
				if idx < 0 || idx > int64(re.NumSubexp()) {
					return sparkError("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", "parameter", "`idx`", "functionName", "`"+name+"`", "groupCount", itoa(re.NumSubexp()), "groupIndex", itoa64(idx))
				}
				s := strAt(a[0], i)
				group := func(m []int) string {
					if m[2*idx] < 0 {
						return ""
					}
					return s[m[2*idx]:m[2*idx+1]]
				}
				if !all {
					m := re.FindStringSubmatchIndex(s)
					if m == nil {
						appendStr(b, "")
					} else {
						appendStr(b, group(m))
					}
					return nil
				}
				var out []string
				for _, m := range javaFindAll(re, s) {
					out = append(out, group(m))
				}
				appendStrings(b, out)
				return nil
			})}, nil
		}})
	}
	r.AddScalar(&ScalarFunc{Name: "regexp_count", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("regexp_count", args, 2); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString, tString}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tInt, NullIntolerant: true, Kernel: rowKernel(tInt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			re, err := javaRegexp("regexp_count", strAt(a[1], i))
			if err != nil {
				return err
			}
			b.(*array.Int32Builder).Append(int32(len(javaFindAll(re, strAt(a[0], i)))))
			return nil
		})}, nil
	}})
}

// javaFindAll returns the matches Java's Matcher.find loop visits. Go skips an empty
// match right after a non-empty one ("a*" on "aaa" matches once); Java does not
// (twice). The extra empty matches are added only for patterns whose matching does not
// depend on what precedes the position (no ^ or word boundaries).
func javaFindAll(re *regexp.Regexp, s string) [][]int {
	ms := re.FindAllStringSubmatchIndex(s, -1)
	p := re.String()
	if strings.Contains(p, "^") || strings.Contains(p, `\b`) || strings.Contains(p, `\B`) || strings.Contains(p, `\A`) {
		return ms
	}
	var out [][]int
	for k, m := range ms {
		out = append(out, m)
		if m[1] == m[0] {
			continue
		}
		if k+1 < len(ms) && ms[k+1][0] == m[1] {
			continue
		}
		if e := re.FindStringSubmatchIndex(s[m[1]:]); e != nil && e[0] == 0 && e[1] == 0 {
			for j := range e {
				if e[j] >= 0 {
					e[j] += m[1]
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// appendStrings appends one array<string> value.
func appendStrings(b array.Builder, parts []string) {
	lb := b.(*array.ListBuilder)
	lb.Append(true)
	vb := lb.ValueBuilder().(*array.StringBuilder)
	for _, p := range parts {
		vb.Append(p)
	}
}

// splitJava is UTF8String.split: an empty pattern splits into characters, otherwise
// Java's String.split with limit 0 read as -1 (trailing empty strings are kept).
func splitJava(s, pattern string, limit int64) ([]string, error) {
	if s != "" && pattern == "" {
		rs := []rune(s)
		n := int64(len(rs))
		if limit > 0 && limit < n {
			n = limit
		}
		out := make([]string, 0, n)
		for k := int64(0); k < n-1; k++ {
			out = append(out, string(rs[k]))
		}
		return append(out, string(rs[n-1:])), nil
	}
	re, err := javaRegexp("split", pattern)
	if err != nil {
		return nil, err
	}
	if limit == 0 {
		limit = -1
	}
	var out []string
	index := 0
	for _, m := range javaFindAll(re, s) {
		if limit <= 0 || int64(len(out)) < limit-1 {
			if index == 0 && m[0] == 0 && m[1] == 0 {
				continue
			}
			out = append(out, s[index:m[0]])
			index = m[1]
		} else if int64(len(out)) == limit-1 {
			break
		}
	}
	if index == 0 {
		return []string{s}, nil
	}
	return append(out, s[index:]), nil
}

// regexpReplace is regexp_replace: Java's Matcher.replaceAll from character position
// pos (1-based), with Java's replacement syntax ($n group references, \ escapes).
func regexpReplace(s, pattern, rep string, pos int64) (string, error) {
	re, err := javaRegexp("regexp_replace", pattern)
	if err != nil {
		return "", err
	}
	start := 0
	if pos > 1 {
		if pos-1 >= int64(utf8.RuneCountInString(s)) {
			return s, nil
		}
		start = len(string([]rune(s)[:pos-1]))
	}
	var b strings.Builder
	b.WriteString(s[:start])
	last := start
	for _, m := range javaFindAll(re, s[start:]) {
		for k := range m {
			if m[k] >= 0 {
				m[k] += start
			}
		}
		b.WriteString(s[last:m[0]])
		if err := appendReplacement(&b, s, m, rep, re.NumSubexp()); err != nil {
			return "", err
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String(), nil
}

// appendReplacement expands a Java replacement string for one match.
func appendReplacement(b *strings.Builder, s string, m []int, rep string, groups int) error {
	for i := 0; i < len(rep); i++ {
		c := rep[i]
		switch c {
		case '\\':
			i++
			if i >= len(rep) {
				return sparkError("INVALID_PARAMETER_VALUE.PATTERN", "parameter", "`regexp`", "functionName", "`regexp_replace`", "value", "'"+rep+"'")
			}
			b.WriteByte(rep[i])
		case '$':
			i++
			if i >= len(rep) || rep[i] < '0' || rep[i] > '9' {
				return sparkError("INVALID_PARAMETER_VALUE.PATTERN", "parameter", "`regexp`", "functionName", "`regexp_replace`", "value", "'"+rep+"'")
			}
			ref := int(rep[i] - '0')
			for i+1 < len(rep) && rep[i+1] >= '0' && rep[i+1] <= '9' {
				next := ref*10 + int(rep[i+1]-'0')
				if next > groups {
					break
				}
				ref = next
				i++
			}
			if ref > groups {
				return sparkError("INVALID_PARAMETER_VALUE.PATTERN", "parameter", "`regexp`", "functionName", "`regexp_replace`", "value", "'"+rep+"'")
			}
			if m[2*ref] >= 0 {
				b.WriteString(s[m[2*ref]:m[2*ref+1]])
			}
		default:
			b.WriteByte(c)
		}
	}
	return nil
}
