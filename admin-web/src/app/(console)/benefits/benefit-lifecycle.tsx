'use client';

import { Button, Popconfirm, Space } from 'antd';
import type { BenefitStatus } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { localized, type LocalizedText } from '../../../ui/localized';
import { useAction } from '../../../ui/use-action';
import { changeBenefitStatus } from './actions';

type TAction = 'publish' | 'offline' | 'archive';

/** DRAFT/OFFLINE → PUBLISHED → OFFLINE; DRAFT or OFFLINE → ARCHIVED (terminal). */
const NEXT: Record<BenefitStatus, TAction[]> = {
  DRAFT: ['publish', 'archive'],
  PUBLISHED: ['offline'],
  OFFLINE: ['publish', 'archive'],
  ARCHIVED: [],
};

/** A benefit's lifecycle buttons (benefit:benefit:write), each behind a confirmation. */
export function BenefitLifecycle({
  benefit,
  canWrite,
  size = 'small',
}: {
  benefit: {
    id: string;
    code: string;
    status: BenefitStatus;
    version: number;
    name: LocalizedText;
  };
  canWrite: boolean;
  size?: 'small' | 'middle';
}) {
  const { t, locale } = useI18n();
  const { run } = useAction();
  if (!canWrite) return null;
  const name = localized(benefit.name, locale);
  const label: Record<TAction, string> = {
    publish: t.benefits.publish,
    offline: t.benefits.offline,
    archive: t.benefits.archive,
  };
  const confirm: Record<TAction, string> = {
    publish: t.benefits.confirmPublish,
    offline: t.benefits.confirmOffline,
    archive: t.benefits.confirmArchive,
  };
  return (
    <Space wrap>
      {NEXT[benefit.status].map((action) => (
        <Popconfirm
          key={action}
          title={format(confirm[action], { name })}
          okText={t.common.confirm}
          cancelText={t.common.cancel}
          okButtonProps={{ danger: action !== 'publish' }}
          onConfirm={() =>
            void run(() =>
              changeBenefitStatus({ id: benefit.id, action, expectedVersion: benefit.version }),
            )
          }
        >
          <Button
            size={size}
            type={action === 'publish' ? 'primary' : 'default'}
            danger={action === 'archive'}
            data-testid={`${action}-benefit-${benefit.code}`}
          >
            {label[action]}
          </Button>
        </Popconfirm>
      ))}
    </Space>
  );
}
