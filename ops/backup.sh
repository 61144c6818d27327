#!/usr/bin/env bash
# Backs up the platform's PostgreSQL database: pg_dump in custom format (-Fc: compressed, every
# schema, restorable table by table), verified with pg_restore --list, checksummed, kept in
# BACKUP_DIR (a PVC) and optionally uploaded to object storage. Run by the backup CronJob every
# 15 minutes (RPO ≤ 30 min); works the same by hand. Restore with restore.sh.
#
# Environment:
#   DATABASE_URL            required  the database to back up (postgresql://…; the services' URL)
#   BACKUP_DIR              /backups  where dumps are written
#   BACKUP_PREFIX           badge     file names: <prefix>-<UTC time>.dump (+ .sha256), LATEST
#   BACKUP_RETENTION_COUNT  96        dumps kept in BACKUP_DIR (older ones are deleted)
#   BACKUP_S3_URI           unset     s3://bucket/prefix: upload each dump, its checksum and LATEST
#   BACKUP_S3_ENDPOINT_URL  unset     S3-compatible endpoint
#   BACKUP_S3_ARGS          unset     extra `aws s3 cp` arguments, e.g. --sse aws:kms
#   PGSSLROOTCERT           unset     CA of the database server (sslmode=verify-full)
set -euo pipefail
LOG_NAME=backup
# shellcheck source=ops/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

: "${DATABASE_URL:?DATABASE_URL is required: the database to back up}"
BACKUP_DIR=${BACKUP_DIR:-/backups}
BACKUP_PREFIX=${BACKUP_PREFIX:-badge}
BACKUP_RETENTION_COUNT=${BACKUP_RETENTION_COUNT:-96}
BACKUP_S3_URI=${BACKUP_S3_URI:-}
[[ "$BACKUP_RETENTION_COUNT" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_RETENTION_COUNT must be a positive integer"
export PGAPPNAME=badge-backup

url=$(libpq_url "$DATABASE_URL")
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="$BACKUP_PREFIX-$stamp.dump"
mkdir -p "$BACKUP_DIR"
partial="$BACKUP_DIR/.$name.partial"
trap 'rm -f "$partial"' EXIT
started=$(date +%s)

log "dumping $(redact_url "$url") to $BACKUP_DIR/$name"
# --lock-wait-timeout: fail instead of queueing behind a long ACCESS EXCLUSIVE lock (a migration);
# the next run 15 minutes later retries.
pg_dump --format=custom --compress=6 --no-password --lock-wait-timeout=120s \
  --dbname="$url" --file="$partial"

# A dump that pg_restore cannot read is not a backup.
toc=$(pg_restore --list "$partial") || die "pg_restore cannot read the dump just written"
entries=$(grep -c '^[0-9]' <<<"$toc") || true
tables=$(grep -c ' TABLE DATA ' <<<"$toc") || true
(cd "$BACKUP_DIR" && mv "$partial" "$name" && sha256sum "$name" >"$name.sha256")
printf '%s\n' "$name" >"$BACKUP_DIR/.LATEST.partial"
mv "$BACKUP_DIR/.LATEST.partial" "$BACKUP_DIR/LATEST"
bytes=$(stat -c %s "$BACKUP_DIR/$name")

if [[ -n "$BACKUP_S3_URI" ]]; then
  target="${BACKUP_S3_URI%/}"
  log "uploading to $target/$name"
  s3_cp "$BACKUP_DIR/$name" "$target/$name"
  s3_cp "$BACKUP_DIR/$name.sha256" "$target/$name.sha256"
  s3_cp "$BACKUP_DIR/LATEST" "$target/LATEST"
fi

# Retention: keep the newest BACKUP_RETENTION_COUNT dumps of this prefix (names sort by time).
mapfile -t old < <(find "$BACKUP_DIR" -maxdepth 1 -name "$BACKUP_PREFIX-*.dump" -printf '%f\n' |
  sort | head -n "-$BACKUP_RETENTION_COUNT")
for f in "${old[@]}"; do
  rm -f "$BACKUP_DIR/$f" "$BACKUP_DIR/$f.sha256"
done

printf '{"backup":"%s","bytes":%s,"tableData":%s,"tocEntries":%s,"seconds":%s,"pruned":%s,"uploaded":%s}\n' \
  "$name" "$bytes" "$tables" "$entries" "$(($(date +%s) - started))" "${#old[@]}" \
  "$([[ -n "$BACKUP_S3_URI" ]] && echo true || echo false)"
