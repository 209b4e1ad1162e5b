package function

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"math"
	"math/big"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// sparkHashSeed is the seed of hash() and xxhash64().
const sparkHashSeed = 42

func registerHash(r *Registry) {
	digest := func(name string, f func([]byte) []byte) {
		r.AddScalar(binaryFunc(name, tString, func(b []byte) any { return hex.EncodeToString(f(b)) }))
	}
	digest("md5", func(b []byte) []byte { s := md5.Sum(b); return s[:] })
	digest("sha1", func(b []byte) []byte { s := sha1.Sum(b); return s[:] })
	digest("sha", func(b []byte) []byte { s := sha1.Sum(b); return s[:] })
	r.AddScalar(binaryFunc("crc32", tLong, func(b []byte) any { return int64(crc32.ChecksumIEEE(b)) }))
	r.AddScalar(&ScalarFunc{Name: "sha2", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("sha2", args, 2); err != nil {
			return nil, err
		}
		t, err := bytesArg(args[0], 0)
		if err != nil {
			return nil, err
		}
		if !implicitCast(args[1], tInt, ansi) {
			return nil, typeMismatch(1, tInt, args[1])
		}
		return &Bound{ArgTypes: []types.DataType{t, tInt}, Result: tString, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tString, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			data := []byte(strAt(a[0], i))
			var sum []byte
			switch intAt(a[1], i) {
			case 0, 256:
				s := sha256.Sum256(data)
				sum = s[:]
			case 224:
				s := sha256.Sum224(data)
				sum = s[:]
			case 384:
				s := sha512.Sum384(data)
				sum = s[:]
			case 512:
				s := sha512.Sum512(data)
				sum = s[:]
			default:
				b.AppendNull()
				return nil
			}
			appendStr(b, hex.EncodeToString(sum))
			return nil
		})}, nil
	}})
	r.AddScalar(rowHash("hash", types.Integer, func(a arrow.Array, i int, t types.DataType, seed uint64) uint64 {
		return uint64(murmur3Value(a, i, t, uint32(seed)))
	}))
	r.AddScalar(rowHash("xxhash64", types.Long, xxhashValue))
}

// bytesArg accepts a binary argument, or a string (hashed as its UTF-8 bytes).
func bytesArg(t types.DataType, i int) (types.DataType, error) {
	switch t {
	case types.Binary, types.String:
		return t, nil
	case types.Null:
		return types.Binary, nil
	}
	return nil, typeMismatch(i, types.Binary, t)
}

// binaryFunc is a function of one binary (or string) argument.
func binaryFunc(name string, result types.DataType, f func([]byte) any) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount(name, args, 1); err != nil {
			return nil, err
		}
		t, err := bytesArg(args[0], 0)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{t}, Result: result, NullIntolerant: true, Kernel: rowKernel(result, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			switch v := f([]byte(strAt(a[0], i))).(type) {
			case string:
				appendStr(b, v)
			case int64:
				appendInt(b, v)
			}
			return nil
		})}, nil
	}}
}

// rowHash folds the hash of every argument into the next one's seed, starting from 42;
// NULLs leave the seed unchanged.
func rowHash(name string, result types.DataType, h func(a arrow.Array, i int, t types.DataType, seed uint64) uint64) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := minArgs(name, args, 1); err != nil {
			return nil, err
		}
		for i, t := range args {
			if !hashable(t) {
				return nil, typeMismatchNamed(i, `"HASHABLE"`, t)
			}
		}
		argTypes := append([]types.DataType(nil), args...)
		return &Bound{ArgTypes: argTypes, Result: result, Kernel: rowKernelNulls(result, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			seed := uint64(sparkHashSeed)
			for k, x := range a {
				if !isNull(x, i) {
					seed = h(x, i, argTypes[k], seed)
				}
			}
			if result == types.Integer {
				b.(*array.Int32Builder).Append(int32(uint32(seed)))
			} else {
				b.(*array.Int64Builder).Append(int64(seed))
			}
			return nil
		})}, nil
	}}
}

func hashable(t types.DataType) bool {
	switch t := t.(type) {
	case types.ArrayType:
		return hashable(t.Elem)
	case types.StructType:
		for _, f := range t.Fields {
			if !hashable(f.Type) {
				return false
			}
		}
		return true
	case types.MapType:
		return false
	}
	return true
}

