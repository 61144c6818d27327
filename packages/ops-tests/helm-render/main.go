// helm-render renders a Helm 3 chart offline, the way `helm template` does, for the chart tests.
//
// No Helm binary can be installed on these machines, so this program re-creates the part of Helm
// that turns a chart into manifests, from the same building blocks Helm uses: Go's text/template,
// Masterminds/sprig v3 (Helm's function library; Debian's golang-github-masterminds-sprig-dev) and
// sigs.k8s.io/yaml (Helm's YAML library; Debian's golang-k8s-sigs-yaml-dev). What follows mirrors
// helm.sh/helm/v3 pkg/engine (engine.go, funcs.go, files.go), pkg/chartutil (values coalescing,
// release/capabilities objects) and pkg/releaseutil (manifest splitting):
//
//   - templates are parsed into one template set, named "<chart>/templates/<path>", in Helm's
//     order (deepest paths first), with missingkey=zero and "<no value>" removed from the output;
//   - functions: sprig's TxtFuncMap without env/expandenv, plus toYaml, fromYaml, fromYamlArray,
//     toJson, fromJson, fromJsonArray, include, tpl, required, fail and lookup (which, as in
//     `helm template`, returns an empty map because there is no cluster);
//   - built-in objects: .Values (values.yaml coalesced with -f files; null deletes a default),
//     .Release, .Chart, .Capabilities (KubeVersion, APIVersions.Has, HelmVersion), .Files (Get,
//     GetBytes, Glob, Lines, AsConfig, AsSecrets; .helmignore honoured), .Template;
//   - output is split into documents like releaseutil.SplitManifests and each document is parsed
//     with sigs.k8s.io/yaml (as Helm and kubectl do), then printed as JSON for the tests.
//
// Not implemented (the chart does not use them): subcharts/dependencies, --set flags (use -f),
// toToml, values.schema.json validation, library charts.
//
// Usage: helm-render -chart DIR [-f values.yaml]... [-name R] [-namespace NS]
//
//	[-kube-version v1.30.0] [-api-versions a/v1,b/v1] [-upgrade]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

// ---------------------------------------------------------------- chart metadata (Chart.yaml)

