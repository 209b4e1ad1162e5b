package function

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerPrintf(r *Registry) {
	r.AddScalar(formatNumber())
	r.AddScalar(formatString("format_string"))
	r.AddScalar(formatString("printf"))
}

// exactRat is the exact value of a numeric value (the binary value of a double).
func exactRat(a arrow.Array, i int, t types.DataType) (*big.Rat, bool) {
	switch x := a.(type) {
	case *array.Float32, *array.Float64:
		f := floatAt(x, i)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(f), true
	case *array.Decimal128:
		return new(big.Rat).SetFrac(decimalAt(a, i), pow10(t.(types.DecimalType).Scale)), true
	}
	return new(big.Rat).SetInt64(intAt(a, i)), true
}

// groupThousands inserts commas into a string of digits.
func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// formatNumber is format_number(x, d): x rounded HALF_EVEN to d decimal places with
// thousands separators, as Java's DecimalFormat "#,###,###,##0.00..." prints it.
func formatNumber() *ScalarFunc {
	return &ScalarFunc{Name: "format_number", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("format_number", args, 2); err != nil {
			return nil, err
		}
		t := args[0]
		if t == types.Null {
			t = tDouble
		}
		if !types.IsNumeric(t) {
			return nil, typeMismatchNamed(0, `"NUMERIC"`, args[0])
		}
		if args[1] == types.String {
			return nil, sqlerr.Unsupported("format_number with a format string")
		}
		if !implicitCast(args[1], tInt, ansi) {
			return nil, typeMismatchNamed(1, `("INT" or "STRING")`, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{t, tInt}, Result: tString, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			d := intAt(a[1], i)
			if d < 0 {
				b.AppendNull()
				return nil
			}
			x, ok := exactRat(a[0], i, t)
			if !ok {
				f := floatAt(a[0], i)
				switch {
				case math.IsNaN(f):
					appendStr(b, "NaN")
				case f > 0:
					appendStr(b, "∞")
				default:
					appendStr(b, "-∞")
				}
				return nil
			}
			neg := x.Sign() < 0
			if f, isFloat := a[0].(*array.Float64); isFloat && math.Signbit(f.Value(i)) {
				neg = true
			}
			s := roundRat(new(big.Rat).Abs(x), int(d), true).FloatString(int(d))
			intPart, frac, _ := strings.Cut(s, ".")
			out := groupThousands(intPart)
			if d > 0 {
				out += "." + frac
			}
			if neg {
				out = "-" + out
			}
			appendStr(b, out)
			return nil
		})}, nil
	}}
}

// fmtArg is one argument of format_string as the JVM object Spark passes to
// java.util.Formatter.
type fmtArg struct {
	v        any    // nil, bool, int64, float64, string or *big.Rat (Spark Decimal)
	javaType string // the JVM class, for error messages and hex widths
	text     string // toString of decimals
}

func fmtArgOf(a arrow.Array, i int, t types.DataType) fmtArg {
	if isNull(a, i) {
		return fmtArg{}
	}
	switch x := a.(type) {
	case *array.Boolean:
		return fmtArg{v: x.Value(i), javaType: "java.lang.Boolean"}
	case *array.Int8:
		return fmtArg{v: intAt(a, i), javaType: "java.lang.Byte"}
	case *array.Int16:
		return fmtArg{v: intAt(a, i), javaType: "java.lang.Short"}
	case *array.Int32, *array.Date32:
		return fmtArg{v: intAt(a, i), javaType: "java.lang.Integer"}
	case *array.Int64, *array.Timestamp:
		return fmtArg{v: intAt(a, i), javaType: "java.lang.Long"}
	case *array.Float32:
		return fmtArg{v: floatAt(a, i), javaType: "java.lang.Float"}
	case *array.Float64:
		return fmtArg{v: x.Value(i), javaType: "java.lang.Double"}
	case *array.String:
		return fmtArg{v: x.Value(i), javaType: "org.apache.spark.unsafe.types.UTF8String"}
	case *array.Decimal128:
		dt := t.(types.DecimalType)
		return fmtArg{v: new(big.Rat).SetFrac(decimalAt(a, i), pow10(dt.Scale)), javaType: "org.apache.spark.sql.types.Decimal", text: x.Value(i).ToString(dt.Scale)}
	}
	return fmtArg{v: a.ValueStr(i), javaType: "java.lang.Object"}
}

// formatString is format_string(fmt, args...) (and printf): java.util.Formatter over
// the arguments.
func formatString(name string) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := minArgs(name, args, 1); err != nil {
			return nil, err
		}
		if !implicitCast(args[0], tString, ansi) {
			return nil, typeMismatch(0, tString, args[0])
		}
		at := append([]types.DataType{tString}, args[1:]...)
		return &Bound{ArgTypes: at, Result: tString, Kernel: rowKernelNulls(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if isNull(a[0], i) {
				b.AppendNull()
				return nil
			}
			fa := make([]fmtArg, len(a)-1)
			for k := range fa {
				fa[k] = fmtArgOf(a[k+1], i, at[k+1])
			}
			s, err := javaFormat(strAt(a[0], i), fa)
			if err != nil {
				return err
			}
			appendStr(b, s)
			return nil
		})}, nil
	}}
}

