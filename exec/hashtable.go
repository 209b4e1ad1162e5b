package exec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// groupTable maps the grouping keys of rows to dense group ids 0, 1, ... in order of
// first appearance. Implementations work a batch at a time with typed loops; their
// memory comes from the task's allocator.
type groupTable interface {
	// assign sets groups[i] to the group of row i of the key columns (adding groups for
	// new keys) for every i < n.
	assign(keys []arrow.Array, n int, groups []uint32) error
	// numGroups returns the number of groups so far.
	numGroups() int
	// keys returns the key columns of every group, in group-id order.
	keys() ([]arrow.Array, error)
	// bytes returns the memory the table holds.
	bytes() int64
	release()
}

// newGroupTable picks the table for keys of the given types: none (one global group),
// one integer-like column (a table over the values themselves), or anything else
// (a table over the keys encoded as bytes).
func newGroupTable(mem memory.Allocator, keyTypes []arrow.DataType) (groupTable, error) {
	if len(keyTypes) == 0 {
		return &globalGroup{}, nil
	}
	if len(keyTypes) == 1 {
		switch keyTypes[0].ID() {
		case arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64, arrow.DATE32, arrow.TIMESTAMP,
			arrow.DURATION, arrow.INTERVAL_MONTHS:
			return newIntTable(mem, keyTypes[0]), nil
		}
	}
	for _, t := range keyTypes {
		if _, err := keyEncoderFor(t); err != nil {
			return nil, err
		}
	}
	return newRowTable(mem, keyTypes), nil
}

// globalGroup is the single group of an aggregation without grouping keys. It exists
// even when there are no rows, as Spark's global aggregates return one row.
type globalGroup struct{}

func (*globalGroup) assign(_ []arrow.Array, n int, groups []uint32) error {
	clear(groups[:n])
	return nil
}
func (*globalGroup) numGroups() int               { return 1 }
func (*globalGroup) keys() ([]arrow.Array, error) { return nil, nil }
func (*globalGroup) bytes() int64                 { return 0 }
func (*globalGroup) release()                     {}

// tableHash spreads a 64-bit key over the table (Fibonacci hashing).
func tableHash(k uint64, shift uint) uint64 { return (k * 0x9E3779B97F4A7C15) >> shift }

// intTable groups by one integer-like column: open addressing with linear probing over
// the values widened to 64 bits, plus one group for NULL.
type intTable struct {
	mem       memory.Allocator
	typ       arrow.DataType
	width     int         // bytes per value
	slots     vec[uint32] // group id + 1; 0 is empty
	shift     uint
	vals      vec[uint64] // key of each group
	nullGroup int         // -1 until a NULL key is seen
}

func newIntTable(mem memory.Allocator, t arrow.DataType) *intTable {
	it := &intTable{mem: mem, typ: t, width: t.(arrow.FixedWidthDataType).BitWidth() / 8, nullGroup: -1}
	it.slots.init(mem)
	it.vals.init(mem)
	return it
}

func (t *intTable) numGroups() int { return t.vals.len() }

// grow makes the table hold at least need groups at a load factor of at most 1/2.
func (t *intTable) grow(need int) {
	size := t.slots.len()
	if size >= 2*need && size > 0 {
		return
	}
	newSize := max(64, 1<<bits.Len(uint(2*need)))
	t.slots.release()
	t.slots.init(t.mem)
	t.slots.resize(newSize)
	slots := t.slots.data()
	clear(slots)
	t.shift = uint(64 - bits.TrailingZeros(uint(newSize)))
	mask := uint64(newSize - 1)
	vals := t.vals.data()
	for g, k := range vals {
		if g == t.nullGroup {
			continue
		}
		h := tableHash(k, t.shift)
		for slots[h] != 0 {
			h = (h + 1) & mask
		}
		slots[h] = uint32(g + 1)
	}
}

func (t *intTable) assign(keys []arrow.Array, n int, groups []uint32) error {
	col := keys[0]
	t.grow(t.vals.len() + n + 1)
	t.vals.reserve(n + 1)
	switch t.width {
	case 1:
		intAssign(t, fixedValues[int8](col)[:n], col, groups)
	case 2:
		intAssign(t, fixedValues[int16](col)[:n], col, groups)
	case 4:
		intAssign(t, fixedValues[int32](col)[:n], col, groups)
	default:
		intAssign(t, fixedValues[int64](col)[:n], col, groups)
	}
	return nil
}

