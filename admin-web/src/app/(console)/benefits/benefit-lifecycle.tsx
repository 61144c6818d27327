'use client';

import { Space } from 'antd';
import type { BenefitStatus } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import type { TLifecycleAction } from '../../../server/input';
import { LifecycleButtons } from '../../../ui/lifecycle-buttons';
import { localized, type LocalizedText } from '../../../ui/localized';
import { changeBenefitStatus } from './actions';

/** DRAFT/OFFLINE → PUBLISHED → OFFLINE; DRAFT or OFFLINE → ARCHIVED (terminal). */
const NEXT: Record<BenefitStatus, TLifecycleAction[]> = {
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
  if (!canWrite) return null;
  const name = localized(benefit.name, locale);
  const label: Record<TLifecycleAction, string> = {
    publish: t.benefits.publish,
    offline: t.benefits.offline,
    archive: t.benefits.archive,
  };
  const confirm: Record<TLifecycleAction, string> = {
    publish: t.benefits.confirmPublish,
    offline: t.benefits.confirmOffline,
    archive: t.benefits.confirmArchive,
  };
  return (
    <Space wrap>
      <LifecycleButtons
        testIdSuffix={`benefit-${benefit.code}`}
        name={name}
        actions={NEXT[benefit.status]}
        labels={label}
        confirmations={confirm}
        onConfirm={(action) =>
          changeBenefitStatus({ id: benefit.id, action, expectedVersion: benefit.version })
        }
        size={size}
      />
    </Space>
  );
}
