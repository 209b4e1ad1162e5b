package driver

import (
	"context"
	"errors"
	"strings"

	"github.com/fulgur/fulgur/datasource"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// fileSources lists, infers and splits file data sources for the analyzer and the
// physical planner.
type fileSources struct{}

const (
	maxPartitionBytes = 128 << 20 // spark.sql.files.maxPartitionBytes
	openCostInBytes   = 4 << 20   // spark.sql.files.openCostInBytes
)

func (fileSources) format(name string) (datasource.Format, error) {
	f, ok := datasource.Lookup(strings.ToLower(name))
	if !ok {
		return nil, sqlerr.New("DATA_SOURCE_NOT_FOUND", "provider", name)
	}
	return f, nil
}

func (s fileSources) list(ctx context.Context, paths []string, options map[string]string) ([]datasource.File, error) {
	files, err := datasource.ListFiles(ctx, paths, datasource.Options(options))
	if err != nil {
		var nf *datasource.PathNotFoundError
		if errors.As(err, &nf) {
			return nil, sqlerr.Wrap(err, "PATH_NOT_FOUND", "path", nf.Path)
		}
		return nil, err
	}
	return files, nil
}

// InferSchema implements analyzer.Sources.
func (s fileSources) InferSchema(ctx context.Context, format string, paths []string, options map[string]string) (types.StructType, error) {
	f, err := s.format(format)
	if err != nil {
		return types.StructType{}, err
	}
	files, err := s.list(ctx, paths, options)
	if err != nil {
		return types.StructType{}, err
	}
	as, err := f.InferSchema(ctx, files, datasource.Options(options))
	if err != nil {
		return types.StructType{}, err
	}
	st, err := types.FromArrowSchema(as)
	if err != nil {
		return types.StructType{}, err
	}
	// Spark reports every column of a file source as nullable.
	for i := range st.Fields {
		st.Fields[i].Nullable = true
	}
	return st, nil
}

// Partitions implements physical.Files.
func (s fileSources) Partitions(ctx context.Context, format string, paths []string, options map[string]string) ([][]stage.FileSplit, error) {
	f, err := s.format(format)
	if err != nil {
		return nil, err
	}
	files, err := s.list(ctx, paths, options)
	if err != nil {
		return nil, err
	}
	splits := datasource.PlanFormatSplits(f, files, datasource.Options(options), maxPartitionBytes)
	packed := datasource.PackPartitions(splits, maxPartitionBytes, openCostInBytes)
	out := make([][]stage.FileSplit, len(packed))
	for i, p := range packed {
		for _, sp := range p {
			out[i] = append(out[i], stage.FileSplit{Path: sp.File.Path, Start: sp.Start, Length: sp.Length,
				FileSize: sp.File.Size, PartitionValues: sp.File.PartitionValues})
		}
	}
	return out, nil
}
