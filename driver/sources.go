package driver

import (
	"context"
	"errors"
	"sort"
	"strconv"
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
	return withPartitionColumns(st, files), nil
}

// withPartitionColumns appends the key=value directory columns that the files carry
// and the data does not, typed as Spark infers them (int, bigint, double, else
// string; __HIVE_DEFAULT_PARTITION__ is NULL).
func withPartitionColumns(st types.StructType, files []datasource.File) types.StructType {
	var keys []string
	values := map[string][]string{}
	for _, f := range files {
		for k, v := range f.PartitionValues {
			if _, ok := values[k]; !ok {
				keys = append(keys, k)
			}
			values[k] = append(values[k], v)
		}
	}
	sort.Strings(keys) // map order is random; directory order is key order in practice
	if len(files) > 0 {
		// Prefer the order of the first file's path.
		p := files[0].Path
		sort.SliceStable(keys, func(i, j int) bool {
			return strings.Index(p, "/"+keys[i]+"=") < strings.Index(p, "/"+keys[j]+"=")
		})
	}
	for _, k := range keys {
		exists := false
		for _, f := range st.Fields {
			exists = exists || strings.EqualFold(f.Name, k)
		}
		if !exists {
			st.Fields = append(st.Fields, types.StructField{Name: k, Type: partitionType(values[k]), Nullable: true})
		}
	}
	return st
}

func partitionType(vals []string) types.DataType {
	kind := 0 // 0 int, 1 bigint, 2 double, 3 string
	for _, v := range vals {
		if v == "__HIVE_DEFAULT_PARTITION__" {
			continue
		}
		switch {
		case kind <= 0 && fitsInt(v, 32):
		case kind <= 1 && fitsInt(v, 64):
			kind = max(kind, 1)
		case kind <= 2 && isFloat(v):
			kind = max(kind, 2)
		default:
			kind = 3
		}
	}
	return []types.DataType{types.Integer, types.Long, types.Double, types.String}[kind]
}

func fitsInt(v string, bits int) bool {
	_, err := strconv.ParseInt(v, 10, bits)
	return err == nil
}

func isFloat(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
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
