/** Locales the platform ships (console, notifications, catalogue texts). */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LocalizedTextDto {
  zhCN: string | null;
  enUS: string | null;
}

/** Stored i18n JSON `{ "zh-CN": "…", "en-US": "…" }` → the GraphQL `LocalizedText`. */
export function toLocalizedText(value: unknown): LocalizedTextDto | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const pick = (k: Locale) => (typeof v[k] === 'string' ? v[k] : null);
  return { zhCN: pick('zh-CN'), enUS: pick('en-US') };
}
