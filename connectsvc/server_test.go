package connectsvc

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"

	"github.com/fulgur/fulgur/conf"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// fakeEngine answers every relation with n batches of `rows` bigint ids, or with err,
// or panics.
type fakeEngine struct {
	mem     memory.Allocator
	batches int
	rows    int
	err     error
	panic   bool
	block   chan struct{} // when set, Next waits for it or for cancellation
	// cancelled is closed when a blocked Next sees its context cancelled.
	cancelled chan struct{}
	mu        sync.Mutex
	started   int
}

var idSchema = types.StructType{Fields: []types.StructField{{Name: "id", Type: types.Long}}}

func (f *fakeEngine) Analyze(ctx context.Context, sess SessionContext, rel plan.Rel) (plan.Rel, error) {
	if f.err != nil {
		return nil, f.err
	}
	return &plan.Range{End: 1, Step: 1, Out: []*plan.Attribute{plan.NewAttribute("id", types.Long, false)}}, nil
}

func (f *fakeEngine) Explain(ctx context.Context, sess SessionContext, rel plan.Rel, mode string) (string, error) {
	return "== Physical Plan ==\n" + mode, nil
}

func (f *fakeEngine) Execute(ctx context.Context, sess SessionContext, rel plan.Rel) (Result, error) {
	if f.panic {
		panic("engine exploded")
	}
	if f.err != nil {
		return nil, f.err
	}
	f.mu.Lock()
	f.started++
	f.mu.Unlock()
	return &fakeResult{f: f}, nil
}

type fakeResult struct {
	f *fakeEngine
	i int
}

func (r *fakeResult) Schema() types.StructType { return idSchema }
func (r *fakeResult) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if r.f.block != nil {
		select {
		case <-r.f.block:
		case <-ctx.Done():
			if r.f.cancelled != nil {
				close(r.f.cancelled)
			}
			return nil, ctx.Err()
		}
	}
	if r.i >= r.f.batches {
		return nil, io.EOF
	}
	b := array.NewInt64Builder(r.f.mem)
	defer b.Release()
	for j := 0; j < r.f.rows; j++ {
		b.Append(int64(r.i*r.f.rows + j))
	}
	col := b.NewArray()
	defer col.Release()
	r.i++
	return array.NewRecordBatch(types.ArrowSchema(idSchema, "UTC"), []arrow.Array{col}, int64(r.f.rows)), nil
}
func (r *fakeResult) Close() error { return nil }

func startServer(t *testing.T, eng Engine, cfg conf.Server) (pb.SparkConnectServiceClient, *Server) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	opts, err := ServerOptions(cfg)
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer(opts...)
	srv := New(Options{Engine: eng, Config: cfg})
	srv.Register(gs)
	go gs.Serve(lis)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		gs.Stop()
		srv.Close()
	})
	return pb.NewSparkConnectServiceClient(conn), srv
}

var user = &pb.UserContext{UserId: "u"}

func rangePlan() *pb.Plan {
	return &pb.Plan{OpType: &pb.Plan_Root{Root: &pb.Relation{RelType: &pb.Relation_Range{Range: &pb.Range{End: 10, Step: 1}}}}}
}

