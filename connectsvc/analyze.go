package connectsvc

import (
	"context"
	"hash/fnv"
	"regexp"
	"strings"

	"github.com/fulgur/fulgur/connectsvc/translate"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// AnalyzePlan answers schema, explain and the other analysis requests.
func (s *Server) AnalyzePlan(ctx context.Context, req *pb.AnalyzePlanRequest) (*pb.AnalyzePlanResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.AnalyzePlanResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID}
	if err := s.analyze(ctx, sess, req, resp); err != nil {
		return nil, s.toStatus(sess, err)
	}
	return resp, nil
}

func (s *Server) resolve(ctx context.Context, sess *session, p *pb.Plan) (plan.Rel, plan.Rel, error) {
	root := p.GetRoot()
	if root == nil {
		return nil, nil, sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "analysis needs a relation")
	}
	rel, err := translate.Relation(s.translateContext(sess), root)
	if err != nil {
		return nil, nil, err
	}
	resolved, err := s.engine.Analyze(ctx, sess, rel)
	return rel, resolved, err
}

func (s *Server) analyze(ctx context.Context, sess *session, req *pb.AnalyzePlanRequest, resp *pb.AnalyzePlanResponse) error {
	switch k := req.Analyze.(type) {
	case *pb.AnalyzePlanRequest_Schema_:
		_, r, err := s.resolve(ctx, sess, k.Schema.Plan)
		if err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_Schema_{Schema: &pb.AnalyzePlanResponse_Schema{Schema: translate.DataTypeToProto(plan.Schema(r))}}
	case *pb.AnalyzePlanRequest_Explain_:
		rel, _, err := s.resolve(ctx, sess, k.Explain.Plan)
		if err != nil {
			return err
		}
		mode := strings.ToLower(strings.TrimPrefix(k.Explain.ExplainMode.String(), "EXPLAIN_MODE_"))
		if mode == "unspecified" {
			mode = "simple"
		}
		text, err := s.engine.Explain(ctx, sess, rel, mode)
		if err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_Explain_{Explain: &pb.AnalyzePlanResponse_Explain{ExplainString: text}}
	case *pb.AnalyzePlanRequest_TreeString_:
		_, r, err := s.resolve(ctx, sess, k.TreeString.Plan)
		if err != nil {
			return err
		}
		level := int(k.TreeString.GetLevel())
		resp.Result = &pb.AnalyzePlanResponse_TreeString_{TreeString: &pb.AnalyzePlanResponse_TreeString{TreeString: TreeString(plan.Schema(r), level)}}
	case *pb.AnalyzePlanRequest_IsLocal_:
		_, r, err := s.resolve(ctx, sess, k.IsLocal.Plan)
		if err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_IsLocal_{IsLocal: &pb.AnalyzePlanResponse_IsLocal{IsLocal: isLocal(r)}}
	case *pb.AnalyzePlanRequest_IsStreaming_:
		if _, _, err := s.resolve(ctx, sess, k.IsStreaming.Plan); err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_IsStreaming_{IsStreaming: &pb.AnalyzePlanResponse_IsStreaming{IsStreaming: false}}
	case *pb.AnalyzePlanRequest_InputFiles_:
		_, r, err := s.resolve(ctx, sess, k.InputFiles.Plan)
		if err != nil {
			return err
		}
		var files []string
		plan.Walk(r, func(n plan.Rel) bool {
			if ds, ok := n.(*plan.DataSource); ok {
				files = append(files, ds.Paths...)
			}
			return true
		})
		resp.Result = &pb.AnalyzePlanResponse_InputFiles_{InputFiles: &pb.AnalyzePlanResponse_InputFiles{Files: files}}
	case *pb.AnalyzePlanRequest_SparkVersion_:
		v := s.cfg.SparkVersion
		if v == "" {
			v = "4.2.0"
		}
		resp.Result = &pb.AnalyzePlanResponse_SparkVersion_{SparkVersion: &pb.AnalyzePlanResponse_SparkVersion{Version: v}}
	case *pb.AnalyzePlanRequest_DdlParse:
		t, err := translate.ParseDDL(k.DdlParse.DdlString)
		if err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_DdlParse{DdlParse: &pb.AnalyzePlanResponse_DDLParse{Parsed: translate.DataTypeToProto(t)}}
	case *pb.AnalyzePlanRequest_JsonToDdl:
		t, err := translate.ParseJSONSchema(k.JsonToDdl.JsonString)
		if err != nil {
			return err
		}
		st, ok := t.(types.StructType)
		if !ok {
			return sqlerr.IllegalArgument("json_to_ddl needs a struct schema")
		}
		resp.Result = &pb.AnalyzePlanResponse_JsonToDdl{JsonToDdl: &pb.AnalyzePlanResponse_JsonToDDL{DdlString: DDL(st)}}
	case *pb.AnalyzePlanRequest_SameSemantics_:
		_, a, err := s.resolve(ctx, sess, k.SameSemantics.TargetPlan)
		if err != nil {
			return err
		}
		_, b, err := s.resolve(ctx, sess, k.SameSemantics.OtherPlan)
		if err != nil {
			return err
		}
		resp.Result = &pb.AnalyzePlanResponse_SameSemantics_{SameSemantics: &pb.AnalyzePlanResponse_SameSemantics{Result: canonical(a) == canonical(b)}}
	case *pb.AnalyzePlanRequest_SemanticHash_:
		_, r, err := s.resolve(ctx, sess, k.SemanticHash.Plan)
		if err != nil {
			return err
		}
		h := fnv.New32a()
		h.Write([]byte(canonical(r)))
		resp.Result = &pb.AnalyzePlanResponse_SemanticHash_{SemanticHash: &pb.AnalyzePlanResponse_SemanticHash{Result: int32(h.Sum32())}}
	case *pb.AnalyzePlanRequest_Persist_:
		key, err := s.storageKey(ctx, sess, k.Persist.Relation)
		if err != nil {
			return err
		}
		level := k.Persist.StorageLevel
		if level == nil {
			level = &pb.StorageLevel{UseMemory: true, UseDisk: true, Replication: 1}
		}
		sess.mu.Lock()
		sess.storage[key] = level
		sess.mu.Unlock()
		resp.Result = &pb.AnalyzePlanResponse_Persist_{Persist: &pb.AnalyzePlanResponse_Persist{}}
	case *pb.AnalyzePlanRequest_Unpersist_:
		key, err := s.storageKey(ctx, sess, k.Unpersist.Relation)
		if err != nil {
			return err
		}
		sess.mu.Lock()
		delete(sess.storage, key)
		sess.mu.Unlock()
		resp.Result = &pb.AnalyzePlanResponse_Unpersist_{Unpersist: &pb.AnalyzePlanResponse_Unpersist{}}
	case *pb.AnalyzePlanRequest_GetStorageLevel_:
		key, err := s.storageKey(ctx, sess, k.GetStorageLevel.Relation)
		if err != nil {
			return err
		}
		sess.mu.Lock()
		level, ok := sess.storage[key]
		sess.mu.Unlock()
		if !ok {
			level = &pb.StorageLevel{Replication: 1}
		}
		resp.Result = &pb.AnalyzePlanResponse_GetStorageLevel_{GetStorageLevel: &pb.AnalyzePlanResponse_GetStorageLevel{StorageLevel: level}}
	default:
		return unsupportedOneofMsg("analysis", req)
	}
	return nil
}

