'use client';

import { Button, Result } from 'antd';
import Link from 'next/link';

/** Full-page notice (forbidden, waiting for a role) with the way back or out. */
export function StatusPage({
  status,
  title,
  text,
  action,
  testId,
}: {
  status: 'warning' | 'info' | '403';
  title: string;
  text: string;
  action: { href: string; label: string } | { signOut: string };
  testId: string;
}) {
  return (
    <Result
      data-testid={testId}
      status={status}
      title={title}
      subTitle={text}
      extra={
        'href' in action ? (
          <Link href={action.href}>
            <Button type="primary">{action.label}</Button>
          </Link>
        ) : (
          <form method="post" action="/auth/sign-out">
            <Button htmlType="submit">{action.signOut}</Button>
          </form>
        )
      }
    />
  );
}
