# syntax=docker/dockerfile:1.7
# Backup image for the backup CronJob and restores: PostgreSQL client tools (pg_dump, pg_restore,
# psql) of the server's major version, the aws CLI for object storage, ops/*.sh. Build context:
# the repository root, e.g.
#   docker build -f ops/backup.Dockerfile --build-arg PG_MAJOR=16 -t registry.example.com/badge-platform/backup:$(git rev-parse --short=8 HEAD) .
# pg_dump must be at least the server's version: set PG_MAJOR to the server's major version.
ARG PG_MAJOR=16

FROM debian:bookworm-slim AS scripts
COPY ops/lib.sh ops/backup.sh ops/restore.sh /opt/badge-ops/
RUN chmod 0755 /opt/badge-ops/*.sh

FROM postgres:${PG_MAJOR}-bookworm AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends awscli ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=scripts /opt/badge-ops /opt/badge-ops
ENV PATH=/opt/badge-ops:$PATH BACKUP_DIR=/backups
# the image's entrypoint would start a PostgreSQL server
ENTRYPOINT []
USER 1000:1000
CMD ["/opt/badge-ops/backup.sh"]
