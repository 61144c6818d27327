#!/usr/bin/env bash
# Runs the Prisma 6.19 CLI with the WebAssembly schema engine only. The two variables point the
# CLI at an existing file so it never tries to download native engines (no CDN access here, and
# none needed: queries go through @prisma/adapter-pg, migrations through the wasm engine).
# See README.md "Prisma on these machines".
set -euo pipefail
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/bin/false}"
export PRISMA_QUERY_ENGINE_LIBRARY="${PRISMA_QUERY_ENGINE_LIBRARY:-/bin/false}"
export PRISMA_HIDE_UPDATE_MESSAGE=1
cd "$(dirname "$0")/.."
exec pnpm exec prisma "$@"
