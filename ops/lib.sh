# Shared by backup.sh and restore.sh (sourced, not run).

log() { printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${LOG_NAME:-ops}" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# The services' DATABASE_URL is read by node-postgres, which accepts parameters libpq does not
# (sslmode=no-verify, Prisma-style schema=…). Keep what libpq understands so pg_dump/pg_restore/psql
# connect to the same database the same way.
libpq_url() {
  local url=$1 base query out="" kv key val
  if [[ "$url" != *\?* ]]; then
    printf '%s' "$url"
    return
  fi
  base=${url%%\?*}
  query=${url#*\?}
  IFS='&' read -ra pairs <<<"$query"
  for kv in "${pairs[@]}"; do
    [[ -n "$kv" ]] || continue
    key=${kv%%=*}
    val=${kv#*=}
    case "$key" in
      sslmode) [[ "$val" == no-verify ]] && val=require ;;
      host | hostaddr | port | dbname | user | password | passfile | channel_binding | connect_timeout | \
        client_encoding | options | application_name | fallback_application_name | keepalives | \
        keepalives_idle | keepalives_interval | keepalives_count | tcp_user_timeout | sslcompression | \
        sslcert | sslkey | sslpassword | sslrootcert | sslcrl | sslcrldir | sslsni | requirepeer | \
        ssl_min_protocol_version | ssl_max_protocol_version | gssencmode | krbsrvname | gsslib | service | \
        target_session_attrs | load_balance_hosts) ;;
      *)
        log "ignoring connection parameter '$key' (not a libpq parameter)"
        continue
        ;;
    esac
    out+="${out:+&}$key=$val"
  done
  printf '%s%s' "$base" "${out:+?$out}"
}

# Prints a URL without its password (for logs).
redact_url() { sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"; }

# aws s3 cp with the optional endpoint and extra arguments (BACKUP_S3_ENDPOINT_URL, BACKUP_S3_ARGS).
s3_cp() {
  local args=()
  [[ -n "${BACKUP_S3_ENDPOINT_URL:-}" ]] && args+=(--endpoint-url "$BACKUP_S3_ENDPOINT_URL")
  # shellcheck disable=SC2206 # word splitting of the extra arguments is intended
  [[ -n "${BACKUP_S3_ARGS:-}" ]] && args+=($BACKUP_S3_ARGS)
  aws s3 cp --only-show-errors "${args[@]}" "$@"
}
