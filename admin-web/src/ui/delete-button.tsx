'use client';

import { Button, Popconfirm } from 'antd';
import { useI18n } from '../i18n/client';
import { format } from '../i18n/messages';
import type { ActionResult } from '../server/action-result';
import { useAction } from './use-action';

/**
 * A destructive button that asks first ("Delete “name”? This cannot be undone."), then runs the
 * server action; `onDeleted` runs after a success (e.g. leave the deleted item's page).
 */
export function DeleteButton({
  name,
  onDelete,
  onDeleted,
  refresh,
  size = 'small',
  testId,
}: {
  name: string;
  onDelete: () => Promise<ActionResult>;
  onDeleted?: () => void;
  /** Refresh the page's data afterwards (default); off when `onDeleted` navigates away. */
  refresh?: boolean;
  size?: 'small' | 'middle';
  testId?: string;
}) {
  const { t } = useI18n();
  const { run } = useAction();
  return (
    <Popconfirm
      title={format(t.common.confirmDelete, { name })}
      okText={t.common.delete}
      cancelText={t.common.cancel}
      okButtonProps={{ danger: true }}
      onConfirm={() =>
        void run(onDelete, { success: t.common.deleted, refresh }).then(
          (r) => r.ok && onDeleted?.(),
        )
      }
    >
      <Button size={size} danger data-testid={testId}>
        {t.common.delete}
      </Button>
    </Popconfirm>
  );
}
