package connectsvc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"
	"google.golang.org/grpc"

	"github.com/fulgur/fulgur/conf"
	"github.com/fulgur/fulgur/connectsvc/translate"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// maxBatchBytes bounds the Arrow payload of one response, as Spark does (~4 MiB).
const maxBatchBytes = 4 << 20

// ExecutePlan runs a plan and streams its results.
func (s *Server) ExecutePlan(req *pb.ExecutePlanRequest, stream grpc.ServerStreamingServer[pb.ExecutePlanResponse]) error {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return s.toStatus(nil, err)
	}
	opID := req.GetOperationId()
	if opID == "" {
		opID = uuid.NewString()
	} else if _, err := uuid.Parse(opID); err != nil {
		return s.toStatus(sess, sqlerr.New("INVALID_HANDLE.FORMAT", "handle", opID))
	}
	reattachable := false
	for _, o := range req.RequestOptions {
		if ro := o.GetReattachOptions(); ro != nil && ro.Reattachable {
			reattachable = true
		}
	}
	op := newOperation(sess, opID, req.Tags, reattachable)
	sess.mu.Lock()
	if _, exists := sess.ops[opID]; exists {
		sess.mu.Unlock()
		return s.toStatus(sess, sqlerr.New("INVALID_HANDLE.OPERATION_ALREADY_EXISTS", "handle", opID))
	}
	sess.ops[opID] = op
	sess.mu.Unlock()
	s.log.Debug("execute", "session", sess.key.id, "operation", opID, "reattachable", reattachable)

	go s.run(op, req.Plan)
	return s.attach(stream.Context(), sess, op, op.startAfter(""), stream)
}

// attach streams an operation's responses to one client stream.
func (s *Server) attach(ctx context.Context, sess *session, op *operation, next int, stream grpc.ServerStreamingServer[pb.ExecutePlanResponse]) error {
	lim := streamLimits{maxDuration: 2 * time.Minute, maxBytes: 1 << 30}
	if v, ok := sess.conf.Get("spark.connect.execute.reattachable.senderMaxStreamDuration"); ok {
		if d, err := parseDuration(v); err == nil {
			lim.maxDuration = d
		}
	}
	if v, ok := sess.conf.Get("spark.connect.execute.reattachable.senderMaxStreamSize"); ok {
		if n, err := conf.ParseBytes(v); err == nil {
			lim.maxBytes = n
		}
	}
	ended, err := op.stream(ctx, next, stream.Send, lim)
	if ended || err != nil {
		if ended && (err == nil || !op.reattachable) {
			s.forget(sess, op)
		}
		if err != nil && !errors.Is(err, ctx.Err()) {
			return s.toStatus(sess, err)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// forget removes a finished non-reattachable operation (reattachable ones wait for
// ReleaseExecute).
func (s *Server) forget(sess *session, op *operation) {
	if op.reattachable {
		return
	}
	sess.mu.Lock()
	delete(sess.ops, op.id)
	sess.mu.Unlock()
	op.release()
}

// ReattachExecute resumes an operation's stream after the last response the client saw.
func (s *Server) ReattachExecute(req *pb.ReattachExecuteRequest, stream grpc.ServerStreamingServer[pb.ExecutePlanResponse]) error {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return s.toStatus(nil, err)
	}
	sess.mu.Lock()
	op, ok := sess.ops[req.OperationId]
	sess.mu.Unlock()
	if !ok {
		return s.toStatus(sess, sqlerr.New("INVALID_HANDLE.OPERATION_NOT_FOUND", "handle", req.OperationId))
	}
	return s.attach(stream.Context(), sess, op, op.startAfter(req.GetLastResponseId()), stream)
}

// ReleaseExecute frees buffered responses of a reattachable operation.
func (s *Server) ReleaseExecute(ctx context.Context, req *pb.ReleaseExecuteRequest) (*pb.ReleaseExecuteResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.ReleaseExecuteResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID, OperationId: &req.OperationId}
	sess.mu.Lock()
	op, ok := sess.ops[req.OperationId]
	if ok && req.GetReleaseAll() != nil {
		delete(sess.ops, req.OperationId)
	}
	sess.mu.Unlock()
	if !ok {
		// Releasing twice, or after the operation ended, is harmless.
		return resp, nil
	}
	if req.GetReleaseAll() != nil {
		op.release()
	} else if u := req.GetReleaseUntil(); u != nil {
		op.releaseUntil(u.ResponseId)
	}
	return resp, nil
}

// Interrupt cancels operations of the session: all, by tag, or by id.
func (s *Server) Interrupt(ctx context.Context, req *pb.InterruptRequest) (*pb.InterruptResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.InterruptResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID, InterruptedIds: []string{}}
	sess.mu.Lock()
	var hit []*operation
	for id, op := range sess.ops {
		match := false
		switch req.InterruptType {
		case pb.InterruptRequest_INTERRUPT_TYPE_ALL:
			match = true
		case pb.InterruptRequest_INTERRUPT_TYPE_TAG:
			for _, t := range op.tags {
				if t == req.GetOperationTag() {
					match = true
				}
			}
		case pb.InterruptRequest_INTERRUPT_TYPE_OPERATION_ID:
			match = id == req.GetOperationId()
		}
		if match {
			op.mu.Lock()
			running := !op.done
			op.mu.Unlock()
			if running {
				hit = append(hit, op)
				resp.InterruptedIds = append(resp.InterruptedIds, id)
			}
		}
	}
	sess.mu.Unlock()
	for _, op := range hit {
		op.interrupt()
	}
	return resp, nil
}

