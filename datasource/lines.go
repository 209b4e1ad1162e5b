package datasource

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// lineReader reads the lines of one split with Hadoop's LineRecordReader rule (as
// text.go does): a split not at offset 0 skips its first, partial line, and every split
// reads the line that crosses its end. Lines end with \n, \r\n or \r, or with sep when
// it is set.
type lineReader struct {
	f   *os.File
	br  *bufio.Reader
	pos int64
	end int64
	sep []byte
	// lineStart is the offset of the line next or readLine returned last.
	lineStart int64
}

func openLines(split Split, sep string) (*lineReader, error) {
	f, err := os.Open(split.File.Path)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(split.Start, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	r := &lineReader{f: f, br: bufio.NewReaderSize(f, 1<<16), pos: split.Start, end: split.Start + split.Length}
	if sep != "" {
		r.sep = []byte(sep)
	}
	if split.Start != 0 {
		if _, err := r.readLine(); err != nil && err != io.EOF {
			f.Close()
			return nil, err
		}
	}
	return r, nil
}

// next returns the next line of the split, or io.EOF.
func (r *lineReader) next() ([]byte, error) {
	if r.pos > r.end {
		return nil, io.EOF
	}
	return r.readLine()
}

// readLine reads one line without its terminator.
func (r *lineReader) readLine() ([]byte, error) {
	var line []byte
	r.lineStart = r.pos
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
		if r.sep != nil {
			line = append(line, b)
			if bytes.HasSuffix(line, r.sep) {
				return line[:len(line)-len(r.sep)], nil
			}
			continue
		}
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

func (r *lineReader) close() error { return r.f.Close() }

// Splittable is implemented by formats that can say whether a file may be cut into
// several splits. Formats that do not implement it are splittable.
type Splittable interface {
	// IsSplittable reports whether files read with opts may be split.
	IsSplittable(opts Options) bool
}

// PlanFormatSplits is PlanSplits for one format: files of a format that is not
// splittable with opts become one split each.
func PlanFormatSplits(f Format, files []File, opts Options, maxSplitBytes int64) []Split {
	if s, ok := f.(Splittable); ok && !s.IsSplittable(opts) {
		out := make([]Split, len(files))
		for i, file := range files {
			out[i] = Split{File: file, Length: file.Size}
		}
		return out
	}
	return PlanSplits(files, maxSplitBytes, 1)
}

// readWholeFile reads the file of a split that is read as one unit (multiLine): the split
// at offset 0 reads all of it, and other splits of the same file read nothing, so a file
// that was split anyway is still read exactly once.
func readWholeFile(split Split) ([]byte, bool, error) {
	if split.Start != 0 {
		return nil, false, nil
	}
	data, err := os.ReadFile(split.File.Path)
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// optBool reads a boolean option as Spark does (true/false, any case).
func optBool(opts Options, key string, def bool) (bool, error) {
	v, ok := opts.Get(key)
	if !ok {
		return def, nil
	}
	b, ok := parseJavaBoolean(v)
	if !ok {
		return false, errBadOption(key, v)
	}
	return b, nil
}
