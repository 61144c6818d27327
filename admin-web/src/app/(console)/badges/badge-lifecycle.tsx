'use client';

import { Space } from 'antd';
import type { BadgeStatus } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import type { TLifecycleAction } from '../../../server/input';
import { LifecycleButtons } from '../../../ui/lifecycle-buttons';
import { localized, type LocalizedText } from '../../../ui/localized';
import { changeBadgeStatus, deleteBadge } from './actions';
import { DeleteButton } from '../../../ui/delete-button';

/** What a badge in each status can become: DRAFT/OFFLINE → PUBLISHED → OFFLINE; any → ARCHIVED. */
const NEXT: Record<BadgeStatus, TLifecycleAction[]> = {
  DRAFT: ['publish', 'archive'],
  PUBLISHED: ['offline', 'archive'],
  OFFLINE: ['publish', 'archive'],
  ARCHIVED: [],
};

/** Lifecycle buttons, each behind a confirmation; delete only for drafts. */
export function BadgeLifecycle({
  badge,
  canWrite,
  canPublish,
  size = 'small',
  onDeleted,
}: {
  badge: { id: string; code: string; status: BadgeStatus; version: number; name: LocalizedText };
  canWrite: boolean;
  canPublish: boolean;
  size?: 'small' | 'middle';
  onDeleted?: () => void;
}) {
  const { t, locale } = useI18n();
  const name = localized(badge.name, locale);
  const label: Record<TLifecycleAction, string> = {
    publish: t.badges.publish,
    offline: t.badges.offline,
    archive: t.badges.archive,
  };
  const confirm: Record<TLifecycleAction, string> = {
    publish: t.badges.confirmPublish,
    offline: t.badges.confirmOffline,
    archive: t.badges.confirmArchive,
  };
  const allowed = NEXT[badge.status].filter((a) => (a === 'archive' ? canWrite : canPublish));
  return (
    <Space wrap>
      <LifecycleButtons
        testIdSuffix={`badge-${badge.code}`}
        name={name}
        actions={allowed}
        labels={label}
        confirmations={confirm}
        onConfirm={(action) =>
          changeBadgeStatus({ id: badge.id, action, expectedVersion: badge.version })
        }
        size={size}
      />
      {canWrite && badge.status === 'DRAFT' ? (
        <DeleteButton
          name={name}
          size={size}
          testId={`delete-badge-${badge.code}`}
          onDelete={() => deleteBadge(badge.id)}
          onDeleted={onDeleted}
        />
      ) : null}
    </Space>
  );
}