// storageKey identifies a relation for persist/unpersist/storageLevel.
// TODO(cache): persist records the level only; the in-memory columnar cache on the
// executors comes with the DataFrame issue.
func (s *Server) storageKey(ctx context.Context, sess *session, rel *pb.Relation) (string, error) {
	_, r, err := s.resolve(ctx, sess, &pb.Plan{OpType: &pb.Plan_Root{Root: rel}})
	if err != nil {
		return "", err
	}
	return canonical(r), nil
}

var attrIDs = regexp.MustCompile(`#\d+`)

// canonical prints a resolved plan with attribute ids numbered in order of appearance,
// so equal queries print equally.
func canonical(r plan.Rel) string {
	seen := map[string]string{}
	return attrIDs.ReplaceAllStringFunc(plan.Format(stripTags(r)), func(id string) string {
		if c, ok := seen[id]; ok {
			return c
		}
		c := "#" + itoa(len(seen))
		seen[id] = c
		return c
	})
}

func stripTags(r plan.Rel) plan.Rel {
	if p, ok := r.(*plan.PlanID); ok {
		return stripTags(p.Input)
	}
	kids := r.Children()
	if len(kids) == 0 {
		return r
	}
	nk := make([]plan.Rel, len(kids))
	for i, k := range kids {
		nk[i] = stripTags(k)
	}
	return r.WithChildren(nk...)
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func isLocal(r plan.Rel) bool {
	for {
		switch x := r.(type) {
		case *plan.PlanID:
			r = x.Input
		case *plan.SubqueryAlias:
			r = x.Input
		case *plan.LocalRelation:
			return true
		default:
			return false
		}
	}
}

func unsupportedOneofMsg(kind string, req *pb.AnalyzePlanRequest) error {
	m := req.ProtoReflect()
	if fd := m.WhichOneof(m.Descriptor().Oneofs().ByName("analyze")); fd != nil {
		return sqlerr.Unsupported(kind + " " + string(fd.Name()))
	}
	return sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "empty analyze request")
}
