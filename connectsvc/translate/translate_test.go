package translate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func TestParseIdentifier(t *testing.T) {
	tests := map[string][]string{
		"a":        {"a"},
		"a.b":      {"a", "b"},
		"`a.b`":    {"a.b"},
		"`a``b`.c": {"a`b", "c"},
		"t.`x y`":  {"t", "x y"},
		"``":       {""},
		"df.*":     {"df", "*"},
	}
	for in, want := range tests {
		got, err := ParseIdentifier(in)
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q: got %q, %v want %q", in, got, err, want)
		}
	}
	if _, err := ParseIdentifier("`open"); !sqlerr.HasClass(err, "PARSE_SYNTAX_ERROR") {
		t.Errorf("unclosed quote: %v", err)
	}
}

func TestDDL(t *testing.T) {
	tests := map[string]string{
		"a INT, b STRING":                   "struct<a:int,b:string>",
		"a: bigint, `b c` decimal(10, 2)":   "struct<a:bigint,b c:decimal(10,2)>",
		"array<int>":                        "array<int>",
		"map<string, array<double>>":        "map<string,array<double>>",
		"struct<x:int,y:struct<z:string>>":  "struct<x:int,y:struct<z:string>>",
		"id long NOT NULL COMMENT 'the id'": "struct<id:bigint>",
		"int":                               "int",
	}
	for in, want := range tests {
		got, err := ParseDDL(in)
		if err != nil || got.String() != want {
			t.Errorf("%q: got %v, %v want %s", in, got, err, want)
		}
	}
	st, _ := ParseDDL("id long NOT NULL")
	if st.(types.StructType).Fields[0].Nullable {
		t.Error("NOT NULL ignored")
	}
	if _, err := ParseDDL("a INT,"); err == nil {
		t.Error("trailing comma accepted")
	}
}

func TestJSONSchemaRoundTrip(t *testing.T) {
	js := `{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}},{"name":"b","type":{"type":"array","elementType":"string","containsNull":true},"nullable":false,"metadata":{}},{"name":"c","type":"decimal(5,2)","nullable":true,"metadata":{}}]}`
	got, err := ParseJSONSchema(js)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != "struct<a:int,b:array<string>,c:decimal(5,2)>" {
		t.Fatalf("got %s", got)
	}
	back, err := DataTypeFromProto(DataTypeToProto(got))
	if err != nil || !types.Equal(back, got) {
		t.Fatalf("proto round trip: %v, %v", back, err)
	}
}

func TestUnsupportedRelationIsNamed(t *testing.T) {
	rel := &pb.Relation{RelType: &pb.Relation_FreqItems{FreqItems: &pb.StatFreqItems{}}}
	_, err := Relation(&Context{}, rel)
	e, ok := sqlerr.As(err)
	if !ok || e.Class != "UNSUPPORTED_FEATURE" || !strings.Contains(e.Error(), `"freq_items"`) {
		t.Fatalf("err = %v", err)
	}
	_, err = Relation(&Context{}, &pb.Relation{})
	if !sqlerr.HasClass(err, "CONNECT_INVALID_PLAN.CANNOT_PARSE") {
		t.Fatalf("empty relation: %v", err)
	}
}

// TestLocalRelationWithoutEOS decodes an IPC stream cut before its end-of-stream
// marker, as spark-connect-go sends it.
func TestLocalRelationWithoutEOS(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	b := array.NewInt64Builder(mem)
	b.AppendValues([]int64{1, 2, 3}, nil)
	col := b.NewArray()
	b.Release()
	rec := array.NewRecordBatch(schema, []arrow.Array{col}, 3)
	col.Release()
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(schema), ipc.WithAllocator(mem))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	rec.Release()
	data := append([]byte(nil), buf.Bytes()...) // before Close: no EOS marker
	w.Close()
	rel, err := Relation(&Context{Mem: mem}, &pb.Relation{RelType: &pb.Relation_LocalRelation{LocalRelation: &pb.LocalRelation{Data: data, Schema: ptr("a bigint")}}})
	if err != nil {
		t.Fatal(err)
	}
	lr := rel.(*plan.LocalRelation)
	if len(lr.Batches) != 1 || lr.Batches[0].NumRows() != 3 || lr.Schema.Fields[0].Name != "a" {
		t.Fatalf("local relation = %+v", lr)
	}
	for _, b := range lr.Batches {
		b.Release()
	}
}

func ptr(s string) *string { return &s }

func TestPlanIDWrapsRelations(t *testing.T) {
	id := int64(7)
	rel, err := Relation(&Context{}, &pb.Relation{Common: &pb.RelationCommon{PlanId: &id}, RelType: &pb.Relation_Range{Range: &pb.Range{End: 3, Step: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := rel.(*plan.PlanID); !ok || p.ID != 7 {
		t.Fatalf("rel = %#v", rel)
	}
}