func formatException(class, msg string) error {
	return sqlerr.Classless("java.util."+class, msg)
}

// javaFormat implements the common part of java.util.Formatter: %[index$][flags]
// [width][.precision]conversion with conversions s S b B c d o x X e E f g G % n.
func javaFormat(format string, args []fmtArg) (string, error) {
	var out strings.Builder
	next := 0
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			out.WriteByte(c)
			i++
			continue
		}
		start := i
		i++
		// argument index
		index := -1
		j := i
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		if j < len(format) && format[j] == '$' && j > i {
			n, _ := strconv.Atoi(format[i:j])
			index = n - 1
			i = j + 1
		}
		flags := ""
		for i < len(format) && strings.IndexByte("-#+ 0,(", format[i]) >= 0 {
			flags += string(format[i])
			i++
		}
		width := -1
		j = i
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		if j > i {
			width, _ = strconv.Atoi(format[i:j])
			i = j
		}
		prec := -1
		if i < len(format) && format[i] == '.' {
			j = i + 1
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			prec, _ = strconv.Atoi(format[i+1 : j])
			i = j
		}
		if i >= len(format) {
			return "", formatException("UnknownFormatConversionException", "Conversion = '%'")
		}
		conv := format[i]
		i++
		spec := format[start:i]
		if strings.Contains(flags, "-") && width < 0 {
			return "", formatException("MissingFormatWidthException", spec)
		}
		switch conv {
		case '%':
			out.WriteString(pad("%", width, strings.Contains(flags, "-")))
			continue
		case 'n':
			out.WriteString("\n")
			continue
		}
		var arg fmtArg
		if index >= 0 {
			if index >= len(args) {
				return "", formatException("MissingFormatArgumentException", "Format specifier '"+spec+"'")
			}
			arg = args[index]
		} else {
			if next >= len(args) {
				return "", formatException("MissingFormatArgumentException", "Format specifier '"+spec+"'")
			}
			arg = args[next]
			next++
		}
		s, err := formatOne(conv, flags, width, prec, arg)
		if err != nil {
			return "", err
		}
		out.WriteString(s)
	}
	return out.String(), nil
}

// pad pads s with spaces to width characters, on the right when left-justified.
func pad(s string, width int, left bool) string {
	n := utf8.RuneCountInString(s)
	if width <= n {
		return s
	}
	fill := strings.Repeat(" ", width-n)
	if left {
		return s + fill
	}
	return fill + s
}

func formatOne(conv byte, flags string, width, prec int, arg fmtArg) (string, error) {
	left := strings.Contains(flags, "-")
	mismatch := func() error {
		return formatException("IllegalFormatConversionException", string(conv)+" != "+arg.javaType)
	}
	upper := conv >= 'A' && conv <= 'Z'
	var s string
	switch conv | 0x20 {
	case 's':
		switch v := arg.v.(type) {
		case nil:
			s = "null"
		case bool:
			s = strconv.FormatBool(v)
		case int64:
			s = strconv.FormatInt(v, 10)
		case float64:
			bitsize := 64
			if arg.javaType == "java.lang.Float" {
				bitsize = 32
			}
			s = JavaFloat(v, bitsize)
		case string:
			s = v
		case *big.Rat:
			s = arg.text
		}
		if prec >= 0 && prec < utf8.RuneCountInString(s) {
			s = string([]rune(s)[:prec])
		}
	case 'b':
		s = "true"
		switch v := arg.v.(type) {
		case nil:
			s = "false"
		case bool:
			s = strconv.FormatBool(v)
		}
		if prec >= 0 && prec < len(s) {
			s = s[:prec]
		}
	case 'c':
		if arg.v == nil {
			s = "null"
			break
		}
		v, ok := arg.v.(int64)
		if !ok || arg.javaType == "java.lang.Long" {
			return "", mismatch()
		}
		s = string(rune(v))
	case 'd', 'o', 'x':
		if arg.v == nil {
			s = "null"
			break
		}
		v, ok := arg.v.(int64)
		if !ok {
			return "", mismatch()
		}
		if conv|0x20 == 'd' {
			return formatSigned(strconv.FormatUint(uint64(absInt64(v)), 10), v < 0, flags, width, true), nil
		}
		u := uint64(v)
		if v < 0 {
			switch arg.javaType {
			case "java.lang.Byte":
				u &= 0xFF
			case "java.lang.Short":
				u &= 0xFFFF
			case "java.lang.Integer":
				u &= 0xFFFFFFFF
			}
		}
		base := 16
		prefix := "0x"
		if conv == 'o' {
			base, prefix = 8, "0"
		}
		s = strconv.FormatUint(u, base)
		if strings.Contains(flags, "#") {
			s = prefix + s
		}
		if strings.Contains(flags, "0") && width > len(s) {
			s = strings.Repeat("0", width-len(s)) + s
		}
	case 'e', 'f', 'g':
		if arg.v == nil {
			s = "null"
			break
		}
		v, ok := arg.v.(float64)
		if !ok {
			return "", mismatch()
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			s = "NaN"
			if math.IsInf(v, 1) {
				s = "Infinity"
				if strings.Contains(flags, "+") {
					s = "+Infinity"
				}
			} else if math.IsInf(v, -1) {
				s = "-Infinity"
			}
			break
		}
		if prec < 0 {
			prec = 6
		}
		digits := javaFloatDigits(v)
		var body string
		switch conv | 0x20 {
		case 'f':
			body = fixedDigits(digits, prec)
			if strings.Contains(flags, ",") {
				ip, fp, found := strings.Cut(body, ".")
				body = groupThousands(ip)
				if found {
					body += "." + fp
				}
			}
		case 'e':
			body = sciDigits(digits, prec)
		case 'g':
			if prec == 0 {
				prec = 1
			}
			ax := new(big.Rat).Abs(digits)
			low := big.NewRat(1, 10000)
			high := new(big.Rat).SetInt(pow10(int32(prec)))
			rounded := roundSig(ax, prec)
			if rounded.Sign() != 0 && (rounded.Cmp(low) < 0 || rounded.Cmp(high) >= 0) {
				body = sciDigits(digits, prec-1)
			} else {
				e := decimalExponent(rounded)
				body = fixedDigits(digits, max(prec-(e+1), 0))
			}
		}
		neg := v < 0 || (v == 0 && math.Signbit(v))
		s = formatSigned(body, neg, flags, width, false)
		if upper {
			s = strings.ToUpper(s)
		}
		return s, nil
	default:
		return "", formatException("UnknownFormatConversionException", "Conversion = '"+string(conv)+"'")
	}
	if upper {
		s = strings.ToUpper(s)
	}
	return pad(s, width, left), nil
}

