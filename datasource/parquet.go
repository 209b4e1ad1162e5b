package datasource

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetFormat reads parquet files with arrow-go's streaming record reader: only the
// requested columns, only the row groups whose midpoint lies in the split (Spark's rule).
type parquetFormat struct{}

func (parquetFormat) Name() string { return "parquet" }

func (parquetFormat) InferSchema(ctx context.Context, files []File, opts Options) (*arrow.Schema, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("UNABLE_TO_INFER_SCHEMA: no parquet files")
	}
	pf, err := file.OpenParquetFile(files[0].Path, false)
	if err != nil {
		return nil, fmt.Errorf("reading parquet footer of %s: %w", files[0].Path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	s, err := fr.Schema()
	if err != nil {
		return nil, err
	}
	return normalizeSchema(s), nil
}

// normalizeSchema maps Arrow types parquet may produce to the ones the engine uses:
// large strings and binaries to regular ones, other timestamp units to microseconds.
func normalizeSchema(s *arrow.Schema) *arrow.Schema {
	fs := make([]arrow.Field, s.NumFields())
	for i, f := range s.Fields() {
		f.Type = normalizeType(f.Type)
		f.Metadata = arrow.Metadata{}
		fs[i] = f
	}
	return arrow.NewSchema(fs, nil)
}

func normalizeType(t arrow.DataType) arrow.DataType {
	switch t := t.(type) {
	case *arrow.LargeStringType:
		return arrow.BinaryTypes.String
	case *arrow.LargeBinaryType:
		return arrow.BinaryTypes.Binary
	case *arrow.TimestampType:
		if t.TimeZone != "" {
			return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
		}
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case *arrow.DictionaryType:
		return normalizeType(t.ValueType)
	}
	return t
}

func (parquetFormat) Open(ctx context.Context, split Split, schema *arrow.Schema, opts Options, mem memory.Allocator) (Reader, error) {
	pf, err := file.OpenParquetFile(split.File.Path, false)
	if err != nil {
		return nil, err
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: defaultBatchRows}, mem)
	if err != nil {
		pf.Close()
		return nil, err
	}
	fileSchema, err := fr.Schema()
	if err != nil {
		pf.Close()
		return nil, err
	}
	var cols []int
	for _, f := range schema.Fields() {
		idx := fileSchema.FieldIndices(f.Name)
		if len(idx) == 0 {
			pf.Close()
			return nil, fmt.Errorf("column %q not found in %s", f.Name, split.File.Path)
		}
		// Leaf column indices of the field.
		leaves, err := leafColumns(fr, idx[0])
		if err != nil {
			pf.Close()
			return nil, err
		}
		cols = append(cols, leaves...)
	}
	var groups []int
	md := pf.MetaData()
	for i := 0; i < md.NumRowGroups(); i++ {
		rg := md.RowGroup(i)
		cc, err := rg.ColumnChunk(0)
		if err != nil {
			continue
		}
		off := cc.DataPageOffset()
		if cc.HasDictionaryPage() && cc.DictionaryPageOffset() > 0 && cc.DictionaryPageOffset() < off {
			off = cc.DictionaryPageOffset()
		}
		mid := off + rg.TotalCompressedSize()/2
		if mid >= split.Start && mid < split.Start+split.Length || split.Length == 0 && split.Start == 0 {
			groups = append(groups, i)
		}
	}
	r := &parquetReader{pf: pf, schema: schema, mem: mem}
	if len(groups) == 0 {
		r.done = true
		return r, nil
	}
	if len(schema.Fields()) == 0 {
		// Only a row count is needed.
		for _, g := range groups {
			r.countOnly += md.RowGroup(g).NumRows()
		}
		return r, nil
	}
	rr, err := fr.GetRecordReader(ctx, cols, groups)
	if err != nil {
		pf.Close()
		return nil, err
	}
	r.rr = rr
	return r, nil
}

