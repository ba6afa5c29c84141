package copies

type Service struct {
	Name string
	Meta map[string]string
}

// The range value is a copy of the element, but its Meta is the element's
// map: every caller's service gets the zone label.
func withZone(services []Service, zone string) []Service {
	var out []Service
	for _, svc := range services {
		svc.Meta["zone"] = zone // want `svc.Meta mutates a map shared with an element of services`
		out = append(out, svc)
	}
	return out
}

var profiles = map[string]Service{"default": {Name: "default", Meta: map[string]string{}}}

// A struct read out of a map is a copy; its map is not.
func profile(name, owner string) Service {
	p := profiles[name]
	p.Meta["owner"] = owner // want `p.Meta mutates a map shared with profiles\[name\]`
	return p
}

var defaultTags = map[string]map[string]string{"web": {"tier": "front"}}

// An inner map read out of a package-level map of maps.
func tagsFor(kind, id string) map[string]string {
	t := defaultTags[kind]
	t["id"] = id // want `assignment to an entry of t mutates the package-level map defaultTags\[kind\]`
	return t
}
