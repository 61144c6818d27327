#!/usr/bin/env bash
# Makes a fresh machine of our kind (Debian 12, Node 20, PostgreSQL + Redis running) able to run
# the platform and its tests: system packages from apt, pnpm 10, the workspace's dependencies.
# Idempotent and quick when everything is already there. Used by `npm start`, `npm test` and CI.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# librdkafka: the embedded Kafka (mock cluster) for local runs and integration tests.
ldconfig -p 2>/dev/null | grep -q 'librdkafka.so.1 ' || need_apt+=(librdkafka1)
# Chromium: browser tests of the admin console (playwright-core drives Debian's chromium).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# A CJK font, so the console's zh-CN pages render (and screenshot) with Chinese glyphs.
[ -d /usr/share/fonts/truetype/wqy ] || need_apt+=(fonts-wqy-zenhei)
# PostgreSQL client tools: backup/restore scripts and their tests.
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
# promtool (alert rules) and Go + sprig + sigs.k8s.io/yaml (Helm's template engine for the chart tests): packages/ops-tests.
{ command -v promtool && command -v go && [ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] && [ -d /usr/share/gocode/src/sigs.k8s.io/yaml ]; } >/dev/null 2>&1 || need_apt+=(prometheus golang-go golang-github-masterminds-sprig-dev golang-k8s-sigs-yaml-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} (apt)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$want_pnpm" ]; then
  echo "bootstrap: installing pnpm@$want_pnpm (npm)"
  npm install -g "pnpm@$want_pnpm" --silent >/dev/null
fi

# Install when the lockfile changed since the last install (or never installed).
stamp=node_modules/.bootstrap-lock-hash
hash=$(sha256sum pnpm-lock.yaml pnpm-workspace.yaml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  echo "bootstrap: pnpm install"
  log=$(mktemp)
  if ! pnpm install --frozen-lockfile --reporter=append-only >"$log" 2>&1; then
    cat "$log" >&2
    echo "bootstrap: pnpm install failed" >&2
    exit 1
  fi
  rm -f "$log"
  echo "$hash" > "$stamp"
fi
