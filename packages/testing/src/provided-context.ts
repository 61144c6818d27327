// Values the global setup hands to tests through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the migrated and seeded database of this test project (see global-setup.ts). */
    databaseUrl: string;
  }
}

export {};
