package exec

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/stage"
)

// sample keeps or repeats rows by random draws seeded with the sample's seed and the
// task's partition, so a plan samples the same rows every time it runs.
type sample struct {
	tc  *TaskContext
	in  Operator
	o   *stage.Sample
	rng *rand.Rand
}

func newSample(tc *TaskContext, o *stage.Sample, in Operator) Operator {
	return &sample{tc: tc, in: in, o: o, rng: rand.New(rand.NewPCG(uint64(o.Seed), uint64(tc.Partition)))}
}

func (s *sample) Schema() *arrow.Schema { return s.in.Schema() }
func (s *sample) Close() error          { return s.in.Close() }

// poisson draws from a Poisson distribution of mean lambda (Knuth's method; the
// fractions of samples are small).
func (s *sample) poisson(lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= s.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func (s *sample) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		b, err := s.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		n := int(b.NumRows())
		idx := make([]int32, 0, n)
		for i := 0; i < n; i++ {
			if s.o.WithReplacement {
				for k := s.poisson(s.o.Upper - s.o.Lower); k > 0; k-- {
					idx = append(idx, int32(i))
				}
				continue
			}
			if x := s.rng.Float64(); x >= s.o.Lower && x < s.o.Upper {
				idx = append(idx, int32(i))
			}
		}
		if len(idx) == 0 {
			b.Release()
			continue
		}
		out, err := takeBatch(s.tc.Mem, b, idx)
		b.Release()
		return out, err
	}
}