// run is the producer of an operation: it executes the plan and pushes responses.
func (s *Server) run(op *operation, p *pb.Plan) {
	var err error
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic in operation", "operation", op.id, "panic", r, "stack", string(debug.Stack()))
			err = sqlerr.Internal(fmt.Errorf("panic: %v", r))
		}
		if err != nil && op.ctx.Err() != nil {
			err = sqlerr.New("OPERATION_CANCELED")
		}
		op.finish(err)
	}()
	err = s.execute(op, p)
}

func (s *Server) newResponse(op *operation) *pb.ExecutePlanResponse {
	return &pb.ExecutePlanResponse{SessionId: op.sess.key.id, ServerSideSessionId: op.sess.serverSideID, OperationId: op.id, ResponseId: uuid.NewString()}
}

func (s *Server) translateContext(sess *session) *translate.Context {
	return &translate.Context{SessionID: sess.key.id, Conf: sess.conf.Get, Artifact: sess.Artifact, Mem: memory.DefaultAllocator}
}

func (s *Server) execute(op *operation, p *pb.Plan) error {
	if p == nil {
		return sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "missing plan")
	}
	switch k := p.OpType.(type) {
	case *pb.Plan_Root:
		rel, err := translate.Relation(s.translateContext(op.sess), k.Root)
		if err != nil {
			return err
		}
		if err := s.streamRelation(op, rel); err != nil {
			return err
		}
	case *pb.Plan_Command:
		if err := s.command(op, k.Command); err != nil {
			return err
		}
	case *pb.Plan_CompressedOperation_:
		return sqlerr.Unsupported("compressed plans (spark.connect.session.planCompression.threshold is -1)")
	default:
		return sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "plan without a root or command")
	}
	r := s.newResponse(op)
	r.ResponseType = &pb.ExecutePlanResponse_ResultComplete_{ResultComplete: &pb.ExecutePlanResponse_ResultComplete{}}
	return op.push(r)
}

// streamRelation executes a relation and pushes its schema and Arrow batches.
func (s *Server) streamRelation(op *operation, rel plan.Rel) error {
	res, err := s.engine.Execute(op.ctx, op.sess, rel)
	if err != nil {
		return err
	}
	defer res.Close()
	schema := res.Schema()
	first := s.newResponse(op)
	first.Schema = translate.DataTypeToProto(schema)
	if err := op.push(first); err != nil {
		return err
	}
	tz, _ := op.sess.conf.Get("spark.sql.session.timeZone")
	var offset int64
	sentBatch := false
	for {
		b, err := res.Next(op.ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		err = s.pushBatch(op, b, &offset, &sentBatch)
		b.Release()
		if err != nil {
			return err
		}
	}
	if !sentBatch {
		empty := array.NewRecordBatch(types.ArrowSchema(schema, tz), emptyColumns(schema, tz), 0)
		defer empty.Release()
		if err := s.pushBatch(op, empty, &offset, &sentBatch); err != nil {
			return err
		}
	}
	return nil
}

func emptyColumns(st types.StructType, tz string) []arrow.Array {
	cols := make([]arrow.Array, len(st.Fields))
	for i, f := range st.Fields {
		b := array.NewBuilder(memory.DefaultAllocator, types.ToArrow(f.Type, tz))
		cols[i] = b.NewArray()
		b.Release()
	}
	return cols
}

// pushBatch encodes a batch as one or more ArrowBatch responses, each a complete IPC
// stream with one record batch of at most ~maxBatchBytes.
func (s *Server) pushBatch(op *operation, b arrow.RecordBatch, offset *int64, sent *bool) error {
	rows := b.NumRows()
	if rows == 0 && *sent {
		return nil
	}
	size := batchBytes(b)
	chunk := rows
	if size > maxBatchBytes && rows > 1 {
		chunk = max(1, rows*maxBatchBytes/size)
	}
	for start := int64(0); start < rows || (rows == 0 && start == 0); start += max(chunk, 1) {
		end := min(start+chunk, rows)
		part := b
		if start != 0 || end != rows {
			part = b.NewSlice(start, end)
		}
		data, err := encodeIPC(part)
		if start != 0 || end != rows {
			part.Release()
		}
		if err != nil {
			return err
		}
		r := s.newResponse(op)
		so := *offset
		r.ResponseType = &pb.ExecutePlanResponse_ArrowBatch_{ArrowBatch: &pb.ExecutePlanResponse_ArrowBatch{RowCount: end - start, Data: data, StartOffset: &so}}
		if err := op.push(r); err != nil {
			return err
		}
		*offset += end - start
		*sent = true
		if rows == 0 {
			break
		}
	}
	return nil
}

func encodeIPC(b arrow.RecordBatch) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(b.Schema()))
	if err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// batchBytes estimates the memory of a batch from its buffers.
func batchBytes(b arrow.RecordBatch) int64 {
	var n int64
	var walk func(d arrow.ArrayData)
	walk = func(d arrow.ArrayData) {
		for _, buf := range d.Buffers() {
			if buf != nil {
				n += int64(buf.Len())
			}
		}
		for _, c := range d.Children() {
			walk(c)
		}
	}
	for _, c := range b.Columns() {
		walk(c.Data())
	}
	return n
}

func parseDuration(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if d, err := time.ParseDuration(v); err == nil {
		return d, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.Duration(n) * time.Millisecond, nil
	}
	return 0, fmt.Errorf("bad duration %q", v)
}
