package exec

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// SparkHash folds the Spark Murmur3 hash of every row of col into hashes, as Spark's
// Murmur3Hash expression does for one of its arguments: hashes[i] = hash(col[i],
// hashes[i]), and NULL leaves hashes[i] unchanged. Start with hashes filled with
// SparkHashSeed and call it once per column, in order, to get hash(c1, c2, ...).
func SparkHash(col arrow.Array, hashes []uint32) error {
	if col.Len() != len(hashes) {
		return fmt.Errorf("exec: hash of %d rows into %d hashes", col.Len(), len(hashes))
	}
	switch a := col.(type) {
	case *array.Null:
		return nil
	case *array.Boolean:
		for i := range hashes {
			if a.IsValid(i) {
				v := int32(0)
				if a.Value(i) {
					v = 1
				}
				hashes[i] = HashInt(v, hashes[i])
			}
		}
	case *array.Int8:
		hashIntLike(a, a.Int8Values(), hashes)
	case *array.Int16:
		hashIntLike(a, a.Int16Values(), hashes)
	case *array.Int32:
		hashIntLike(a, a.Int32Values(), hashes)
	case *array.Date32:
		hashIntLike(a, a.Date32Values(), hashes)
	case *array.Int64:
		hashLongLike(a, a.Int64Values(), hashes)
	case *array.Timestamp:
		hashLongLike(a, a.TimestampValues(), hashes)
	case *array.Duration:
		hashLongLike(a, a.DurationValues(), hashes)
	case *array.MonthInterval:
		hashIntLike(a, a.MonthIntervalValues(), hashes)
	case *array.Float32:
		vs := a.Float32Values()
		for i := range hashes {
			if a.IsValid(i) {
				hashes[i] = HashFloat(vs[i], hashes[i])
			}
		}
	case *array.Float64:
		vs := a.Float64Values()
		for i := range hashes {
			if a.IsValid(i) {
				hashes[i] = HashDouble(vs[i], hashes[i])
			}
		}
	case *array.String:
		for i := range hashes {
			if a.IsValid(i) {
				hashes[i] = HashString(a.Value(i), hashes[i])
			}
		}
	case *array.Binary:
		for i := range hashes {
			if a.IsValid(i) {
				hashes[i] = HashBytes(a.Value(i), hashes[i])
			}
		}
	case *array.Decimal128:
		prec := a.DataType().(*arrow.Decimal128Type).Precision
		vs := a.Values()
		for i := range hashes {
			if !a.IsValid(i) {
				continue
			}
			if prec <= 18 {
				hashes[i] = HashLong(int64(vs[i].LowBits()), hashes[i])
			} else {
				hashes[i] = HashBytes(javaBigIntegerBytes(vs[i]), hashes[i])
			}
		}
	default:
		return fmt.Errorf("exec: hashing of %s is not supported yet", col.DataType())
	}
	return nil
}

func hashIntLike[T int8 | int16 | int32 | arrow.Date32 | arrow.MonthInterval](a arrow.Array, vs []T, hashes []uint32) {
	if a.NullN() == 0 {
		for i, v := range vs[:len(hashes)] {
			hashes[i] = HashInt(int32(v), hashes[i])
		}
		return
	}
	valid := validOf(a)
	for i, v := range vs[:len(hashes)] {
		if valid.ok(i) {
			hashes[i] = HashInt(int32(v), hashes[i])
		}
	}
}

func hashLongLike[T int64 | arrow.Timestamp | arrow.Duration](a arrow.Array, vs []T, hashes []uint32) {
	if a.NullN() == 0 {
		for i, v := range vs[:len(hashes)] {
			hashes[i] = HashLong(int64(v), hashes[i])
		}
		return
	}
	valid := validOf(a)
	for i, v := range vs[:len(hashes)] {
		if valid.ok(i) {
			hashes[i] = HashLong(int64(v), hashes[i])
		}
	}
}

// javaBigIntegerBytes returns Java's BigInteger.toByteArray of n: the shortest big-endian
// two's-complement encoding.
func javaBigIntegerBytes(n decimal128.Num) []byte {
	var b [16]byte
	hi, lo := uint64(n.HighBits()), n.LowBits()
	for i := 0; i < 8; i++ {
		b[i] = byte(hi >> (56 - 8*i))
		b[8+i] = byte(lo >> (56 - 8*i))
	}
	// Drop leading bytes that only repeat the sign.
	i := 0
	for i < 15 {
		if b[i] == 0x00 && b[i+1]&0x80 == 0 || b[i] == 0xff && b[i+1]&0x80 != 0 {
			i++
			continue
		}
		break
	}
	return b[i:]
}
