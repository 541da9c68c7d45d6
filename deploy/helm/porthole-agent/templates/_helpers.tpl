{{/* Names, labels, image and the restricted security contexts of the agent chart. */}}

{{- define "agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "agent.fullname" -}}
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

{{- define "agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: agent
{{- end -}}

{{- define "agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: porthole
porthole.io/cluster: {{ .Values.clusterId | quote }}
{{- end -}}

{{- define "agent.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "agent.secretName" -}}
{{- default (include "agent.fullname" .) .Values.auth.existingSecret -}}
{{- end -}}

{{/* Refuse root or a non-numeric id. */}}
{{- define "agent.checkUser" -}}
{{- if or (not (kindIs "float64" .)) (lt (float64 .) 1.0) -}}
{{- fail (printf "runAsUser/runAsGroup/fsGroup must be numbers above 0 (got %v)" .) -}}
{{- end -}}
{{- end -}}

{{/*
Every RBAC rule, checked before it is rendered: the verbs are get/list/watch only and no rule
names secrets, a wildcard, or a subresource that executes or proxies. Call with the rule list.
*/}}
{{- define "agent.checkRules" -}}
{{- range . -}}
{{- range .apiGroups -}}
{{- if eq . "*" -}}{{- fail "rbac: apiGroups \"*\" is not allowed" -}}{{- end -}}
{{- end -}}
{{- range .resources -}}
{{- $r := lower . -}}
{{- if or (eq $r "*") (hasPrefix "secret" $r) (hasSuffix "/*" $r) (hasSuffix "/exec" $r) (hasSuffix "/attach" $r) (hasSuffix "/portforward" $r) (hasSuffix "/proxy" $r) (hasSuffix "/token" $r) -}}
{{- fail (printf "rbac: resource %q is not allowed for the read-only agent" .) -}}
{{- end -}}
{{- end -}}
{{- if .verbs -}}{{- fail "rbac: set verbs once, in rbac.verbs" -}}{{- end -}}
{{- if .resourceNames -}}{{- fail "rbac: resourceNames are not supported" -}}{{- end -}}
{{- end -}}
{{- end -}}

{{- define "agent.checkVerbs" -}}
{{- range . -}}
{{- if not (has . (list "get" "list" "watch")) -}}
{{- fail (printf "rbac.verbs: %q is not allowed (get, list, watch only)" .) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Rules with the verbs attached. Call with (dict "rules" R "verbs" V). */}}
{{- define "agent.renderRules" -}}
{{- $verbs := .verbs -}}
{{- range .rules }}
- apiGroups:
    {{- range .apiGroups }}
    - {{ . | quote }}
    {{- end }}
  resources:
    {{- range .resources }}
    - {{ . }}
    {{- end }}
  verbs:
    {{- range $verbs }}
    - {{ . }}
    {{- end }}
{{- end }}
{{- end -}}
