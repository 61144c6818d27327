'use client';

import { AntdRegistry } from '@ant-design/nextjs-registry';
import { App, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { ReactNode } from 'react';
import { I18nProvider } from '../i18n/client';
import type { TLocale } from '../i18n/locales';
import type { TMessages } from '../i18n/messages';

/** Ant Design (styles collected during SSR), its locale, and the console's texts. */
export function Providers({
  locale,
  messages,
  children,
}: {
  locale: TLocale;
  messages: TMessages;
  children: ReactNode;
}) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <AntdRegistry>
      <ConfigProvider
        locale={locale === 'zh-CN' ? zhCN : enUS}
        theme={{ token: { colorPrimary: '#5b4cdb', borderRadius: 6 } }}
      >
        <App>
          <I18nProvider locale={locale} messages={messages}>
            {children}
          </I18nProvider>
        </App>
      </ConfigProvider>
    </AntdRegistry>
  );
}
