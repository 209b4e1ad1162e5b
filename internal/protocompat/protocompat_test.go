package protocompat

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	_ "github.com/fulgur/fulgur/gen/sparkconnectpb"
)

// snapshot is the descriptor set of pyspark-client 4.2, refreshed from the venv when it
// is present (make test installs it) and used as is otherwise.
const snapshot = "testdata/pyspark_client_4.2.0.binpb"

func clientDescriptors(t *testing.T) *descriptorpb.FileDescriptorSet {
	t.Helper()
	py := filepath.Join("..", "..", ".cache", "py4", "bin", "python")
	path := snapshot
	if _, err := os.Stat(py); err == nil {
		path = filepath.Join(t.TempDir(), "client.binpb")
		out, err := exec.Command(py, "dump_descriptors.py", path).CombinedOutput()
		if err != nil {
			t.Fatalf("dump descriptors: %v\n%s", err, out)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatalf("%s missing under CI: make test installs it", py)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	return &set
}

// describe flattens a file's messages, fields, enums and services into comparable lines.
func describe(fd protoreflect.FileDescriptor) map[string]string {
	out := map[string]string{}
	var msg func(m protoreflect.MessageDescriptor)
	msg = func(m protoreflect.MessageDescriptor) {
		out[string(m.FullName())] = "message"
		fs := m.Fields()
		for i := 0; i < fs.Len(); i++ {
			f := fs.Get(i)
			typ := f.Kind().String()
			if f.Message() != nil {
				typ = string(f.Message().FullName())
			} else if f.Enum() != nil {
				typ = string(f.Enum().FullName())
			}
			oneof := ""
			if o := f.ContainingOneof(); o != nil {
				oneof = string(o.Name())
				if o.IsSynthetic() {
					oneof = "optional"
				}
			}
			out[string(f.FullName())] = fmt.Sprintf("field %d %s %s oneof=%s", f.Number(), f.Cardinality(), typ, oneof)
		}
		es := m.Enums()
		for i := 0; i < es.Len(); i++ {
			enum(out, es.Get(i))
		}
		ms := m.Messages()
		for i := 0; i < ms.Len(); i++ {
			msg(ms.Get(i))
		}
	}
	ms := fd.Messages()
	for i := 0; i < ms.Len(); i++ {
		msg(ms.Get(i))
	}
	es := fd.Enums()
	for i := 0; i < es.Len(); i++ {
		enum(out, es.Get(i))
	}
	ss := fd.Services()
	for i := 0; i < ss.Len(); i++ {
		s := ss.Get(i)
		ms := s.Methods()
		for j := 0; j < ms.Len(); j++ {
			m := ms.Get(j)
			out[string(m.FullName())] = fmt.Sprintf("rpc %s -> %s client_stream=%t server_stream=%t",
				m.Input().FullName(), m.Output().FullName(), m.IsStreamingClient(), m.IsStreamingServer())
		}
	}
	return out
}

func enum(out map[string]string, e protoreflect.EnumDescriptor) {
	vs := e.Values()
	for i := 0; i < vs.Len(); i++ {
		v := vs.Get(i)
		out[string(e.FullName())+"."+string(v.Name())] = fmt.Sprintf("enum value %d", v.Number())
	}
}

func TestProtocolMatchesPySparkClient(t *testing.T) {
	set := clientDescriptors(t)
	theirs := new(protoregistry.Files)
	// The well-known types come from the Go runtime; the client's files are added in
	// dependency order.
	for _, wkt := range []string{"google/protobuf/any.proto", "google/protobuf/timestamp.proto"} {
		fd, err := protoregistry.GlobalFiles.FindFileByPath(wkt)
		if err != nil {
			t.Fatal(err)
		}
		if err := theirs.RegisterFile(fd); err != nil {
			t.Fatal(err)
		}
	}
	pending := append([]*descriptorpb.FileDescriptorProto(nil), set.File...)
	for len(pending) > 0 {
		var next []*descriptorpb.FileDescriptorProto
		for _, fdp := range pending {
			fd, err := protodesc.NewFile(fdp, theirs)
			if err != nil {
				next = append(next, fdp)
				continue
			}
			if err := theirs.RegisterFile(fd); err != nil {
				t.Fatal(err)
			}
		}
		if len(next) == len(pending) {
			t.Fatalf("cannot resolve client descriptors, e.g. %s", next[0].GetName())
		}
		pending = next
	}
	var diffs []string
	n := 0
	theirs.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(fd.Path(), "spark/connect/") {
			return true
		}
		n++
		ours, err := protoregistry.GlobalFiles.FindFileByPath(fd.Path())
		if err != nil {
			diffs = append(diffs, fmt.Sprintf("%s: missing from Fulgur's protocol", fd.Path()))
			return true
		}
		a, b := describe(fd), describe(ours)
		for k, v := range a {
			if b[k] != v {
				diffs = append(diffs, fmt.Sprintf("%s: client has %q, Fulgur has %q", k, v, b[k]))
			}
		}
		for k, v := range b {
			if _, ok := a[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: Fulgur has %q, client does not", k, v))
			}
		}
		return true
	})
	if n < 10 {
		t.Fatalf("only %d Spark Connect files in the client's descriptors", n)
	}
	sort.Strings(diffs)
	for _, d := range diffs {
		t.Error(d)
	}
}
