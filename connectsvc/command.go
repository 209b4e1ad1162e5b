package connectsvc

import (
	"context"

	"github.com/fulgur/fulgur/connectsvc/translate"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

// ViewEngine is the optional part of an Engine that keeps temporary views.
type ViewEngine interface {
	CreateTempView(ctx context.Context, sess SessionContext, name string, rel plan.Rel, replace, global bool) error
}

// command runs a Command and pushes its typed result.
func (s *Server) command(op *operation, cmd *pb.Command) error {
	switch k := cmd.CommandType.(type) {
	case *pb.Command_SqlCommand:
		return s.sqlCommand(op, k.SqlCommand)
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
	rel, err := translate.Relation(s.translateContext(op.sess), relProto)
	if err != nil {
		return err
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
