#!/bin/sh
# Runs one app of the fleet, compiled: entrypoint.sh <app> [args]
#   scheduler | fetch-worker | reconcile-worker | report-worker | notify-worker | dashboard | slack-bot
#   recon <args>   the CLI (recon migrate, recon audit verify, recon db roles, ...)
# The app is apps/<app>/dist/main.js beside this script's folder (/app in the image), so the
# assembled tree runs the same way outside a container (docker/assemble.mjs).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
app="${1:-}"
[ $# -gt 0 ] && shift

case "$app" in
  recon) main="$root/apps/cli/dist/main.js" ;;
  # The CLI is called recon; names are folder names, nothing else (no paths).
  "" | cli | *[!a-z-]*) main="" ;;
  *) main="$root/apps/$app/dist/main.js" ;;
esac

if [ -z "$main" ] || [ ! -f "$main" ]; then
  apps=$(cd "$root/apps" && for dir in *; do [ "$dir" = cli ] || printf ' %s' "$dir"; done)
  echo "usage: entrypoint.sh <app> [args]; apps: recon$apps (got '$app')" >&2
  exit 64
fi
# exec: node becomes the container's main process and receives SIGTERM itself.
exec node --enable-source-maps "$main" "$@"