// hashInput is what Spark hashes for a value: the 4-byte or 8-byte word of a
// fixed-width value, or the bytes of a variable-width one.
type hashInput struct {
	kind  int // 4, 8 or 0 for bytes
	v     uint64
	bytes []byte
}

// hashInputOf reads the value Spark hashes for row i of a (of Spark type t), for
// atomic types.
func hashInputOf(a arrow.Array, i int, t types.DataType) hashInput {
	switch x := a.(type) {
	case *array.Boolean:
		if x.Value(i) {
			return hashInput{kind: 4, v: 1}
		}
		return hashInput{kind: 4}
	case *array.Int8, *array.Int16, *array.Int32, *array.Date32:
		return hashInput{kind: 4, v: uint64(uint32(int32(intAt(a, i))))}
	case *array.Int64, *array.Timestamp, *array.Duration:
		return hashInput{kind: 8, v: uint64(intAt(a, i))}
	case *array.MonthInterval:
		return hashInput{kind: 4, v: uint64(uint32(x.Value(i)))}
	case *array.Float32:
		f := x.Value(i)
		switch {
		case f == 0:
			return hashInput{kind: 4}
		case f != f:
			return hashInput{kind: 4, v: 0x7fc00000}
		}
		return hashInput{kind: 4, v: uint64(math.Float32bits(f))}
	case *array.Float64:
		f := x.Value(i)
		switch {
		case f == 0:
			return hashInput{kind: 8}
		case f != f:
			return hashInput{kind: 8, v: 0x7ff8000000000000}
		}
		return hashInput{kind: 8, v: math.Float64bits(f)}
	case *array.String:
		return hashInput{bytes: []byte(x.Value(i))}
	case *array.Binary:
		return hashInput{bytes: x.Value(i)}
	case *array.Decimal128:
		dt := t.(types.DecimalType)
		v := x.Value(i)
		if dt.Precision <= 18 {
			return hashInput{kind: 8, v: v.LowBits()}
		}
		return hashInput{bytes: javaBigIntBytes(v.BigInt())}
	}
	return hashInput{bytes: []byte(a.ValueStr(i))}
}

// javaBigIntBytes is BigInteger.toByteArray: minimal big-endian two's complement.
func javaBigIntBytes(v *big.Int) []byte {
	n := v.BitLen()/8 + 1
	out := make([]byte, n)
	if v.Sign() >= 0 {
		v.FillBytes(out)
		return out
	}
	// Two's complement of a negative value over n bytes.
	m := new(big.Int).Lsh(big.NewInt(1), uint(n*8))
	m.Add(m, v)
	m.FillBytes(out)
	return out
}

// nestedHash folds the elements or fields of a nested value; ok is false for atomic
// values.
func nestedHash(a arrow.Array, i int, t types.DataType, seed uint64, h func(arrow.Array, int, types.DataType, uint64) uint64) (uint64, bool) {
	switch x := a.(type) {
	case *array.List:
		et := t.(types.ArrayType).Elem
		start, end := x.ValueOffsets(i)
		vals := x.ListValues()
		for j := start; j < end; j++ {
			if !isNull(vals, int(j)) {
				seed = h(vals, int(j), et, seed)
			}
		}
		return seed, true
	case *array.Struct:
		st := t.(types.StructType)
		for j := 0; j < x.NumField(); j++ {
			if f := x.Field(j); !isNull(f, i) {
				seed = h(f, i, st.Fields[j].Type, seed)
			}
		}
		return seed, true
	}
	return 0, false
}

// murmur3Value is Spark's Murmur3Hash of one non-NULL value.
func murmur3Value(a arrow.Array, i int, t types.DataType, seed uint32) uint32 {
	if h, ok := nestedHash(a, i, t, uint64(seed), func(a arrow.Array, i int, t types.DataType, s uint64) uint64 {
		return uint64(murmur3Value(a, i, t, uint32(s)))
	}); ok {
		return uint32(h)
	}
	in := hashInputOf(a, i, t)
	switch in.kind {
	case 4:
		return murmurInt(uint32(in.v), seed)
	case 8:
		return murmurLong(in.v, seed)
	}
	return murmurBytes(in.bytes, seed)
}

