{{- define "db.name" -}}overridden-by-parent-{{ .Chart.Name }}{{- end }}
