package exec

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/datasource"
	"github.com/fulgur/fulgur/stage"
)

// openSplit opens one file split with the datasource format registry.
func openSplit(ctx context.Context, format string, split stage.FileSplit, schema *arrow.Schema, options map[string]string, mem memory.Allocator) (splitReader, error) {
	f, ok := datasource.Lookup(format)
	if !ok {
		return nil, fmt.Errorf("%w: reading %s files", ErrUnsupported, format)
	}
	return f.Open(ctx, datasource.Split{
		File:   datasource.File{Path: split.Path, Size: split.FileSize, PartitionValues: split.PartitionValues},
		Start:  split.Start,
		Length: split.Length,
	}, schema, datasource.Options(options), mem)
}
