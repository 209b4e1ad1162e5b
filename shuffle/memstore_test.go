package shuffle

import (
	"context"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

func batch(mem memory.Allocator, vals ...int64) arrow.RecordBatch {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.AppendValues(vals, nil)
	a := b.NewArray()
	defer a.Release()
	return array.NewRecordBatch(arrow.NewSchema([]arrow.Field{{Name: "v", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.Array{a}, int64(len(vals)))
}

func TestMemStore(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx := context.Background()
	s := NewMemStore()
	for m := 1; m >= 0; m-- { // commit out of order; reads come back in map order
		w, _ := s.Create(ctx, 7, m, 0, 2)
		b := batch(mem, int64(m*10), int64(m*10+1))
		if err := w.Write(ctx, 1, b); err != nil {
			t.Fatal(err)
		}
		b.Release()
		if err := w.Commit(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// An aborted attempt leaves nothing behind.
	w, _ := s.Create(ctx, 7, 2, 0, 2)
	b := batch(mem, 99)
	_ = w.Write(ctx, 1, b)
	b.Release()
	w.Abort()

	st, _ := s.Open(ctx, 7, 1)
	var got []int64
	for {
		b, err := st.Next(ctx)
		if err == io.EOF {
			break
		}
		got = append(got, b.Column(0).(*array.Int64).Int64Values()...)
		b.Release()
	}
	st.Close()
	want := []int64{0, 1, 10, 11}
	if len(got) != len(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
	empty, _ := s.Open(ctx, 7, 0)
	if _, err := empty.Next(ctx); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
	empty.Close()
	s.Remove(7)
}
