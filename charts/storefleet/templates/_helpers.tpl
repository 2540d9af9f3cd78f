{{- define "storefleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "storefleet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "storefleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "storefleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "storefleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
No app.kubernetes.io/part-of=storefleet here: that label marks the stores' objects, which the
fleet watch follows cluster-wide; the control plane is not one of them.
*/}}
{{- define "storefleet.labels" -}}
helm.sh/chart: {{ include "storefleet.chart" . }}
{{ include "storefleet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: control-plane
{{- end }}

{{- define "storefleet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "storefleet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "storefleet.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* true when the state lives in PostgreSQL (DATABASE_URL), "" for the H2 file. */}}
{{- define "storefleet.externalDatabase" -}}
{{- if or .Values.externalDatabase.url .Values.externalDatabase.existingSecret }}true{{ end }}
{{- end }}

{{- define "storefleet.jwtSecretName" -}}
{{- default (printf "%s-jwt" (include "storefleet.fullname" .)) .Values.jwt.existingSecret }}
{{- end }}

{{- define "storefleet.databaseSecretName" -}}
{{- default (printf "%s-database" (include "storefleet.fullname" .)) .Values.externalDatabase.existingSecret }}
{{- end }}

{{/*
Values that cannot work together stop the install with a message, before anything is applied.
*/}}
{{- define "storefleet.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not (include "storefleet.externalDatabase" .)) }}
{{- fail (printf "replicaCount is %d, but no externalDatabase is set: without DATABASE_URL Storefleet keeps its state in one H2 file on a ReadWriteOnce volume, and an H2 file has exactly one writer. Set externalDatabase.url (or externalDatabase.existingSecret) to a PostgreSQL database, or set replicaCount to 1." (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.externalDatabase.url .Values.externalDatabase.existingSecret }}
{{- fail "Set externalDatabase.url or externalDatabase.existingSecret, not both: the URL would be ignored." }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.host) }}
{{- fail "ingress.enabled needs ingress.host: the public host name of the REST API (e.g. storefleet.example.com)." }}
{{- end }}
{{- end }}
