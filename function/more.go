package function

import (
	"math"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func wrongArgs(name string, want string, got int) error {
	return sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", want, "actualNum", itoa(got), "docroot", docroot)
}

func registerMore(r *Registry) {
	// in(value, e1, e2, ...): the clients send Column.isin this way.
	r.AddScalar(&ScalarFunc{Name: "in", Display: func(a []string) string {
		return "(" + a[0] + " IN (" + strings.Join(a[1:], ", ") + "))"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if len(args) < 1 {
			return nil, wrongArgs("in", "> 0", len(args))
		}
		t, err := commonOf("in", args)
		if err != nil {
			return nil, err
		}
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = t
		}
		return &Bound{ArgTypes: at, Result: types.Boolean, AlwaysNullable: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewBooleanBuilder(ec.Mem)
			defer b.Release()
			v := arrs[0]
			for i := 0; i < n; i++ {
				if v.IsNull(i) || v.DataType().ID() == arrow.NULL {
					b.AppendNull()
					continue
				}
				found, sawNull := false, false
				for _, x := range arrs[1:] {
					if x.IsNull(i) || x.DataType().ID() == arrow.NULL {
						sawNull = true
						continue
					}
					if compareAt(v, i, x, i) == 0 {
						found = true
						break
					}
				}
				switch {
				case found:
					b.Append(true)
				case sawNull:
					b.AppendNull()
				default:
					b.Append(false)
				}
			}
			return b.NewArray(), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "isnan", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, wrongArgs("isnan", "1", len(args))
		}
		return &Bound{ArgTypes: []types.DataType{types.Double}, Result: types.Boolean, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			b := array.NewBooleanBuilder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				b.Append(!arr.IsNull(i) && math.IsNaN(floatAt(arr, i)))
			}
			return b.NewArray(), nil
		}}, nil
	}})
	like := stringPredicate("like", func(s, pat string) bool { return likeMatch(s, pat) })
	like.Display = func(a []string) string { return a[0] + " LIKE " + a[1] }
	r.AddScalar(like)
	rlike := stringPredicate("rlike", func(s, pat string) bool {
		re := cachedRegexp(pat, pat)
		return re != nil && re.MatchString(s)
	})
	rlike.Display = func(a []string) string { return a[0] + " RLIKE " + a[1] }
	r.AddScalar(rlike, "regexp", "regexp_like")
	r.AddScalar(&ScalarFunc{Name: "substring", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 2 && len(args) != 3 {
			return nil, wrongArgs("substring", "[2, 3]", len(args))
		}
		at := []types.DataType{types.String, types.Integer, types.Integer}[:len(args)]
		return &Bound{ArgTypes: at, Result: types.String, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewStringBuilder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if anyNull(arrs, i) {
					b.AppendNull()
					continue
				}
				s := arrs[0].(*array.String).Value(i)
				pos := intAt(arrs[1], i)
				length := int64(math.MaxInt32)
				if len(arrs) == 3 {
					length = intAt(arrs[2], i)
				}
				b.Append(substring(s, pos, length))
			}
			return b.NewArray(), nil
		}}, nil
	}}, "substr")
	r.AddScalar(&ScalarFunc{Name: "concat", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		at := make([]types.DataType, len(args))
		for i := range at {
			at[i] = types.String
		}
		return &Bound{ArgTypes: at, Result: types.String, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewStringBuilder(ec.Mem)
			defer b.Release()
			var sb strings.Builder
			for i := 0; i < n; i++ {
				if anyNull(arrs, i) {
					b.AppendNull()
					continue
				}
				sb.Reset()
				for _, x := range arrs {
					sb.WriteString(x.(*array.String).Value(i))
				}
				b.Append(sb.String())
			}
			return b.NewArray(), nil
		}}, nil
	}})
	// Spark prints the unary math functions in upper case (its UnaryMathExpression
	// names), except ln.
	mathFn := func(name string, f func(float64) float64) {
		display := strings.ToUpper(name)
		if name == "ln" {
			display = "ln"
		}
		r.AddScalar(&ScalarFunc{Name: name, Display: func(a []string) string { return display + "(" + strings.Join(a, ", ") + ")" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
			if len(args) != 1 {
				return nil, wrongArgs(name, "1", len(args))
			}
			if !types.IsNumeric(args[0]) && args[0] != types.Null && args[0] != types.String {
				return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", "first", "requiredType", `"DOUBLE"`, "inputSql", "", "inputType", typeSQL(args[0]))
			}
			return &Bound{ArgTypes: []types.DataType{types.Double}, Result: types.Double, NullIntolerant: true, Kernel: floatMap(f)}, nil
		}})
	}
	mathFn("sqrt", math.Sqrt)
	mathFn("exp", math.Exp)
	mathFn("ln", logOrNull(math.Log))
	mathFn("log10", logOrNull(math.Log10))
	mathFn("log2", logOrNull(math.Log2))
	mathFn("sin", math.Sin)
	mathFn("cos", math.Cos)
	mathFn("tan", math.Tan)
	r.AddScalar(&ScalarFunc{Name: "abs", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 || rank(args[0]) <= 0 {
			return nil, wrongArgs("abs", "1", len(args))
		}
		t := args[0]
		return &Bound{ArgTypes: args, Result: t, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			b := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
			defer b.Release()
			for i := 0; i < n; i++ {
				if arr.IsNull(i) {
					b.AppendNull()
					continue
				}
				if types.IsIntegral(t) {
					v := intAt(arr, i)
					lo, _ := intRange(t)
					if v == lo && ec.ANSI {
						return nil, overflowError("-", t)
					}
					if v < 0 {
						v = wrap(-v, t)
					}
					appendInt(b, v)
				} else {
					appendFloat(b, math.Abs(floatAt(arr, i)))
				}
			}
			return b.NewArray(), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "power", Display: func(a []string) string { return "POWER(" + strings.Join(a, ", ") + ")" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 2 {
			return nil, wrongArgs("power", "2", len(args))
		}
		return &Bound{ArgTypes: []types.DataType{types.Double, types.Double}, Result: types.Double, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewFloat64Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if anyNull(arrs, i) {
					b.AppendNull()
				} else {
					b.Append(math.Pow(floatAt(arrs[0], i), floatAt(arrs[1], i)))
				}
			}
			return b.NewArray(), nil
		}}, nil
	}}, "pow")
	for _, name := range []string{"floor", "ceil"} {
		f := math.Floor
		if name == "ceil" {
			f = math.Ceil
		}
		upper := strings.ToUpper(name)
		r.AddScalar(&ScalarFunc{Name: name, Display: func(a []string) string { return upper + "(" + strings.Join(a, ", ") + ")" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
			if len(args) != 1 {
				return nil, wrongArgs(name, "1", len(args))
			}
			if types.IsIntegral(args[0]) {
				return &Bound{ArgTypes: []types.DataType{types.Long}, Result: types.Long, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
					return Materialize(ec, a[0], n)
				}}, nil
			}
			return &Bound{ArgTypes: []types.DataType{types.Double}, Result: types.Long, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
				arr, err := Materialize(ec, a[0], n)
				if err != nil {
					return nil, err
				}
				defer arr.Release()
				b := array.NewInt64Builder(ec.Mem)
				defer b.Release()
				for i := 0; i < n; i++ {
					if arr.IsNull(i) {
						b.AppendNull()
					} else {
						b.Append(int64(f(floatAt(arr, i))))
					}
				}
				return b.NewArray(), nil
			}}, nil
		}}, map[string]string{"ceil": "ceiling"}[name])
	}
	r.AddScalar(&ScalarFunc{Name: "round", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 && len(args) != 2 {
			return nil, wrongArgs("round", "[1, 2]", len(args))
		}
		t := args[0]
		if !types.IsNumeric(t) {
			t = types.Double
		}
		at := []types.DataType{t, types.Integer}[:len(args)]
		return &Bound{ArgTypes: at, Result: t, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
			defer b.Release()
			for i := 0; i < n; i++ {
				if anyNull(arrs, i) {
					b.AppendNull()
					continue
				}
				scale := int64(0)
				if len(arrs) == 2 {
					scale = intAt(arrs[1], i)
				}
				if types.IsIntegral(t) {
					v := intAt(arrs[0], i)
					if scale < 0 {
						p := int64(math.Pow10(int(-scale)))
						q := v / p
						if rem := v % p; rem*2 >= p {
							q++
						} else if rem*2 <= -p {
							q--
						}
						v = q * p
					}
					appendInt(b, v)
					continue
				}
				appendFloat(b, roundHalfUp(floatAt(arrs[0], i), int(scale)))
			}
			return b.NewArray(), nil
		}}, nil
	}})
}

