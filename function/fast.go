package function

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// Typed fast paths for the hottest kernels: bigint and double arithmetic and
// comparisons, over columns or constants, computed in plain loops over the value
// slices and appended in bulk.

// int64Operand is a bigint column or constant.
type int64Operand struct {
	vals  []int64
	arr   arrow.Array
	c     int64
	isC   bool
	nullC bool
}

func int64Of(d Datum) (int64Operand, bool) {
	if d.Scalar != nil {
		if d.Scalar.Value == nil {
			return int64Operand{isC: true, nullC: true}, true
		}
		v, ok := d.Scalar.Value.(int64)
		return int64Operand{c: v, isC: true}, ok
	}
	a, ok := d.Array.(*array.Int64)
	if !ok {
		return int64Operand{}, false
	}
	return int64Operand{vals: a.Int64Values(), arr: a}, true
}

func (o int64Operand) at(i int) int64 {
	if o.isC {
		return o.c
	}
	return o.vals[i]
}

func (o int64Operand) null(i int) bool {
	if o.isC {
		return o.nullC
	}
	return o.arr.IsNull(i)
}

func (o int64Operand) mayBeNull() bool {
	if o.isC {
		return o.nullC
	}
	return o.arr.NullN() > 0
}

// validity returns nil when no row is NULL, else the per-row validity.
func validity(n int, ops ...interface {
	mayBeNull() bool
	null(int) bool
}) []bool {
	any := false
	for _, o := range ops {
		any = any || o.mayBeNull()
	}
	if !any {
		return nil
	}
	v := make([]bool, n)
	for i := range v {
		ok := true
		for _, o := range ops {
			if o.null(i) {
				ok = false
				break
			}
		}
		v[i] = ok
	}
	return v
}

// fastInt64Arith computes + - * % over bigints; ok is false when the inputs are not
// plain bigint columns or constants.
func fastInt64Arith(ec *EvalContext, op string, args []Datum, n int) (arrow.Array, bool, error) {
	x, ok1 := int64Of(args[0])
	y, ok2 := int64Of(args[1])
	if !ok1 || !ok2 {
		return nil, false, nil
	}
	valid := validity(n, x, y)
	out := make([]int64, n)
	for i := 0; i < n; i++ {
		if valid != nil && !valid[i] {
			continue
		}
		a, b := x.at(i), y.at(i)
		var v int64
		var of bool
		switch op {
		case "+":
			v, of = addOverflow(a, b)
		case "-":
			v, of = subOverflow(a, b)
		case "*":
			v, of = mulOverflow(a, b)
		case "%":
			if b == 0 {
				if ec.ANSI {
					return nil, true, divideByZero("%")
				}
				if valid == nil {
					valid = make([]bool, n)
					for k := range valid {
						valid[k] = true
					}
				}
				valid[i] = false
				continue
			}
			if b != -1 {
				v = a % b
			}
		}
		if of {
			if ec.ANSI {
				return nil, true, overflowError(op, types.Long)
			}
		}
		out[i] = v
	}
	bld := array.NewInt64Builder(ec.Mem)
	defer bld.Release()
	bld.AppendValues(out, valid)
	return bld.NewArray(), true, nil
}

// float64Operand is a double column or constant.
type float64Operand struct {
	vals  []float64
	arr   arrow.Array
	c     float64
	isC   bool
	nullC bool
}

func float64Of(d Datum) (float64Operand, bool) {
	if d.Scalar != nil {
		if d.Scalar.Value == nil {
			return float64Operand{isC: true, nullC: true}, true
		}
		v, ok := d.Scalar.Value.(float64)
		return float64Operand{c: v, isC: true}, ok
	}
	a, ok := d.Array.(*array.Float64)
	if !ok {
		return float64Operand{}, false
	}
	return float64Operand{vals: a.Float64Values(), arr: a}, true
}

func (o float64Operand) at(i int) float64 {
	if o.isC {
		return o.c
	}
	return o.vals[i]
}
func (o float64Operand) null(i int) bool {
	if o.isC {
		return o.nullC
	}
	return o.arr.IsNull(i)
}
func (o float64Operand) mayBeNull() bool {
	if o.isC {
		return o.nullC
	}
	return o.arr.NullN() > 0
}

func fastFloat64Arith(ec *EvalContext, op string, args []Datum, n int) (arrow.Array, bool, error) {
	if op == "%" {
		return nil, false, nil
	}
	x, ok1 := float64Of(args[0])
	y, ok2 := float64Of(args[1])
	if !ok1 || !ok2 {
		return nil, false, nil
	}
	valid := validity(n, x, y)
	out := make([]float64, n)
	switch op {
	case "+":
		for i := range out {
			out[i] = x.at(i) + y.at(i)
		}
	case "-":
		for i := range out {
			out[i] = x.at(i) - y.at(i)
		}
	case "*":
		for i := range out {
			out[i] = x.at(i) * y.at(i)
		}
	default:
		return nil, false, nil
	}
	bld := array.NewFloat64Builder(ec.Mem)
	defer bld.Release()
	bld.AppendValues(out, valid)
	return bld.NewArray(), true, nil
}

// fastCompare compares bigints or doubles; ok is false for other inputs.
func fastCompare(ec *EvalContext, test func(int) bool, args []Datum, n int) (arrow.Array, bool) {
	out := make([]bool, n)
	var valid []bool
	if x, ok1 := int64Of(args[0]); ok1 {
		y, ok2 := int64Of(args[1])
		if !ok2 {
			return nil, false
		}
		valid = validity(n, x, y)
		for i := range out {
			a, b := x.at(i), y.at(i)
			c := 0
			if a < b {
				c = -1
			} else if a > b {
				c = 1
			}
			out[i] = test(c)
		}
	} else if x, ok1 := float64Of(args[0]); ok1 {
		y, ok2 := float64Of(args[1])
		if !ok2 {
			return nil, false
		}
		valid = validity(n, x, y)
		for i := range out {
			out[i] = test(compareFloat(x.at(i), y.at(i)))
		}
	} else {
		return nil, false
	}
	bld := array.NewBooleanBuilder(ec.Mem)
	defer bld.Release()
	bld.AppendValues(out, valid)
	return bld.NewArray(), true
}

var _ = math.NaN
