{{/* Names, labels, images and the restricted security contexts shared by every template. */}}

{{- define "porthole.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "porthole.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "porthole.redisName" -}}
{{- printf "%s-redis" (include "porthole.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "porthole.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "porthole.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "porthole.selectorLabels" -}}
app.kubernetes.io/name: {{ include "porthole.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "porthole.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "porthole.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: porthole
{{- end -}}

{{/* Image reference: a digest wins over a tag. Call with (dict "image" .Values.image "default" .Chart.AppVersion). */}}
{{- define "porthole.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .default .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Pod-level security: restricted Pod Security Standard. Call with (dict "user" UID "group" GID "fsGroup" GID). */}}
{{- define "porthole.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ int .user }}
runAsGroup: {{ int .group }}
fsGroup: {{ int .fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security: not configurable on purpose. Call with (dict "user" UID "group" GID). */}}
{{- define "porthole.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ int .user }}
runAsGroup: {{ int .group }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Refuse root or a non-numeric user before anything is rendered. */}}
{{- define "porthole.checkUser" -}}
{{- if or (not (kindIs "float64" .)) (lt (float64 .) 1.0) -}}
{{- fail (printf "runAsUser/runAsGroup/fsGroup must be numbers above 0 (got %v)" .) -}}
{{- end -}}
{{- end -}}

{{/* True ("true") when the API has a shared store: bundled Redis, a URL, cluster nodes or an existing Secret carrying the URL. */}}
{{- define "porthole.hasRedis" -}}
{{- if or .Values.redis.bundled.enabled .Values.redis.url .Values.redis.clusterNodes (and .Values.auth.existingSecret .Values.auth.secretKeys.redisUrl) -}}
true
{{- end -}}
{{- end -}}

{{/* The Secret holding the API credentials. */}}
{{- define "porthole.secretName" -}}
{{- default (include "porthole.fullname" .) .Values.auth.existingSecret -}}
{{- end -}}

{{/*
Which credential files the API gets, as "file:key" pairs (file name in the mount, key in the
Secret). A chart-created Secret uses the file names as keys and carries only the credentials
that have values (plus the signing key, always); an existing Secret is trusted to carry every
key named in auth.secretKeys, and a key set to "" is left out.
*/}}
{{- define "porthole.credentialItems" -}}
{{- $items := list -}}
{{- if .Values.auth.existingSecret -}}
{{- $keys := .Values.auth.secretKeys -}}
{{- if $keys.apiKeys -}}{{- $items = append $items (printf "api-keys:%s" $keys.apiKeys) -}}{{- end -}}
{{- if $keys.adminKeys -}}{{- $items = append $items (printf "admin-keys:%s" $keys.adminKeys) -}}{{- end -}}
{{- if $keys.agentTokens -}}{{- $items = append $items (printf "agent-tokens:%s" $keys.agentTokens) -}}{{- end -}}
{{- if $keys.signingKey -}}{{- $items = append $items (printf "signing-key:%s" $keys.signingKey) -}}{{- end -}}
{{- if $keys.previousSigningKey -}}{{- $items = append $items (printf "signing-key-previous:%s" $keys.previousSigningKey) -}}{{- end -}}
{{- if and $keys.redisUrl (not .Values.redis.bundled.enabled) (not .Values.redis.clusterNodes) -}}{{- $items = append $items (printf "redis-url:%s" $keys.redisUrl) -}}{{- end -}}
{{- if and $keys.redisPassword .Values.redis.clusterNodes -}}{{- $items = append $items (printf "redis-password:%s" $keys.redisPassword) -}}{{- end -}}
{{- else -}}
{{- if .Values.auth.apiKeys -}}{{- $items = append $items "api-keys:api-keys" -}}{{- end -}}
{{- if .Values.auth.adminKeys -}}{{- $items = append $items "admin-keys:admin-keys" -}}{{- end -}}
{{- if .Values.auth.agentTokens -}}{{- $items = append $items "agent-tokens:agent-tokens" -}}{{- end -}}
{{- $items = append $items "signing-key:signing-key" -}}
{{- if .Values.auth.previousSigningKey -}}{{- $items = append $items "signing-key-previous:signing-key-previous" -}}{{- end -}}
{{- if and .Values.redis.url (not .Values.redis.bundled.enabled) -}}{{- $items = append $items "redis-url:redis-url" -}}{{- end -}}
{{- if and .Values.redis.password .Values.redis.clusterNodes -}}{{- $items = append $items "redis-password:redis-password" -}}{{- end -}}
{{- end -}}
{{- join "," $items -}}
{{- end -}}

{{/*
The bundled Redis configuration. AUTH through the default user's ACL; administrative and
destructive commands refused (@dangerous) except INFO, which clients use as a ready check.
No RDB/AOF: queued commands and results are short-lived and secrets must not reach a disk.
Call with (dict "password" P "maxmemory" M).
*/}}
{{- define "porthole.redisConf" -}}
port 6379
bind 0.0.0.0 -::*
protected-mode yes
user default on >{{ .password }} ~* &* +@all -@dangerous +info
save ""
appendonly no
dir /data
maxmemory {{ .maxmemory }}
maxmemory-policy noeviction
{{ end -}}

{{/*
extraEnv may not set what the chart sets or checks: Porthole's own variables (each has a chart
value, checked by the schema; credentials go through auth.* as files) and NODE_EXTRA_CA_CERTS.
The schema refuses the same names; this check also covers values given with --set-json.
*/}}
{{- define "porthole.checkExtraEnv" -}}
{{- range . -}}
{{- if regexMatch "^(PORTHOLE_|REDIS_|LOG_LEVEL$|NODE_EXTRA_CA_CERTS$)" (toString .name) -}}
{{- fail (printf "extraEnv: %s is set by the chart: use its value (see values.yaml), or auth.* for credentials" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
What the API checks across entries, checked before install: key names unique across apiKeys and
adminKeys (a bare key is named key-N or admin-N, N its place in its list), one token per cluster.
*/}}
{{- define "porthole.checkCredentials" -}}
{{- $names := list -}}
{{- range $list, $prefix := dict "apiKeys" "key" "adminKeys" "admin" -}}
{{- range $i, $entry := get $.Values.auth $list -}}
{{- $colon := regexFind "^[^:]+:" $entry -}}
{{- $name := ternary (trimSuffix ":" $colon) (printf "%s-%d" $prefix (add1 $i)) (ne $colon "") -}}
{{- if has $name $names -}}
{{- fail (printf "auth.apiKeys/adminKeys: the key name %q is used twice" $name) -}}
{{- end -}}
{{- $names = append $names $name -}}
{{- end -}}
{{- end -}}
{{- $tokens := values .Values.auth.agentTokens -}}
{{- if ne (len $tokens) (len (uniq $tokens)) -}}
{{- fail "auth.agentTokens: two clusters share one token" -}}
{{- end -}}
{{- end -}}
