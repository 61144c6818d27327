'use client';

import {
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  DashboardOutlined,
  GiftOutlined,
  LogoutOutlined,
  MonitorOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Menu, Select, Space, Tag, theme } from 'antd';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTransition, type ReactNode } from 'react';
import { setLocale } from '../i18n/actions';
import { useI18n } from '../i18n/client';
import { LOCALES } from '../i18n/locales';
import { isNavGroup, type NavGroup, type NavItem } from './navigation';

const ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  catalogue: <SafetyCertificateOutlined />,
  benefitsGroup: <GiftOutlined />,
  grants: <SendOutlined />,
  users: <TeamOutlined />,
  accessGroup: <ApiOutlined />,
  system: <MonitorOutlined />,
};

const LANGUAGE_NAMES = { 'zh-CN': '简体中文', 'en-US': 'English' } as const;

/** Which menu entry a path belongs to: the longest href that prefixes it. */
function selectedKey(pathname: string, entries: (NavItem | NavGroup)[]): string {
  const hrefs = entries.flatMap((e) => (isNavGroup(e) ? e.items.map((i) => i.href) : [e.href]));
  return (
    hrefs
      .filter((h) =>
        h === '/' ? pathname === '/' : pathname === h || pathname.startsWith(`${h}/`),
      )
      .sort((a, b) => b.length - a.length)[0] ?? ''
  );
}

/** The console frame: menu (already filtered by permission), header with language and admin. */
export function ConsoleShell({
  navigation,
  adminName,
  roles,
  children,
}: {
  navigation: (NavItem | NavGroup)[];
  adminName: string;
  roles: string[];
  children: ReactNode;
}) {
  const { locale, t } = useI18n();
  const pathname = usePathname();
  const router = useRouter();
  const [switching, startSwitch] = useTransition();
  const { token } = theme.useToken();

  const items = navigation.map((entry) =>
    isNavGroup(entry)
      ? {
          key: `group:${entry.label}`,
          icon: ICONS[entry.label] ?? <AppstoreOutlined />,
          label: t.nav[entry.label],
          children: entry.items.map((item) => ({
            key: item.href,
            label: <Link href={item.href}>{t.nav[item.label]}</Link>,
          })),
        }
      : {
          key: entry.href,
          icon: ICONS[entry.label] ?? <AuditOutlined />,
          label: <Link href={entry.href}>{t.nav[entry.label]}</Link>,
        },
  );
  const selected = selectedKey(pathname, navigation);
  const openGroup = navigation.find(
    (e) => isNavGroup(e) && e.items.some((i) => i.href === selected),
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={64} width={224} theme="light">
        <div className="console-logo">
          <SafetyCertificateOutlined style={{ color: token.colorPrimary }} />
          <span>{t.appName}</span>
        </div>
        <Menu
          data-testid="console-menu"
          mode="inline"
          items={items}
          selectedKeys={[selected]}
          defaultOpenKeys={openGroup && isNavGroup(openGroup) ? [`group:${openGroup.label}`] : []}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header" style={{ background: token.colorBgContainer }}>
          <Space size="middle">
            <Select
              data-testid="language-switcher"
              aria-label={t.nav.language}
              size="small"
              value={locale}
              loading={switching}
              style={{ width: 120 }}
              options={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              onChange={(value) =>
                startSwitch(async () => {
                  await setLocale(value);
                  router.refresh();
                })
              }
            />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  {
                    key: 'roles',
                    disabled: true,
                    label: (
                      <Space wrap>
                        {roles.map((r) => (
                          <Tag key={r}>{r}</Tag>
                        ))}
                        <Tag color="green">{t.nav.mfa} ✔</Tag>
                      </Space>
                    ),
                  },
                ],
              }}
            >
              <Button type="text" data-testid="header-admin-name">
                <Avatar size="small" style={{ background: token.colorPrimary }}>
                  {adminName.slice(0, 1).toUpperCase()}
                </Avatar>{' '}
                {adminName}
              </Button>
            </Dropdown>
            <form method="post" action="/auth/sign-out">
              <Button htmlType="submit" icon={<LogoutOutlined />} data-testid="sign-out">
                {t.nav.signOut}
              </Button>
            </form>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
