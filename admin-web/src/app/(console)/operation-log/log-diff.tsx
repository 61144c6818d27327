'use client';

import { Table, Typography } from 'antd';
import { useI18n } from '../../../i18n/client';

function parse(json: string | null | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { value: json };
  }
}

const show = (value: unknown) =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** Before/after of one log entry, field by field; changed fields first and highlighted. */
export function LogDiff({ before, after }: { before?: string | null; after?: string | null }) {
  const { t } = useI18n();
  const a = parse(before);
  const b = parse(after);
  const rows = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .map((field) => ({
      field,
      before: show(a[field]),
      after: show(b[field]),
      changed: show(a[field]) !== show(b[field]),
    }))
    .sort((x, y) => Number(y.changed) - Number(x.changed));
  return (
    <Table
      rowKey="field"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="log-diff"
      rowClassName={(r) => (r.changed ? 'log-diff-changed' : '')}
      columns={[
        { title: t.access.field, dataIndex: 'field', width: 180 },
        {
          title: t.access.before,
          render: (_, r) => <Typography.Text delete={r.changed}>{r.before}</Typography.Text>,
        },
        {
          title: t.access.after,
          render: (_, r) => <Typography.Text mark={r.changed}>{r.after}</Typography.Text>,
        },
      ]}
    />
  );
}
