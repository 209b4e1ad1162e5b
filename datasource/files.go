package datasource

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Options are a reader's or writer's options, as DataFrameReader.option sets them.
// Keys are matched case-insensitively.
type Options map[string]string

// Get returns an option by case-insensitive key.
func (o Options) Get(key string) (string, bool) {
	for k, v := range o {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// File is one input file.
type File struct {
	Path            string
	Size            int64
	ModTime         time.Time
	PartitionValues map[string]string
}

// Split is a byte range of a file: the unit of work of one reader.
type Split struct {
	File          File
	Start, Length int64
}

// PathNotFoundError reports an input path that does not exist.
type PathNotFoundError struct{ Path string }

func (e *PathNotFoundError) Error() string { return "path does not exist: " + e.Path }

// localPath turns a path or file: URI into a local file system path.
func localPath(p string) string {
	if strings.HasPrefix(p, "file:") {
		if u, err := url.Parse(p); err == nil && u.Path != "" {
			return u.Path
		}
		return strings.TrimPrefix(strings.TrimPrefix(p, "file:"), "//")
	}
	return p
}

// QualifiedPath renders a local path as Spark prints it: file:/abs/path.
func QualifiedPath(p string) string {
	abs, err := filepath.Abs(localPath(p))
	if err != nil {
		abs = p
	}
	return "file:" + abs
}

func hidden(name string) bool {
	return strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")
}

// ListFiles expands paths (files, directories, glob patterns) into the files to read,
// skipping names starting with '_' or '.', as Hadoop does. Directories are read with
// their key=value partition subdirectories.
func ListFiles(ctx context.Context, paths []string, opts Options) ([]File, error) {
	var out []File
	for _, p := range paths {
		lp := localPath(p)
		matches := []string{lp}
		if strings.ContainsAny(lp, "*?[{") {
			var err error
			matches, err = filepath.Glob(lp)
			if err != nil || len(matches) == 0 {
				return nil, &PathNotFoundError{Path: QualifiedPath(p)}
			}
		}
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				return nil, &PathNotFoundError{Path: QualifiedPath(m)}
			}
			if !st.IsDir() {
				out = append(out, File{Path: m, Size: st.Size(), ModTime: st.ModTime()})
				continue
			}
			err = filepath.WalkDir(m, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if path != m && hidden(d.Name()) {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					return nil
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				f := File{Path: path, Size: info.Size(), ModTime: info.ModTime()}
				rel, _ := filepath.Rel(m, filepath.Dir(path))
				for _, seg := range strings.Split(rel, string(filepath.Separator)) {
					if k, v, ok := strings.Cut(seg, "="); ok && k != "" {
						if f.PartitionValues == nil {
							f.PartitionValues = map[string]string{}
						}
						if uv, err := url.PathUnescape(v); err == nil {
							v = uv
						}
						f.PartitionValues[k] = v
					}
				}
				out = append(out, f)
				return nil
			})
			if err != nil {
				return nil, fmt.Errorf("listing %s: %w", m, err)
			}
		}
	}
	if glob, ok := opts.Get("pathGlobFilter"); ok {
		var kept []File
		for _, f := range out {
			if ok, _ := filepath.Match(glob, filepath.Base(f.Path)); ok {
				kept = append(kept, f)
			}
		}
		out = kept
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// PlanSplits cuts files into splits of at most maxSplitBytes (all formats here are
// splittable: text by lines, parquet by row groups).
func PlanSplits(files []File, maxSplitBytes int64, _ int) []Split {
	var out []Split
	for _, f := range files {
		if f.Size == 0 {
			out = append(out, Split{File: f})
			continue
		}
		for off := int64(0); off < f.Size; off += maxSplitBytes {
			out = append(out, Split{File: f, Start: off, Length: min(maxSplitBytes, f.Size-off)})
		}
	}
	return out
}

// PackPartitions groups splits into task partitions as Spark's FilePartition does:
// splits sorted by size, largest first, packed until a partition would exceed
// maxSplitBytes counting openCost per file.
func PackPartitions(splits []Split, maxSplitBytes, openCost int64) [][]Split {
	sorted := append([]Split(nil), splits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Length > sorted[j].Length })
	var parts [][]Split
	var cur []Split
	var size int64
	for _, s := range sorted {
		if size+s.Length > maxSplitBytes && len(cur) > 0 {
			parts = append(parts, cur)
			cur, size = nil, 0
		}
		cur = append(cur, s)
		size += s.Length + openCost
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	return parts
}
