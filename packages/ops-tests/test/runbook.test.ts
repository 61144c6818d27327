/** docs/runbook.md covers what the operations issue asks for, and its links resolve. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/helm.js';
import { markdownAnchors, markdownHeadings } from '../src/markdown.js';

const RUNBOOK = readFileSync(join(REPO_ROOT, 'docs/runbook.md'), 'utf8');
const headings = markdownHeadings(RUNBOOK).map((h) => h.text);

describe('docs/runbook.md', () => {
  it('has a section for every operational topic', () => {
    for (const topic of [
      'Start order',
      'Configuration',
      'Health checks and graceful shutdown',
      'Scaling',
      'Degradation',
      'Common incidents',
      'Consumer lag',
      'Messages in the DLQ',
      'Token and JWKS failures',
      'Rate-limit complaints',
      'Backup and restore',
      'Rollback',
      'Key rotation',
      'Alerts',
    ]) {
      expect(headings, topic).toContain(topic);
    }
  });

  it('covers the rotation of JWT/JWKS keys, field encryption keys and API keys', () => {
    const section = RUNBOOK.slice(
      RUNBOOK.indexOf('## Key rotation'),
      RUNBOOK.indexOf('## Known limitations'),
    );
    for (const term of [
      'INTERNAL_IDENTITY_SECRETS',
      'JWKS',
      'FIELD_ENCRYPTION_KEYS',
      'reencryptUsers',
      'BLIND_INDEX_KEY',
      'API keys',
      'regenerateApiKey',
      'NEXTAUTH_SECRET',
    ]) {
      expect(section, term).toContain(term);
    }
  });

  it('has a degradation table with Redis, Kafka, PostgreSQL and upstream failures', () => {
    const section = RUNBOOK.slice(
      RUNBOOK.indexOf('## Degradation'),
      RUNBOOK.indexOf('## Common incidents'),
    );
    for (const row of [
      'PostgreSQL down',
      'Redis down',
      'Kafka down',
      'one subgraph down',
      'MYID down',
    ]) {
      expect(section, row).toContain(`| ${row}`);
    }
  });

  it('links only to sections and files that exist', () => {
    const anchors = new Set(markdownAnchors(RUNBOOK));
    for (const [, target] of RUNBOOK.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (target!.startsWith('#')) expect(anchors, target).toContain(target!.slice(1));
      else if (!/^https?:/.test(target!))
        expect(existsSync(join(REPO_ROOT, 'docs', target!)), target).toBe(true);
    }
  });
});
