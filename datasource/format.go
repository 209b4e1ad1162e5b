package datasource

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Format reads one file format.
type Format interface {
	// Name is the format's name in DataFrameReader.format.
	Name() string
	// InferSchema returns the schema of the files.
	InferSchema(ctx context.Context, files []File, opts Options) (*arrow.Schema, error)
	// Open reads one split, producing the columns of schema (a projection of the file
	// schema, by name).
	Open(ctx context.Context, split Split, schema *arrow.Schema, opts Options, mem memory.Allocator) (Reader, error)
}

// Reader streams the batches of one split.
//
// Next returns the next batch, owned by the caller, or (nil, io.EOF) at the end. Close
// releases the reader's resources; it must be called once.
type Reader interface {
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
}

var formats = map[string]Format{
	"text":    textFormat{},
	"parquet": parquetFormat{},
	"csv":     csvFormat{},
	"json":    jsonFormat{},
}

// Lookup returns the format with the given name.
func Lookup(name string) (Format, bool) {
	f, ok := formats[name]
	return f, ok
}

// defaultBatchRows is the number of rows per batch readers aim for.
const defaultBatchRows = 4096
