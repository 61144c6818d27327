/**
 * helm-render behaves like `helm template` on the features the chart relies on (and on Helm's
 * known quirks, so that a chart that works here works with a real helm).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart, RenderError } from '../src/helm.js';

function chart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mini-chart-'));
  const all = {
    'Chart.yaml': 'apiVersion: v2\nname: mini\nversion: 1.2.3\nappVersion: "4.5"\n',
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const configMap = (data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n${data}\n`;

describe('helm-render (Helm 3 template engine)', () => {
  it('renders includes, defines, pipelines and the built-in objects', async () => {
    const dir = chart({
      'values.yaml': 'name: world\nport: 8080\n',
      'templates/_helpers.tpl':
        '{{- define "mini.greeting" -}}hello {{ .Values.name }}{{- end -}}\n' +
        '{{- define "mini.labels" -}}\napp: {{ .Chart.Name }}\nrelease: {{ .Release.Name }}\n{{- end -}}\n',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\n  labels:\n    {{- include "mini.labels" . | nindent 4 }}\n' +
        'data:\n  greeting: {{ include "mini.greeting" . | upper | quote }}\n  port: {{ .Values.port | quote }}\n' +
        '  chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}\n  app: {{ .Chart.AppVersion | quote }}\n' +
        '  ns: {{ .Release.Namespace }}\n  template: {{ .Template.Name }}\n  install: {{ .Release.IsInstall | quote }}\n',
    });
    const r = await renderChart({ chartDir: dir, releaseName: 'rel', namespace: 'space' });
    expect(r.objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'rel-cm', labels: { app: 'mini', release: 'rel' } },
        data: {
          greeting: 'HELLO WORLD',
          port: '8080',
          chart: 'mini-1.2.3',
          app: '4.5',
          ns: 'space',
          template: 'mini/templates/cm.yaml',
          install: 'true',
        },
      },
    ]);
  });

  it('prints missing values as empty, and numbers as Helm does (float64: 3.6e+06)', async () => {
    const dir = chart({
      'values.yaml': 'big: 3600000\nsmall: 42\n',
      'templates/cm.yaml': configMap(
        '  missing: "{{ .Values.nothing }}"\n  big: "{{ .Values.big }}"\n  bigInt: "{{ int .Values.big }}"\n  small: "{{ .Values.small }}"',
      ),
    });
    const r = await renderChart({ chartDir: dir });
    expect(r.objects[0]!.data).toEqual({
      missing: '',
      big: '3.6e+06',
      bigInt: '3600000',
      small: '42',
    });
  });

  it('fails on a field of a missing map, like Helm (nil pointer evaluating interface {})', async () => {
    const dir = chart({
      'templates/cm.yaml': configMap('  x: {{ .Values.absent.deep }}'),
    });
    await expect(renderChart({ chartDir: dir })).rejects.toThrow(
      /nil pointer evaluating interface \{\}\.deep/,
    );
  });

  it('coalesces values files in order; null removes a default', async () => {
    const dir = chart({
      'values.yaml': 'a:\n  b: 1\n  c: 2\nlist: [1, 2]\n',
      'templates/cm.yaml': configMap(
        '  a: {{ .Values.a | toJson | quote }}\n  list: {{ .Values.list | toJson | quote }}',
      ),
    });
    const override = join(dir, 'override.yaml');
    writeFileSync(override, 'a:\n  b: null\n  d: 4\nlist: [3]\n');
    const r = await renderChart({
      chartDir: dir,
      valuesFiles: [override],
      values: { a: { d: 5 } },
    });
    expect(r.objects[0]!.data).toEqual({ a: '{"c":2,"d":5}', list: '[3]' });
  });

  it('implements required, fail, tpl, toYaml/fromYaml and lookup (empty without a cluster)', async () => {
    const dir = chart({
      'values.yaml': 'tmpl: "{{ .Release.Name }}-suffix"\nmap: {z: 1, a: {b: two}}\n',
      'templates/cm.yaml': configMap(
        '  tpl: {{ tpl .Values.tmpl . }}\n  yaml: {{ toYaml .Values.map | quote }}\n' +
          '  round: {{ (fromYaml (toYaml .Values.map)).a.b }}\n' +
          '  lookup: "{{ if lookup "v1" "Secret" "ns" "s" }}found{{ else }}none{{ end }}"',
      ),
    });
    const r = await renderChart({ chartDir: dir, releaseName: 'r1' });
    expect(r.objects[0]!.data).toEqual({
      tpl: 'r1-suffix',
      yaml: 'a:\n  b: two\nz: 1',
      round: 'two',
      lookup: 'none',
    });

    const failing = chart({
      'templates/cm.yaml': configMap('  x: {{ required "x.y is required" .Values.x }}'),
    });
    await expect(renderChart({ chartDir: failing })).rejects.toThrow(/x\.y is required/);
    const failed = chart({ 'templates/cm.yaml': '{{ fail "unsupported setting" }}' });
    await expect(renderChart({ chartDir: failed })).rejects.toThrow(/unsupported setting/);
  });

  it('exposes chart files (respecting .helmignore) and the capabilities', async () => {
    const dir = chart({
      '.helmignore': 'secret/\n*.bak\n',
      'files/a.json': '{"a":1}',
      'files/b.json': '{"b":2}',
      'files/c.bak': 'ignored',
      'secret/key': 'ignored',
      'templates/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  {{- (.Files.Glob "files/*").AsConfig | nindent 2 }}\n' +
        '  one: {{ .Files.Get "files/a.json" | quote }}\n  ignored: "{{ .Files.Get "secret/key" }}{{ .Files.Get "files/c.bak" }}"\n' +
        '  monitoring: "{{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}"\n' +
        '  apps: "{{ .Capabilities.APIVersions.Has "apps/v1" }}"\n  kube: "{{ .Capabilities.KubeVersion.Minor }}"\n',
    });
    const plain = await renderChart({ chartDir: dir });
    expect(plain.objects[0]!.data).toEqual({
      'a.json': '{"a":1}',
      'b.json': '{"b":2}',
      one: '{"a":1}',
      ignored: '',
      monitoring: 'false',
      apps: 'true',
      kube: '30',
    });
    const withCrds = await renderChart({
      chartDir: dir,
      apiVersions: ['monitoring.coreos.com/v1'],
    });
    expect(withCrds.get('ConfigMap', 'cm').data!.monitoring).toBe('true');
  });

  it('splits documents, drops empty ones, renders NOTES.txt and rejects invalid YAML', async () => {
    const dir = chart({
      'templates/two.yaml': `${configMap('  a: "1"')}---\n# only a comment\n---\n${configMap('  b: "2"').replace('name: cm', 'name: cm2')}`,
      'templates/empty.yaml': '{{- if false }}\nkind: Nothing\n{{- end }}\n',
      'templates/NOTES.txt': 'Installed {{ .Release.Name }}',
      'templates/_partial.yaml': 'not: [rendered',
    });
    const r = await renderChart({ chartDir: dir, releaseName: 'notes' });
    expect(r.objects.map((o) => o.metadata.name)).toEqual(['cm', 'cm2']);
    expect(r.notes).toBe('Installed notes');

    const bad = chart({ 'templates/bad.yaml': 'kind: ConfigMap\nmetadata: [unclosed' });
    await expect(renderChart({ chartDir: bad })).rejects.toThrow(RenderError);
    await expect(renderChart({ chartDir: bad })).rejects.toThrow(
      /YAML parse error on mini\/templates\/bad.yaml/,
    );
  });

  it('refuses charts that are not Helm 3 (apiVersion v2)', async () => {
    const dir = chart({ 'Chart.yaml': 'apiVersion: v1\nname: old\nversion: 1.0.0\n' });
    await expect(renderChart({ chartDir: dir })).rejects.toThrow(/apiVersion must be v2/);
  });
});