func execute(t *testing.T, c pb.SparkConnectServiceClient, sess, op string, reattach bool) pb.SparkConnectService_ExecutePlanClient {
	t.Helper()
	req := &pb.ExecutePlanRequest{SessionId: sess, UserContext: user, OperationId: &op, Plan: rangePlan()}
	if reattach {
		req.RequestOptions = []*pb.ExecutePlanRequest_RequestOption{{RequestOption: &pb.ExecutePlanRequest_RequestOption_ReattachOptions{ReattachOptions: &pb.ReattachOptions{Reattachable: true}}}}
	}
	st, err := c.ExecutePlan(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func drain(t *testing.T, st interface {
	Recv() (*pb.ExecutePlanResponse, error)
}) ([]*pb.ExecutePlanResponse, error) {
	t.Helper()
	var out []*pb.ExecutePlanResponse
	for {
		r, err := st.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

func TestExecuteStreamShape(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	c, _ := startServer(t, &fakeEngine{mem: mem, batches: 3, rows: 5}, conf.Defaults())
	sess, op := uuid.NewString(), uuid.NewString()
	resps, err := drain(t, execute(t, c, sess, op, true))
	if err != nil {
		t.Fatal(err)
	}
	if len(resps) != 5 {
		t.Fatalf("got %d responses, want schema + 3 batches + complete", len(resps))
	}
	if resps[0].Schema == nil || resps[len(resps)-1].GetResultComplete() == nil {
		t.Fatalf("want schema first and result_complete last: %v", resps)
	}
	ids := map[string]bool{}
	var offset int64
	for _, r := range resps {
		if r.SessionId != sess || r.OperationId != op || r.ServerSideSessionId == "" || ids[r.ResponseId] {
			t.Fatalf("bad identity fields: %v", r)
		}
		ids[r.ResponseId] = true
		if b := r.GetArrowBatch(); b != nil {
			if b.RowCount != 5 || b.GetStartOffset() != offset {
				t.Fatalf("batch rows %d offset %d, want 5 and %d", b.RowCount, b.GetStartOffset(), offset)
			}
			offset += b.RowCount
		}
	}
}

func TestEmptyResultSendsOneBatch(t *testing.T) {
	c, _ := startServer(t, &fakeEngine{mem: memory.NewGoAllocator()}, conf.Defaults())
	resps, err := drain(t, execute(t, c, uuid.NewString(), uuid.NewString(), false))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range resps {
		if b := r.GetArrowBatch(); b != nil {
			n++
			if b.RowCount != 0 || len(b.Data) == 0 {
				t.Fatalf("empty batch: %v", b)
			}
		}
	}
	if n != 1 {
		t.Fatalf("got %d batches, want 1", n)
	}
}

func TestReattachResumesAfterLastResponse(t *testing.T) {
	c, _ := startServer(t, &fakeEngine{mem: memory.NewGoAllocator(), batches: 6, rows: 2}, conf.Defaults())
	sess, op := uuid.NewString(), uuid.NewString()
	// Make every stream end after one response, so the client must reattach.
	_, err := c.Config(t.Context(), &pb.ConfigRequest{SessionId: sess, UserContext: user, Operation: &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Set{Set: &pb.ConfigRequest_Set{Pairs: []*pb.KeyValue{{Key: "spark.connect.execute.reattachable.senderMaxStreamSize", Value: ptr("1")}}}}}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := drain(t, execute(t, c, sess, op, true))
	if err != nil {
		t.Fatal(err)
	}
	for rounds := 0; len(got) == 0 || got[len(got)-1].GetResultComplete() == nil; rounds++ {
		if rounds > 20 {
			t.Fatal("no result_complete after 20 reattaches")
		}
		last := got[len(got)-1].ResponseId
		// Release what was received, as the client does.
		if _, err := c.ReleaseExecute(t.Context(), &pb.ReleaseExecuteRequest{SessionId: sess, UserContext: user, OperationId: op,
			Release: &pb.ReleaseExecuteRequest_ReleaseUntil_{ReleaseUntil: &pb.ReleaseExecuteRequest_ReleaseUntil{ResponseId: last}}}); err != nil {
			t.Fatal(err)
		}
		st, err := c.ReattachExecute(t.Context(), &pb.ReattachExecuteRequest{SessionId: sess, UserContext: user, OperationId: op, LastResponseId: &last})
		if err != nil {
			t.Fatal(err)
		}
		more, err := drain(t, st)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, more...)
	}
	var rows int64
	seen := map[string]bool{}
	for _, r := range got {
		if seen[r.ResponseId] {
			t.Fatalf("response %s delivered twice", r.ResponseId)
		}
		seen[r.ResponseId] = true
		rows += r.GetArrowBatch().GetRowCount()
	}
	if rows != 12 {
		t.Fatalf("got %d rows, want 12", rows)
	}
	if _, err := c.ReleaseExecute(t.Context(), &pb.ReleaseExecuteRequest{SessionId: sess, UserContext: user, OperationId: op,
		Release: &pb.ReleaseExecuteRequest_ReleaseAll_{ReleaseAll: &pb.ReleaseExecuteRequest_ReleaseAll{}}}); err != nil {
		t.Fatal(err)
	}
	st, err := c.ReattachExecute(t.Context(), &pb.ReattachExecuteRequest{SessionId: sess, UserContext: user, OperationId: op})
	if err != nil {
		t.Fatal(err)
	}
	_, err = drain(t, st)
	if info := errorInfo(t, err); info.Metadata["errorClass"] != "INVALID_HANDLE.OPERATION_NOT_FOUND" || !strings.Contains(status.Convert(err).Message(), "[INVALID_HANDLE.OPERATION_NOT_FOUND]") {
		t.Fatalf("reattach after release_all: %v", err)
	}
}

func ptr(s string) *string { return &s }

func errorInfo(t *testing.T, err error) *errdetails.ErrorInfo {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok {
		t.Fatalf("not a status: %v", err)
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			return info
		}
	}
	t.Fatalf("no ErrorInfo in %v", err)
	return nil
}

func TestErrorShape(t *testing.T) {
	c, _ := startServer(t, &fakeEngine{err: sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", "`x`", "proposal", "`id`")}, conf.Defaults())
	sess := uuid.NewString()
	_, err := drain(t, execute(t, c, sess, uuid.NewString(), false))
	if status.Code(err) != codes.Internal {
		t.Fatalf("code = %v", status.Code(err))
	}
	info := errorInfo(t, err)
	var classes []string
	_ = json.Unmarshal([]byte(info.Metadata["classes"]), &classes)
	var params map[string]string
	_ = json.Unmarshal([]byte(info.Metadata["messageParameters"]), &params)
	if info.Reason != sqlerr.AnalysisException || classes[0] != sqlerr.AnalysisException || info.Metadata["sqlState"] != "42703" ||
		info.Metadata["errorClass"] != "UNRESOLVED_COLUMN.WITH_SUGGESTION" || params["objectName"] != "`x`" || info.Metadata["errorId"] == "" {
		t.Fatalf("error info = %v", info)
	}
	det, err := c.FetchErrorDetails(t.Context(), &pb.FetchErrorDetailsRequest{SessionId: sess, UserContext: user, ErrorId: info.Metadata["errorId"]})
	if err != nil || len(det.Errors) != 1 || det.Errors[0].SparkThrowable.GetErrorClass() != "UNRESOLVED_COLUMN.WITH_SUGGESTION" {
		t.Fatalf("details = %v, %v", det, err)
	}
}

func TestPanicIsInternalAndServerKeepsServing(t *testing.T) {
	eng := &fakeEngine{panic: true, mem: memory.NewGoAllocator()}
	c, _ := startServer(t, eng, conf.Defaults())
	_, err := drain(t, execute(t, c, uuid.NewString(), uuid.NewString(), false))
	if info := errorInfo(t, err); info.Metadata["errorClass"] != "INTERNAL_ERROR" {
		t.Fatalf("err = %v", err)
	}
	eng.panic = false
	if _, err := drain(t, execute(t, c, uuid.NewString(), uuid.NewString(), false)); err != nil {
		t.Fatalf("server stopped serving: %v", err)
	}
}

func TestSessionChecks(t *testing.T) {
	c, _ := startServer(t, &fakeEngine{mem: memory.NewGoAllocator()}, conf.Defaults())
	_, err := c.Config(t.Context(), &pb.ConfigRequest{SessionId: "not-a-uuid", UserContext: user, Operation: &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetAll{GetAll: &pb.ConfigRequest_GetAll{}}}})
	if errorInfo(t, err).Metadata["errorClass"] != "INVALID_HANDLE.FORMAT" {
		t.Fatalf("err = %v", err)
	}
	sess := uuid.NewString()
	wrong := uuid.NewString()
	_, err = c.Config(t.Context(), &pb.ConfigRequest{SessionId: sess, UserContext: user, ClientObservedServerSideSessionId: &wrong, Operation: &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetAll{GetAll: &pb.ConfigRequest_GetAll{}}}})
	if errorInfo(t, err).Metadata["errorClass"] != "INVALID_HANDLE.SESSION_CHANGED" {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.ReleaseSession(t.Context(), &pb.ReleaseSessionRequest{SessionId: sess, UserContext: user}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Config(t.Context(), &pb.ConfigRequest{SessionId: sess, UserContext: user, Operation: &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetAll{GetAll: &pb.ConfigRequest_GetAll{}}}})
	if errorInfo(t, err).Metadata["errorClass"] != "INVALID_HANDLE.SESSION_CLOSED" {
		t.Fatalf("err = %v", err)
	}
}

func TestInterruptByTag(t *testing.T) {
	eng := &fakeEngine{mem: memory.NewGoAllocator(), batches: 1, rows: 1, block: make(chan struct{})}
	c, _ := startServer(t, eng, conf.Defaults())
	sess, op := uuid.NewString(), uuid.NewString()
	req := &pb.ExecutePlanRequest{SessionId: sess, UserContext: user, OperationId: &op, Plan: rangePlan(), Tags: []string{"slow"}}
	st, err := c.ExecutePlan(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Recv(); err != nil { // the schema arrives before the batches
		t.Fatal(err)
	}
	resp, err := c.Interrupt(t.Context(), &pb.InterruptRequest{SessionId: sess, UserContext: user, InterruptType: pb.InterruptRequest_INTERRUPT_TYPE_TAG,
		Interrupt: &pb.InterruptRequest_OperationTag{OperationTag: "slow"}})
	if err != nil || len(resp.InterruptedIds) != 1 || resp.InterruptedIds[0] != op {
		t.Fatalf("interrupt = %v, %v", resp, err)
	}
	_, err = drain(t, st)
	if errorInfo(t, err).Metadata["errorClass"] != "OPERATION_CANCELED" {
		t.Fatalf("err = %v", err)
	}
}

func TestConfig(t *testing.T) {
	c, _ := startServer(t, &fakeEngine{}, conf.Defaults())
	sess := uuid.NewString()
	do := func(op *pb.ConfigRequest_Operation) (*pb.ConfigResponse, error) {
		return c.Config(t.Context(), &pb.ConfigRequest{SessionId: sess, UserContext: user, Operation: op})
	}
	if _, err := do(&pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Set{Set: &pb.ConfigRequest_Set{Pairs: []*pb.KeyValue{{Key: "a.b", Value: ptr("1")}}}}}); err != nil {
		t.Fatal(err)
	}
	r, err := do(&pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Get{Get: &pb.ConfigRequest_Get{Keys: []string{"a.b", "spark.sql.session.localRelationCacheThreshold"}}}})
	if err != nil || r.Pairs[0].GetValue() != "1" || r.Pairs[1].GetValue() != "2147483647" {
		t.Fatalf("get = %v, %v", r, err)
	}
	r, err = do(&pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetOption{GetOption: &pb.ConfigRequest_GetOption{Keys: []string{"no.such"}}}})
	if err != nil || r.Pairs[0].Value != nil {
		t.Fatalf("get option = %v, %v", r, err)
	}
	_, err = do(&pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_Get{Get: &pb.ConfigRequest_Get{Keys: []string{"no.such"}}}})
	if errorInfo(t, err).Metadata["errorClass"] != "SQL_CONF_NOT_FOUND" {
		t.Fatalf("err = %v", err)
	}
	r, err = do(&pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetWithDefault{GetWithDefault: &pb.ConfigRequest_GetWithDefault{Pairs: []*pb.KeyValue{{Key: "x.y", Value: ptr("d")}}}}})
	if err != nil || r.Pairs[0].GetValue() != "d" {
		t.Fatalf("get with default = %v, %v", r, err)
	}
}

