import { LOCALES, type Locale } from '@badge/service-kit';

export type LocalizedStrings = Readonly<Record<Locale, string>>;

export interface NotificationTemplate {
  /** Stored as Notification.type (and the preference key), e.g. `badge.granted`. */
  type: string;
  /** Parameters the template needs; a value here is the default when the caller omits it. */
  params: Readonly<Record<string, string | null>>;
  title: LocalizedStrings;
  body: LocalizedStrings;
}

/**
 * Notification templates (zh-CN, en-US). Event-driven notifications use the first five; other
 * domains request any of them (or `badge_expiring`) through `NotificationRequested.template_code`
 * with `params` as already-formatted strings.
 */
export const TEMPLATES: Readonly<Record<string, NotificationTemplate>> = {
  badge_granted: {
    type: 'badge.granted',
    params: { badge_name: null, quantity: '1' },
    title: { 'zh-CN': '获得新徽章', 'en-US': 'New badge earned' },
    body: {
      'zh-CN': '恭喜你获得徽章「{badge_name}」×{quantity}！',
      'en-US': 'Congratulations! You earned the badge “{badge_name}” ×{quantity}.',
    },
  },
  badge_revoked: {
    type: 'badge.revoked',
    params: { badge_name: null, quantity: '1' },
    title: { 'zh-CN': '徽章已收回', 'en-US': 'Badge revoked' },
    body: {
      'zh-CN': '你的徽章「{badge_name}」×{quantity} 已被收回。',
      'en-US': 'Your badge “{badge_name}” ×{quantity} has been revoked.',
    },
  },
  badge_expired: {
    type: 'badge.expired',
    params: { badge_name: null, quantity: '1' },
    title: { 'zh-CN': '徽章已过期', 'en-US': 'Badge expired' },
    body: {
      'zh-CN': '你的徽章「{badge_name}」×{quantity} 已过期。',
      'en-US': 'Your badge “{badge_name}” ×{quantity} has expired.',
    },
  },
  badge_expiring: {
    type: 'badge.expiring',
    params: { badge_name: null, expires_at: null },
    title: { 'zh-CN': '徽章即将过期', 'en-US': 'Badge expiring soon' },
    body: {
      'zh-CN': '你的徽章「{badge_name}」将于 {expires_at} 过期。',
      'en-US': 'Your badge “{badge_name}” expires on {expires_at}.',
    },
  },
  benefit_granted: {
    type: 'benefit.granted',
    params: { benefit_name: null },
    title: { 'zh-CN': '获得新权益', 'en-US': 'New benefit' },
    body: {
      'zh-CN': '你获得了权益「{benefit_name}」，快去使用吧！',
      'en-US': 'You received the benefit “{benefit_name}”. Enjoy!',
    },
  },
  benefit_revoked: {
    type: 'benefit.revoked',
    params: { benefit_name: null },
    title: { 'zh-CN': '权益已收回', 'en-US': 'Benefit revoked' },
    body: {
      'zh-CN': '你的权益「{benefit_name}」已被收回。',
      'en-US': 'Your benefit “{benefit_name}” has been revoked.',
    },
  },
};

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export interface RenderedNotification {
  type: string;
  title: LocalizedStrings;
  body: LocalizedStrings;
}

const interpolate = (text: string, params: Readonly<Record<string, string>>) =>
  text.replace(/\{([a-z0-9_]+)\}/g, (_, key: string) => params[key] ?? '');

/** Renders a template in every locale; an unknown template or a missing parameter is an error. */
export function renderTemplate(
  code: string,
  params: Readonly<Record<string, string>>,
): RenderedNotification {
  const template = Object.hasOwn(TEMPLATES, code) ? TEMPLATES[code] : undefined;
  if (!template) throw new TemplateError(`unknown notification template ${code}`);
  const values: Record<string, string> = { ...params };
  for (const [key, fallback] of Object.entries(template.params)) {
    const given = params[key];
    if (given !== undefined && given !== '') continue;
    if (fallback === null) throw new TemplateError(`template ${code} needs the parameter ${key}`);
    values[key] = fallback;
  }
  const render = (texts: LocalizedStrings) =>
    Object.fromEntries(LOCALES.map((l) => [l, interpolate(texts[l], values)])) as Record<
      Locale,
      string
    >;
  return { type: template.type, title: render(template.title), body: render(template.body) };
}

/** The locale to deliver in: the requested one when supported, else the user's, else zh-CN. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const match = LOCALES.find((l) => l.toLowerCase() === c?.toLowerCase());
    if (match) return match;
  }
  return 'zh-CN';
}
