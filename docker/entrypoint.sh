#!/bin/sh
# Runs one app of the fleet by name (the workspace runs TypeScript through tsx).
set -e
app="$1"; shift || true
cd /app
case "$app" in
  recon) exec node --import tsx apps/cli/src/main.ts "$@" ;;
  scheduler|fetch-worker|reconcile-worker|report-worker|notify-worker|dashboard|slack-bot)
    exec node --import tsx "apps/$app/src/main.ts" "$@" ;;
  *) echo "unknown app '$app'" >&2; exit 64 ;;
esac
