// The console's texts in both supported languages: the sign-in pages here, each console area in
// its own file under ./areas (one object per locale, same keys, checked by the type).
import { AREA_MESSAGES } from './areas';
import { LOCALES, type TLocale } from './locales';

export { DEFAULT_LOCALE, LOCALES, type TLocale } from './locales';

const coreEnUS = {
  appName: 'Badge Console',
  signIn: {
    title: 'Sign in to the Badge Console',
    description:
      'Administrators sign in with their company account (MYID). Multi-factor authentication is required.',
    button: 'Sign in with MYID',
    error: 'Sign-in failed. Please try again.',
  },
  mfaRequired: {
    title: 'Multi-factor authentication required',
    description:
      'Your sign-in did not use multi-factor authentication (MFA). The Badge Console only admits administrators who signed in with a second factor (one-time code, security key, …).',
    action: 'Enable MFA for your MYID account, then sign in again.',
    retry: 'Sign in again with MFA',
  },
  signOut: { button: 'Sign out' },
  signedOut: {
    title: 'You are signed out',
    description: 'You have been signed out of the Badge Console and of MYID.',
    signInAgain: 'Sign in again',
  },
};

type TCoreMessages = typeof coreEnUS;

const coreZhCN: TCoreMessages = {
  appName: '徽章管理后台',
  signIn: {
    title: '登录徽章管理后台',
    description: '管理员使用公司账号（MYID）登录，必须进行多因素认证。',
    button: '使用 MYID 登录',
    error: '登录失败，请重试。',
  },
  mfaRequired: {
    title: '需要多因素认证',
    description:
      '本次登录未使用多因素认证（MFA）。徽章管理后台只允许通过第二因素（一次性验证码、安全密钥等）登录的管理员访问。',
    action: '请为您的 MYID 账号启用多因素认证后重新登录。',
    retry: '使用多因素认证重新登录',
  },
  signOut: { button: '退出登录' },
  signedOut: {
    title: '您已退出登录',
    description: '您已退出徽章管理后台及 MYID。',
    signInAgain: '重新登录',
  },
};

function messagesOf(locale: TLocale) {
  const core = locale === 'en-US' ? coreEnUS : coreZhCN;
  return {
    ...core,
    ...(Object.fromEntries(
      Object.entries(AREA_MESSAGES).map(([area, texts]) => [area, texts[locale]]),
    ) as { [A in keyof typeof AREA_MESSAGES]: (typeof AREA_MESSAGES)[A]['en-US'] }),
  };
}

export type TMessages = ReturnType<typeof messagesOf>;

export const MESSAGES = Object.fromEntries(LOCALES.map((l) => [l, messagesOf(l)])) as Record<
  TLocale,
  TMessages
>;

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}
