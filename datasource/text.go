package datasource

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// textFormat reads lines into one string column named value. Splits follow Hadoop's
// LineRecordReader: a split not at offset 0 skips its first (partial) line, and every
// split reads the line that crosses its end, so each line is read exactly once.
type textFormat struct{}

var textSchema = arrow.NewSchema([]arrow.Field{{Name: "value", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)

func (textFormat) Name() string { return "text" }

func (textFormat) InferSchema(context.Context, []File, Options) (*arrow.Schema, error) {
	return textSchema, nil
}

func (textFormat) Open(ctx context.Context, split Split, schema *arrow.Schema, opts Options, mem memory.Allocator) (Reader, error) {
	f, err := os.Open(split.File.Path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(split.Start, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	r := &textReader{f: f, br: bufio.NewReaderSize(f, 1<<16), pos: split.Start, end: split.Start + split.Length, mem: mem, schema: schema}
	if wt, ok := opts.Get("wholetext"); ok && (wt == "true" || wt == "TRUE" || wt == "True") {
		r.whole = true
		if split.Start != 0 {
			r.done = true
		}
		return r, nil
	}
	if split.Start != 0 {
		// The partial first line belongs to the previous split.
		if _, err := r.readLine(); err != nil && err != io.EOF {
			f.Close()
			return nil, err
		}
	}
	return r, nil
}

type textReader struct {
	f      *os.File
	br     *bufio.Reader
	pos    int64
	end    int64
	mem    memory.Allocator
	schema *arrow.Schema
	whole  bool
	done   bool
}

// readLine reads one line without its terminator (\n, \r\n or \r).
func (r *textReader) readLine() ([]byte, error) {
	var line []byte
	for {
		b, err := r.br.ReadByte()
		if err == io.EOF {
			if len(line) == 0 {
				return nil, io.EOF
			}
			return line, nil
		}
		if err != nil {
			return nil, err
		}
		r.pos++
		switch b {
		case '\n':
			return line, nil
		case '\r':
			if nb, err := r.br.Peek(1); err == nil && nb[0] == '\n' {
				r.br.ReadByte()
				r.pos++
			}
			return line, nil
		}
		line = append(line, b)
	}
}

func (r *textReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.done {
		return nil, io.EOF
	}
	b := array.NewStringBuilder(r.mem)
	defer b.Release()
	if r.whole {
		r.done = true
		data, err := io.ReadAll(r.br)
		if err != nil {
			return nil, err
		}
		b.Append(string(data))
	} else {
		for b.Len() < defaultBatchRows && r.pos <= r.end {
			line, err := r.readLine()
			if err == io.EOF {
				r.done = true
				break
			}
			if err != nil {
				return nil, err
			}
			b.Append(string(bytes.Clone(line)))
		}
		if r.pos > r.end {
			r.done = true
		}
	}
	if b.Len() == 0 {
		return nil, io.EOF
	}
	col := b.NewArray()
	defer col.Release()
	n := int64(col.Len())
	cols := []arrow.Array{col}
	if r.schema != nil && r.schema.NumFields() == 0 {
		cols = nil
	}
	schema := textSchema
	if cols == nil {
		schema = r.schema
	}
	return array.NewRecordBatch(schema, cols, n), nil
}

func (r *textReader) Close() error { return r.f.Close() }
