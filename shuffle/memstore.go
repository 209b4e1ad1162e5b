package shuffle

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
)

// MemStore keeps committed shuffle blocks in memory. It is the local-mode block store;
// safe for concurrent use.
type MemStore struct {
	mu       sync.Mutex
	shuffles map[int]map[int][][]arrow.RecordBatch // shuffle → map task → partition → batches
}

// NewMemStore returns an empty store.
func NewMemStore() *MemStore {
	return &MemStore{shuffles: map[int]map[int][][]arrow.RecordBatch{}}
}

// Writer buffers one map task attempt's output until Commit.
type Writer struct {
	store     *MemStore
	shuffleID int
	mapTask   int
	parts     [][]arrow.RecordBatch
	closed    bool
}

// Create starts the output of one map task attempt with numPartitions reduce partitions.
func (s *MemStore) Create(_ context.Context, shuffleID, mapTask, _ int, numPartitions int) (*Writer, error) {
	return &Writer{store: s, shuffleID: shuffleID, mapTask: mapTask, parts: make([][]arrow.RecordBatch, numPartitions)}, nil
}

// Write adds a batch to a partition; the writer retains it.
func (w *Writer) Write(_ context.Context, partition int, b arrow.RecordBatch) error {
	if w.closed {
		return fmt.Errorf("shuffle: write after commit or abort")
	}
	if partition < 0 || partition >= len(w.parts) {
		return fmt.Errorf("shuffle: partition %d out of range [0,%d)", partition, len(w.parts))
	}
	if b.NumRows() == 0 {
		return nil
	}
	b.Retain()
	w.parts[partition] = append(w.parts[partition], b)
	return nil
}

// Commit publishes the output atomically, replacing any earlier attempt's output.
func (w *Writer) Commit(_ context.Context) error {
	if w.closed {
		return fmt.Errorf("shuffle: commit after commit or abort")
	}
	w.closed = true
	s := w.store
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.shuffles[w.shuffleID]
	if !ok {
		m = map[int][][]arrow.RecordBatch{}
		s.shuffles[w.shuffleID] = m
	}
	if old, ok := m[w.mapTask]; ok {
		releaseParts(old)
	}
	m[w.mapTask] = w.parts
	w.parts = nil
	return nil
}

// Abort discards the output.
func (w *Writer) Abort() {
	if w.closed {
		return
	}
	w.closed = true
	releaseParts(w.parts)
	w.parts = nil
}

func releaseParts(parts [][]arrow.RecordBatch) {
	for _, p := range parts {
		for _, b := range p {
			b.Release()
		}
	}
}

// Stream reads one reduce partition; batches it returns are owned by the caller.
type Stream struct {
	batches []arrow.RecordBatch
	i       int
}

// Open returns a stream over partition's blocks from every committed map task, in map
// task order.
func (s *MemStore) Open(_ context.Context, shuffleID, partition int) (*Stream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.shuffles[shuffleID]
	maps := make([]int, 0, len(m))
	for k := range m {
		maps = append(maps, k)
	}
	sort.Ints(maps)
	var out []arrow.RecordBatch
	for _, k := range maps {
		parts := m[k]
		if partition >= len(parts) {
			continue
		}
		for _, b := range parts[partition] {
			b.Retain()
			out = append(out, b)
		}
	}
	return &Stream{batches: out}, nil
}

// Next returns the next batch or io.EOF.
func (st *Stream) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st.i >= len(st.batches) {
		return nil, io.EOF
	}
	b := st.batches[st.i]
	st.batches[st.i] = nil
	st.i++
	return b, nil
}

// Close releases unread batches.
func (st *Stream) Close() error {
	for _, b := range st.batches[st.i:] {
		if b != nil {
			b.Release()
		}
	}
	st.batches = nil
	return nil
}

// Remove frees every block of a shuffle.
func (s *MemStore) Remove(shuffleID int) {
	s.mu.Lock()
	m := s.shuffles[shuffleID]
	delete(s.shuffles, shuffleID)
	s.mu.Unlock()
	for _, parts := range m {
		releaseParts(parts)
	}
}
