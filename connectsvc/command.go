package connectsvc

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/connectsvc/translate"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/planbuilder"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// ViewEngine is the optional part of an Engine that keeps temporary views.
type ViewEngine interface {
	CreateTempView(ctx context.Context, sess SessionContext, name string, rel plan.Rel, replace, global bool) error
	DropTempView(ctx context.Context, sess SessionContext, name string, global bool) bool
}

// runCommand executes a SQL command and returns its result as a local relation, as
// Spark answers commands eagerly.
func (s *Server) runCommand(op *operation, c planbuilder.Command) (*pb.Relation, error) {
	conf := op.sess.conf
	kv := types.StructType{Fields: []types.StructField{{Name: "key", Type: types.String, Nullable: false}, {Name: "value", Type: types.String, Nullable: true}}}
	switch c := c.(type) {
	case *planbuilder.SetCommand:
		switch {
		case c.Key == "":
			var rows [][2]string
			rows = append(rows, conf.All("")...)
			return localStrings(kv, rows)
		case !c.HasValue:
			v, ok := conf.Get(c.Key)
			if !ok {
				v = "<undefined>"
			}
			return localStrings(kv, [][2]string{{c.Key, v}})
		}
		if !conf.IsModifiable(c.Key) {
			return nil, sqlerr.New("CANNOT_MODIFY_CONFIG", "key", `"`+c.Key+`"`, "docroot", "https://spark.apache.org/docs/latest")
		}
		conf.Set(c.Key, c.Value)
		return localStrings(kv, [][2]string{{c.Key, c.Value}})
	case *planbuilder.ResetCommand:
		if c.Key != "" {
			conf.Unset(c.Key)
		} else {
			for _, kv := range conf.All("") {
				conf.Unset(kv[0])
			}
		}
		return localStrings(types.StructType{}, nil)
	case *planbuilder.CreateViewCommand:
		ve, ok := s.engine.(ViewEngine)
		if !ok {
			return nil, sqlerr.Unsupported("temporary views")
		}
		err := ve.CreateTempView(op.ctx, op.sess, c.Name, c.Query, c.Replace, c.Global)
		if err != nil && !(c.IfNotExists && sqlerr.HasClass(err, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS")) {
			return nil, err
		}
		return localStrings(types.StructType{}, nil)
	case *planbuilder.DropViewCommand:
		ve, ok := s.engine.(ViewEngine)
		if !ok {
			return nil, sqlerr.Unsupported("temporary views")
		}
		global := len(c.Parts) == 2 && strings.EqualFold(c.Parts[0], "global_temp")
		name := c.Parts[len(c.Parts)-1]
		if !ve.DropTempView(op.ctx, op.sess, name, global) && !c.IfExists {
			q := make([]string, len(c.Parts))
			for i, p := range c.Parts {
				q[i] = "`" + p + "`"
			}
			return nil, sqlerr.New("TABLE_OR_VIEW_NOT_FOUND", "relationName", strings.Join(q, "."))
		}
		return localStrings(types.StructType{}, nil)
	}
	if ce, ok := s.engine.(CommandEngine); ok {
		st, rows, err := ce.RunCommand(op.ctx, op.sess, c)
		if err != nil {
			return nil, err
		}
		return localRows(st, rows)
	}
	return nil, sqlerr.Unsupported(fmt.Sprintf("SQL command %T", c))
}

// WriteRequest is a DataFrameWriter operation: the rows of Input go to Path, or to the
// catalog table Table (created or replaced by saveAsTable, appended to or overwritten
// by insertInto).
type WriteRequest struct {
	Input       plan.Rel
	Format      string
	Path        string
	Table       []string
	InsertInto  bool
	Mode        string
	PartitionBy []string
	Options     map[string]string
}

// WriteEngine runs writes.
type WriteEngine interface {
	Write(ctx context.Context, sess SessionContext, w WriteRequest) error
}

// CommandEngine runs the SQL commands that need the engine's catalog (databases,
// tables, persistent views) and returns their result rows (Go values of the
// schema's types: string, bool, int64).
type CommandEngine interface {
	RunCommand(ctx context.Context, sess SessionContext, c planbuilder.Command) (types.StructType, [][]any, error)
}

// localRows builds a LocalRelation from rows of strings, booleans and bigints.
func localRows(st types.StructType, rows [][]any) (*pb.Relation, error) {
	schema := types.ArrowSchema(st, "UTC")
	cols := make([]arrow.Array, len(st.Fields))
	defer func() {
		for _, c := range cols {
			if c != nil {
				c.Release()
			}
		}
	}()
	for c, f := range st.Fields {
		b := array.NewBuilder(memory.DefaultAllocator, schema.Field(c).Type)
		for _, r := range rows {
			switch v := r[c].(type) {
			case nil:
				b.AppendNull()
			case string:
				b.(*array.StringBuilder).Append(v)
			case bool:
				b.(*array.BooleanBuilder).Append(v)
			case int64:
				b.(*array.Int64Builder).Append(v)
			default:
				b.Release()
				return nil, sqlerr.Internal(fmt.Errorf("command result column %s holds %T", f.Name, v))
			}
		}
		cols[c] = b.NewArray()
		b.Release()
	}
	rec := array.NewRecordBatch(schema, cols, int64(len(rows)))
	defer rec.Release()
	data, err := encodeIPC(rec)
	if err != nil {
		return nil, err
	}
	lr := &pb.LocalRelation{Data: data}
	if len(st.Fields) > 0 {
		ddl := DDL(st)
		lr.Schema = &ddl
	}
	return &pb.Relation{RelType: &pb.Relation_LocalRelation{LocalRelation: lr}}, nil
}

// localStrings builds a LocalRelation of string rows (one or two columns).
func localStrings(st types.StructType, rows [][2]string) (*pb.Relation, error) {
	schema := types.ArrowSchema(st, "UTC")
	cols := make([]arrow.Array, len(st.Fields))
	for c := range st.Fields {
		b := array.NewStringBuilder(memory.DefaultAllocator)
		for _, r := range rows {
			b.Append(r[c])
		}
		cols[c] = b.NewArray()
		b.Release()
	}
	rec := array.NewRecordBatch(schema, cols, int64(len(rows)))
	for _, c := range cols {
		c.Release()
	}
	defer rec.Release()
	data, err := encodeIPC(rec)
	if err != nil {
		return nil, err
	}
	lr := &pb.LocalRelation{Data: data}
	if len(st.Fields) > 0 {
		ddl := DDL(st)
		lr.Schema = &ddl
	}
	return &pb.Relation{RelType: &pb.Relation_LocalRelation{LocalRelation: lr}}, nil
}

// command runs a Command and pushes its typed result.
func (s *Server) command(op *operation, cmd *pb.Command) error {
	switch k := cmd.CommandType.(type) {
	case *pb.Command_SqlCommand:
		return s.sqlCommand(op, k.SqlCommand)
	case *pb.Command_WriteOperation:
		return s.write(op, k.WriteOperation)
	case *pb.Command_CreateDataframeView:
		v := k.CreateDataframeView
		ve, ok := s.engine.(ViewEngine)
		if !ok {
			return sqlerr.Unsupported("temporary views")
		}
		rel, err := translate.Relation(s.translateContext(op.sess), v.Input)
		if err != nil {
			return err
		}
		return ve.CreateTempView(op.ctx, op.sess, v.Name, rel, v.Replace, v.IsGlobal)
	}
	return unsupportedCommand(cmd)
}

// sqlCommand answers spark.sql(): the statement is parsed and analyzed eagerly, so
// errors surface at spark.sql() time as in Spark, and the SQL relation comes back for
// the client to use as the DataFrame's plan.
func (s *Server) sqlCommand(op *operation, cmd *pb.SqlCommand) error {
	relProto := translate.SQLCommandRelation(cmd)
	rel, command, err := translate.SQLStatement(s.translateContext(op.sess), relProto)
	if err != nil {
		return err
	}
	if command != nil {
		result, err := s.runCommand(op, command)
		if err != nil {
			return err
		}
		r := s.newResponse(op)
		r.ResponseType = &pb.ExecutePlanResponse_SqlCommandResult_{SqlCommandResult: &pb.ExecutePlanResponse_SqlCommandResult{Relation: result}}
		return op.push(r)
	}
	if _, err := s.engine.Analyze(op.ctx, op.sess, rel); err != nil {
		return err
	}
	r := s.newResponse(op)
	r.ResponseType = &pb.ExecutePlanResponse_SqlCommandResult_{SqlCommandResult: &pb.ExecutePlanResponse_SqlCommandResult{Relation: relProto}}
	return op.push(r)
}

func unsupportedCommand(cmd *pb.Command) error {
	m := cmd.ProtoReflect()
	od := m.Descriptor().Oneofs().ByName("command_type")
	if fd := m.WhichOneof(od); fd != nil {
		return sqlerr.Unsupported("command " + string(fd.Name()))
	}
	return sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "command without a type")
}

