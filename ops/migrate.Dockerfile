# syntax=docker/dockerfile:1.7
# Migration image: the @badge/db package (prisma/) with the Prisma CLI, run by the chart's
# pre-install/pre-upgrade Job as `bash prisma/scripts/prisma.sh migrate deploy`. Build context: the
# repository root, e.g.
#   docker build -f ops/migrate.Dockerfile -t registry.example.com/badge-platform/migrate:$(git rev-parse --short=8 HEAD) .
# The CLI uses Prisma's WebAssembly schema engine through @prisma/adapter-pg: no native engine is
# downloaded or needed (prisma/README.md). Runs as UID 1000; HOME and TMPDIR point at /tmp.
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG PNPM_VERSION=10.34.9
ENV CI=true PNPM_HOME=/pnpm PATH=/pnpm:$PATH \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1
RUN npm install --global pnpm@${PNPM_VERSION}
WORKDIR /src
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY prisma/patches/ prisma/patches/
RUN pnpm fetch
COPY . .
# With its devDependencies: the prisma CLI, dotenv (prisma.config.ts) and the adapter.
RUN pnpm install --offline --frozen-lockfile --filter @badge/db \
 && pnpm --filter @badge/db deploy --legacy --offline /out/prisma \
 && rm -rf /out/prisma/test /out/prisma/src/seed

FROM ${NODE_IMAGE} AS runtime
ARG PNPM_VERSION=10.34.9
# prisma.sh runs the CLI through `pnpm exec`
RUN npm install --global pnpm@${PNPM_VERSION} && npm cache clean --force
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_QUERY_ENGINE_LIBRARY=/bin/false \
    PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 HOME=/tmp TMPDIR=/tmp
WORKDIR /app
COPY --from=build /out /app
USER 1000:1000
CMD ["bash", "prisma/scripts/prisma.sh", "migrate", "deploy"]
