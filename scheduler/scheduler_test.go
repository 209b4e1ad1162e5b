package scheduler

import (
	"errors"
	"testing"

	"github.com/fulgur/fulgur/stage"
)

func twoStageJob() *stage.Job {
	return &stage.Job{Stages: []*stage.Stage{
		{ID: 0, NumTasks: 2, ShuffleID: 0},
		{ID: 1, NumTasks: 1, ShuffleID: -1, Parents: []int{0}},
	}}
}

func launches(acts []Action) []string {
	var out []string
	for _, a := range acts {
		switch a := a.(type) {
		case Launch:
			out = append(out, string(rune('0'+a.Stage.ID))+"."+string(rune('0'+a.Partition))+"#"+string(rune('0'+a.Attempt)))
		case Succeeded:
			out = append(out, "ok")
		case Failed:
			out = append(out, "failed")
		}
	}
	return out
}

func TestScheduler(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name   string
		events []Event
		want   [][]string
	}{
		{
			name:   "map then result",
			events: []Event{TaskSucceeded{0, 0, 0}, TaskSucceeded{0, 1, 0}, TaskSucceeded{1, 0, 0}},
			want:   [][]string{nil, {"1.0#0"}, {"ok"}},
		},
		{
			name:   "retry then succeed",
			events: []Event{TaskFailed{0, 1, 0, boom, true}, TaskSucceeded{0, 1, 1}, TaskSucceeded{0, 0, 0}, TaskSucceeded{1, 0, 0}},
			want:   [][]string{{"0.1#1"}, nil, {"1.0#0"}, {"ok"}},
		},
		{
			name:   "user error fails at once",
			events: []Event{TaskFailed{0, 0, 0, boom, false}, TaskSucceeded{0, 1, 0}},
			want:   [][]string{{"failed"}, nil},
		},
		{
			name:   "too many failures",
			events: []Event{TaskFailed{0, 0, 0, boom, true}, TaskFailed{0, 0, 1, boom, true}},
			want:   [][]string{{"0.0#1"}, {"failed"}},
		},
		{
			name:   "cancel",
			events: []Event{Cancel{boom}, TaskSucceeded{0, 0, 0}},
			want:   [][]string{{"failed"}, nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(twoStageJob(), 2)
			if got := launches(s.Start()); len(got) != 2 || got[0] != "0.0#0" || got[1] != "0.1#0" {
				t.Fatalf("start = %v", got)
			}
			for i, ev := range tt.events {
				got := launches(s.Step(ev))
				if len(got) != len(tt.want[i]) {
					t.Fatalf("step %d: got %v want %v", i, got, tt.want[i])
				}
				for j := range got {
					if got[j] != tt.want[i][j] {
						t.Fatalf("step %d: got %v want %v", i, got, tt.want[i])
					}
				}
			}
		})
	}
}
