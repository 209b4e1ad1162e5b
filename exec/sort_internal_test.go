package exec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestNormalizedKeySortMatchesComparator checks the radix-sorted single-key path
// against the general comparator on random data with duplicates, NULLs, NaNs, zeros of
// both signs and extremes, in every direction and NULL placement.
func TestNormalizedKeySortMatchesComparator(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rng := rand.New(rand.NewPCG(1, 2))
	specials := []float64{0, math.Copysign(0, -1), math.NaN(), math.Float64frombits(0x7ff8000000000001), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64, 1e-300}
	for _, n := range []int{0, 1, 100, 5000} {
		fb := array.NewFloat64Builder(mem)
		ib := array.NewInt64Builder(mem)
		sb := array.NewInt16Builder(mem)
		for i := 0; i < n; i++ {
			if rng.IntN(10) == 0 {
				fb.AppendNull()
				ib.AppendNull()
				sb.AppendNull()
				continue
			}
			if rng.IntN(4) == 0 {
				fb.Append(specials[rng.IntN(len(specials))])
			} else {
				fb.Append(float64(rng.IntN(50)) - 25.5)
			}
			switch rng.IntN(5) {
			case 0:
				ib.Append(math.MinInt64)
			case 1:
				ib.Append(math.MaxInt64)
			default:
				ib.Append(rng.Int64N(1000) - 500)
			}
			sb.Append(int16(rng.IntN(1 << 16)))
		}
		cols := []arrow.Array{fb.NewArray(), ib.NewArray(), sb.NewArray()}
		fb.Release()
		ib.Release()
		sb.Release()
		for _, full := range cols {
			col := array.NewSlice(full, int64(min(3, n)), int64(n)) // non-zero offset
			for _, desc := range []bool{false, true} {
				for _, nullsFirst := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/n=%d/desc=%v/nullsFirst=%v", col.DataType(), n, desc, nullsFirst), func(t *testing.T) {
						m := col.Len()
						fast := make([]int32, m)
						if !sortByNormalizedKey(mem, col, desc, nullsFirst, fast) {
							t.Fatal("type not handled")
						}
						slow := make([]int32, m)
						for i := range slow {
							slow[i] = int32(i)
						}
						c, err := sortComparator(col, desc, nullsFirst)
						if err != nil {
							t.Fatal(err)
						}
						slices.SortStableFunc(slow, c)
						if !slices.Equal(fast, slow) {
							t.Fatalf("radix order differs from the comparator's")
						}
					})
				}
			}
			col.Release()
			full.Release()
		}
	}
}
