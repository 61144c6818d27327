'use client';

import { DownloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Input, Select, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type {
  ConsoleOperationLogsQuery,
  OperationLogFilterInput,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { CursorPager } from '../../../ui/cursor-pager';
import { formatTime } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { useUrlState } from '../../../ui/url-state';
import { exportOperationLog, verifyOperationLog } from './actions';
import { LogDiff } from './log-diff';

type TEntry = ConsoleOperationLogsQuery['operationLogs']['nodes'][number];
const ACTOR_TYPES = ['ADMIN', 'API_KEY', 'SYSTEM', 'USER'] as const;

export function OperationLogView({
  logs,
  filter,
}: {
  logs: ConsoleOperationLogsQuery['operationLogs'];
  filter: OperationLogFilterInput;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const { run, running } = useAction();
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);

  const verify = async () => {
    const result = await run(() => verifyOperationLog(), {
      refresh: false,
      success: t.common.saved,
    });
    if (!result.ok) return;
    const v = result.data;
    setVerdict(
      v.ok
        ? {
            ok: true,
            text: format(t.access.verifyOk, {
              checked: String(v.checked),
              lastSeq: v.lastSeq ?? '0',
            }),
          }
        : {
            ok: false,
            text: format(t.access.verifyBroken, {
              seq: v.firstBrokenSeq ?? '?',
              reason: v.reason ?? '',
            }),
          },
    );
  };

  const download = async () => {
    const result = await run(() => exportOperationLog(filter), { refresh: false });
    if (!result.ok) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([result.data], { type: 'text/csv;charset=utf-8' }));
    link.download = `operation-log-${dayjs().format('YYYYMMDD-HHmm')}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <>
      <PageTitle
        title={t.access.logTitle}
        subtitle={t.access.logSubtitle}
        extra={
          <>
            <Button
              icon={<SafetyOutlined />}
              loading={running}
              data-testid="verify-log"
              onClick={() => void verify()}
            >
              {t.access.verify}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              data-testid="export-log"
              onClick={() => void download()}
            >
              {t.access.exportCsv}
            </Button>
          </>
        }
      />
      {verdict ? (
        <Alert
          type={verdict.ok ? 'success' : 'error'}
          showIcon
          title={verdict.text}
          closable={{ onClose: () => setVerdict(null) }}
          style={{ marginBottom: 16 }}
          data-testid="verify-result"
        />
      ) : null}
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t.access.module}
            defaultValue={url.get('module')}
            style={{ width: 160 }}
            onSearch={(module) => url.set({ module })}
          />
          <Input.Search
            allowClear
            placeholder={t.access.action}
            defaultValue={url.get('action')}
            style={{ width: 200 }}
            onSearch={(action) => url.set({ action })}
          />
          <Input.Search
            allowClear
            placeholder={t.access.target}
            defaultValue={url.get('target')}
            style={{ width: 200 }}
            onSearch={(target) => url.set({ target })}
          />
          <Select
            allowClear
            placeholder={t.access.actor}
            value={url.get('actorType')}
            style={{ width: 140 }}
            options={ACTOR_TYPES.map((a) => ({ value: a, label: t.access.actorTypes[a] }))}
            onChange={(actorType?: string) => url.set({ actorType })}
          />
          <DatePicker.RangePicker
            showTime
            allowEmpty={[true, true]}
            value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
            onChange={(range) =>
              url.set({ from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })
            }
          />
        </Flex>
        <Table<TEntry>
          rowKey="id"
          size="small"
          loading={url.pending}
          dataSource={logs.nodes}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="operation-log"
          expandable={{
            expandedRowRender: (entry) => <LogDiff before={entry.before} after={entry.after} />,
          }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70 },
            { title: t.access.time, render: (_, e) => formatTime(e.createdAt, locale) },
            { title: t.access.module, render: (_, e) => <Tag>{e.module}</Tag> },
            { title: t.access.action, dataIndex: 'action' },
            {
              title: t.access.actor,
              render: (_, e) =>
                `${t.access.actorTypes[e.actorType]} ${e.actorName ?? e.actorId ?? ''}`,
            },
            {
              title: t.access.target,
              render: (_, e) => `${e.targetType ?? ''} ${e.targetId ?? ''}`,
            },
          ]}
        />
        <CursorPager
          totalCount={logs.totalCount}
          endCursor={logs.pageInfo.endCursor}
          hasNextPage={logs.pageInfo.hasNextPage}
        />
      </Card>
    </>
  );
}