type Maintainer struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Metadata is .Chart: the fields of helm.sh/helm/v3/pkg/chart.Metadata.
type Metadata struct {
	Name         string            `json:"name,omitempty"`
	Home         string            `json:"home,omitempty"`
	Sources      []string          `json:"sources,omitempty"`
	Version      string            `json:"version,omitempty"`
	Description  string            `json:"description,omitempty"`
	Keywords     []string          `json:"keywords,omitempty"`
	Maintainers  []*Maintainer     `json:"maintainers,omitempty"`
	Icon         string            `json:"icon,omitempty"`
	APIVersion   string            `json:"apiVersion,omitempty"`
	Condition    string            `json:"condition,omitempty"`
	Tags         string            `json:"tags,omitempty"`
	AppVersion   string            `json:"appVersion,omitempty"`
	Deprecated   bool              `json:"deprecated,omitempty"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	KubeVersion  string            `json:"kubeVersion,omitempty"`
	Dependencies []interface{}     `json:"dependencies,omitempty"`
	Type         string            `json:"type,omitempty"`
}

// ---------------------------------------------------------------- capabilities

type KubeVersion struct {
	Version string
	Major   string
	Minor   string
}

func (kv *KubeVersion) String() string     { return kv.Version }
func (kv *KubeVersion) GitVersion() string { return kv.Version }

// VersionSet is .Capabilities.APIVersions (chartutil.VersionSet).
type VersionSet []string

func (v VersionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type HelmVersion struct {
	Version   string
	GitCommit string
	GoVersion string
}

type Capabilities struct {
	KubeVersion KubeVersion
	APIVersions VersionSet
	HelmVersion HelmVersion
}

// The group/versions a Kubernetes 1.30 API server serves (what `helm template` assumes).
var defaultAPIVersions = []string{
	"v1", "admissionregistration.k8s.io/v1", "apiextensions.k8s.io/v1", "apiregistration.k8s.io/v1",
	"apps/v1", "authentication.k8s.io/v1", "authorization.k8s.io/v1", "autoscaling/v1",
	"autoscaling/v2", "batch/v1", "certificates.k8s.io/v1", "coordination.k8s.io/v1",
	"discovery.k8s.io/v1", "events.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1",
	"networking.k8s.io/v1", "node.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1",
	"scheduling.k8s.io/v1", "storage.k8s.io/v1",
}

// ---------------------------------------------------------------- .Files (pkg/engine/files.go)

type Files map[string][]byte

func (f Files) GetBytes(name string) []byte {
	if v, ok := f[name]; ok {
		return v
	}
	return []byte{}
}

func (f Files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob matches with path.Match (Helm uses gobwas/glob, which also knows "**"; not needed here).
func (f Files) Glob(pattern string) Files {
	out := Files{}
	for name, contents := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = contents
		}
	}
	return out
}

func (f Files) AsConfig() string {
	if len(f) == 0 {
		return ""
	}
	m := make(map[string]string)
	for k, v := range f {
		m[path.Base(k)] = string(v)
	}
	return toYAML(m)
}

func (f Files) AsSecrets() string {
	if len(f) == 0 {
		return ""
	}
	m := make(map[string]string)
	for k, v := range f {
		m[path.Base(k)] = base64.StdEncoding.EncodeToString(v)
	}
	return toYAML(m)
}

func (f Files) Lines(p string) []string {
	if f == nil || f[p] == nil {
		return []string{}
	}
	s := string(f[p])
	if len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	return strings.Split(s, "\n")
}

// ---------------------------------------------------------------- functions (pkg/engine/funcs.go)

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return "" // Helm swallows errors inside templates
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(str string) []interface{} {
	a := []interface{}{}
	if err := yaml.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]interface{} {
	m := make(map[string]interface{})
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []interface{} {
	a := []interface{}{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	extra := template.FuncMap{
		"toToml": func(interface{}) (string, error) {
			return "", errors.New("toToml is not supported by helm-render")
		},
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		// late-bound in initFunMap, as in Helm
		"include":  func(string, interface{}) string { return "not implemented" },
		"tpl":      func(string, interface{}) interface{} { return "not implemented" },
		"required": func(string, interface{}) (interface{}, error) { return "not implemented", nil },
		// `helm template` has no cluster: lookup always finds nothing
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

const recursionMaxNums = 1000

func warnWrap(warn string) string { return "HELM_ERR_START" + warn + "HELM_ERR_END" }

var warnRegex = regexp.MustCompile("HELM_ERR_START(.*)HELM_ERR_END")

func includeFun(t *template.Template, includedNames map[string]int) func(string, interface{}) (string, error) {
	return func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if v, ok := includedNames[name]; ok {
			if v > recursionMaxNums {
				return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
			}
			includedNames[name]++
		} else {
			includedNames[name] = 1
		}
		err := t.ExecuteTemplate(&buf, name, data)
		includedNames[name]--
		return buf.String(), err
	}
}

func tplFun(parent *template.Template, includedNames map[string]int) func(string, interface{}) (string, error) {
	return func(tpl string, vals interface{}) (string, error) {
		t, err := parent.Clone()
		if err != nil {
			return "", fmt.Errorf("cannot clone template: %w", err)
		}
		t.Option("missingkey=zero")
		t.Funcs(template.FuncMap{
			"include": includeFun(t, includedNames),
			"tpl":     tplFun(t, includedNames),
		})
		t, err = t.New(parent.Name()).Parse(tpl)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %w", tpl, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %w", tpl, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
}

func initFunMap(t *template.Template) {
	fm := funcMap()
	includedNames := make(map[string]int)
	fm["include"] = includeFun(t, includedNames)
	fm["tpl"] = tplFun(t, includedNames)
	fm["required"] = func(warn string, val interface{}) (interface{}, error) {
		if val == nil {
			return val, errors.New(warnWrap(warn))
		} else if s, ok := val.(string); ok && s == "" {
			return val, errors.New(warnWrap(warn))
		}
		return val, nil
	}
	fm["fail"] = func(msg string) (string, error) { return "", errors.New(warnWrap(msg)) }
	t.Funcs(fm)
}

// ---------------------------------------------------------------- values (pkg/chartutil/coalesce.go)

// coalesce merges src (user values) over dst (chart defaults); a null in src deletes the key.
func coalesce(dst, src map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(dst))
	for k, v := range dst {
		out[k] = v
	}
	for k, v := range src {
		if v == nil {
			delete(out, k)
			continue
		}
		if sm, ok := v.(map[string]interface{}); ok {
			if dm, ok := out[k].(map[string]interface{}); ok {
				out[k] = coalesce(dm, sm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// ---------------------------------------------------------------- .helmignore (simplified)

type ignoreRule struct {
	pattern string
	dirOnly bool
	negate  bool
}

func loadHelmignore(chartDir string) []ignoreRule {
	data, err := os.ReadFile(filepath.Join(chartDir, ".helmignore"))
	if err != nil {
		return nil
	}
	var rules []ignoreRule
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := ignoreRule{}
		if strings.HasPrefix(line, "!") {
			r.negate = true
			line = line[1:]
		}
		if strings.HasSuffix(line, "/") {
			r.dirOnly = true
			line = strings.TrimSuffix(line, "/")
		}
		r.pattern = strings.TrimPrefix(line, "/")
		rules = append(rules, r)
	}
	return rules
}

func ignored(rules []ignoreRule, rel string, isDir bool) bool {
	out := false
	for _, r := range rules {
		if r.dirOnly && !isDir {
			continue
		}
		m1, _ := path.Match(r.pattern, rel)
		m2, _ := path.Match(r.pattern, path.Base(rel))
		if m1 || m2 {
			out = !r.negate
		}
	}
	return out
}

// ---------------------------------------------------------------- rendering (pkg/engine/engine.go)

type byPathLen []string

func (p byPathLen) Len() int      { return len(p) }
func (p byPathLen) Swap(i, j int) { p[j], p[i] = p[i], p[j] }
func (p byPathLen) Less(i, j int) bool {
	a, b := p[i], p[j]
	ca, cb := strings.Count(a, "/"), strings.Count(b, "/")
	if ca == cb {
		return strings.Compare(a, b) == -1
	}
	return ca < cb
}

func render(templates map[string]string, top map[string]interface{}, chartName string) (rendered map[string]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	t := template.New("gotpl")
	t.Option("missingkey=zero")
	initFunMap(t)

	keys := make([]string, 0, len(templates))
	for k := range templates {
		keys = append(keys, k)
	}
	sort.Sort(sort.Reverse(byPathLen(keys)))

	for _, name := range keys {
		if _, err := t.New(name).Parse(templates[name]); err != nil {
			return nil, fmt.Errorf("parse error in %s: %w", name, err)
		}
	}
	rendered = make(map[string]string, len(keys))
	for _, name := range keys {
		if strings.HasPrefix(path.Base(name), "_") {
			continue
		}
		vals := make(map[string]interface{}, len(top)+1)
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": name, "BasePath": chartName + "/templates"}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, name, vals); err != nil {
			msg := err.Error()
			if m := warnRegex.FindStringSubmatch(msg); m != nil {
				return nil, fmt.Errorf("execution error in %s: %s", name, m[1])
			}
			return nil, fmt.Errorf("%s", msg)
		}
		rendered[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return rendered, nil
}

// releaseutil.SplitManifests
var sep = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

func splitManifests(bigFile string) []string {
	var docs []string
	bigFileTmp := strings.TrimSpace(bigFile)
	for _, d := range sep.Split(bigFileTmp, -1) {
		d = strings.TrimSpace(d)
		if d == "" {
			continue
		}
		docs = append(docs, d)
	}
	return docs
}

// ---------------------------------------------------------------- main

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type manifest struct {
	Template string          `json:"template"`
	Index    int             `json:"index"`
	Object   json.RawMessage `json:"object"`
	Source   string          `json:"source"`
}

type output struct {
	Chart     Metadata   `json:"chart"`
	Values    interface{} `json:"values"`
	Manifests []manifest `json:"manifests"`
	Notes     string     `json:"notes"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "Error: "+format+"\n", args...)
	os.Exit(1)
}