// intAssign probes the table for every value. The table has room for every row to be a
// new group, so nothing moves during the loop.
func intAssign[T int8 | int16 | int32 | int64](t *intTable, vs []T, col arrow.Array, groups []uint32) {
	slots := t.slots.data()
	mask := uint64(len(slots) - 1)
	shift := t.shift
	valid := validOf(col)
	for i, v := range vs {
		if !valid.ok(i) {
			if t.nullGroup < 0 {
				t.nullGroup = t.vals.len()
				t.vals.append(0)
			}
			groups[i] = uint32(t.nullGroup)
			continue
		}
		k := uint64(int64(v))
		h := tableHash(k, shift)
		for {
			s := slots[h]
			if s == 0 {
				g := t.vals.len()
				t.vals.append(k)
				slots[h] = uint32(g + 1)
				groups[i] = uint32(g)
				break
			}
			if t.vals.s[s-1] == k && int(s-1) != t.nullGroup {
				groups[i] = s - 1
				break
			}
			h = (h + 1) & mask
		}
	}
}

func (t *intTable) keys() ([]arrow.Array, error) {
	n := t.vals.len()
	vals := t.vals.data()
	buf := newBuffer(t.mem, n*t.width)
	switch t.width {
	case 1:
		narrow(typedSlice[int8](buf, n), vals)
	case 2:
		narrow(typedSlice[int16](buf, n), vals)
	case 4:
		narrow(typedSlice[int32](buf, n), vals)
	default:
		narrow(typedSlice[int64](buf, n), vals)
	}
	var valid *memory.Buffer
	nulls := 0
	if t.nullGroup >= 0 {
		valid = newBitmap(t.mem, n)
		bitutil.ClearBit(valid.Bytes(), t.nullGroup)
		nulls = 1
	}
	return []arrow.Array{newArray(t.typ, n, []*memory.Buffer{valid, buf}, nulls)}, nil
}

func narrow[T int8 | int16 | int32 | int64](dst []T, src []uint64) {
	for i, v := range src {
		dst[i] = T(int64(v))
	}
}

func (t *intTable) bytes() int64 { return t.slots.bytes() + t.vals.bytes() }

func (t *intTable) release() {
	t.slots.release()
	t.vals.release()
}

// rowTable groups by any combination of flat columns. Each row's keys are encoded into
// one byte string (a NULL flag and the value per column, strings length-prefixed, floats
// normalised so that -0.0 = 0.0 and all NaNs are equal, as Spark groups them); the table
// maps those strings to groups. The key values of a group are those of its first row,
// gathered column by column for all new groups of a batch at once.
type rowTable struct {
	mem   memory.Allocator
	types []arrow.DataType
	enc   []keyEncoder
	seed  maphash.Seed

	slots  vec[uint32] // group id + 1; 0 is empty
	mask   uint64
	hashes vec[uint64] // hash of each group's key
	offs   vec[int64]  // start of each group's key in arena, plus the end
	arena  vec[byte]

	parts     [][]arrow.Array // per key column, the key values of the groups, in chunks
	partBytes int64           // the bytes of parts

	// per-batch scratch
	rowOff  []int32
	buf     []byte
	newRows []int32
}

func newRowTable(mem memory.Allocator, keyTypes []arrow.DataType) *rowTable {
	rt := &rowTable{mem: mem, types: keyTypes, seed: maphash.MakeSeed(), parts: make([][]arrow.Array, len(keyTypes))}
	for _, t := range keyTypes {
		e, _ := keyEncoderFor(t)
		rt.enc = append(rt.enc, e)
	}
	rt.slots.init(mem)
	rt.hashes.init(mem)
	rt.offs.init(mem)
	rt.arena.init(mem)
	rt.offs.append(0)
	return rt
}

func (t *rowTable) numGroups() int { return t.hashes.len() }

func (t *rowTable) grow(need int) {
	size := t.slots.len()
	if size >= 2*need && size > 0 {
		return
	}
	newSize := max(64, 1<<bits.Len(uint(2*need)))
	t.slots.release()
	t.slots.init(t.mem)
	t.slots.resize(newSize)
	slots := t.slots.data()
	clear(slots)
	t.mask = uint64(newSize - 1)
	for g, h := range t.hashes.data() {
		s := h & t.mask
		for slots[s] != 0 {
			s = (s + 1) & t.mask
		}
		slots[s] = uint32(g + 1)
	}
}

