package main

import (
	"testing"
)

func TestEnvOverridesDefaultsButNotFlags(t *testing.T) {
	t.Setenv("FULGUR_PORT", "16000")
	t.Setenv("FULGUR_TLS_CERT", "/tmp/c.pem")
	t.Setenv("FULGUR_SLOTS", "3")
	cmd := newCommand()
	if err := cmd.ParseFlags([]string{"--slots", "5"}); err != nil {
		t.Fatal(err)
	}
	if err := applyEnv(cmd.Flags()); err != nil {
		t.Fatal(err)
	}
	get := func(name string) string { return cmd.Flags().Lookup(name).Value.String() }
	if get("port") != "16000" || get("tls-cert") != "/tmp/c.pem" || get("slots") != "5" {
		t.Fatalf("port=%s tls-cert=%s slots=%s", get("port"), get("tls-cert"), get("slots"))
	}
}

func TestBadEnvIsAnError(t *testing.T) {
	t.Setenv("FULGUR_PORT", "not-a-number")
	cmd := newCommand()
	if err := applyEnv(cmd.Flags()); err == nil {
		t.Fatal("want error")
	}
}
