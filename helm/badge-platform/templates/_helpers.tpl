{{/* ------------------------------------------------------------------ names and labels */}}

{{- define "badge.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped base name; components append "-<component>" (kept ≤ 63 characters). */}}
{{- define "badge.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* (list $ "component") */}}
{{- define "badge.componentName" -}}
{{- printf "%s-%s" (include "badge.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "badge.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* (list $ "component") */}}
{{- define "badge.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "badge.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Labels that select every pod of this release (NetworkPolicy). */}}
{{- define "badge.instanceLabels" -}}
app.kubernetes.io/name: {{ include "badge.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* (list $ "component") */}}
{{- define "badge.labels" -}}
{{- $root := index . 0 -}}
helm.sh/chart: {{ include "badge.chart" $root }}
{{ include "badge.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
app.kubernetes.io/part-of: badge-platform
{{- end -}}

{{/* Pod labels that grant network access (see networkpolicy.yaml): (list "postgresql" "redis" …) */}}
{{- define "badge.clientLabels" -}}
{{- $out := dict -}}
{{- range . }}{{ $_ := set $out (printf "badge.io/%s-client" .) "true" }}{{ end -}}
{{- toYaml $out -}}
{{- end -}}

{{- define "badge.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "badge.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* (list $ "imageKey") → registry/name:tag or registry/name@digest */}}
{{- define "badge.image" -}}
{{- $root := index . 0 -}}
{{- $key := index . 1 -}}
{{- $repo := printf "%s/%s" $root.Values.image.registry (index $root.Values.images $key) -}}
{{- $digest := index $root.Values.image.digests $key -}}
{{- if $digest -}}
{{- printf "%s@%s" $repo $digest -}}
{{- else -}}
{{- printf "%s:%s" $repo (default $root.Chart.AppVersion $root.Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "badge.monitoringEnabled" -}}
{{- $root := index . 0 -}}
{{- $setting := toString (index . 1) -}}
{{- if or (eq $setting "true") (and (eq $setting "auto") ($root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) -}}
true
{{- end -}}
{{- end -}}

{{/* ------------------------------------------------------------------ connection URLs */}}

{{- define "badge.databaseUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- $auth := urlquery $pg.username -}}
{{- if $pg.password -}}{{- $auth = printf "%s:%s" $auth (urlquery $pg.password) -}}{{- end -}}
{{- $query := "" -}}
{{- if and $pg.sslMode (ne $pg.sslMode "disable") -}}{{- $query = printf "?sslmode=%s" $pg.sslMode -}}{{- end -}}
{{- printf "postgresql://%s@%s:%d/%s%s" $auth $pg.host (int $pg.port) $pg.database $query -}}
{{- end -}}

{{- define "badge.redisUrl" -}}
{{- $r := .Values.redis -}}
{{- $auth := "" -}}
{{- if or $r.username $r.password -}}
{{- $auth = printf "%s:%s@" (urlquery (default "" $r.username)) (urlquery (default "" $r.password)) -}}
{{- end -}}
{{- printf "%s://%s%s:%d/%d" (ternary "rediss" "redis" (eq (toString $r.tls) "true")) $auth $r.host (int $r.port) (int $r.db) -}}
{{- end -}}

{{/* ------------------------------------------------------------------ secrets */}}

{{/* (list $ "VAR") → secretKeyRef {name, key}: secrets.refs, then existingSecret, then the chart's Secret */}}
{{- define "badge.secretKeyRef" -}}
{{- $root := index . 0 -}}
{{- $var := index . 1 -}}
{{- $ref := index $root.Values.secrets.refs $var -}}
{{- if $ref -}}
name: {{ required (printf "secrets.refs.%s.name is required" $var) $ref.name }}
key: {{ default $var $ref.key }}
{{- else if $root.Values.secrets.existingSecret -}}
name: {{ $root.Values.secrets.existingSecret }}
key: {{ $var }}
{{- else -}}
name: {{ include "badge.fullname" $root }}
key: {{ $var }}
{{- end -}}
{{- end -}}

{{/* (list $ (list "VAR" …)) → env entries from Secrets */}}
{{- define "badge.secretEnv" -}}
{{- $root := index . 0 -}}
{{- $out := list -}}
{{- range $var := index . 1 -}}
{{- $ref := include "badge.secretKeyRef" (list $root $var) | fromYaml -}}
{{- $out = append $out (dict "name" $var "valueFrom" (dict "secretKeyRef" $ref)) -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Changes when anything that goes into a Secret changes (rolls the pods). */}}
{{- define "badge.secretChecksum" -}}
{{- dict "s" .Values.secrets "p" .Values.postgresql "r" .Values.redis "k" .Values.kafka.sasl | toJson | sha256sum -}}
{{- end -}}

{{/* ------------------------------------------------------------------ environment (ConfigMaps) */}}

{{/* A values env map as strings; empty values are left out (= variable unset). */}}
{{- define "badge.envMap" -}}
{{- $out := dict -}}
{{- range $k, $v := . -}}
{{- if and (not (kindIs "invalid" $v)) (ne (toString $v) "") -}}
{{- $_ := set $out $k (toString $v) -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* Every Node process: NODE_ENV, LOG_*, METRICS_PORT, OTEL_*, NODE_EXTRA_CA_CERTS. */}}
{{- define "badge.env.node" -}}
{{- $e := include "badge.envMap" .Values.env | fromYaml -}}
{{- $_ := set $e "METRICS_PORT" (toString (int .Values.ports.metrics)) -}}
{{- if .Values.tls.extraCaSecret -}}
{{- $_ := set $e "NODE_EXTRA_CA_CERTS" "/etc/badge/extra-ca/ca.crt" -}}
{{- end -}}
{{- toYaml $e -}}
{{- end -}}

{{- define "badge.env.database" -}}
{{- $pg := .Values.postgresql -}}
DATABASE_POOL_MAX: {{ int $pg.poolMax | toString | quote }}
DATABASE_CONNECT_TIMEOUT_MS: {{ int $pg.connectTimeoutMs | toString | quote }}
DATABASE_STATEMENT_TIMEOUT_MS: {{ int $pg.statementTimeoutMs | toString | quote }}
DATABASE_SSL: {{ ternary "true" "false" (and (not (empty $pg.sslMode)) (ne $pg.sslMode "disable")) | quote }}
{{- end -}}

{{- define "badge.env.kafka" -}}
{{- $k := .Values.kafka -}}
KAFKA_BROKERS: {{ join "," $k.brokers | quote }}
KAFKA_SSL: {{ ternary "true" "false" (eq (toString $k.ssl) "true") | quote }}
{{- if $k.sasl.mechanism }}
KAFKA_SASL_MECHANISM: {{ $k.sasl.mechanism | quote }}
KAFKA_SASL_USERNAME: {{ required "kafka.sasl.username is required with a SASL mechanism" $k.sasl.username | quote }}
{{- end }}
{{- end -}}

{{- define "badge.env.gateway" -}}
{{- $root := . -}}
{{- $e := include "badge.env.node" . | fromYaml -}}
{{- $_ := set $e "PORT" (toString (int .Values.gateway.port)) -}}
{{- $_ := set $e "OTEL_SERVICE_NAME" "gateway" -}}
{{- range $name := list "badge" "rule" "benefit" "user" -}}
{{- $sg := index $root.Values.subgraphs $name -}}
{{- $_ := set $e (printf "SUBGRAPH_%s_URL" (upper $name)) (printf "http://%s:%d/graphql" (include "badge.componentName" (list $root (printf "%s-server" $name))) (int $sg.port)) -}}
{{- end -}}
{{- $_ := set $e "OIDC_ISSUER" .Values.oidc.issuer -}}
{{- $_ := set $e "OIDC_AUDIENCE" .Values.oidc.audience -}}
{{- $_ := set $e "OIDC_MFA_AMR" .Values.oidc.mfaAmr -}}
{{- if .Values.oidc.mfaAcr }}{{ $_ := set $e "OIDC_MFA_ACR" .Values.oidc.mfaAcr }}{{ end -}}
{{- if .Values.oidc.jwksUrl }}{{ $_ := set $e "OIDC_JWKS_URL" .Values.oidc.jwksUrl }}{{ end -}}
{{- if .Values.userJwt.issuer -}}
{{- $_ := set $e "USER_JWT_ISSUER" .Values.userJwt.issuer -}}
{{- $_ := set $e "USER_JWT_AUDIENCE" (required "userJwt.audience is required with userJwt.issuer" .Values.userJwt.audience) -}}
{{- if .Values.userJwt.jwksUrl }}{{ $_ := set $e "USER_JWT_JWKS_URL" .Values.userJwt.jwksUrl }}{{ end -}}
{{- end -}}
{{- $e = mergeOverwrite $e (include "badge.envMap" .Values.gateway.env | fromYaml) -}}
{{- toYaml $e -}}
{{- end -}}

{{- define "badge.adminWebUrl" -}}
{{- default (printf "https://%s" .Values.adminWeb.ingress.host) .Values.adminWeb.publicUrl -}}
{{- end -}}

{{- define "badge.env.adminWeb" -}}
{{- $e := dict "NODE_ENV" (toString .Values.env.NODE_ENV) "LOG_LEVEL" (toString .Values.env.LOG_LEVEL) -}}
{{- $_ := set $e "NEXT_TELEMETRY_DISABLED" "1" -}}
{{- $_ := set $e "OIDC_ISSUER" .Values.oidc.issuer -}}
{{- $_ := set $e "OIDC_CLIENT_ID" .Values.oidc.clientId -}}
{{- $_ := set $e "OIDC_SCOPES" .Values.oidc.scopes -}}
{{- $_ := set $e "OIDC_MFA_AMR" .Values.oidc.mfaAmr -}}
{{- if .Values.oidc.mfaAcr }}{{ $_ := set $e "OIDC_MFA_ACR" .Values.oidc.mfaAcr }}{{ end -}}
{{- if .Values.oidc.acrValues }}{{ $_ := set $e "OIDC_ACR_VALUES" .Values.oidc.acrValues }}{{ end -}}
{{- $_ := set $e "NEXTAUTH_URL" (include "badge.adminWebUrl" .) -}}
{{- $_ := set $e "GATEWAY_URL" (printf "http://%s:%d/graphql" (include "badge.componentName" (list . "gateway")) (int .Values.gateway.port)) -}}
{{- if .Values.tls.extraCaSecret }}{{ $_ := set $e "NODE_EXTRA_CA_CERTS" "/etc/badge/extra-ca/ca.crt" }}{{ end -}}
{{- $e = mergeOverwrite $e (include "badge.envMap" .Values.adminWeb.env | fromYaml) -}}
{{- toYaml $e -}}
{{- end -}}

{{/* (list $ "badge" "server"|"worker") */}}
{{- define "badge.env.subgraph" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $kind := index . 2 -}}
{{- $sg := index $root.Values.subgraphs $name -}}
{{- $e := include "badge.env.node" $root | fromYaml -}}
{{- $e = mergeOverwrite $e (include "badge.env.database" $root | fromYaml) (include "badge.env.kafka" $root | fromYaml) -}}
{{- $service := printf "%s-%s" $name (ternary "subgraph" "worker" (eq $kind "server")) -}}
{{- $_ := set $e "OTEL_SERVICE_NAME" $service -}}
{{- $_ := set $e "KAFKA_CLIENT_ID" $service -}}
{{- if eq $kind "server" }}{{ $_ := set $e "PORT" (toString (int $sg.port)) }}{{ end -}}
{{- $e = mergeOverwrite $e (include "badge.envMap" $sg.env | fromYaml) -}}
{{- $own := (default dict (index $sg $kind)).env -}}
{{- if $own }}{{ $e = mergeOverwrite $e (include "badge.envMap" $own | fromYaml) }}{{ end -}}
{{- toYaml $e -}}
{{- end -}}

{{/* The badge expiry CronJob: database and BADGE_EXPIRY_* settings only. */}}
{{- define "badge.env.expireBadges" -}}
{{- $e := include "badge.env.node" . | fromYaml -}}
{{- $e = mergeOverwrite $e (include "badge.env.database" . | fromYaml) -}}
{{- $_ := set $e "OTEL_SERVICE_NAME" "badge-expiry-job" -}}
{{- range $k, $v := include "badge.envMap" .Values.subgraphs.badge.env | fromYaml -}}
{{- if hasPrefix "BADGE_EXPIRY_" $k }}{{ $_ := set $e $k $v }}{{ end -}}
{{- end -}}
{{- $_ := unset $e "BADGE_EXPIRY_SWEEP_INTERVAL_MS" -}}
{{- toYaml $e -}}
{{- end -}}

{{/* ------------------------------------------------------------------ workloads */}}

{{/*
Every long-running process, described once; deployments, services, HPAs, PDBs, ConfigMaps and
network policies iterate over this list. Fields: component, role (gateway|admin-web|server|worker),
service (the `service` label of its metrics), image, command, port, probePort, healthPath,
readyPath, metricsPath, clients (network access), secretEnv, env (ConfigMap), settings,
writablePaths.
*/}}
{{- define "badge.workloads" -}}
{{- $root := . -}}
items:
- component: gateway
  role: gateway
  service: gateway
  image: gateway
  command: [node, dist/server.js]
  port: {{ int .Values.gateway.port }}
  probePort: http
  healthPath: /health
  readyPath: /ready
  metricsPort: metrics
  metricsPath: /metrics
  clients: {{ list "redis" "external-https" "otel" | toJson }}
  secretEnv: {{ concat (list "INTERNAL_IDENTITY_SECRETS" "REDIS_URL") .Values.gateway.extraSecretEnv | toJson }}
  env: {{ include "badge.env.gateway" . | fromYaml | toJson }}
  settings: {{ pick .Values.gateway "replicaCount" "resources" "autoscaling" "pdb" | toJson }}
  writablePaths: []
{{- if .Values.adminWeb.enabled }}
- component: admin-web
  role: admin-web
  service: admin-web
  image: adminWeb
  command: [node, node_modules/next/dist/bin/next, start, --hostname, 0.0.0.0, --port, {{ int .Values.adminWeb.port | toString | quote }}]
  port: {{ int .Values.adminWeb.port }}
  probePort: http
  healthPath: /api/health
  readyPath: /api/health
  metricsPort: http
  metricsPath: /api/metrics
  clients: {{ list "gateway" "external-https" | toJson }}
  secretEnv: {{ concat (list "OIDC_CLIENT_SECRET" "NEXTAUTH_SECRET") .Values.adminWeb.extraSecretEnv | toJson }}
  env: {{ include "badge.env.adminWeb" . | fromYaml | toJson }}
  settings: {{ pick .Values.adminWeb "replicaCount" "resources" "autoscaling" "pdb" | toJson }}
  writablePaths: [/app/.next/cache]
{{- end }}
{{- range $name := list "badge" "rule" "benefit" "user" }}
{{- $sg := index $root.Values.subgraphs $name }}
{{- $secretEnv := list "DATABASE_URL" "REDIS_URL" "INTERNAL_IDENTITY_SECRETS" }}
{{- if $root.Values.kafka.sasl.mechanism }}{{ $secretEnv = append $secretEnv "KAFKA_SASL_PASSWORD" }}{{ end }}
{{- if eq $name "user" }}{{ $secretEnv = concat $secretEnv (list "FIELD_ENCRYPTION_KEYS" "BLIND_INDEX_KEY") }}{{ end }}
{{- $secretEnv = concat $secretEnv $sg.extraSecretEnv }}
{{- range $kind := list "server" "worker" }}
{{- $settings := mergeOverwrite (deepCopy (index $root.Values.subgraphDefaults $kind)) (deepCopy (default dict (index $sg $kind))) }}
{{- /* servers only write outbox rows; the worker's relay and consumers talk to Kafka */ -}}
{{- $clients := ternary (list "postgresql" "redis" "kafka" "otel") (list "postgresql" "redis" "otel") (eq $kind "worker") }}
{{- if and (eq $name "user") (eq $kind "worker") }}{{ $clients = append $clients "external-https" }}{{ end }}
- component: {{ $name }}-{{ $kind }}
  role: {{ $kind }}
  subgraph: {{ $name }}
  service: {{ $name }}-{{ ternary "subgraph" "worker" (eq $kind "server") }}
  image: {{ $name }}
  command: [node, dist/{{ $kind }}.js]
  {{- if eq $kind "server" }}
  port: {{ int $sg.port }}
  probePort: http
  {{- else }}
  probePort: metrics
  {{- end }}
  healthPath: /health
  readyPath: /ready
  metricsPort: metrics
  metricsPath: /metrics
  clients: {{ $clients | toJson }}
  secretEnv: {{ $secretEnv | toJson }}
  env: {{ include "badge.env.subgraph" (list $root $name $kind) | fromYaml | toJson }}
  settings: {{ $settings | toJson }}
  writablePaths: []
{{- end }}
{{- end }}
{{- end -}}

{{/* ------------------------------------------------------------------ pod building blocks */}}

{{- define "badge.podSecurityContext" -}}
{{- toYaml .Values.podSecurityContext -}}
{{- end -}}

{{- define "badge.containerSecurityContext" -}}
{{- toYaml .Values.containerSecurityContext -}}
{{- end -}}

{{/* Volumes every pod has: /tmp, the extra CA. */}}
{{- define "badge.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- if .Values.tls.extraCaSecret }}
- name: extra-ca
  secret:
    secretName: {{ .Values.tls.extraCaSecret }}
{{- end }}
{{- end -}}

{{- define "badge.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.tls.extraCaSecret }}
- name: extra-ca
  mountPath: /etc/badge/extra-ca
  readOnly: true
{{- end }}
{{- end -}}

{{/* (list $ "component") */}}
{{- define "badge.topologySpread" -}}
{{- $root := index . 0 -}}
{{- if $root.Values.topologySpread.enabled -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "badge.selectorLabels" . | nindent 8 }}
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "badge.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}

{{- define "badge.scheduling" -}}
{{- $out := dict -}}
{{- with .Values.nodeSelector }}{{ $_ := set $out "nodeSelector" . }}{{ end -}}
{{- with .Values.tolerations }}{{ $_ := set $out "tolerations" . }}{{ end -}}
{{- with .Values.affinity }}{{ $_ := set $out "affinity" . }}{{ end -}}
{{- with .Values.image.pullSecrets }}{{ $_ := set $out "imagePullSecrets" . }}{{ end -}}
{{- if $out }}{{ toYaml $out }}{{ end -}}
{{- end -}}
