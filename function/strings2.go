package function

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// strFunc declares a function over strings and integers with a row function that
// receives the values of non-NULL rows.
type strFunc struct {
	name    string
	params  []types.DataType // parameter types; the last len(params)-minArgs are optional
	minArgs int
	result  types.DataType
	display func([]string) string
	// row computes one row from the argument values (string or int64 by parameter).
	row func(v []any) (any, bool)
}

// register adds f to r under its name and aliases.
func (f strFunc) register(r *Registry, aliases ...string) {
	r.AddScalar(f.scalar(), aliases...)
}

func (f strFunc) scalar() *ScalarFunc {
	return &ScalarFunc{Name: f.name, Display: f.display, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		counts := make([]int, 0, len(f.params)-f.minArgs+1)
		for c := f.minArgs; c <= len(f.params); c++ {
			counts = append(counts, c)
		}
		if err := argCount(f.name, args, counts...); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, f.params[:len(args)], ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: f.result, NullIntolerant: true, Kernel: rowKernel(f.result, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			v := make([]any, len(a))
			for j, x := range a {
				switch x.(type) {
				case *array.String, *array.Binary:
					v[j] = strAt(x, i)
				default:
					v[j] = intAt(x, i)
				}
			}
			out, ok := f.row(v)
			if !ok {
				b.AppendNull()
				return nil
			}
			switch o := out.(type) {
			case string:
				appendStr(b, o)
			case int64:
				appendInt(b, o)
			}
			return nil
		})}, nil
	}}
}

// Short names of the parameter types used by the function tables.
var (
	tString = types.String
	tInt    = types.Integer
	tLong   = types.Long
)

func registerStrings2(r *Registry) {
	r.AddScalar(concatWs())
	strFunc{name: "repeat", params: []types.DataType{tString, tInt}, minArgs: 2, result: tString, row: func(v []any) (any, bool) {
		n := v[1].(int64)
		if n <= 0 {
			return "", true
		}
		return strings.Repeat(v[0].(string), int(n)), true
	}}.register(r)
	strFunc{name: "reverse", params: []types.DataType{tString}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
		rs := []rune(v[0].(string))
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), true
	}}.register(r)
	for _, left := range []bool{true, false} {
		name := "rpad"
		if left {
			name = "lpad"
		}
		strFunc{name: name, params: []types.DataType{tString, tInt, tString}, minArgs: 2, result: tString,
			display: padDisplay(name),
			row: func(v []any) (any, bool) {
				pad := " "
				if len(v) == 3 {
					pad = v[2].(string)
				}
				return padString(v[0].(string), v[1].(int64), pad, left), true
			}}.register(r)
	}
	strFunc{name: "instr", params: []types.DataType{tString, tString}, minArgs: 2, result: tInt, row: func(v []any) (any, bool) {
		return runeIndex(v[0].(string), v[1].(string), 0) + 1, true
	}}.register(r)
	r.AddScalar(locate("locate"))
	r.AddScalar(locate("position"))
	strFunc{name: "initcap", params: []types.DataType{tString}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
		return initCap(v[0].(string)), true
	}}.register(r)
	strFunc{name: "translate", params: []types.DataType{tString, tString, tString}, minArgs: 3, result: tString, row: func(v []any) (any, bool) {
		return translate(v[0].(string), v[1].(string), v[2].(string)), true
	}}.register(r)
	strFunc{name: "replace", params: []types.DataType{tString, tString, tString}, minArgs: 2, result: tString, display: func(a []string) string {
		if len(a) == 2 {
			a = append(a, "")
		}
		return "replace(" + strings.Join(a, ", ") + ")"
	}, row: func(v []any) (any, bool) {
		rep := ""
		if len(v) == 3 {
			rep = v[2].(string)
		}
		if v[1].(string) == "" {
			return v[0], true
		}
		return strings.ReplaceAll(v[0].(string), v[1].(string), rep), true
	}}.register(r)
	strFunc{name: "left", params: []types.DataType{tString, tInt}, minArgs: 2, result: tString, row: func(v []any) (any, bool) {
		return substring(v[0].(string), 1, v[1].(int64)), true
	}}.register(r)
	strFunc{name: "right", params: []types.DataType{tString, tInt}, minArgs: 2, result: tString, row: func(v []any) (any, bool) {
		n := v[1].(int64)
		if n <= 0 {
			return "", true
		}
		return substring(v[0].(string), -n, n), true
	}}.register(r)
	strFunc{name: "ascii", params: []types.DataType{tString}, minArgs: 1, result: tInt, row: func(v []any) (any, bool) {
		s := v[0].(string)
		if s == "" {
			return int64(0), true
		}
		c, _ := utf8.DecodeRuneInString(s)
		return int64(c), true
	}}.register(r)
	for _, name := range []string{"chr", "char"} {
		strFunc{name: name, params: []types.DataType{tLong}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
			n := v[0].(int64)
			if n < 0 {
				return "", true
			}
			return string(rune(n & 0xFF)), true
		}}.register(r)
	}
	strFunc{name: "soundex", params: []types.DataType{tString}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
		return soundex(v[0].(string)), true
	}}.register(r)
	strFunc{name: "levenshtein", params: []types.DataType{tString, tString, tInt}, minArgs: 2, result: tInt, row: func(v []any) (any, bool) {
		d := int64(editDistance(v[0].(string), v[1].(string)))
		if len(v) == 3 && d > v[2].(int64) {
			return int64(-1), true
		}
		return d, true
	}}.register(r)
	strFunc{name: "btrim", params: []types.DataType{tString, tString}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
		set := " "
		if len(v) == 2 {
			set = v[1].(string)
		}
		return strings.Trim(v[0].(string), set), true
	}}.register(r)
	strFunc{name: "overlay", params: []types.DataType{tString, tString, tInt, tInt}, minArgs: 3, result: tString,
		display: func(a []string) string {
			if len(a) == 3 {
				a = append(a, "-1")
			}
			return "overlay(" + strings.Join(a, ", ") + ")"
		},
		row: func(v []any) (any, bool) {
			s, rep, pos := v[0].(string), v[1].(string), v[2].(int64)
			length := int64(-1)
			if len(v) == 4 {
				length = v[3].(int64)
			}
			if length < 0 {
				length = int64(utf8.RuneCountInString(rep))
			}
			return substring(s, 1, pos-1) + rep + substring(s, pos+length, 1<<31-1), true
		}}.register(r)
	strFunc{name: "substring_index", params: []types.DataType{tString, tString, tInt}, minArgs: 3, result: tString, row: func(v []any) (any, bool) {
		return substringIndex(v[0].(string), v[1].(string), v[2].(int64)), true
	}}.register(r)
	strFunc{name: "find_in_set", params: []types.DataType{tString, tString}, minArgs: 2, result: tInt, row: func(v []any) (any, bool) {
		w := v[0].(string)
		if strings.Contains(w, ",") {
			return int64(0), true
		}
		for i, p := range strings.Split(v[1].(string), ",") {
			if p == w {
				return int64(i + 1), true
			}
		}
		return int64(0), true
	}}.register(r)
	r.AddScalar(splitPart())
	r.AddScalar(elt())
	r.AddScalar(mask())
	r.AddScalar(byteLength("octet_length", 1))
	r.AddScalar(byteLength("bit_length", 8))
}

