#!/usr/bin/env bash
# Restores a backup made by backup.sh into a database — by default only into an EMPTY one (create
# it first), so a mistyped URL can never overwrite live data. See docs/runbook.md "Backup and
# restore" for the whole procedure (stop writers, restore, migrate status, switch, Kafka offsets).
#
# Usage: restore.sh [options] <backup> <target database URL>
#   <backup>   a .dump file, "latest" (BACKUP_DIR/LATEST), or s3://bucket/prefix/<name>.dump
#              (s3://bucket/prefix/LATEST picks the newest upload)
#   --clean    restore over existing objects (DROP … IF EXISTS first) instead of refusing a
#              non-empty target — only for rebuilding a broken copy, never the live database
#   --jobs N   restore with N parallel jobs (faster for big databases; not one transaction)
# Environment: BACKUP_DIR (default /backups), BACKUP_S3_ENDPOINT_URL, BACKUP_S3_ARGS, PGSSLROOTCERT.
#
# Without --jobs the restore runs in one transaction: it either completes or leaves the target
# untouched. Afterwards the script runs ANALYZE and prints what it restored.
set -euo pipefail
LOG_NAME=restore
# shellcheck source=ops/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '6,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

clean=false
jobs=""
positional=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --clean) clean=true ;;
    --jobs)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive number"
      jobs=$2
      shift
      ;;
    -h | --help) usage ;;
    -*) die "unknown option $1" ;;
    *) positional+=("$1") ;;
  esac
  shift
done
[[ ${#positional[@]} -eq 2 ]] || usage
source_ref=${positional[0]}
target=$(libpq_url "${positional[1]}")
BACKUP_DIR=${BACKUP_DIR:-/backups}
export PGAPPNAME=badge-restore

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. the archive
case "$source_ref" in
  s3://*)
    if [[ "$source_ref" == */LATEST ]]; then
      s3_cp "$source_ref" "$work/LATEST"
      source_ref="${source_ref%/LATEST}/$(tr -d '[:space:]' <"$work/LATEST")"
    fi
    dump="$work/$(basename "$source_ref")"
    log "downloading $source_ref"
    s3_cp "$source_ref" "$dump"
    s3_cp "$source_ref.sha256" "$dump.sha256" || log "no checksum file next to the dump"
    ;;
  latest)
    [[ -f "$BACKUP_DIR/LATEST" ]] || die "no $BACKUP_DIR/LATEST: no backup has completed there"
    dump="$BACKUP_DIR/$(tr -d '[:space:]' <"$BACKUP_DIR/LATEST")"
    ;;
  *) dump=$source_ref ;;
esac
[[ -f "$dump" ]] || die "backup $dump not found"

# 2. integrity: checksum (when present) and a readable table of contents
if [[ -f "$dump.sha256" ]]; then
  (cd "$(dirname "$dump")" && sha256sum --check --status "$(basename "$dump").sha256") ||
    die "checksum mismatch for $dump: the file is damaged"
  log "checksum ok"
fi
pg_restore --list "$dump" >"$work/toc" || die "$dump is not a pg_dump custom-format archive"
expected_tables=$(grep -c ' TABLE DATA ' "$work/toc") || true
log "archive: $(grep -m1 '^; Archive created at' "$work/toc" | sed 's/^; //'), $expected_tables tables with data"

# 3. the target must be empty (unless --clean)
existing=$(psql --no-psqlrc -X -q -A -t --set ON_ERROR_STOP=1 --dbname="$target" -c "
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r','p','v','m','S','f')
    AND n.nspname NOT IN ('pg_catalog','information_schema')
    AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'") ||
  die "cannot connect to the target $(redact_url "$target")"
if [[ "$existing" -gt 0 && "$clean" != true ]]; then
  die "the target $(redact_url "$target") is not empty ($existing relations): restore into a new, empty database (or --clean for a broken copy)"
fi

# 4. restore: objects owned by the connecting role (the migrating role that owns the database)
args=(--exit-on-error --no-owner --no-privileges --dbname="$target")
[[ "$clean" == true ]] && args+=(--clean --if-exists)
if [[ -n "$jobs" ]]; then args+=(--jobs="$jobs"); else args+=(--single-transaction); fi
log "restoring $(basename "$dump") into $(redact_url "$target")"
started=$(date +%s)
pg_restore "${args[@]}" "$dump"

# 5. verify and analyze
restored_tables=$(psql --no-psqlrc -X -q -A -t --set ON_ERROR_STOP=1 --dbname="$target" -c "
  SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog','information_schema')")
[[ "$restored_tables" -ge "$expected_tables" ]] ||
  die "only $restored_tables tables in the target, the archive has data for $expected_tables"
psql --no-psqlrc -X -q --set ON_ERROR_STOP=1 --dbname="$target" -c 'ANALYZE' >/dev/null
migration=$(psql --no-psqlrc -X -q -A -t --dbname="$target" -c "
  SELECT migration_name FROM public._prisma_migrations WHERE finished_at IS NOT NULL
  ORDER BY finished_at DESC, migration_name DESC LIMIT 1" 2>/dev/null || echo unknown)
printf '{"restored":"%s","tables":%s,"lastMigration":"%s","seconds":%s}\n' \
  "$(basename "$dump")" "$restored_tables" "$migration" "$(($(date +%s) - started))"
