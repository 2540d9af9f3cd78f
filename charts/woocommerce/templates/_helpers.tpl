{{/*
Names. Release names are at most 36 characters ("store-" + a 30-character slug), so
"<fullname>-db" stays under 52 characters, the longest StatefulSet name whose pods still get
a valid controller-revision-hash label.
*/}}
{{- define "woocommerce.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "woocommerce.fullname" -}}
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
{{- define "woocommerce.componentName" -}}
{{- printf "%s-%s" (include "woocommerce.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "woocommerce.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "woocommerce.selectorLabels" -}}
app.kubernetes.io/name: {{ include "woocommerce.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "woocommerce.labels" -}}
helm.sh/chart: {{ include "woocommerce.chart" . }}
{{ include "woocommerce.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: storefleet
{{- with .Values.store.id }}
storefleet.dev/store-id: {{ . | quote }}
{{- end }}
{{- end }}

{{/* Labels of one component: call with (dict "root" $ "component" "wordpress"). */}}
{{- define "woocommerce.componentLabels" -}}
{{ include "woocommerce.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "woocommerce.componentSelectorLabels" -}}
{{ include "woocommerce.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "woocommerce.image" -}}
{{- printf "%s:%s" .repository .tag }}
{{- end }}

{{- define "woocommerce.authSecretName" -}}
{{- include "woocommerce.componentName" (dict "root" . "component" "auth") }}
{{- end }}

{{- define "woocommerce.dbHost" -}}
{{- include "woocommerce.componentName" (dict "root" . "component" "db") }}
{{- end }}

{{/* Public URL of the store, from the Ingress host. */}}
{{- define "woocommerce.url" -}}
{{- if .Values.ingress.host }}
{{- printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- else }}
{{- printf "http://%s.%s.svc.cluster.local" (include "woocommerce.fullname" .) .Release.Namespace }}
{{- end }}
{{- end }}

{{/*
One value of the auth Secret, base64-encoded: the value passed by the console if any, else
the value already stored in the Secret (so upgrades keep it), else a new random one.
Call with (dict "existing" $secretData "key" "db-password" "value" .Values.auth.x "length" 24).
*/}}
{{- define "woocommerce.secretValue" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else if and .existing (hasKey .existing .key) }}
{{- index .existing .key }}
{{- else }}
{{- randAlphaNum (int .length) | b64enc }}
{{- end }}
{{- end }}

{{/* Environment shared by WordPress and the WP-CLI setup Job (wp-config-docker.php reads it). */}}
{{- define "woocommerce.wordpressEnv" -}}
- name: WORDPRESS_DB_HOST
  value: {{ printf "%s:3306" (include "woocommerce.dbHost" .) | quote }}
- name: WORDPRESS_DB_NAME
  value: {{ .Values.mariadb.database | quote }}
- name: WORDPRESS_DB_USER
  value: {{ .Values.mariadb.user | quote }}
- name: WORDPRESS_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "woocommerce.authSecretName" . }}
      key: db-password
{{- range $salt := list "AUTH_KEY" "SECURE_AUTH_KEY" "LOGGED_IN_KEY" "NONCE_KEY" "AUTH_SALT" "SECURE_AUTH_SALT" "LOGGED_IN_SALT" "NONCE_SALT" }}
- name: WORDPRESS_{{ $salt }}
  valueFrom:
    secretKeyRef:
      name: {{ include "woocommerce.authSecretName" $ }}
      key: {{ $salt | lower | replace "_" "-" }}
{{- end }}
{{- end }}

{{/* Labels of the Secret storefleet-store-api written by the setup Job, as JSON. */}}
{{- define "woocommerce.storeApiLabels" -}}
{{- $labels := dict "app.kubernetes.io/name" (include "woocommerce.name" .) "app.kubernetes.io/instance" .Release.Name "app.kubernetes.io/part-of" "storefleet" "storefleet.dev/role" "store-api" }}
{{- with .Values.store.id }}{{ $_ := set $labels "storefleet.dev/store-id" . }}{{ end }}
{{- toJson $labels }}
{{- end }}
