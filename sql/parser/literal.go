package parser

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

var (
	minTinyInt  = big.NewRat(-128, 1)
	maxTinyInt  = big.NewRat(127, 1)
	minSmallInt = big.NewRat(-32768, 1)
	maxSmallInt = big.NewRat(32767, 1)
	minInt      = big.NewRat(-2147483648, 1)
	maxInt      = big.NewRat(2147483647, 1)
	minBigInt   = new(big.Rat).SetInt64(-9223372036854775808)
	maxBigInt   = new(big.Rat).SetInt64(9223372036854775807)
	maxDouble   = mustRat("1.7976931348623157e308")
	maxFloat    = mustRat("3.4028234663852886e38")
)

func mustRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad constant " + s)
	}
	return r
}

// parseNumber builds a numeric literal from the current token; start is the token
// where the literal begins (a '-' already consumed, or the number itself).
func (p *parser) parseNumber(start token) (ast.Expr, error) {
	t := p.next()
	neg := isOpTok(start, "-")
	raw := t.text
	if neg {
		raw = "-" + t.text
	}
	digits := t.text
	kind := ast.IntLit
	switch t.kind {
	case tBigInt, tSmallInt, tTinyInt, tFloat, tDouble:
		digits = digits[:len(digits)-1]
	case tBigDecimal:
		digits = digits[:len(digits)-2]
	}
	value := digits
	if neg {
		value = "-" + digits
	}
	lit := &ast.Literal{Loc: p.loc(start), Value: value, Raw: raw}
	r, ok := new(big.Rat).SetString(value)
	if !ok {
		return nil, p.syntaxErrorAt(t, "")
	}
	rangeErr := func(typeName, min, max string) error {
		return p.fragmentError("INVALID_NUMERIC_LITERAL_RANGE", start.pos,
			"rawStrippedQualifier", value, "minValue", min, "maxValue", max, "typeName", typeName)
	}
	outside := func(lo, hi *big.Rat) bool { return r.Cmp(lo) < 0 || r.Cmp(hi) > 0 }
	switch t.kind {
	case tInteger:
		switch {
		case !outside(minInt, maxInt):
			kind = ast.IntLit
		case !outside(minBigInt, maxBigInt):
			kind = ast.BigIntLit
		default:
			kind = ast.DecimalLit
		}
	case tBigInt:
		kind = ast.BigIntLit
		if outside(minBigInt, maxBigInt) {
			return nil, rangeErr("bigint", "-9223372036854775808", "9223372036854775807")
		}
	case tSmallInt:
		kind = ast.SmallIntLit
		if outside(minSmallInt, maxSmallInt) {
			return nil, rangeErr("smallint", "-32768", "32767")
		}
	case tTinyInt:
		kind = ast.TinyIntLit
		if outside(minTinyInt, maxTinyInt) {
			return nil, rangeErr("tinyint", "-128", "127")
		}
	case tExponent, tDouble:
		kind = ast.DoubleLit
		if new(big.Rat).Abs(r).Cmp(maxDouble) > 0 {
			return nil, rangeErr("double", "-1.7976931348623157E+308", "1.7976931348623157E+308")
		}
	case tFloat:
		kind = ast.FloatLit
		if new(big.Rat).Abs(r).Cmp(maxFloat) > 0 {
			return nil, rangeErr("float", "-3.4028234663852886E+38", "3.4028234663852886E+38")
		}
	case tDecimal, tBigDecimal:
		kind = ast.DecimalLit
	}
	lit.Kind = kind
	if kind == ast.DecimalLit {
		if prec := decimalPrecision(digits); prec > 38 && t.kind == tBigDecimal {
			return nil, p.fragmentError("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", start.pos,
				"precision", strconv.Itoa(prec), "maxPrecision", "38")
		} else if prec > 38 {
			e := newError(p.sql, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", ast.Pos{}, -1,
				"precision", strconv.Itoa(prec), "maxPrecision", "38")
			return nil, e.withoutContext()
		}
	}
	return lit, nil
}

// decimalPrecision is the precision of the DecimalType Spark gives a decimal literal:
// the digits of the unscaled value, widened to cover a positive scale, and to hold
// the zeros of a negative scale (which Spark does not keep).
func decimalPrecision(text string) int {
	mant, exp := text, 0
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		mant = text[:i]
		exp, _ = strconv.Atoi(strings.TrimPrefix(text[i+1:], "+"))
	}
	scale := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		scale = len(mant) - i - 1
		mant = mant[:i] + mant[i+1:]
	}
	scale -= exp
	mant = strings.TrimLeft(mant, "0")
	prec := len(mant)
	if prec == 0 {
		prec = 1
	}
	if scale < 0 {
		prec -= scale
		scale = 0
	}
	if scale > prec {
		prec = scale
	}
	return prec
}

