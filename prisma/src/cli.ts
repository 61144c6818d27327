import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the Prisma CLI wrapper (scripts/prisma.sh), which sets the engine variables the
 * Prisma 6.19 CLI needs on these machines and runs from the package directory. Use it to run
 * `migrate deploy` programmatically: `bash <prismaCliScript> migrate deploy` with DATABASE_URL set.
 * Resolves the same from src/ (sources) and dist/ (build).
 */
export const prismaCliScript: string = fileURLToPath(
  new URL('../scripts/prisma.sh', import.meta.url),
);

/** Absolute path of the @badge/db package directory (prisma/). */
export const dbPackageDir: string = fileURLToPath(new URL('..', import.meta.url));