func (t *rowTable) assign(keys []arrow.Array, n int, groups []uint32) error {
	// Encode the keys of every row.
	t.rowOff, t.buf = encodeKeys(t.enc, keys, n, t.rowOff, t.buf)
	rowOff, buf := t.rowOff, t.buf
	total := len(buf)

	// Probe. Room is made up front for every row to be new, so nothing moves.
	t.grow(t.numGroups() + n)
	t.hashes.reserve(n)
	t.offs.reserve(n)
	t.arena.reserve(total)
	slots := t.slots.data()
	t.newRows = t.newRows[:0]
	for i := 0; i < n; i++ {
		key := buf[rowOff[i]:rowOff[i+1]]
		h := maphash.Bytes(t.seed, key)
		s := h & t.mask
		for {
			g := slots[s]
			if g == 0 {
				id := t.hashes.len()
				t.hashes.append(h)
				t.arena.s = append(t.arena.s, key...)
				t.arena.n = len(t.arena.s)
				t.offs.append(int64(t.arena.n))
				slots[s] = uint32(id + 1)
				groups[i] = uint32(id)
				t.newRows = append(t.newRows, int32(i))
				break
			}
			g--
			if t.hashes.s[g] == h && bytes.Equal(t.arena.s[t.offs.s[g]:t.offs.s[g+1]], key) {
				groups[i] = g
				break
			}
			s = (s + 1) & t.mask
		}
	}
	if len(t.newRows) > 0 {
		for c, k := range keys {
			part, err := take(t.mem, k, t.newRows)
			if err != nil {
				return err
			}
			t.parts[c] = append(t.parts[c], part)
			t.partBytes += arrayBytes(part.Data())
		}
	}
	return nil
}

func (t *rowTable) keys() ([]arrow.Array, error) {
	out := make([]arrow.Array, len(t.types))
	for c, parts := range t.parts {
		var col arrow.Array
		switch len(parts) {
		case 0:
			col = array.MakeArrayOfNull(t.mem, t.types[c], 0)
		case 1:
			col = parts[0]
			col.Retain()
		default:
			var err error
			col, err = array.Concatenate(parts, t.mem)
			if err != nil {
				releaseAll(out[:c])
				return nil, err
			}
		}
		out[c] = normalizeFloats(t.mem, col)
	}
	return out, nil
}

func (t *rowTable) bytes() int64 {
	return t.slots.bytes() + t.hashes.bytes() + t.offs.bytes() + t.arena.bytes() + t.partBytes +
		int64(cap(t.buf)) + 4*int64(cap(t.rowOff))
}

func (t *rowTable) release() {
	t.slots.release()
	t.hashes.release()
	t.offs.release()
	t.arena.release()
	for _, parts := range t.parts {
		releaseAll(parts)
	}
	t.parts = nil
}

// encodeKeys encodes the keys of rows 0..n-1 of the key columns one after the other:
// row i at buf[rowOff[i]:rowOff[i+1]]. It reuses the storage of rowOff and buf when
// they are large enough and returns them resliced.
func encodeKeys(enc []keyEncoder, keys []arrow.Array, n int, rowOff []int32, buf []byte) ([]int32, []byte) {
	if cap(rowOff) < n+1 {
		rowOff = make([]int32, n+1)
	}
	rowOff = rowOff[:n+1]
	clear(rowOff)
	for c, e := range enc {
		e.size(keys[c], rowOff[1:])
	}
	for i := 1; i <= n; i++ {
		rowOff[i] += rowOff[i-1]
	}
	total := int(rowOff[n])
	if cap(buf) < total {
		buf = make([]byte, total)
	}
	buf = buf[:total]
	cursor := make([]int32, n)
	copy(cursor, rowOff[:n])
	for c, e := range enc {
		e.write(keys[c], buf, cursor)
	}
	return rowOff, buf
}

// keyEncoder writes the grouping-key encoding of one column.
type keyEncoder interface {
	// size adds the encoded size of each row to sizes.
	size(col arrow.Array, sizes []int32)
	// write encodes each row i at buf[cursor[i]:] and advances cursor[i].
	write(col arrow.Array, buf []byte, cursor []int32)
}

func keyEncoderFor(t arrow.DataType) (keyEncoder, error) {
	switch t.ID() {
	case arrow.NULL:
		return fixedKey{width: 0}, nil
	case arrow.BOOL:
		return boolKey{}, nil
	case arrow.FLOAT32:
		return floatKey[float32]{}, nil
	case arrow.FLOAT64:
		return floatKey[float64]{}, nil
	case arrow.STRING, arrow.BINARY:
		return binaryKey{}, nil
	}
	if fw, ok := t.(arrow.FixedWidthDataType); ok && fw.BitWidth()%8 == 0 && t.ID() != arrow.DICTIONARY && t.ID() != arrow.EXTENSION {
		return fixedKey{width: fw.BitWidth() / 8}, nil
	}
	return nil, fmt.Errorf("%w: grouping by %s", ErrUnsupported, t)
}

// Each encoding starts with a flag byte: 0 for NULL, 1 for a value.

type fixedKey struct{ width int }

func (k fixedKey) size(_ arrow.Array, sizes []int32) {
	for i := range sizes {
		sizes[i] += int32(1 + k.width)
	}
}

func (k fixedKey) write(col arrow.Array, buf []byte, cursor []int32) {
	w := k.width
	valid := validOf(col)
	var vals []byte
	if w > 0 {
		vals = col.Data().Buffers()[1].Bytes()[col.Data().Offset()*w:]
	}
	for i, c := range cursor {
		if !valid.ok(i) {
			buf[c] = 0
			clear(buf[c+1 : int(c)+1+w])
		} else {
			buf[c] = 1
			copy(buf[c+1:int(c)+1+w], vals[i*w:(i+1)*w])
		}
		cursor[i] = c + int32(1+w)
	}
}

