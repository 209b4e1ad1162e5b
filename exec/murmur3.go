package exec

import (
	"math"
	"math/bits"
)

// Spark's Murmur3_x86_32 (org.apache.spark.unsafe.hash.Murmur3_x86_32), the hash behind
// the SQL function hash() and HashPartitioning. It differs from the reference MurmurHash3
// in how it hashes the tail of a byte string: each trailing byte is mixed as a whole
// (sign-extended) block instead of being packed into one last block.

const (
	murmurC1 uint32 = 0xcc9e2d51
	murmurC2 uint32 = 0x1b873593
	// SparkHashSeed is the seed Spark uses for hash() and hash partitioning.
	SparkHashSeed uint32 = 42
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

func murmurFmix(h1 uint32, length uint32) uint32 {
	h1 ^= length
	h1 ^= h1 >> 16
	h1 *= 0x85ebca6b
	h1 ^= h1 >> 13
	h1 *= 0xc2b2ae35
	h1 ^= h1 >> 16
	return h1
}

// HashInt is Spark's Murmur3_x86_32.hashInt: the hash of a 4-byte value (boolean as 0/1,
// tinyint, smallint, int, date, float bits).
func HashInt(v int32, seed uint32) uint32 {
	return murmurFmix(murmurMixH1(seed, murmurMixK1(uint32(v))), 4)
}

// HashLong is Spark's Murmur3_x86_32.hashLong: the hash of an 8-byte value (bigint,
// timestamps, double bits, decimals of precision <= 18 as unscaled longs).
func HashLong(v int64, seed uint32) uint32 {
	h1 := murmurMixH1(seed, murmurMixK1(uint32(v)))
	h1 = murmurMixH1(h1, murmurMixK1(uint32(uint64(v)>>32)))
	return murmurFmix(h1, 8)
}

// HashBytes is Spark's Murmur3_x86_32.hashUnsafeBytes: the hash of strings (their UTF-8
// bytes) and binaries.
func HashBytes(b []byte, seed uint32) uint32 {
	n := len(b)
	aligned := n - n%4
	h1 := seed
	for i := 0; i < aligned; i += 4 {
		w := uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
		h1 = murmurMixH1(h1, murmurMixK1(w))
	}
	for i := aligned; i < n; i++ {
		h1 = murmurMixH1(h1, murmurMixK1(uint32(int32(int8(b[i])))))
	}
	return murmurFmix(h1, uint32(n))
}

// HashString is HashBytes over the bytes of s without copying them.
func HashString(s string, seed uint32) uint32 {
	n := len(s)
	aligned := n - n%4
	h1 := seed
	for i := 0; i < aligned; i += 4 {
		w := uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
		h1 = murmurMixH1(h1, murmurMixK1(w))
	}
	for i := aligned; i < n; i++ {
		h1 = murmurMixH1(h1, murmurMixK1(uint32(int32(int8(s[i])))))
	}
	return murmurFmix(h1, uint32(n))
}

// HashFloat hashes a float as Spark does: -0.0 as 0, NaNs as the canonical NaN bits.
func HashFloat(f float32, seed uint32) uint32 {
	if f == 0 {
		return HashInt(0, seed)
	}
	if f != f {
		return HashInt(0x7fc00000, seed)
	}
	return HashInt(int32(math.Float32bits(f)), seed)
}

// HashDouble hashes a double as Spark does: -0.0 as 0, NaNs as the canonical NaN bits.
func HashDouble(d float64, seed uint32) uint32 {
	if d == 0 {
		return HashLong(0, seed)
	}
	if d != d {
		return HashLong(0x7ff8000000000000, seed)
	}
	return HashLong(int64(math.Float64bits(d)), seed)
}

// Pmod is Spark's pmod(h, n) of a hash (taken as a signed int) by n > 0.
func Pmod(h uint32, n int) int {
	r := int(int32(h)) % n
	if r < 0 {
		r += n
	}
	return r
}