// parseTypedLiteral parses TYPE 'value' for the current word; types other than the
// ones Spark supports fail with UNSUPPORTED_TYPED_LITERAL.
func (p *parser) parseTypedLiteral() (ast.Expr, error) {
	t := p.next()
	val, err := p.parseStringLit()
	if err != nil {
		return nil, err
	}
	typ := t.upper
	if !typedLiteralTypes[typ] {
		return nil, p.fragmentError("UNSUPPORTED_TYPED_LITERAL", t.pos,
			"unsupportedType", `"`+typ+`"`,
			"supportedTypes", `"DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X", "TIME"`)
	}
	if typ == "X" {
		for _, c := range val {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return nil, p.fragmentError("INVALID_TYPED_LITERAL", t.pos, "valueType", `"X"`, "value", ast.QuoteString(val))
			}
		}
	}
	return &ast.TypedLiteral{Loc: p.loc(t), Type: typ, Value: val, Raw: p.sql[t.pos.Offset:p.prevEnd()]}, nil
}

// parseInterval parses INTERVAL value unit [value unit ...] or
// INTERVAL value unit TO unit, or INTERVAL 'string' without units.
func (p *parser) parseInterval() (ast.Expr, error) {
	start := p.next()
	lit := &ast.IntervalLit{}
	for {
		partStart := p.cur()
		sign := ""
		if p.isOp("-") || p.isOp("+") {
			sign = p.next().op
		}
		part := &ast.IntervalPart{}
		switch t := p.cur(); {
		case isStringTok(t):
			v, err := p.parseStringLits()
			if err != nil {
				return nil, err
			}
			part.Sign, part.Value, part.IsString = sign, v, true
		case t.kind == tInteger || t.kind == tDecimal:
			p.next()
			part.Sign, part.Value = sign, t.text
		default:
			if len(lit.Parts) > 0 && sign == "" {
				lit.Loc = p.loc(start)
				lit.Raw = p.sql[start.pos.Offset:p.prevEnd()]
				return p.checkIntervalUnits(lit)
			}
			return nil, p.unexpected()
		}
		unit := p.cur()
		if unit.kind != tWord || !intervalUnits[unit.upper] {
			if len(lit.Parts) == 0 && part.IsString && sign == "" {
				// INTERVAL 'string' is a typed literal.
				return &ast.TypedLiteral{Loc: p.loc(start), Type: "INTERVAL", Value: part.Value, Raw: p.sql[start.pos.Offset:p.prevEnd()]}, nil
			}
			if len(lit.Parts) > 0 {
				// The value belongs to what follows; stop before it.
				p.i = p.indexOf(partStart)
				lit.Loc = p.loc(start)
				lit.Raw = p.sql[start.pos.Offset:p.prevEnd()]
				return p.checkIntervalUnits(lit)
			}
			return nil, p.unexpected()
		}
		p.next()
		part.Unit = unit.upper
		part.Loc = p.loc(partStart)
		lit.Parts = append(lit.Parts, part)
		if len(lit.Parts) == 1 && p.isWord("TO") && intervalToUnits[unit.upper] {
			p.next()
			to := p.cur()
			if to.kind != tWord || !intervalToUnits[to.upper] {
				return nil, p.unexpected()
			}
			p.next()
			lit.To = to.upper
			break
		}
		if !(isStringTok(p.cur()) || p.cur().kind == tInteger || p.cur().kind == tDecimal ||
			(p.isOp("-") || p.isOp("+")) && (isStringTok(p.peek(1)) || p.peek(1).kind == tInteger || p.peek(1).kind == tDecimal)) {
			break
		}
	}
	lit.Loc = p.loc(start)
	lit.Raw = p.sql[start.pos.Offset:p.prevEnd()]
	return p.checkIntervalUnits(lit)
}

// checkIntervalUnits rejects literals that mix year-month and day-time units.
func (p *parser) checkIntervalUnits(lit *ast.IntervalLit) (ast.Expr, error) {
	ym, dt := false, false
	for _, part := range lit.Parts {
		switch part.Unit {
		case "YEAR", "YEARS", "MONTH", "MONTHS":
			ym = true
		default:
			dt = true
		}
	}
	if ym && dt && lit.To == "" {
		return nil, newError(p.sql, "_LEGACY_ERROR_TEMP_0029", lit.Start, lit.End, "literal", lit.Raw)
	}
	return lit, nil
}

// indexOf returns the index of a token previously read from the stream.
func (p *parser) indexOf(t token) int {
	for k := p.i; k >= 0; k-- {
		if p.toks[k].pos.Offset == t.pos.Offset {
			return k
		}
	}
	return p.i
}
