package connectsvc

import (
	"context"
	"strings"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sqlerr"
)

// Config reads and writes session configuration as Spark's RuntimeConfig does.
func (s *Server) Config(ctx context.Context, req *pb.ConfigRequest) (*pb.ConfigResponse, error) {
	sess, err := s.sessions.get(req.UserContext, req.SessionId, req.ClientObservedServerSideSessionId)
	if err != nil {
		return nil, s.toStatus(nil, err)
	}
	resp := &pb.ConfigResponse{SessionId: sess.key.id, ServerSideSessionId: sess.serverSideID}
	c := sess.conf
	pair := func(k string, v *string) { resp.Pairs = append(resp.Pairs, &pb.KeyValue{Key: k, Value: v}) }
	str := func(v string) *string { return &v }
	op := req.GetOperation()
	switch {
	case op.GetSet() != nil:
		silent := op.GetSet().GetSilent()
		for _, kv := range op.GetSet().Pairs {
			if !c.IsModifiable(kv.Key) {
				if silent {
					continue
				}
				return nil, s.toStatus(sess, sqlerr.New("CANNOT_MODIFY_CONFIG", "key", `"`+kv.Key+`"`, "docroot", "https://spark.apache.org/docs/latest"))
			}
			if kv.Value == nil {
				c.Unset(kv.Key)
				continue
			}
			c.Set(kv.Key, *kv.Value)
		}
	case op.GetGet() != nil:
		for _, k := range op.GetGet().Keys {
			v, ok := c.Get(k)
			if !ok {
				return nil, s.toStatus(sess, sqlerr.New("SQL_CONF_NOT_FOUND", "sqlConf", `"`+k+`"`))
			}
			pair(k, str(v))
		}
	case op.GetGetWithDefault() != nil:
		for _, kv := range op.GetGetWithDefault().Pairs {
			if c.IsSet(kv.Key) {
				v, _ := c.Get(kv.Key)
				pair(kv.Key, str(v))
			} else {
				pair(kv.Key, kv.Value)
			}
		}
	case op.GetGetOption() != nil:
		for _, k := range op.GetGetOption().Keys {
			if v, ok := c.Get(k); ok {
				pair(k, str(v))
			} else {
				pair(k, nil)
			}
		}
	case op.GetGetAll() != nil:
		for _, kv := range c.All(op.GetGetAll().GetPrefix()) {
			pair(kv[0], str(kv[1]))
		}
	case op.GetUnset() != nil:
		for _, k := range op.GetUnset().Keys {
			c.Unset(k)
		}
	case op.GetIsModifiable() != nil:
		for _, k := range op.GetIsModifiable().Keys {
			pair(k, str(strings.ToLower(boolString(c.IsModifiable(k)))))
		}
	default:
		return nil, s.toStatus(sess, sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", "config request without an operation"))
	}
	return resp, nil
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
