// Prisma CLI configuration (generate, migrate, db, diff). The application client needs none of this:
// it is created by `createPrismaClient()` in src/index.ts with a plain PrismaPg adapter.
//
// Every workaround needed to run the Prisma 6.19 CLI on these machines lives in this one file (plus
// the one-line pnpm patch in patches/prisma@6.19.3.patch); README.md explains each of them.
// Adapted from ../../shared/reference/prisma.config.ts (verified on PostgreSQL 15).
import 'dotenv/config';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PoolConfig } from 'pg';
import { defineConfig } from 'prisma/config';

// (0) No native engines exist here (no CDN access): the CLI runs the WebAssembly schema engine
//     (`engine: 'js'`) through a driver adapter. scripts/prisma.sh also points
//     PRISMA_SCHEMA_ENGINE_BINARY / PRISMA_QUERY_ENGINE_LIBRARY at /bin/false so that the CLI does
//     not try to download them. Always run the CLI through that wrapper (`pnpm --filter @badge/db …`).

function databaseUrl(): URL {
  const raw = process.env.DATABASE_URL;
  if (!raw) {
    throw new Error(
      'DATABASE_URL is not set. The Prisma CLI needs it for migrate/db/diff commands, e.g.\n' +
        '  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/badge pnpm --filter @badge/db migrate:deploy\n' +
        '(or put it in prisma/.env, which is gitignored).',
    );
  }
  try {
    return new URL(raw);
  } catch {
    throw new Error(
      'DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database).',
    );
  }
}

function sslFromUrl(url: URL): Pick<PoolConfig, 'ssl'> {
  const mode = url.searchParams.get('sslmode');
  if (mode === 'require' || mode === 'prefer' || mode === 'no-verify')
    return { ssl: { rejectUnauthorized: false } };
  if (mode === 'verify-ca' || mode === 'verify-full') return { ssl: { rejectUnauthorized: true } };
  return {};
}

// --- Workarounds for running the Prisma 6.19 wasm schema engine through @prisma/adapter-pg (CLI only) ---

// (1) prisma/orm#27403: adapter-pg throws "Unsupported column type" for pg_catalog types that the
//     schema engine's introspection queries return. Report them as text / text[], and report
//     "char" (OID 18, e.g. pg_constraint.contype) as ColumnType.Character: the engine reads it with
//     get_expect_char() and panics ("RuntimeError: unreachable") if it arrives as text — which happens
//     as soon as the DB has a CHECK/EXCLUDE constraint (and ours has many).
const TO_TEXT: ReadonlyMap<number, number> = new Map([
  [19, 25], // name
  [22, 25], // int2vector
  [24, 25], // regproc
  [30, 25], // oidvector
  [194, 25], // pg_node_tree
  [2205, 25], // regclass
  [1002, 1009], // "char"[] -> text[]
  [1003, 1009], // name[] -> text[]
]);
const PG_CHAR = 18;
const PG_TEXT = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils

interface PgFieldLike {
  dataTypeID: number;
}
interface PgResultLike {
  fields?: PgFieldLike[];
}
interface QueryableInternals {
  performIO: (this: QueryableInternals, query: unknown) => Promise<PgResultLike | undefined>;
  queryRaw: (this: QueryableInternals, query: unknown) => Promise<{ columnTypes: number[] }>;
}

