import { describe, expect, it } from 'vitest';
import { isNavGroup, NAVIGATION, visibleNavigation } from '../src/ui/navigation';
import { MESSAGES } from '../src/i18n/messages';

const hrefs = (entries: ReturnType<typeof visibleNavigation>) =>
  entries.flatMap((e) => (isNavGroup(e) ? e.items.map((i) => i.href) : [e.href]));

describe('console menu', () => {
  it('shows only the pages the permissions open, and drops empty groups', () => {
    const viewer = new Set(['stats:overview:read', 'badge:badge:read', 'rule:rule:read']);
    const menu = visibleNavigation((p) => viewer.has(p));
    expect(hrefs(menu)).toEqual(['/', '/badges', '/rules', '/system']);
    expect(menu.filter(isNavGroup).map((g) => g.label)).toEqual(['catalogue']);
  });

  it('shows nothing without permissions and everything with all of them', () => {
    expect(visibleNavigation(() => false)).toEqual([]);
    expect(hrefs(visibleNavigation(() => true))).toHaveLength(13);
  });

  it('has a label in both languages for every entry', () => {
    const labels = NAVIGATION.flatMap((e) =>
      isNavGroup(e) ? [e.label, ...e.items.map((i) => i.label)] : [e.label],
    );
    for (const locale of ['zh-CN', 'en-US'] as const) {
      for (const label of labels) expect(MESSAGES[locale].nav[label]).toBeTruthy();
    }
  });
});