type boolKey struct{}

func (boolKey) size(_ arrow.Array, sizes []int32) {
	for i := range sizes {
		sizes[i] += 2
	}
}

func (boolKey) write(col arrow.Array, buf []byte, cursor []int32) {
	a := col.(*array.Boolean)
	valid := validOf(col)
	for i, c := range cursor {
		switch {
		case !valid.ok(i):
			buf[c], buf[c+1] = 0, 0
		case a.Value(i):
			buf[c], buf[c+1] = 1, 1
		default:
			buf[c], buf[c+1] = 1, 0
		}
		cursor[i] = c + 2
	}
}

type floatKey[T float32 | float64] struct{}

func (floatKey[T]) size(_ arrow.Array, sizes []int32) {
	var z T
	w := int32(sizeOf(z))
	for i := range sizes {
		sizes[i] += 1 + w
	}
}

func (floatKey[T]) write(col arrow.Array, buf []byte, cursor []int32) {
	vs := fixedValues[T](col)
	var z T
	w := int32(sizeOf(z))
	valid := validOf(col)
	for i, c := range cursor {
		if !valid.ok(i) {
			buf[c] = 0
			clear(buf[c+1 : c+1+w])
		} else {
			buf[c] = 1
			v := float64(vs[i])
			if w == 4 {
				binary.LittleEndian.PutUint32(buf[c+1:], math.Float32bits(float32(normalizeFloat(v))))
			} else {
				binary.LittleEndian.PutUint64(buf[c+1:], math.Float64bits(normalizeFloat(v)))
			}
		}
		cursor[i] = c + 1 + w
	}
}

// normalizeFloat maps -0.0 to 0.0 and every NaN to the canonical NaN.
func normalizeFloat(v float64) float64 {
	if v == 0 {
		return 0
	}
	if v != v {
		return math.NaN()
	}
	return v
}

type binaryKey struct{}

func (binaryKey) size(col arrow.Array, sizes []int32) {
	valid := validOf(col)
	offs := offsetValues[int32](col)
	for i := range sizes {
		if valid.ok(i) {
			sizes[i] += 5 + offs[i+1] - offs[i]
		} else {
			sizes[i] += 5
		}
	}
}

func (binaryKey) write(col arrow.Array, buf []byte, cursor []int32) {
	var value func(i int) []byte
	switch a := col.(type) {
	case *array.String:
		offs, data := a.ValueOffsets(), a.ValueBytes()
		base := offs[0]
		value = func(i int) []byte { return data[offs[i]-base : offs[i+1]-base] }
	case *array.Binary:
		value = a.Value
	}
	valid := validOf(col)
	for i, c := range cursor {
		if !valid.ok(i) {
			buf[c] = 0
			binary.LittleEndian.PutUint32(buf[c+1:], 0)
			cursor[i] = c + 5
			continue
		}
		v := value(i)
		buf[c] = 1
		binary.LittleEndian.PutUint32(buf[c+1:], uint32(len(v)))
		copy(buf[c+5:], v)
		cursor[i] = c + 5 + int32(len(v))
	}
}

// normalizeFloats returns col with -0.0 as 0.0 and NaNs canonical, taking ownership of
// col; other types come back unchanged.
func normalizeFloats(mem memory.Allocator, col arrow.Array) arrow.Array {
	switch col.DataType().ID() {
	case arrow.FLOAT32:
		return normalizeFloatArray[float32](mem, col)
	case arrow.FLOAT64:
		return normalizeFloatArray[float64](mem, col)
	}
	return col
}

func normalizeFloatArray[T float32 | float64](mem memory.Allocator, col arrow.Array) arrow.Array {
	vs := fixedValues[T](col)
	dirty := false
	for _, v := range vs[:col.Len()] {
		if v == 0 && math.Signbit(float64(v)) || v != v && !isCanonicalNaN(v) {
			dirty = true
			break
		}
	}
	if !dirty {
		return col
	}
	defer col.Release()
	idx := make([]int32, col.Len())
	for i := range idx {
		idx[i] = int32(i)
	}
	cp := takeFixed[T](mem, col, idx)
	out := fixedValues[T](cp)
	for i, v := range out {
		out[i] = T(normalizeFloat(float64(v)))
	}
	return cp
}

func isCanonicalNaN[T float32 | float64](v T) bool {
	switch x := any(v).(type) {
	case float32:
		return math.Float32bits(x) == 0x7fc00000
	case float64:
		return math.Float64bits(x) == 0x7ff8000000000000
	}
	return false
}