func padDisplay(name string) func([]string) string {
	return func(a []string) string {
		if len(a) == 2 {
			a = append(a, " ")
		}
		return name + "(" + strings.Join(a, ", ") + ")"
	}
}

// padString is UTF8String.lpad/rpad: the result has exactly n characters.
func padString(s string, n int64, pad string, left bool) string {
	rs := []rune(s)
	if n <= 0 {
		return ""
	}
	spaces := n - int64(len(rs))
	if spaces <= 0 || pad == "" {
		return string(rs[:min(int64(len(rs)), n)])
	}
	pr := []rune(pad)
	fill := make([]rune, spaces)
	for i := range fill {
		fill[i] = pr[i%len(pr)]
	}
	if left {
		return string(fill) + s
	}
	return s + string(fill)
}

// runeIndex returns the character index of the first occurrence of sub in s at or
// after character from, or -1.
func runeIndex(s, sub string, from int) int64 {
	rs := []rune(s)
	if from > len(rs) {
		return -1
	}
	off := len(string(rs[:from]))
	i := strings.Index(s[off:], sub)
	if i < 0 {
		return -1
	}
	return int64(from + utf8.RuneCountInString(s[off:off+i]))
}

// locate is locate(substr, tString[, pos]) and position(substr, tString[, pos]): a NULL
// position gives 0, not NULL (Spark's StringLocate).
func locate(name string) *ScalarFunc {
	return &ScalarFunc{Name: name, Display: func(a []string) string {
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
		return &Bound{ArgTypes: at, Result: tInt, Kernel: rowKernelNulls(tInt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			pos := int64(1)
			if len(a) == 3 {
				if isNull(a[2], i) {
					b.(*array.Int32Builder).Append(0)
					return nil
				}
				pos = intAt(a[2], i)
			}
			if isNull(a[0], i) || isNull(a[1], i) {
				b.AppendNull()
				return nil
			}
			if pos < 1 {
				b.(*array.Int32Builder).Append(0)
				return nil
			}
			if strAt(a[0], i) == "" {
				// UTF8String.indexOf finds an empty string at 0 whatever the start.
				b.(*array.Int32Builder).Append(1)
				return nil
			}
			b.(*array.Int32Builder).Append(int32(runeIndex(strAt(a[1], i), strAt(a[0], i), int(pos-1)) + 1))
			return nil
		})}, nil
	}}
}