func TestAuthToken(t *testing.T) {
	cfg := conf.Defaults()
	cfg.Token = "s3cret"
	c, _ := startServer(t, &fakeEngine{}, cfg)
	call := func(md ...string) error {
		ctx := t.Context()
		if len(md) > 0 {
			ctx = metadata.AppendToOutgoingContext(ctx, md...)
		}
		_, err := c.Config(ctx, &pb.ConfigRequest{SessionId: uuid.NewString(), UserContext: user, Operation: &pb.ConfigRequest_Operation{OpType: &pb.ConfigRequest_Operation_GetAll{GetAll: &pb.ConfigRequest_GetAll{}}}})
		return err
	}
	for _, tc := range []struct {
		md   []string
		want codes.Code
	}{
		{nil, codes.Unauthenticated},
		{[]string{"authorization", "Bearer nope"}, codes.Unauthenticated},
		{[]string{"authorization", "Bearer s3cret"}, codes.OK},
		{[]string{"authentication", "Bearer s3cret"}, codes.OK},
	} {
		if got := status.Code(call(tc.md...)); got != tc.want {
			t.Errorf("%v: code %v, want %v", tc.md, got, tc.want)
		}
	}
}

func TestArtifactsCRC(t *testing.T) {
	c, srv := startServer(t, &fakeEngine{}, conf.Defaults())
	sess := uuid.NewString()
	st, err := c.AddArtifacts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	good := []byte("hello")
	send := func(r *pb.AddArtifactsRequest) {
		r.SessionId, r.UserContext = sess, user
		if err := st.Send(r); err != nil {
			t.Fatal(err)
		}
	}
	send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_Batch_{Batch: &pb.AddArtifactsRequest_Batch{Artifacts: []*pb.AddArtifactsRequest_SingleChunkArtifact{
		{Name: "files/good.txt", Data: &pb.AddArtifactsRequest_ArtifactChunk{Data: good, Crc: 907060870}},
		{Name: "files/bad.txt", Data: &pb.AddArtifactsRequest_ArtifactChunk{Data: good, Crc: 1}},
	}}}})
	send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_BeginChunk{BeginChunk: &pb.AddArtifactsRequest_BeginChunkedArtifact{Name: "cache/abc", NumChunks: 2,
		InitialChunk: &pb.AddArtifactsRequest_ArtifactChunk{Data: []byte("hel"), Crc: crc("hel")}}}})
	send(&pb.AddArtifactsRequest{Payload: &pb.AddArtifactsRequest_Chunk{Chunk: &pb.AddArtifactsRequest_ArtifactChunk{Data: []byte("lo"), Crc: crc("lo")}}})
	resp, err := st.CloseAndRecv()
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string]bool{}
	for _, a := range resp.Artifacts {
		ok[a.Name] = a.IsCrcSuccessful
	}
	if !ok["files/good.txt"] || ok["files/bad.txt"] || !ok["cache/abc"] {
		t.Fatalf("summaries = %v", resp.Artifacts)
	}
	stat, err := c.ArtifactStatus(t.Context(), &pb.ArtifactStatusesRequest{SessionId: sess, UserContext: user, Names: []string{"cache/abc", "files/bad.txt"}})
	if err != nil || !stat.Statuses["cache/abc"].Exists || stat.Statuses["files/bad.txt"].Exists {
		t.Fatalf("status = %v, %v", stat, err)
	}
	s, _ := srv.sessions.get(user, sess, nil)
	if b, err := s.Artifact("cache/abc"); err != nil || string(b) != "hello" {
		t.Fatalf("artifact = %q, %v", b, err)
	}
	if _, err := s.artifactPath("../escape"); err == nil {
		t.Fatal("path escape accepted")
	}
}

func crc(s string) int64 {
	return int64(crc32IEEE([]byte(s)))
}

// TestDisconnectCancelsQuery: when the client of a non-reattachable operation goes
// away, the query's context is cancelled.
func TestDisconnectCancelsQuery(t *testing.T) {
	eng := &fakeEngine{mem: memory.NewGoAllocator(), batches: 1, rows: 1, block: make(chan struct{}), cancelled: make(chan struct{})}
	c, _ := startServer(t, eng, conf.Defaults())
	ctx, cancel := context.WithCancel(t.Context())
	op := uuid.NewString()
	st, err := c.ExecutePlan(ctx, &pb.ExecutePlanRequest{SessionId: uuid.NewString(), UserContext: user, OperationId: &op, Plan: rangePlan()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Recv(); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-eng.cancelled:
	case <-time.After(10 * time.Second):
		t.Fatal("query not cancelled after the client went away")
	}
}