let isQueryRawPatched = false;
function patchQueryRaw(adapter: object): void {
  if (isQueryRawPatched) return;
  // queryRaw/performIO live on PgQueryable.prototype, shared by the adapter and its transactions.
  let proto = Object.getPrototypeOf(adapter) as (QueryableInternals & object) | null;
  while (proto && !Object.hasOwn(proto, 'queryRaw')) {
    proto = Object.getPrototypeOf(proto) as (QueryableInternals & object) | null;
  }
  if (!proto)
    throw new Error(
      'prisma.config.ts: adapter-pg internals changed (no queryRaw); revisit workaround (1)',
    );
  const originalQueryRaw = proto.queryRaw;
  proto.queryRaw = async function (this: QueryableInternals, query: unknown) {
    const charColumns: number[] = [];
    // Run the original queryRaw on a shim whose performIO rewrites the reported column types.
    const shim = Object.create(this) as QueryableInternals;
    const performIO = this.performIO.bind(this);
    shim.performIO = async (q: unknown) => {
      const result = await performIO(q);
      result?.fields?.forEach((field, i) => {
        if (field.dataTypeID === PG_CHAR) {
          charColumns.push(i);
          field.dataTypeID = PG_TEXT;
        } else {
          const mapped = TO_TEXT.get(field.dataTypeID);
          if (mapped !== undefined) field.dataTypeID = mapped;
        }
      });
      return result;
    };
    const out = await originalQueryRaw.call(shim, query);
    for (const i of charColumns) out.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return out;
  };
  isQueryRawPatched = true;
}

// (3) The wasm schema engine implements timeouts (e.g. the 10 s advisory-lock timeout) as
//     setTimeout-based sleeps that it never clears, so a successful CLI command lingers 10-60 s
//     before exiting. Unref long timers created from wasm; they only race in-flight DB calls.
const realSetTimeout = globalThis.setTimeout;
function unrefLongWasmTimers(
  this: unknown,
  handler: (...args: unknown[]) => void,
  ms?: number,
  ...args: unknown[]
) {
  const timer = realSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 10_000 && new Error().stack?.includes('wasm://')) timer.unref();
  return timer;
}
globalThis.setTimeout = Object.defineProperties(
  unrefLongWasmTimers,
  Object.getOwnPropertyDescriptors(realSetTimeout),
) as unknown as typeof setTimeout;

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

// (5) adapter-pg 6.19's executeScript() — which the wasm engine uses to apply every migration.sql,
//     reset and `db execute` — splits the script on EVERY ';' and runs the pieces one by one: a ';'
//     inside a comment, a string literal or a $$-quoted function body (our triggers) breaks the
//     migration ("syntax error at or near …"), and a failure half-way leaves earlier statements
//     applied. Send the script unsplit as one simple-protocol query instead, like the native engine
//     does: PostgreSQL parses it properly and runs it as one implicit transaction.
function executeScriptUnsplit(adapter: PgAdapter): void {
  const pool = adapter.underlyingDriver();
  const toDriverAdapterError = (
    adapter as unknown as { onError(error: unknown): never }
  ).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (error) {
      toDriverAdapterError(error);
    }
  };
}

// (2) adapter-pg 6.19 shadow DB: drops the DB before closing its pool (so DROP fails on open
//     connections), and pg ignores `database` next to a `connectionString` (so the "shadow" DB would
//     be the main DB). Use discrete connection fields; close the shadow pool first, then
//     DROP ... WITH (FORCE).
class PrismaPgMigrate extends PrismaPg {
  readonly #poolConfig: PoolConfig;

  constructor(poolConfig: PoolConfig) {
    super(poolConfig);
    this.#poolConfig = poolConfig;
  }

  override async connect(): Promise<PgAdapter> {
    const adapter = await super.connect();
    patchQueryRaw(adapter);
    executeScriptUnsplit(adapter);
    return adapter;
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new PrismaPgMigrate({ ...this.#poolConfig, database }).connect();
    const releaseShadowPool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await releaseShadowPool();
      await main.executeScript(`DROP DATABASE "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema',
  migrations: {
    path: 'migrations',
    // Run by `migrate reset` and `migrate dev`; idempotent (upserts).
    seed: 'tsx --conditions=@badge/source src/seed/index.ts',
  },
  async adapter() {
    const url = databaseUrl();
    return new PrismaPgMigrate({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: decodeURIComponent(url.pathname.slice(1)),
      // Discrete fields drop the URL's query string, so carry TLS over explicitly (DESIGN §3: TLS on
      // every link): sslmode=require encrypts, sslmode=verify-full also verifies the server.
      ...sslFromUrl(url),
      // The CLI never disposes the main adapter; don't keep the process alive for the idle timeout.
      allowExitOnIdle: true,
    });
  },
});
