import type { CodegenConfig } from '@graphql-codegen/cli';

// Types every console operation (src/graphql/operations/*.graphql) against the gateway's API
// schema, and writes each operation's SHA-256 into the generated document plus
// persisted-documents.json, which gateway/scripts/build-manifest.ts merges into the trusted
// manifest. The console sends only those hashes, never a query text.
//   pnpm --filter @badge/admin-web codegen        (regenerate after editing an operation)
//   pnpm --filter @badge/admin-web codegen:check  (CI: fails when the output is stale)
const config: CodegenConfig = {
  schema: '../gateway/api-schema.graphql',
  documents: ['src/graphql/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
      },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { ID: 'string' },
      },
    },
  },
};

export default config;
