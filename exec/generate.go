package exec

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/stage"
)

// generate runs a generator over each input batch. For every output row it knows the
// input row it came from (rows) and, per generated column, the element of the
// generator's input it reads (-1 for NULL); both are gathered with take.
type generate struct {
	tc     *TaskContext
	in     Operator
	o      *stage.Generate
	schema *arrow.Schema
	args   []Evaluator
}

func newGenerate(tc *TaskContext, o *stage.Generate, in Operator) (Operator, error) {
	args, err := CompileAll(tc, o.Args, in.Schema())
	if err != nil {
		return nil, err
	}
	return &generate{tc: tc, in: in, o: o, schema: arrowSchema(tc, o.Out), args: args}, nil
}

func (g *generate) Schema() *arrow.Schema { return g.schema }

func (g *generate) Close() error { return g.in.Close() }

func (g *generate) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		b, err := g.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		out, err := g.apply(b)
		b.Release()
		if err != nil {
			return nil, err
		}
		if out.NumRows() > 0 {
			return out, nil
		}
		out.Release()
	}
}

func (g *generate) apply(b arrow.RecordBatch) (arrow.RecordBatch, error) {
	args, err := evalAll(g.args, b)
	if err != nil {
		return nil, err
	}
	defer releaseAll(args)
	n := int(b.NumRows())
	var rows []int32
	var gen []arrow.Array // generated columns, owned
	defer func() { releaseAll(gen) }()
	mem := g.tc.Mem
	switch g.o.Func {
	case "explode", "posexplode", "inline":
		var elem []int32
		var pos []int32
		var values arrow.Array
		var keys, items arrow.Array
		offsets := func(i int) (int64, int64) { return 0, 0 }
		switch a := args[0].(type) {
		case *array.List:
			values = a.ListValues()
			offsets = a.ValueOffsets
		case *array.LargeList:
			values = a.ListValues()
			offsets = a.ValueOffsets
		case *array.Map:
			keys, items = a.Keys(), a.Items()
			offsets = a.ValueOffsets
		case *array.Null:
		default:
			return nil, fmt.Errorf("%w: %s over %s", ErrUnsupported, g.o.Func, a.DataType())
		}
		for i := 0; i < n; i++ {
			var start, end int64
			if args[0].IsValid(i) {
				start, end = offsets(i)
			}
			if start == end {
				if g.o.Outer {
					rows, elem, pos = append(rows, int32(i)), append(elem, -1), append(pos, -1)
				}
				continue
			}
			for j := start; j < end; j++ {
				rows, elem, pos = append(rows, int32(i)), append(elem, int32(j)), append(pos, int32(j-start))
			}
		}
		if g.o.Func == "posexplode" {
			pb := array.NewInt32Builder(mem)
			for _, p := range pos {
				if p < 0 {
					pb.AppendNull()
				} else {
					pb.Append(p)
				}
			}
			gen = append(gen, pb.NewArray())
			pb.Release()
		}
		var sources []arrow.Array
		switch {
		case keys != nil:
			sources = []arrow.Array{keys, items}
		case g.o.Func == "inline":
			st, ok := values.(*array.Struct)
			if !ok {
				return nil, fmt.Errorf("%w: inline over %s", ErrUnsupported, args[0].DataType())
			}
			for f := 0; f < st.NumField(); f++ {
				sources = append(sources, st.Field(f))
			}
		case values != nil:
			sources = []arrow.Array{values}
		}
		for _, src := range sources {
			c, err := takeOrNull(mem, src, elem)
			if err != nil {
				return nil, err
			}
			gen = append(gen, c)
		}
	case "stack":
		rowsPer := int(literalInt64(g.o.Args[0]))
		width := len(g.o.Out.Fields) - len(b.Schema().Fields())
		for i := 0; i < n; i++ {
			for r := 0; r < rowsPer; r++ {
				rows = append(rows, int32(i))
			}
		}
		for c := 0; c < width; c++ {
			// Concatenate the column's arguments row group by row group, then gather
			// row-major: output (i, r) reads argument r's row i.
			var parts []arrow.Array
			for r := 0; r < rowsPer; r++ {
				if a := 1 + r*width + c; a < len(args) {
					parts = append(parts, args[a])
				} else {
					parts = append(parts, array.MakeArrayOfNull(mem, g.schema.Field(len(b.Schema().Fields())+c).Type, n))
					defer parts[len(parts)-1].Release()
				}
			}
			all, err := array.Concatenate(parts, mem)
			if err != nil {
				return nil, err
			}
			idx := make([]int32, 0, n*rowsPer)
			for i := 0; i < n; i++ {
				for r := 0; r < rowsPer; r++ {
					idx = append(idx, int32(r*n+i))
				}
			}
			col, err := take(mem, all, idx)
			all.Release()
			if err != nil {
				return nil, err
			}
			gen = append(gen, col)
		}
	case plan.ReplicateRows:
		counts := args[0]
		for i := 0; i < n; i++ {
			if counts.IsNull(i) {
				continue
			}
			for k := int64(0); k < intValueAt(counts, i); k++ {
				rows = append(rows, int32(i))
			}
		}
	default:
		return nil, fmt.Errorf("%w: generator %s", ErrUnsupported, g.o.Func)
	}
	cols := make([]arrow.Array, 0, len(g.schema.Fields()))
	defer func() { releaseAll(cols) }()
	for c := 0; c < int(b.NumCols()); c++ {
		col, err := take(mem, b.Column(c), rows)
		if err != nil {
			return nil, err
		}
		cols = append(cols, col)
	}
	for i, c := range gen {
		conformed, err := conform(c, g.schema.Field(len(cols)).Type)
		if err != nil {
			return nil, err
		}
		gen[i] = nil
		cols = append(cols, conformed)
	}
	return array.NewRecordBatch(g.schema, cols, int64(len(rows))), nil
}

func literalInt64(e plan.Expr) int64 {
	if l, ok := e.(*plan.Literal); ok {
		switch v := l.Value.(type) {
		case int8:
			return int64(v)
		case int16:
			return int64(v)
		case int32:
			return int64(v)
		case int64:
			return v
		}
	}
	return 0
}

func intValueAt(a arrow.Array, i int) int64 {
	switch a := a.(type) {
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	}
	return 0
}
