{{- define "db.name" -}}db-{{ .Chart.Name }}{{- end }}
