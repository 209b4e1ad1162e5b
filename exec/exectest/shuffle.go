package exectest

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/exec"
)

// Shuffles is an in-memory shuffle service for tests: it implements both
// exec.ShuffleWriters and exec.ShuffleReader. Committed output replaces any earlier
// attempt of the same map task. Safe for concurrent use.
type Shuffles struct {
	mu sync.Mutex
	// outputs[shuffleID][mapTask][partition] are the committed batches.
	outputs map[int]map[int][][]arrow.RecordBatch
	// Aborted counts aborted writers; Committed counts committed ones.
	Aborted, Committed int
}

var (
	_ exec.ShuffleWriters = (*Shuffles)(nil)
	_ exec.ShuffleReader  = (*Shuffles)(nil)
)

// NewShuffles returns an empty shuffle service.
func NewShuffles() *Shuffles {
	return &Shuffles{outputs: map[int]map[int][][]arrow.RecordBatch{}}
}

// Create starts the output of one map task attempt.
func (s *Shuffles) Create(_ context.Context, shuffleID, mapTask, attempt, numPartitions int) (exec.ShuffleWriter, error) {
	return &writer{s: s, shuffleID: shuffleID, mapTask: mapTask, parts: make([][]arrow.RecordBatch, numPartitions)}, nil
}

// Open streams the committed batches of partition in map-task order. The stream
// retains what it hands out; the caller releases each batch.
func (s *Shuffles) Open(_ context.Context, shuffleID, partition int) (exec.BatchStream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps := s.outputs[shuffleID]
	tasks := make([]int, 0, len(maps))
	for m := range maps {
		tasks = append(tasks, m)
	}
	slices.Sort(tasks)
	var bs []arrow.RecordBatch
	for _, m := range tasks {
		parts := maps[m]
		if partition < 0 || partition >= len(parts) {
			return nil, fmt.Errorf("exectest: shuffle %d has no partition %d", shuffleID, partition)
		}
		for _, b := range parts[partition] {
			b.Retain()
			bs = append(bs, b)
		}
	}
	return &stream{batches: bs}, nil
}

// Partition returns the committed batches of one reduce partition, in map-task order,
// without retaining them.
func (s *Shuffles) Partition(shuffleID, partition int) []arrow.RecordBatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps := s.outputs[shuffleID]
	tasks := make([]int, 0, len(maps))
	for m := range maps {
		tasks = append(tasks, m)
	}
	slices.Sort(tasks)
	var out []arrow.RecordBatch
	for _, m := range tasks {
		if parts := maps[m]; partition < len(parts) {
			out = append(out, parts[partition]...)
		}
	}
	return out
}

// Release frees every committed batch.
func (s *Shuffles) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, maps := range s.outputs {
		for _, parts := range maps {
			releaseParts(parts)
		}
	}
	s.outputs = map[int]map[int][][]arrow.RecordBatch{}
}

func releaseParts(parts [][]arrow.RecordBatch) {
	for _, p := range parts {
		for _, b := range p {
			b.Release()
		}
	}
}

type writer struct {
	s                  *Shuffles
	shuffleID, mapTask int
	parts              [][]arrow.RecordBatch
	done               bool
}

func (w *writer) Write(_ context.Context, partition int, b arrow.RecordBatch) error {
	if w.done {
		return fmt.Errorf("exectest: write after commit or abort")
	}
	if partition < 0 || partition >= len(w.parts) {
		return fmt.Errorf("exectest: partition %d out of range [0,%d)", partition, len(w.parts))
	}
	b.Retain()
	w.parts[partition] = append(w.parts[partition], b)
	return nil
}

func (w *writer) Commit(context.Context) error {
	if w.done {
		return fmt.Errorf("exectest: commit after commit or abort")
	}
	w.done = true
	s := w.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Committed++
	maps, ok := s.outputs[w.shuffleID]
	if !ok {
		maps = map[int][][]arrow.RecordBatch{}
		s.outputs[w.shuffleID] = maps
	}
	if old, ok := maps[w.mapTask]; ok {
		releaseParts(old)
	}
	maps[w.mapTask] = w.parts
	w.parts = nil
	return nil
}

func (w *writer) Abort() {
	if w.done {
		panic("exectest: abort after commit or abort")
	}
	w.done = true
	releaseParts(w.parts)
	w.parts = nil
	w.s.mu.Lock()
	w.s.Aborted++
	w.s.mu.Unlock()
}

type stream struct {
	batches []arrow.RecordBatch
	i       int
}

func (s *stream) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.i >= len(s.batches) {
		return nil, io.EOF
	}
	b := s.batches[s.i]
	s.batches[s.i] = nil
	s.i++
	return b, nil
}

func (s *stream) Close() error {
	for _, b := range s.batches[s.i:] {
		b.Release()
	}
	s.batches = nil
	return nil
}

// Sink is an exec.ResultSink that keeps the batches it receives.
type Sink struct {
	mu      sync.Mutex
	Batches []arrow.RecordBatch
	// Err, when set, is returned by Send (which still releases the batch).
	Err error
}

var _ exec.ResultSink = (*Sink)(nil)

// Send keeps b.
func (s *Sink) Send(_ context.Context, b arrow.RecordBatch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Err != nil {
		b.Release()
		return s.Err
	}
	s.Batches = append(s.Batches, b)
	return nil
}

// Release frees the kept batches.
func (s *Sink) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.Batches {
		b.Release()
	}
	s.Batches = nil
}
