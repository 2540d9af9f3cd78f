{{/*
Names. Release names are at most 36 characters ("store-" + a 30-character slug), so
"<fullname>-db" stays under 52 characters, the longest StatefulSet name whose pods still get
a valid controller-revision-hash label.
*/}}
{{- define "medusa.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "medusa.fullname" -}}
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

{{/* Name of a component's objects: "<fullname>-<component>", at most 63 characters. */}}
{{- define "medusa.componentName" -}}
{{- printf "%s-%s" (include "medusa.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "medusa.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "medusa.selectorLabels" -}}
app.kubernetes.io/name: {{ include "medusa.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "medusa.labels" -}}
helm.sh/chart: {{ include "medusa.chart" . }}
{{ include "medusa.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: storefleet
{{- with .Values.store.id }}
storefleet.dev/store-id: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Labels of one component: call with (dict "root" $ "component" "wordpress"). */}}
{{- define "medusa.componentLabels" -}}
{{ include "medusa.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "medusa.componentSelectorLabels" -}}
{{ include "medusa.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "medusa.image" -}}
{{- printf "%s:%s" .repository .tag }}
{{- end }}

{{- define "medusa.authSecretName" -}}
{{- include "medusa.componentName" (dict "root" . "component" "auth") }}
{{- end }}

{{- define "medusa.redisHost" -}}
{{- include "medusa.componentName" (dict "root" . "component" "redis") }}
{{- end }}

{{- define "medusa.dbHost" -}}
{{- include "medusa.componentName" (dict "root" . "component" "db") }}
{{- end }}

{{/* Public URL of the store API, from the Ingress host. */}}
{{- define "medusa.url" -}}
{{- if .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- else }}
{{- printf "http://%s.%s.svc.cluster.local" (include "medusa.fullname" .) .Release.Namespace }}
{{- end }}
{{- end }}

{{/*
One value of the auth Secret, base64-encoded: the value passed by the console if any, else
the value already stored in the Secret (so upgrades keep it), else a new random one.
Call with (dict "existing" $secretData "key" "database-password" "value" .Values.auth.x "length" 24).
*/}}
{{- define "medusa.secretValue" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else if and .existing (hasKey .existing .key) }}
{{- index .existing .key }}
{{- else }}
{{- randAlphaNum (int .length) | b64enc }}
{{- end }}
{{- end }}

{{/* Labels of the Secret storefleet-store-api written by the setup Job, as JSON. */}}
{{- define "medusa.storeApiLabels" -}}
{{- $labels := dict "app.kubernetes.io/name" (include "medusa.name" .) "app.kubernetes.io/instance" .Release.Name "app.kubernetes.io/part-of" "storefleet" "storefleet.dev/role" "store-api" }}
{{- with .Values.store.id }}{{ $_ := set $labels "storefleet.dev/store-id" . }}{{ end }}
{{- toJson $labels }}
{{- end }}

{{/* Environment of every Medusa process: server, migrations and the admin step. */}}
{{- define "medusa.env" -}}
{{- $secret := include "medusa.authSecretName" . -}}
- name: NODE_ENV
  value: production
- name: MEDUSA_DISABLE_TELEMETRY
  value: "true"
# npx would ask the npm registry for a newer npm at every start
- name: NPM_CONFIG_UPDATE_NOTIFIER
  value: "false"
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: database-password
- name: DATABASE_URL
  value: {{ printf "postgres://%s:$(DATABASE_PASSWORD)@%s:5432/%s?sslmode=disable" .Values.postgresql.user (include "medusa.dbHost" .) .Values.postgresql.database | quote }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: redis-password
- name: REDIS_URL
  value: {{ printf "redis://:$(REDIS_PASSWORD)@%s:6379" (include "medusa.redisHost" .) | quote }}
- name: JWT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: jwt-secret
- name: COOKIE_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: cookie-secret
- name: STORE_CORS
  value: {{ compact (list (include "medusa.url" .) .Values.medusa.storeCors) | join "," | quote }}
- name: AUTH_CORS
  value: {{ include "medusa.url" . | quote }}
- name: ADMIN_CORS
  value: {{ include "medusa.url" . | quote }}
{{- end }}

{{/* Mounts of the Medusa processes (migrate, admin, server): the node_modules volume in npm mode. */}}
{{- define "medusa.appMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if eq .Values.medusa.install.mode "npm" }}
- name: app
  mountPath: /app
{{- end }}
{{- end }}
