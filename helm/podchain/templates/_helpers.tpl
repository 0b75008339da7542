{{/* Chart name, at most 63 characters (a DNS label). */}}
{{- define "podchain.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Object name prefix: the release name, plus the chart name unless the release name contains it. Short enough that
"<fullname>-headless" and the pods' "<fullname>-<ordinal>" stay DNS labels.
*/}}
{{- define "podchain.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "podchain.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "podchain.selectorLabels" -}}
app.kubernetes.io/name: {{ include "podchain.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "podchain.labels" -}}
helm.sh/chart: {{ include "podchain.chart" . }}
{{ include "podchain.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: podchain
{{- end }}

{{/* The headless Service: every pod, ready or not, for peer discovery and stable pod DNS names. */}}
{{- define "podchain.headlessName" -}}
{{- printf "%s-headless" (include "podchain.fullname" .) }}
{{- end }}

{{/* The name every node resolves to find its peers: the headless Service's FQDN. */}}
{{- define "podchain.discoveryDnsName" -}}
{{- printf "%s.%s.svc.%s" (include "podchain.headlessName" .) .Release.Namespace .Values.discovery.clusterDomain }}
{{- end }}

{{- define "podchain.secretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-auth" (include "podchain.fullname" .)) }}
{{- end }}

{{- define "podchain.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* The sidecar listens on the pod's loopback only: no other pod can reach a node's database. */}}
{{- define "podchain.jdbcUrl" -}}
{{- if eq .Values.postgres.mode "sidecar" }}
{{- printf "jdbc:postgresql://127.0.0.1:5432/%s" .Values.postgres.database }}
{{- else }}
{{- .Values.postgres.external.urlTemplate | replace "{ordinal}" "$(POD_INDEX)" }}
{{- end }}
{{- end }}

{{/*
Proven peers a node needs to be ready and to mine: readiness.minPeers, "majority" meaning replicas/2 rounded down
(with the node itself a strict majority of the pods), never more than the other pods.
*/}}
{{- define "podchain.minPeers" -}}
{{- if eq (toString .Values.readiness.minPeers) "majority" -}}
{{- div (int .Values.replicas) 2 -}}
{{- else -}}
{{- min (int .Values.readiness.minPeers) (sub (int .Values.replicas) 1) -}}
{{- end -}}
{{- end }}
