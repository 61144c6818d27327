import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../src/i18n/locale';
import { format, MESSAGES } from '../src/i18n/messages';

describe('resolveLocale', () => {
  it('picks the best supported language from Accept-Language', () => {
    expect(resolveLocale('en-US,en;q=0.9')).toBe('en-US');
    expect(resolveLocale('zh-TW,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(resolveLocale('fr-FR,en-GB;q=0.8,zh-CN;q=0.5')).toBe('en-US');
    expect(resolveLocale('en;q=0.2,zh-CN;q=0.9')).toBe('zh-CN');
  });

  it('falls back to zh-CN', () => {
    expect(resolveLocale(null)).toBe('zh-CN');
    expect(resolveLocale('fr-FR')).toBe('zh-CN');
    expect(resolveLocale('en;q=0')).toBe('zh-CN');
  });
});

describe('messages', () => {
  it('has every text in both languages', () => {
    const keys = (value: object, prefix = ''): string[] =>
      Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
        typeof child === 'object' && child !== null
          ? keys(child, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    expect(keys(MESSAGES['zh-CN'])).toEqual(keys(MESSAGES['en-US']));
  });

  it('fills placeholders', () => {
    expect(format(MESSAGES['en-US'].dashboard.welcome, { name: 'Ada' })).toBe('Welcome, Ada');
  });
});