// write runs a WriteOperation (df.write ... save/saveAsTable/insertInto).
func (s *Server) write(op *operation, w *pb.WriteOperation) error {
	we, ok := s.engine.(WriteEngine)
	if !ok {
		return sqlerr.Unsupported("writes")
	}
	if w.BucketBy != nil || len(w.SortColumnNames) > 0 || len(w.ClusteringColumns) > 0 {
		return sqlerr.Unsupported("bucketBy, sortBy and clusterBy on writes")
	}
	rel, err := translate.Relation(s.translateContext(op.sess), w.Input)
	if err != nil {
		return err
	}
	req := WriteRequest{Input: rel, Format: w.GetSource(), PartitionBy: w.PartitioningColumns, Options: w.Options}
	switch w.Mode {
	case pb.WriteOperation_SAVE_MODE_APPEND:
		req.Mode = "append"
	case pb.WriteOperation_SAVE_MODE_OVERWRITE:
		req.Mode = "overwrite"
	case pb.WriteOperation_SAVE_MODE_IGNORE:
		req.Mode = "ignore"
	default:
		req.Mode = "errorifexists"
	}
	switch t := w.SaveType.(type) {
	case *pb.WriteOperation_Path:
		req.Path = t.Path
	case *pb.WriteOperation_Table:
		parts, err := translate.ParseIdentifier(t.Table.TableName)
		if err != nil {
			return err
		}
		req.Table = parts
		req.InsertInto = t.Table.SaveMethod == pb.WriteOperation_SaveTable_TABLE_SAVE_METHOD_INSERT_INTO
	default:
		if p, ok := w.Options["path"]; ok {
			req.Path = p
		}
	}
	return we.Write(op.ctx, op.sess, req)
}
