package main

import (
	"fmt"
	"strings"
)

// unifiedDiff returns a unified diff (3 lines of context) turning old into
// new, or "" if they are equal. Lines are compared whole; the common prefix
// and suffix are trimmed first, and the rest is aligned by a longest common
// subsequence (replaced wholesale when too large to align cheaply, which a
// suggested fix never is).
func unifiedDiff(oldName, newName string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	a, b := splitLines(string(old)), splitLines(string(new))
	ops := diffLines(a, b)

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldName, newName)
	const ctx = 3
	// Group ops into hunks: runs of changes separated by > 2*ctx equal lines.
	i := 0
	for i < len(ops) {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		for start < i && ops[start].kind != ' ' {
			start++
		}
		end := i
		for {
			for end < len(ops) && ops[end].kind != ' ' {
				end++
			}
			// end is at an equal line or len(ops); look ahead for more changes.
			j := end
			for j < len(ops) && ops[j].kind == ' ' && j-end < 2*ctx+1 {
				j++
			}
			if j < len(ops) && ops[j].kind != ' ' && j-end <= 2*ctx {
				end = j
				continue
			}
			break
		}
		stop := min(end+ctx, len(ops))
		oldStart, newStart := ops[start].oldLine, ops[start].newLine
		var oldN, newN int
		var body strings.Builder
		for _, op := range ops[start:stop] {
			switch op.kind {
			case ' ':
				oldN++
				newN++
			case '-':
				oldN++
			case '+':
				newN++
			}
			body.WriteByte(op.kind)
			body.WriteString(op.text)
			if !strings.HasSuffix(op.text, "\n") {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		fmt.Fprintf(&sb, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
		sb.WriteString(body.String())
		i = stop
	}
	return sb.String()
}

func hunkRange(start, n int) string {
	// start is the 0-based index of the first line of the hunk.
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

type diffOp struct {
	kind             byte // ' ', '-', '+'
	text             string
	oldLine, newLine int // 0-based index in old/new of this op's position
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for k := 0; k < pre; k++ {
		ops = append(ops, diffOp{' ', a[k], k, k})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ops = append(ops, alignMiddle(ma, mb, pre, pre)...)
	for k := 0; k < suf; k++ {
		ia, ib := len(a)-suf+k, len(b)-suf+k
		ops = append(ops, diffOp{' ', a[ia], ia, ib})
	}
	return ops
}

// alignMiddle diffs a and b (offsets oa, ob in the whole files) by LCS.
func alignMiddle(a, b []string, oa, ob int) []diffOp {
	var ops []diffOp
	if len(a)*len(b) > 4<<20 {
		for k, l := range a {
			ops = append(ops, diffOp{'-', l, oa + k, ob})
		}
		for k, l := range b {
			ops = append(ops, diffOp{'+', l, oa + len(a), ob + k})
		}
		return ops
	}
	// lcs[i][j] = LCS length of a[i:], b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i], oa + i, ob + j})
			i++
			j++
		case i < len(a) && (j == len(b) || lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			ops = append(ops, diffOp{'-', a[i], oa + i, ob + j})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j], oa + i, ob + j})
			j++
		}
	}
	return ops
}