// initCap lower-cases s and upper-cases (title-cases) the first letter of every word,
// words being separated by spaces.
func initCap(s string) string {
	var b strings.Builder
	prevSpace := true
	for _, r := range strings.ToLower(s) {
		if prevSpace {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteRune(r)
		}
		prevSpace = r == ' '
	}
	return b.String()
}

// translate replaces each character of from by the character at the same position of
// to, deleting those without one; the first occurrence of a character in from wins.
func translate(s, from, to string) string {
	tr := []rune(to)
	dict := map[rune]rune{}
	i := 0
	for _, c := range from {
		if _, ok := dict[c]; !ok {
			if i < len(tr) {
				dict[c] = tr[i]
			} else {
				dict[c] = -1
			}
		}
		i++
	}
	var b strings.Builder
	for _, c := range s {
		if m, ok := dict[c]; ok {
			if m >= 0 {
				b.WriteRune(m)
			}
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// soundex is UTF8String.soundex: American Soundex over ASCII letters; a string that
// does not start with a letter is returned unchanged.
func soundex(s string) string {
	const mapping = "01230127022455012623017202"
	if s == "" {
		return ""
	}
	upper := func(c byte) (byte, bool) {
		if 'a' <= c && c <= 'z' {
			c -= 32
		}
		return c, 'A' <= c && c <= 'Z'
	}
	c, ok := upper(s[0])
	if !ok {
		return s
	}
	sx := []byte{c, '0', '0', '0'}
	n := 1
	last := mapping[c-'A']
	for i := 1; i < len(s); i++ {
		c, ok := upper(s[i])
		if !ok {
			last = '0'
			continue
		}
		code := mapping[c-'A']
		if code == '7' {
			continue
		}
		if code != '0' && code != last {
			sx[n] = code
			n++
			if n > 3 {
				break
			}
		}
		last = code
	}
	return string(sx)
}

// editDistance is the Levenshtein distance between the characters of a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// substringIndex is UTF8String.subStringIndex: occurrences of delim may overlap.
func substringIndex(s, delim string, count int64) string {
	if delim == "" || count == 0 {
		return ""
	}
	if count > 0 {
		idx := -1
		for count > 0 {
			j := strings.Index(s[idx+1:], delim)
			if j < 0 {
				return s
			}
			idx += 1 + j
			count--
		}
		return s[:idx]
	}
	idx := len(s)
	for count < 0 {
		j := -1
		for k := min(idx-1, len(s)-len(delim)); k >= 0; k-- {
			if s[k:k+len(delim)] == delim {
				j = k
				break
			}
		}
		if j < 0 {
			return s
		}
		idx = j
		count++
	}
	return s[idx+len(delim):]
}

// concatWs is concat_ws(sep, ...): strings and arrays of strings joined by sep,
// skipping NULLs; NULL only when sep is NULL.
func concatWs() *ScalarFunc {
	return &ScalarFunc{Name: "concat_ws", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := minArgs("concat_ws", args, 1); err != nil {
			return nil, err
		}
		at := make([]types.DataType, len(args))
		for i, t := range args {
			if a, ok := t.(types.ArrayType); ok && i > 0 && (a.Elem == types.String || a.Elem == types.Null) {
				at[i] = types.ArrayType{Elem: types.String, ContainsNull: a.ContainsNull}
				continue
			}
			if !implicitCast(t, tString, ansi) {
				return nil, typeMismatchNamed(i, `("ARRAY<STRING>" or "STRING")`, t)
			}
			at[i] = tString
		}
		return &Bound{ArgTypes: at, Result: tString, Kernel: rowKernelNulls(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) {
				b.AppendNull()
				return nil
			}
			var parts []string
			for _, x := range a[1:] {
				if isNull(x, i) {
					continue
				}
				if l, ok := x.(*array.List); ok {
					start, end := l.ValueOffsets(i)
					vals := l.ListValues()
					for j := start; j < end; j++ {
						if !isNull(vals, int(j)) {
							parts = append(parts, strAt(vals, int(j)))
						}
					}
					continue
				}
				parts = append(parts, strAt(x, i))
			}
			appendStr(b, strings.Join(parts, strAt(a[0], i)))
			return nil
		})}, nil
	}}
}

