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

{{/*
The rules the agent is granted, as JSON (call with (dict "root" $ "scope" "namespaced"|"cluster")):
the preset generated from the read-only policy (files/rbac.yaml), the operator's extra rules, the
custom resource groups opted into, and core Secrets only when the agent's policy allows them.
Every rule but a custom group's whole-group grant passes agent.checkRules.
*/}}
{{- define "agent.rbacRules" -}}
{{- $v := .root.Values.rbac -}}
{{- $preset := .root.Files.Get "files/rbac.yaml" | fromYaml -}}
{{- if not (and $preset.namespaced $preset.cluster $preset.builtinGroups) -}}
{{- fail "files/rbac.yaml (the generated RBAC preset) is missing or unreadable" -}}
{{- end -}}
{{- $namespaced := eq .scope "namespaced" -}}
{{- $rules := list -}}
{{- if $v.preset -}}
{{- $rules = concat $rules (ternary $preset.namespaced $preset.cluster $namespaced) -}}
{{- end -}}
{{- $extra := ternary $v.rules $v.clusterRules $namespaced -}}
{{- include "agent.checkRules" $extra -}}
{{- $rules = concat $rules $extra -}}
{{- if $namespaced -}}
{{- range $v.customResourceGroups -}}
{{- $group := "" -}}
{{- if kindIs "string" . -}}{{- $group = . -}}{{- else -}}{{- $group = toString .group -}}{{- end -}}
{{- if or (has $group $preset.builtinGroups) (not (regexMatch "^([a-z0-9]([-a-z0-9]*[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $group)) (hasSuffix ".k8s.io" $group) (hasSuffix ".kubernetes.io" $group) (eq $group "k8s.io") (eq $group "kubernetes.io") -}}
{{- fail (printf "rbac.customResourceGroups: %q is not a custom resource group (a DNS name with a dot, not a Kubernetes group)" $group) -}}
{{- end -}}
{{- if kindIs "string" . -}}
{{- /* The whole group: every kind its CRDs define, and their status and scale subresources. */ -}}
{{- $rules = append $rules (dict "apiGroups" (list $group) "resources" (list "*")) -}}
{{- else -}}
{{- $rule := dict "apiGroups" (list $group) "resources" (required "rbac.customResourceGroups: an entry with a group lists its resources" .resources) -}}
{{- include "agent.checkRules" (list $rule) -}}
{{- $rules = append $rules $rule -}}
{{- end -}}
{{- end -}}
{{- if $v.secrets -}}
{{- $policy := fromYaml (default "{}" $.root.Values.policy) -}}
{{- if not (eq (dig "secrets" "allow" false $policy | toString) "true") -}}
{{- fail "rbac.secrets needs a policy that allows them (policy: \"secrets: {allow: true}\"); the default policy refuses every read of a Secret" -}}
{{- end -}}
{{- $rules = append $rules (dict "apiGroups" (list "") "resources" (list "secrets")) -}}
{{- end -}}
{{- end -}}
{{- toJson $rules -}}
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
    - {{ . | quote }}
    {{- end }}
  verbs:
    {{- range $verbs }}
    - {{ . }}
    {{- end }}
{{- end }}
{{- end -}}

{{/*
extraEnv may not set what the chart sets or checks: Porthole's own variables, NODE_EXTRA_CA_CERTS,
and what picks the Kubernetes API server (KUBERNETES_*, KUBECONFIG): the agent would send its
ServiceAccount token wherever they point. The schema refuses the same names.
*/}}
{{- define "agent.checkExtraEnv" -}}
{{- range . -}}
{{- if regexMatch "^(PORTHOLE_|LOG_LEVEL$|NODE_EXTRA_CA_CERTS$|KUBERNETES_|KUBECONFIG$)" (toString .name) -}}
{{- fail (printf "extraEnv: %s is set by the chart or picks the cluster the agent reads: use the chart's values" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
