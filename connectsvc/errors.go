package connectsvc

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sqlerr"
)

// toStatus is the one place where errors become Spark's wire shape: a gRPC status whose
// message is the error text and whose details hold an ErrorInfo with the exception
// classes, error class, SQLSTATE and message parameters (PROTOCOL.md §3.3). Context
// errors pass through as CANCELLED / DEADLINE_EXCEEDED; unexpected errors become
// INTERNAL_ERROR with the real error logged.
func (s *Server) toStatus(sess *session, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); ok && !isSQLErr(err) {
		return err
	}
	se, ok := sqlerr.As(err)
	if !ok {
		switch {
		case errors.Is(err, context.Canceled):
			se = sqlerr.New("OPERATION_CANCELED")
		case errors.Is(err, context.DeadlineExceeded):
			return status.Error(codes.DeadlineExceeded, err.Error())
		default:
			s.log.Warn("internal error", "err", err)
			se = sqlerr.Internal(err)
		}
	}
	meta := map[string]string{"sqlState": se.SQLState()}
	classes, _ := json.Marshal(se.ExceptionHierarchy())
	meta["classes"] = string(classes)
	if se.Class != "" {
		meta["errorClass"] = se.Class
		params, _ := json.Marshal(se.Params)
		meta["messageParameters"] = string(params)
	}
	if sess != nil {
		meta["errorId"] = sess.rememberError(se)
	}
	code := se.GRPCCode()
	st := status.New(code, se.Error())
	info := &errdetails.ErrorInfo{Reason: se.Exception(), Domain: "org.apache.spark", Metadata: meta}
	if withDetails, derr := st.WithDetails(info); derr == nil {
		st = withDetails
	} else {
		slog.Warn("error details", "err", derr)
	}
	return st.Err()
}

func isSQLErr(err error) bool {
	_, ok := sqlerr.As(err)
	return ok
}

// errorDetails answers FetchErrorDetails for a remembered error.
func errorDetails(err error) []*pb.FetchErrorDetailsResponse_Error {
	se, ok := sqlerr.As(err)
	if !ok {
		return nil
	}
	e := &pb.FetchErrorDetailsResponse_Error{ErrorTypeHierarchy: se.ExceptionHierarchy(), Message: se.Error()}
	if se.Class != "" {
		class, state := se.Class, se.SQLState()
		e.SparkThrowable = &pb.FetchErrorDetailsResponse_SparkThrowable{ErrorClass: &class, MessageParameters: se.Params, SqlState: &state}
	}
	return []*pb.FetchErrorDetailsResponse_Error{e}
}