// Murmur3_x86_32 as Spark implements it (org.apache.spark.unsafe.hash.Murmur3_x86_32):
// the tail of a byte string is mixed one sign-extended byte at a time.
const (
	murmurC1 uint32 = 0xcc9e2d51
	murmurC2 uint32 = 0x1b873593
)

func murmurMixK1(k1 uint32) uint32 {
	k1 *= murmurC1
	k1 = bits.RotateLeft32(k1, 15)
	return k1 * murmurC2
}

func murmurMixH1(h1, k1 uint32) uint32 {
	h1 ^= k1
	h1 = bits.RotateLeft32(h1, 13)
	return h1*5 + 0xe6546b64
}

func murmurFmix(h1, length uint32) uint32 {
	h1 ^= length
	h1 ^= h1 >> 16
	h1 *= 0x85ebca6b
	h1 ^= h1 >> 13
	h1 *= 0xc2b2ae35
	h1 ^= h1 >> 16
	return h1
}

func murmurInt(v, seed uint32) uint32 {
	return murmurFmix(murmurMixH1(seed, murmurMixK1(v)), 4)
}

func murmurLong(v uint64, seed uint32) uint32 {
	h1 := murmurMixH1(seed, murmurMixK1(uint32(v)))
	h1 = murmurMixH1(h1, murmurMixK1(uint32(v>>32)))
	return murmurFmix(h1, 8)
}

func murmurBytes(b []byte, seed uint32) uint32 {
	n := len(b)
	aligned := n - n%4
	h1 := seed
	for i := 0; i < aligned; i += 4 {
		h1 = murmurMixH1(h1, murmurMixK1(binary.LittleEndian.Uint32(b[i:])))
	}
	for i := aligned; i < n; i++ {
		h1 = murmurMixH1(h1, murmurMixK1(uint32(int32(int8(b[i])))))
	}
	return murmurFmix(h1, uint32(n))
}

// xxhashValue is Spark's XxHash64 of one non-NULL value.
func xxhashValue(a arrow.Array, i int, t types.DataType, seed uint64) uint64 {
	if h, ok := nestedHash(a, i, t, seed, xxhashValue); ok {
		return h
	}
	in := hashInputOf(a, i, t)
	switch in.kind {
	case 4:
		var b [4]byte
		binary.LittleEndian.PutUint32(b[:], uint32(in.v))
		return xxh64(b[:], seed)
	case 8:
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], in.v)
		return xxh64(b[:], seed)
	}
	return xxh64(in.bytes, seed)
}

const (
	xxP1 uint64 = 0x9E3779B185EBCA87
	xxP2 uint64 = 0xC2B2AE3D27D4EB4F
	xxP3 uint64 = 0x165667B19E3779F9
	xxP4 uint64 = 0x85EBCA77C2B2AE63
	xxP5 uint64 = 0x27D4EB2F165667C5
)

func xxRound(acc, input uint64) uint64 {
	acc += input * xxP2
	acc = bits.RotateLeft64(acc, 31)
	return acc * xxP1
}

func xxMerge(acc, val uint64) uint64 {
	acc ^= xxRound(0, val)
	return acc*xxP1 + xxP4
}

// xxh64 is the XXH64 hash, which Spark's XXH64 class computes for ints (4 bytes), longs
// (8 bytes) and byte strings alike.
func xxh64(b []byte, seed uint64) uint64 {
	n := len(b)
	var h uint64
	p := 0
	if n >= 32 {
		v1 := seed + xxP1 + xxP2
		v2 := seed + xxP2
		v3 := seed
		v4 := seed - xxP1
		for ; p+32 <= n; p += 32 {
			v1 = xxRound(v1, binary.LittleEndian.Uint64(b[p:]))
			v2 = xxRound(v2, binary.LittleEndian.Uint64(b[p+8:]))
			v3 = xxRound(v3, binary.LittleEndian.Uint64(b[p+16:]))
			v4 = xxRound(v4, binary.LittleEndian.Uint64(b[p+24:]))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = seed + xxP5
	}
	h += uint64(n)
	for ; p+8 <= n; p += 8 {
		h ^= xxRound(0, binary.LittleEndian.Uint64(b[p:]))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if p+4 <= n {
		h ^= uint64(binary.LittleEndian.Uint32(b[p:])) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
		p += 4
	}
	for ; p < n; p++ {
		h ^= uint64(b[p]) * xxP5
		h = bits.RotateLeft64(h, 11) * xxP1
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}