// roundHalfUp rounds as Spark's round on doubles (BigDecimal HALF_UP of the decimal
// representation).
func roundHalfUp(v float64, scale int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	s := JavaFloat(v, 64)
	if strings.ContainsAny(s, "E") {
		p := math.Pow10(scale)
		return math.Round(v*p) / p
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if scale >= len(frac) {
		return v
	}
	digits := []byte(intPart + frac[:max(scale, 0)])
	roundUp := scale >= 0 && frac[scale] >= '5'
	if scale < 0 {
		return math.Round(v*math.Pow10(scale)) / math.Pow10(scale)
	}
	if roundUp {
		i := len(digits) - 1
		for i >= 0 {
			if digits[i] == '9' {
				digits[i] = '0'
				i--
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	ip := string(digits[:len(digits)-scale])
	fp := string(digits[len(digits)-scale:])
	out := ip
	if scale > 0 {
		out += "." + fp
	}
	f, _ := parseFloat(out)
	if neg {
		f = -f
	}
	return f
}

func floatMap(f func(float64) float64) Kernel {
	return func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
		arr, err := Materialize(ec, a[0], n)
		if err != nil {
			return nil, err
		}
		defer arr.Release()
		b := array.NewFloat64Builder(ec.Mem)
		defer b.Release()
		for i := 0; i < n; i++ {
			if arr.IsNull(i) {
				b.AppendNull()
				continue
			}
			v := f(floatAt(arr, i))
			if math.IsNaN(v) && !math.IsNaN(floatAt(arr, i)) {
				b.AppendNull()
				continue
			}
			b.Append(v)
		}
		return b.NewArray(), nil
	}
}

// logOrNull returns NULL (as NaN, which floatMap turns into NULL) for non-positive
// input, as Spark's logarithms do.
func logOrNull(f func(float64) float64) func(float64) float64 {
	return func(v float64) float64 {
		if v <= 0 {
			return math.NaN()
		}
		return f(v)
	}
}

// substring implements Spark's 1-based substring with negative positions counting from
// the end; position 0 is treated as 1.
func substring(s string, pos, length int64) string {
	rs := []rune(s)
	n := int64(len(rs))
	var start int64
	switch {
	case pos > 0:
		start = pos - 1
	case pos < 0:
		start = n + pos
	default:
		start = 0
	}
	end := start + length
	if length < 0 {
		return ""
	}
	if start < 0 {
		start = 0
	}
	if end > n {
		end = n
	}
	if start >= end {
		return ""
	}
	return string(rs[start:end])
}

var regexps sync.Map // cache key → *regexp.Regexp (nil when invalid)

// cachedRegexp compiles expr once per key; patterns are few, rows are many.
func cachedRegexp(key, expr string) *regexp.Regexp {
	if v, ok := regexps.Load(key); ok {
		return v.(*regexp.Regexp)
	}
	re, _ := regexp.Compile(expr)
	regexps.Store(key, re)
	return re
}

// likeMatch implements SQL LIKE with % and _ and backslash escapes.
func likeMatch(s, pat string) bool {
	re := cachedRegexp("like:"+pat, likeRegexp(pat))
	return re != nil && re.MatchString(s)
}

func likeRegexp(pat string) string {
	var re strings.Builder
	re.WriteString("(?s)^")
	for i := 0; i < len(pat); {
		r, size := utf8.DecodeRuneInString(pat[i:])
		i += size
		switch r {
		case '\\':
			if i < len(pat) {
				r2, size2 := utf8.DecodeRuneInString(pat[i:])
				i += size2
				re.WriteString(regexp.QuoteMeta(string(r2)))
			}
		case '%':
			re.WriteString(".*")
		case '_':
			re.WriteString(".")
		default:
			re.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	re.WriteString("$")
	return re.String()
}
