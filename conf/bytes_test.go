package conf

import "testing"

func TestParseBytes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"10485760", 10485760, false},
		{"10m", 10 << 20, false},
		{"10MB", 10 << 20, false},
		{" 4g ", 4 << 30, false},
		{"512kb", 512 << 10, false},
		{"1t", 1 << 40, false},
		{"7b", 7, false},
		{"-1", -1, false},
		{"", 0, true},
		{"ten", 0, true},
		{"1.5g", 0, true},
	} {
		got, err := ParseBytes(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("ParseBytes(%q) = %d, %v; want %d (error %v)", c.in, got, err, c.want, c.bad)
		}
	}
}
