package connectsvc

import (
	"context"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"

	"google.golang.org/grpc"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sqlerr"
)

// AddArtifacts stores uploaded artifacts in the session, checking each chunk's CRC32.
// An artifact whose CRC does not match is reported and not stored.
func (s *Server) AddArtifacts(stream grpc.ClientStreamingServer[pb.AddArtifactsRequest, pb.AddArtifactsResponse]) error {
	var sess *session
	var summaries []*pb.AddArtifactsResponse_ArtifactSummary
	// The chunked artifact being received.
	var cur struct {
		name string
		data []byte
		ok   bool
		left int64
	}
	store := func(name string, data []byte, ok bool) error {
		if ok {
			p, err := sess.artifactPath(name)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			tmp := p + ".tmp"
			if err := os.WriteFile(tmp, data, 0o644); err != nil {
				return err
			}
			if err := os.Rename(tmp, p); err != nil {
				return err
			}
		}
		summaries = append(summaries, &pb.AddArtifactsResponse_ArtifactSummary{Name: name, IsCrcSuccessful: ok})
		return nil
	}
	crcOK := func(c *pb.AddArtifactsRequest_ArtifactChunk) bool {
		return c != nil && int64(crc32.ChecksumIEEE(c.Data)) == c.Crc
	}
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if sess == nil {
			sess, err = s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
			if err != nil {
				return s.toStatus(nil, err)
			}
		}
		switch p := req.Payload.(type) {
		case *pb.AddArtifactsRequest_Batch_:
			for _, a := range p.Batch.Artifacts {
				var data []byte
				if a.Data != nil {
					data = a.Data.Data
				}
				if err := store(a.Name, data, crcOK(a.Data)); err != nil {
					return s.toStatus(sess, err)
				}
			}
		case *pb.AddArtifactsRequest_BeginChunk:
			b := p.BeginChunk
			cur.name, cur.ok, cur.left = b.Name, crcOK(b.InitialChunk), b.NumChunks-1
			cur.data = append([]byte(nil), b.InitialChunk.GetData()...)
			if cur.left <= 0 {
				if err := store(cur.name, cur.data, cur.ok); err != nil {
					return s.toStatus(sess, err)
				}
				cur.name = ""
			}
		case *pb.AddArtifactsRequest_Chunk:
			if cur.name == "" {
				return s.toStatus(sess, sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "artifact chunk without a beginning"))
			}
			cur.ok = cur.ok && crcOK(p.Chunk)
			cur.data = append(cur.data, p.Chunk.GetData()...)
			cur.left--
			if cur.left <= 0 {
				if err := store(cur.name, cur.data, cur.ok); err != nil {
					return s.toStatus(sess, err)
				}
				cur.name = ""
			}
		}
	}
	resp := &pb.AddArtifactsResponse{Artifacts: summaries}
	if sess != nil {
		resp.SessionId, resp.ServerSideSessionId = sess.key.id, sess.serverSideID
	}
	return stream.SendAndClose(resp)
}

// ArtifactStatus reports which artifacts the session holds.
func (s *Server) ArtifactStatus(ctx context.Context, req *pb.ArtifactStatusesRequest) (*pb.ArtifactStatusesResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.ArtifactStatusesResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID, Statuses: map[string]*pb.ArtifactStatusesResponse_ArtifactStatus{}}
	for _, n := range req.Names {
		exists := false
		if p, err := sess.artifactPath(n); err == nil {
			_, serr := os.Stat(p)
			exists = serr == nil
		}
		resp.Statuses[n] = &pb.ArtifactStatusesResponse_ArtifactStatus{Exists: exists}
	}
	return resp, nil
}

// ReleaseSession closes a session.
func (s *Server) ReleaseSession(ctx context.Context, req *pb.ReleaseSessionRequest) (*pb.ReleaseSessionResponse, error) {
	sess, _ := s.sessions.release(req.UserContext, req.SessionId)
	resp := &pb.ReleaseSessionResponse{SessionId: req.SessionId}
	if sess != nil {
		resp.ServerSideSessionId = sess.serverSideID
	}
	return resp, nil
}

// FetchErrorDetails returns the details of an error the session saw recently.
func (s *Server) FetchErrorDetails(ctx context.Context, req *pb.FetchErrorDetailsRequest) (*pb.FetchErrorDetailsResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.FetchErrorDetailsResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID}
	sess.mu.Lock()
	e, ok := sess.errors[req.ErrorId]
	sess.mu.Unlock()
	if ok {
		resp.Errors = errorDetails(e)
		if len(resp.Errors) > 0 {
			zero := int32(0)
			resp.RootErrorIdx = &zero
		}
	}
	return resp, nil
}
