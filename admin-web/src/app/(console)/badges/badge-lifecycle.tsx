'use client';

import { Button, Popconfirm, Space } from 'antd';
import type { BadgeStatus } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import type { TLifecycleAction } from '../../../server/input';
import { LifecycleButtons } from '../../../ui/lifecycle-buttons';
import { localized, type LocalizedText } from '../../../ui/localized';
import { useAction } from '../../../ui/use-action';
import { changeBadgeStatus, deleteBadge } from './actions';

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
  const { run } = useAction();
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
        <Popconfirm
          title={format(t.common.confirmDelete, { name })}
          okText={t.common.delete}
          cancelText={t.common.cancel}
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            void run(() => deleteBadge(badge.id), { success: t.common.deleted }).then(
              (r) => r.ok && onDeleted?.(),
            )
          }
        >
          <Button size={size} danger data-testid={`delete-badge-${badge.code}`}>
            {t.common.delete}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}