var semverish = regexp.MustCompile(`^v?(\d+)\.(\d+)`)

func main() {
	chartDir := flag.String("chart", "", "chart directory")
	var valueFiles stringList
	flag.Var(&valueFiles, "f", "values file (repeatable; later files win)")
	name := flag.String("name", "release-name", "release name")
	namespace := flag.String("namespace", "default", "release namespace")
	kubeVersion := flag.String("kube-version", "v1.30.0", "Kubernetes version for .Capabilities")
	apiVersions := flag.String("api-versions", "", "extra API versions for .Capabilities, comma-separated")
	upgrade := flag.Bool("upgrade", false, "render as an upgrade (.Release.IsUpgrade)")
	flag.Parse()
	if *chartDir == "" {
		fail("-chart is required")
	}

	// Chart.yaml
	raw, err := os.ReadFile(filepath.Join(*chartDir, "Chart.yaml"))
	if err != nil {
		fail("%v", err)
	}
	var meta Metadata
	if err := yaml.UnmarshalStrict(raw, &meta); err != nil {
		fail("Chart.yaml: %v", err)
	}
	if meta.APIVersion != "v2" {
		fail("Chart.yaml: apiVersion must be v2 (Helm 3), got %q", meta.APIVersion)
	}
	if meta.Name == "" || meta.Version == "" {
		fail("Chart.yaml: name and version are required")
	}

	// values
	values := map[string]interface{}{}
	if data, err := os.ReadFile(filepath.Join(*chartDir, "values.yaml")); err == nil {
		if err := yaml.Unmarshal(data, &values); err != nil {
			fail("values.yaml: %v", err)
		}
	}
	for _, f := range valueFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			fail("%v", err)
		}
		user := map[string]interface{}{}
		if err := yaml.Unmarshal(data, &user); err != nil {
			fail("%s: %v", f, err)
		}
		values = coalesce(values, user)
	}

	// templates and files
	rules := loadHelmignore(*chartDir)
	templates := map[string]string{}
	files := Files{}
	err = filepath.Walk(*chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(*chartDir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if ignored(rules, rel, info.IsDir()) {
			if info.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasPrefix(rel, "templates/"):
			templates[meta.Name+"/"+rel] = string(data)
		case rel == "Chart.yaml", rel == "values.yaml", rel == "values.schema.json", rel == "Chart.lock",
			strings.HasPrefix(rel, "charts/"):
		default:
			files[rel] = data
		}
		return nil
	})
	if err != nil {
		fail("%v", err)
	}

	kv := KubeVersion{Version: *kubeVersion}
	if m := semverish.FindStringSubmatch(*kubeVersion); m != nil {
		kv.Major, kv.Minor = m[1], m[2]
	}
	apis := VersionSet(append([]string{}, defaultAPIVersions...))
	for _, a := range strings.Split(*apiVersions, ",") {
		if a = strings.TrimSpace(a); a != "" {
			apis = append(apis, a)
		}
	}
	top := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name":      *name,
			"Namespace": *namespace,
			"IsUpgrade": *upgrade,
			"IsInstall": !*upgrade,
			"Revision":  map[bool]int{true: 2, false: 1}[*upgrade],
			"Service":   "Helm",
		},
		"Chart":        &meta,
		"Capabilities": &Capabilities{KubeVersion: kv, APIVersions: apis, HelmVersion: HelmVersion{Version: "v3.16.0", GoVersion: "helm-render"}},
		"Files":        files,
		"Subcharts":    map[string]interface{}{},
	}

	rendered, err := render(templates, top, meta.Name)
	if err != nil {
		fail("%v", err)
	}

	out := output{Chart: meta, Values: values, Manifests: []manifest{}}
	names := make([]string, 0, len(rendered))
	for n := range rendered {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.HasSuffix(n, "NOTES.txt") {
			out.Notes = rendered[n]
			continue
		}
		for i, doc := range splitManifests(rendered[n]) {
			js, err := yaml.YAMLToJSON([]byte(doc))
			if err != nil {
				fail("YAML parse error on %s: %v\n---\n%s", n, err, doc)
			}
			if bytes.Equal(bytes.TrimSpace(js), []byte("null")) {
				continue // a document of comments only
			}
			out.Manifests = append(out.Manifests, manifest{Template: n, Index: i, Object: js, Source: doc})
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fail("%v", err)
	}
}