func leafColumns(fr *pqarrow.FileReader, field int) ([]int, error) {
	manifest := fr.Manifest
	if field >= len(manifest.Fields) {
		return nil, fmt.Errorf("bad field index %d", field)
	}
	var out []int
	var walk func(f pqarrow.SchemaField)
	walk = func(f pqarrow.SchemaField) {
		if len(f.Children) == 0 {
			out = append(out, f.ColIndex)
			return
		}
		for _, c := range f.Children {
			walk(c)
		}
	}
	walk(manifest.Fields[field])
	return out, nil
}

type parquetReader struct {
	pf        *file.Reader
	rr        pqarrow.RecordReader
	schema    *arrow.Schema
	mem       memory.Allocator
	done      bool
	countOnly int64
}

func (r *parquetReader) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.done {
		return nil, io.EOF
	}
	if r.rr == nil {
		r.done = true
		if r.countOnly == 0 {
			return nil, io.EOF
		}
		return array.NewRecordBatch(r.schema, nil, r.countOnly), nil
	}
	if !r.rr.Next() {
		r.done = true
		if err := r.rr.Err(); err != nil && err != io.EOF {
			return nil, err
		}
		return nil, io.EOF
	}
	b := r.rr.RecordBatch()
	cols := make([]arrow.Array, b.NumCols())
	for i := range cols {
		c := b.Column(i)
		want := r.schema.Field(i).Type
		if arrow.TypeEqual(c.DataType(), want) {
			c.Retain()
			cols[i] = c
			continue
		}
		casted, err := castNested(ctx, c, want)
		if err != nil {
			releaseArrays(cols[:i])
			return nil, fmt.Errorf("converting parquet column %s from %s to %s: %w", r.schema.Field(i).Name, c.DataType(), want, err)
		}
		cols[i] = casted
	}
	out := array.NewRecordBatch(r.schema, cols, b.NumRows())
	releaseArrays(cols)
	return out, nil
}

func releaseArrays(as []arrow.Array) {
	for _, a := range as {
		if a != nil {
			a.Release()
		}
	}
}

func (r *parquetReader) Close() error {
	if r.rr != nil {
		r.rr.Release()
	}
	return r.pf.Close()
}

// castNested casts a column to want, recursing into lists, maps and structs (Arrow's cast
// does not convert, for example, timestamp units inside nested types) and casting the
// leaves that differ.
func castNested(ctx context.Context, c arrow.Array, want arrow.DataType) (arrow.Array, error) {
	if arrow.TypeEqual(c.DataType(), want) {
		c.Retain()
		return c, nil
	}
	var childTypes []arrow.DataType
	switch w := want.(type) {
	case *arrow.ListType:
		if _, ok := c.DataType().(*arrow.ListType); ok {
			childTypes = []arrow.DataType{w.Elem()}
		}
	case *arrow.MapType:
		if _, ok := c.DataType().(*arrow.MapType); ok {
			childTypes = []arrow.DataType{w.Elem()}
		}
	case *arrow.StructType:
		if st, ok := c.DataType().(*arrow.StructType); ok && st.NumFields() == w.NumFields() {
			for _, f := range w.Fields() {
				childTypes = append(childTypes, f.Type)
			}
		}
	}
	if childTypes == nil {
		return compute.CastArray(ctx, c, compute.UnsafeCastOptions(want))
	}
	data := c.Data()
	children := make([]arrow.ArrayData, len(childTypes))
	for i, ct := range childTypes {
		child := array.MakeFromData(data.Children()[i])
		cc, err := castNested(ctx, child, ct)
		child.Release()
		if err != nil {
			for _, d := range children[:i] {
				d.Release()
			}
			return nil, err
		}
		children[i] = cc.Data()
		children[i].Retain()
		cc.Release()
	}
	out := array.NewData(want, data.Len(), data.Buffers(), children, data.NullN(), data.Offset())
	for _, d := range children {
		d.Release()
	}
	defer out.Release()
	return array.MakeFromData(out), nil
}
