package exec

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// DefaultSpillDir is the spill directory of tasks whose TaskContext.SpillDir is empty:
// fulgur-spill in the system's temporary directory.
func DefaultSpillDir() string { return filepath.Join(os.TempDir(), "fulgur-spill") }

func spillDir(tc *TaskContext) string {
	if tc.SpillDir != "" {
		return tc.SpillDir
	}
	return DefaultSpillDir()
}

// spillErr wraps err as a spill failure.
func spillErr(what string, err error) error {
	return fmt.Errorf("%w: %s: %w", ErrSpill, what, err)
}

// spills is the set of spill files of one operator. Files are Arrow IPC streams of one
// schema each, written once and then read once or more. removeAll deletes every file
// that is still there; operators call it from Close and on failure.
type spills struct {
	dir    string
	prefix string // file names start with it, e.g. "sort-"
	mem    memory.Allocator
	files  map[*spillFile]struct{}
}

func newSpills(tc *TaskContext, prefix string) *spills {
	return &spills{dir: spillDir(tc), prefix: prefix, mem: tc.Mem, files: map[*spillFile]struct{}{}}
}

// spillFile is one spill file, being written (w != nil) or finished.
type spillFile struct {
	path   string
	schema *arrow.Schema
	rows   int64
	f      *os.File
	buf    *bufio.Writer
	w      *ipc.Writer
}

// create starts a new spill file of the given schema.
func (s *spills) create(schema *arrow.Schema) (*spillFile, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return nil, spillErr("create directory", err)
	}
	f, err := os.CreateTemp(s.dir, s.prefix+"*.arrows")
	if err != nil {
		return nil, spillErr("create file", err)
	}
	sf := &spillFile{path: f.Name(), schema: schema, f: f, buf: bufio.NewWriterSize(f, 64<<10)}
	sf.w = ipc.NewWriter(sf.buf, ipc.WithSchema(schema), ipc.WithAllocator(s.mem))
	s.files[sf] = struct{}{}
	return sf, nil
}

// write appends b to the file.
func (sf *spillFile) write(b arrow.RecordBatch) error {
	if b.NumRows() == 0 {
		return nil
	}
	if err := sf.w.Write(b); err != nil {
		return spillErr("write "+sf.path, err)
	}
	sf.rows += b.NumRows()
	return nil
}

// finish ends the stream and closes the file for writing.
func (sf *spillFile) finish() error {
	if sf.f == nil {
		return nil
	}
	err := sf.w.Close()
	if ferr := sf.buf.Flush(); err == nil {
		err = ferr
	}
	if cerr := sf.f.Close(); err == nil {
		err = cerr
	}
	sf.f, sf.w, sf.buf = nil, nil, nil
	if err != nil {
		return spillErr("write "+sf.path, err)
	}
	return nil
}

// open returns a reader of the finished file's batches.
func (s *spills) open(sf *spillFile) (*spillReader, error) {
	if err := sf.finish(); err != nil {
		return nil, err
	}
	f, err := os.Open(sf.path)
	if err != nil {
		return nil, spillErr("open", err)
	}
	r, err := ipc.NewReader(bufio.NewReaderSize(f, 64<<10), ipc.WithAllocator(s.mem), ipc.WithSchema(sf.schema))
	if err != nil {
		_ = f.Close()
		return nil, spillErr("read "+sf.path, err)
	}
	return &spillReader{path: sf.path, f: f, r: r}, nil
}

// remove deletes the file (closing it first if it is still being written).
func (s *spills) remove(sf *spillFile) {
	if sf.f != nil {
		if sf.w != nil {
			_ = sf.w.Close()
		}
		_ = sf.f.Close()
		sf.f, sf.w, sf.buf = nil, nil, nil
	}
	_ = os.Remove(sf.path)
	delete(s.files, sf)
}

// removeAll deletes every file of the set.
func (s *spills) removeAll() {
	for sf := range s.files {
		s.remove(sf)
	}
}

// spillReader reads the batches of a spill file in order.
type spillReader struct {
	path string
	f    *os.File
	r    *ipc.Reader
}

// next returns the next batch, which the caller owns, or io.EOF.
func (r *spillReader) next() (arrow.RecordBatch, error) {
	b, err := r.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	if err != nil {
		return nil, spillErr("read "+r.path, err)
	}
	b.Retain()
	return b, nil
}

func (r *spillReader) close() {
	if r.r != nil {
		r.r.Release()
		r.r = nil
	}
	if r.f != nil {
		_ = r.f.Close()
		r.f = nil
	}
}
