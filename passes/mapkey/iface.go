package mapkey

import (
	"fmt"
	"go/types"
)

// ifaceKeyParams returns, for the opt-in -mapkey.interfaces, what a call
// through interface method m does with its arguments as map keys: the
// parameters that every implementation declared in the interface's own
// package uses as a map key. Indexes are those of the call's arguments
// (without the receiver).
func (c *checker) ifaceKeyParams(m *types.Func) *KeyParamsFact {
	if m == nil || m.Pkg() == nil {
		return nil
	}
	if kp, ok := c.ifaces[m]; ok {
		return kp
	}
	c.ifaces[m] = nil // in progress
	var kp *KeyParamsFact
	if m.Pkg() != c.pass.Pkg {
		var f KeyParamsFact
		if c.pass.ImportObjectFact(m, &f) {
			kp = &f
		}
	} else {
		kp = c.computeIfaceKeyParams(m)
	}
	c.ifaces[m] = kp
	return kp
}

func (c *checker) computeIfaceKeyParams(m *types.Func) *KeyParamsFact {
	recv := m.Signature().Recv()
	if recv == nil {
		return nil
	}
	iface, ok := recv.Type().Underlying().(*types.Interface)
	if !ok || hasTypeParam(recv.Type(), 0) {
		return nil
	}
	prog := c.ssaPkg.Prog
	var impls []*KeyParamsFact
	var names []string
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		if _, isIface := named.Underlying().(*types.Interface); isIface {
			continue
		}
		var typ types.Type
		switch {
		case types.Implements(named, iface):
			typ = named
		case types.Implements(types.NewPointer(named), iface):
			typ = types.NewPointer(named)
		default:
			continue
		}
		sel := prog.MethodSets.MethodSet(typ).Lookup(m.Pkg(), m.Name())
		if sel == nil {
			continue
		}
		fn := prog.MethodValue(sel)
		if fn == nil || !c.local(fn) {
			return nil // an implementation we cannot see: no claim
		}
		impls = append(impls, c.keyParams(fn))
		names = append(names, funcName(fn))
	}
	if len(impls) == 0 {
		return nil
	}
	out := &KeyParamsFact{}
	for i := 0; i < m.Signature().Params().Len(); i++ {
		var first *KeyParam
		all := true
		for _, kp := range impls {
			p := kp.param(i + 1) // the implementation's receiver is parameter 0
			if p == nil {
				all = false
				break
			}
			if first == nil {
				first = p
			}
		}
		if !all || first == nil {
			continue
		}
		out.Params = append(out.Params, KeyParam{
			Index: i,
			Name:  m.Signature().Params().At(i).Name(),
			Sink:  first.Sink,
			Via: append([]Place{placeOf(c.pass.Fset, m.Pos(), fmt.Sprintf("every implementation of %s in package %s uses it as a map key (%d: %v)",
				ifaceMethodName(m), m.Pkg().Name(), len(names), names))}, first.Via...),
		})
	}
	if len(out.Params) == 0 {
		return nil
	}
	return out
}

// exportInterfaceFacts exports the KeyParamsFact of every method declared
// by an interface type of this package.
func (c *checker) exportInterfaceFacts() {
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		iface, ok := tn.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for i := 0; i < iface.NumExplicitMethods(); i++ {
			m := iface.ExplicitMethod(i)
			if kp := c.ifaceKeyParams(m); kp != nil && len(kp.Params) > 0 {
				c.pass.ExportObjectFact(m, kp)
			}
		}
	}
}

// ifaceMethodName names an interface method for messages: I.M.
func ifaceMethodName(m *types.Func) string {
	if recv := m.Signature().Recv(); recv != nil {
		if n, ok := types.Unalias(recv.Type()).(*types.Named); ok {
			return n.Obj().Name() + "." + m.Name()
		}
	}
	return m.Name()
}
