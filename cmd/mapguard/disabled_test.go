package main

import (
	"slices"
	"testing"
)

func TestDisabledChecks(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"-json", "x.cfg"}, nil},
		{[]string{"-nilmap=false", "x.cfg"}, []string{"nilmap"}},
		{[]string{"--nilmap=false", "-nilmap=true", "x.cfg"}, nil},
		{[]string{"-nilmap=0", "-nosuch=false", "-nilmap.flag=false", "x.cfg"}, []string{"nilmap"}},
		{[]string{"-nilmap", "x.cfg"}, nil},
		{[]string{"-nilmap=bogus", "x.cfg"}, nil},
	} {
		if got := disabledChecks(tc.args); !slices.Equal(got, tc.want) {
			t.Errorf("disabledChecks(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