// splitPart is split_part(tString, delim, part): the part-th field of tString split on the
// literal delim, counting from the end when negative, "" when out of range.
func splitPart() *ScalarFunc {
	return &ScalarFunc{Name: "split_part", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("split_part", args, 3); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString, tString, tInt}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tString, NullIntolerant: true, Kernel: rowKernel(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			s, d, n := strAt(a[0], i), strAt(a[1], i), intAt(a[2], i)
			if n == 0 {
				return sparkError("INVALID_INDEX_OF_ZERO")
			}
			parts := []string{s}
			if d != "" {
				parts = strings.Split(s, d)
			}
			k := n - 1
			if n < 0 {
				k = int64(len(parts)) + n
			}
			if k < 0 || k >= int64(len(parts)) {
				appendStr(b, "")
				return nil
			}
			appendStr(b, parts[k])
			return nil
		})}, nil
	}}
}

// elt is elt(n, v1, v2, ...): the n-th value, NULL (legacy) or INVALID_ARRAY_INDEX
// (ANSI) when n is out of range.
func elt() *ScalarFunc {
	return &ScalarFunc{Name: "elt", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := minArgs("elt", args, 2); err != nil {
			return nil, err
		}
		if !implicitCast(args[0], tInt, ansi) {
			return nil, typeMismatch(0, tInt, args[0])
		}
		var rt types.DataType = tString
		allBinary := true
		for _, t := range args[1:] {
			if t != types.Binary && t != types.Null {
				allBinary = false
			}
		}
		if allBinary {
			rt = types.Binary
		}
		at := append([]types.DataType{tInt}, repeatType(rt, len(args)-1)...)
		for i, t := range args[1:] {
			if rt == tString && t != types.Binary && !implicitCast(t, tString, ansi) {
				return nil, typeMismatchNamed(i+1, `("STRING" or "BINARY")`, t)
			}
		}
		return &Bound{ArgTypes: at, Result: rt, AlwaysNullable: true, Kernel: rowKernelNulls(rt, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) {
				b.AppendNull()
				return nil
			}
			k := intAt(a[0], i)
			if k < 1 || k >= int64(len(a)) {
				if ec.ANSI {
					return sparkError("INVALID_ARRAY_INDEX", "indexValue", itoa64(k), "arraySize", itoa(len(a)-1), "ansiConfig", ansiConf)
				}
				b.AppendNull()
				return nil
			}
			x := a[k]
			if isNull(x, i) {
				b.AppendNull()
				return nil
			}
			appendStr(b, strAt(x, i))
			return nil
		})}, nil
	}}
}

func itoa64(v int64) string {
	if v < 0 {
		return "-" + itoa64(-v)
	}
	return itoa(int(v))
}

var maskParams = []string{"upperChar", "lowerChar", "digitChar", "otherChar"}

// mask is mask(tString[, upper, lower, digit, other]): replaces upper-case letters, lower-case
// letters, digits and other characters by the given characters; NULL keeps a class.
func mask() *ScalarFunc {
	defaults := []string{"X", "x", "n", "NULL"}
	return &ScalarFunc{Name: "mask", Display: func(a []string) string {
		for len(a) < 5 {
			a = append(a, defaults[len(a)-1])
		}
		return "mask(" + strings.Join(a, ", ") + ")"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("mask", args, 1, 2, 3, 4, 5); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, repeatType(tString, len(args)), ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tString, Kernel: rowKernelNulls(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) {
				b.AppendNull()
				return nil
			}
			repl := []rune{'X', 'x', 'n', -1}
			for k := 1; k < len(a); k++ {
				if isNull(a[k], i) {
					repl[k-1] = -1
					continue
				}
				c := strAt(a[k], i)
				if utf8.RuneCountInString(c) != 1 {
					return sparkError("DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE", "sqlExpr", "", "exprName", maskParams[k-1])
				}
				r, _ := utf8.DecodeRuneInString(c)
				repl[k-1] = r
			}
			var sb strings.Builder
			for _, c := range strAt(a[0], i) {
				k := 3
				switch {
				case unicode.IsUpper(c):
					k = 0
				case unicode.IsLower(c):
					k = 1
				case unicode.IsDigit(c):
					k = 2
				}
				if repl[k] >= 0 {
					sb.WriteRune(repl[k])
				} else {
					sb.WriteRune(c)
				}
			}
			appendStr(b, sb.String())
			return nil
		})}, nil
	}}
}

// byteLength is octet_length (unit 1) and bit_length (unit 8) of strings and binaries.
func byteLength(name string, unit int64) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount(name, args, 1); err != nil {
			return nil, err
		}
		t := args[0]
		if t != types.Binary {
			if !implicitCast(t, tString, ansi) {
				return nil, typeMismatchNamed(0, `("STRING" or "BINARY")`, t)
			}
			t = tString
		}
		return &Bound{ArgTypes: []types.DataType{t}, Result: tInt, NullIntolerant: true, Kernel: rowKernel(tInt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			b.(*array.Int32Builder).Append(int32(int64(len(strAt(a[0], i))) * unit))
			return nil
		})}, nil
	}}
}
