import pino, { type Logger } from 'pino';
import { getEnvironment } from '../environment';

// JSON logs on stdout (STYLE.md). One process-wide root logger; Next may load this module in
// several bundles (proxy, route handlers), so it lives on globalThis.
const KEY = Symbol.for('badge.admin-web.logger');
type Holder = { [KEY]?: Logger };

export function getLogger(component: string): Logger {
  const holder = globalThis as Holder;
  holder[KEY] ??= pino({
    name: 'admin-web',
    level: getEnvironment().LOG_LEVEL,
    redact: {
      paths: [
        '*.authorization',
        '*.cookie',
        '*.accessToken',
        '*.refreshToken',
        '*.idToken',
        '*.email',
      ],
      censor: '[redacted]',
    },
  });
  return holder[KEY].child({ component });
}
