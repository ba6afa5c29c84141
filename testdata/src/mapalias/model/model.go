// Package model declares value types with their own DeepCopy methods, as
// generated code (controller-gen, deepcopy-gen) does.
package model

type Spec struct {
	Args []string
}

func (s *Spec) DeepCopy() *Spec {
	if s == nil {
		return nil
	}
	return &Spec{Args: append([]string(nil), s.Args...)}
}

type Selector struct {
	Match map[string]string
}

func (s Selector) DeepCopy() Selector {
	m := make(map[string]string, len(s.Match))
	for k, v := range s.Match {
		m[k] = v
	}
	return Selector{Match: m}
}

// Catalog holds specs by name.
type Catalog struct {
	Specs map[string]*Spec
}