func absInt64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// formatSigned applies the sign, grouping, zero padding, parentheses and width of a
// numeric conversion to the digits of its magnitude.
func formatSigned(digits string, neg bool, flags string, width int, group bool) string {
	if group && strings.Contains(flags, ",") {
		digits = groupThousands(digits)
	}
	prefix, suffix := "", ""
	switch {
	case neg && strings.Contains(flags, "("):
		prefix, suffix = "(", ")"
	case neg:
		prefix = "-"
	case strings.Contains(flags, "+"):
		prefix = "+"
	case strings.Contains(flags, " "):
		prefix = " "
	}
	if strings.Contains(flags, "0") {
		if n := width - len(prefix) - len(suffix) - len(digits); n > 0 {
			digits = strings.Repeat("0", n) + digits
		}
	}
	return pad(prefix+digits+suffix, width, strings.Contains(flags, "-"))
}

// javaFloatDigits is the decimal value of Double.toString(v), which Formatter rounds.
func javaFloatDigits(v float64) *big.Rat {
	x, _ := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	return x
}

// fixedDigits prints |x| rounded HALF_UP to prec decimals.
func fixedDigits(x *big.Rat, prec int) string {
	return roundRat(new(big.Rat).Abs(x), prec, false).FloatString(prec)
}

// decimalExponent is floor(log10(x)) for x > 0 (0 for 0).
func decimalExponent(x *big.Rat) int {
	if x.Sign() == 0 {
		return 0
	}
	e := 0
	y := new(big.Rat).Set(x)
	ten := big.NewRat(10, 1)
	one := big.NewRat(1, 1)
	for y.Cmp(ten) >= 0 {
		y.Quo(y, ten)
		e++
	}
	for y.Cmp(one) < 0 {
		y.Mul(y, ten)
		e--
	}
	return e
}

// roundSig rounds x > 0 HALF_UP to n significant digits.
func roundSig(x *big.Rat, n int) *big.Rat {
	if x.Sign() == 0 {
		return x
	}
	return roundRat(x, n-1-decimalExponent(x), false)
}

// sciDigits prints |x| as d.ddd e±XX with prec decimals, HALF_UP.
func sciDigits(x *big.Rat, prec int) string {
	ax := new(big.Rat).Abs(x)
	if ax.Sign() == 0 {
		return fixedDigits(ax, prec) + "e+00"
	}
	r := roundSig(ax, prec+1)
	e := decimalExponent(r)
	m := new(big.Rat).Set(r)
	if e >= 0 {
		m.Quo(m, new(big.Rat).SetInt(pow10(int32(e))))
	} else {
		m.Mul(m, new(big.Rat).SetInt(pow10(int32(-e))))
	}
	sign := "+"
	if e < 0 {
		sign, e = "-", -e
	}
	exp := strconv.Itoa(e)
	if len(exp) < 2 {
		exp = "0" + exp
	}
	return m.FloatString(prec) + "e" + sign + exp
}
