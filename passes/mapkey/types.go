package mapkey

import (
	"go/types"
	"regexp"
)

// runtimeQualifier names packages as the runtime does in panic messages
// ("hash of unhashable type errors.aggregate").
func runtimeQualifier(p *types.Package) string { return p.Name() }

// typeName renders t as the runtime prints it in "hash of unhashable type".
func typeName(t types.Type) string {
	s := types.TypeString(t, runtimeQualifier)
	return basicAlias.ReplaceAllStringFunc(s, func(m string) string {
		switch m[len(m)-4:] {
		case "byte":
			return m[:len(m)-4] + "uint8"
		case "rune":
			return m[:len(m)-4] + "int32"
		}
		return m
	})
}

// basicAlias matches the predeclared aliases byte and rune, which the
// runtime spells uint8 and int32.
var basicAlias = regexp.MustCompile(`(^|[^.\w])(byte|rune)\b`)

// ifaceName renders an interface type for messages, spelling the empty
// interface "any".
func ifaceName(t types.Type) string {
	if it, ok := t.Underlying().(*types.Interface); ok && it.Empty() {
		if _, named := t.(*types.Named); !named {
			if _, alias := t.(*types.Alias); !alias {
				return "any"
			}
		}
	}
	return types.TypeString(t, runtimeQualifier)
}

// nonComparable reports whether values of type t are certainly not
// comparable: slices, maps, functions and structs or arrays containing one.
// Types involving type parameters are never certain: their instantiation is
// unknown.
func nonComparable(t types.Type) bool {
	return nonComparableDepth(t, 0)
}

func nonComparableDepth(t types.Type, depth int) bool {
	if depth > 16 {
		return false
	}
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return false
	case *types.Named:
		if u.TypeArgs().Len() > 0 {
			for i := 0; i < u.TypeArgs().Len(); i++ {
				if hasTypeParam(u.TypeArgs().At(i), 0) {
					return false
				}
			}
		}
		return nonComparableDepth(u.Underlying(), depth+1)
	case *types.Slice, *types.Map, *types.Signature:
		return true
	case *types.Array:
		return nonComparableDepth(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if nonComparableDepth(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

func hasTypeParam(t types.Type, depth int) bool {
	if depth > 16 {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		for i := 0; i < u.TypeArgs().Len(); i++ {
			if hasTypeParam(u.TypeArgs().At(i), depth+1) {
				return true
			}
		}
	case *types.Pointer:
		return hasTypeParam(u.Elem(), depth+1)
	case *types.Slice:
		return hasTypeParam(u.Elem(), depth+1)
	case *types.Array:
		return hasTypeParam(u.Elem(), depth+1)
	case *types.Map:
		return hasTypeParam(u.Key(), depth+1) || hasTypeParam(u.Elem(), depth+1)
	case *types.Chan:
		return hasTypeParam(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if hasTypeParam(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// carriesDynamic reports whether hashing a value of static type t depends on
// dynamic types: t is an interface or a type parameter, or a struct or array
// with such a component. Only such keys can panic with "hash of unhashable
// type" in code that compiles.
func carriesDynamic(t types.Type) bool { return carriesDynamicDepth(t, 0) }

func carriesDynamicDepth(t types.Type, depth int) bool {
	if depth > 16 {
		return false
	}
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		return carriesDynamicDepth(u.Underlying(), depth+1)
	case *types.Interface:
		return true
	case *types.Array:
		return carriesDynamicDepth(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if carriesDynamicDepth(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}

// fieldName returns the name of field i of the struct underlying t.
func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if s, ok := t.Underlying().(*types.Struct); ok && i >= 0 && i < s.NumFields() {
		return s.Field(i).Name()
	}
	return "?"
}
