package mapsafe

import (
	"reflect"
	"time"
	"unsafe"
)

var errorRType = reflect.TypeFor[error]()

// mutableAddrs collects the address of every piece of mutable memory
// reachable from v that a deep copy must not share: pointees, map headers
// and slice elements. Deliberately shared values (chans, funcs,
// unsafe.Pointer, errors, *time.Location) are skipped, as are the bodies of
// locks, which only need to be distinct per struct and are covered by the
// enclosing struct's address.
func mutableAddrs(v reflect.Value) map[uintptr]string {
	out := map[uintptr]string{}
	seen := map[[2]uintptr]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if !v.IsValid() {
			return
		}
		t := v.Type()
		if t.Implements(errorRType) || t == reflect.TypeFor[*time.Location]() || t == reflect.TypeFor[time.Time]() {
			return
		}
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			if t.Elem().Size() > 0 {
				out[v.Pointer()] = t.String()
			}
			walk(v.Elem())
		case reflect.Map:
			if v.IsNil() {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			out[v.Pointer()] = t.String()
			it := v.MapRange()
			for it.Next() {
				walk(it.Value())
			}
		case reflect.Slice:
			if v.IsNil() || v.Len() == 0 {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			if t.Elem().Size() > 0 {
				for i := range v.Len() {
					out[v.Index(i).UnsafeAddr()] = t.String()
				}
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Interface:
			walk(v.Elem())
		}
	}
	walk(v)
	return out
}

// sharedAddr returns a description of a piece of mutable memory reachable
// from both a and b, or "" if there is none.
func sharedAddr(a, b any) string {
	as := mutableAddrs(reflect.ValueOf(a))
	for addr, what := range mutableAddrs(reflect.ValueOf(b)) {
		if _, ok := as[addr]; ok {
			return what
		}
	}
	return ""
}

// mutateAll changes every reachable settable scalar, map and slice element
// of v, following pointers, maps, slices and interfaces. Shared values
// (chans, funcs, errors, time) are left alone.
func mutateAll(v any) {
	seen := map[[2]uintptr]bool{}
	var mut func(v reflect.Value)
	mut = func(v reflect.Value) {
		if !v.IsValid() {
			return
		}
		t := v.Type()
		if t.Implements(errorRType) || t == reflect.TypeFor[*time.Location]() || t == reflect.TypeFor[time.Time]() {
			return
		}
		if v.CanAddr() && !v.CanSet() {
			v = reflect.NewAt(t, unsafe.Pointer(v.UnsafeAddr())).Elem() // unexported field
		}
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			mut(v.Elem())
		case reflect.Map:
			if v.IsNil() {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			keys := v.MapKeys()
			for _, key := range keys {
				nv := reflect.New(t.Elem()).Elem()
				nv.Set(v.MapIndex(key))
				mut(nv)
				v.SetMapIndex(key, nv)
			}
			if t.Key().Kind() == reflect.String {
				v.SetMapIndex(reflect.ValueOf("\x00mutated").Convert(t.Key()), reflect.Zero(t.Elem()))
			}
		case reflect.Slice:
			if v.IsNil() || v.Len() == 0 {
				return
			}
			k := [2]uintptr{v.Pointer(), uintptr(typeKey(t))}
			if seen[k] {
				return
			}
			seen[k] = true
			for i := range v.Len() {
				mut(v.Index(i))
			}
		case reflect.Array:
			for i := range v.Len() {
				mut(v.Index(i))
			}
		case reflect.Struct:
			for i := range v.NumField() {
				mut(v.Field(i))
			}
		case reflect.Interface:
			if v.IsNil() {
				return
			}
			e := v.Elem()
			switch e.Kind() {
			case reflect.Pointer, reflect.Map, reflect.Slice:
				mut(e)
			default:
				if v.CanSet() {
					nv := reflect.New(e.Type()).Elem()
					nv.Set(e)
					mut(nv)
					v.Set(nv)
				}
			}
		case reflect.String:
			if v.CanSet() {
				v.SetString(v.String() + "!")
			}
		case reflect.Bool:
			if v.CanSet() {
				v.SetBool(!v.Bool())
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if v.CanSet() {
				v.SetInt(v.Int() + 1)
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if v.CanSet() {
				v.SetUint(v.Uint() + 1)
			}
		case reflect.Float32, reflect.Float64:
			if v.CanSet() {
				v.SetFloat(v.Float() + 1)
			}
		}
	}
	mut(reflect.ValueOf(v))
}
