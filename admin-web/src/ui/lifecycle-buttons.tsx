'use client';

import { Button, Popconfirm } from 'antd';
import { useI18n } from '../i18n/client';
import { format } from '../i18n/messages';
import type { ActionResult } from '../server/action-result';
import type { TLifecycleAction } from '../server/input';
import { useAction } from './use-action';

/**
 * Publish / take offline / archive buttons of a catalogue item (badge, benefit), each behind a
 * confirmation that names the item. `actions` are the moves its status allows.
 */
export function LifecycleButtons({
  testIdSuffix,
  name,
  actions,
  labels,
  confirmations,
  onConfirm,
  size,
}: {
  /** `<action>-<suffix>` test ids, e.g. `publish-badge-early_bird`. */
  testIdSuffix: string;
  name: string;
  actions: readonly TLifecycleAction[];
  labels: Record<TLifecycleAction, string>;
  /** Question per action, with `{name}`. */
  confirmations: Record<TLifecycleAction, string>;
  onConfirm: (action: TLifecycleAction) => Promise<ActionResult>;
  size: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const { run } = useAction();
  return actions.map((action) => (
    <Popconfirm
      key={action}
      title={format(confirmations[action], { name })}
      okText={t.common.confirm}
      cancelText={t.common.cancel}
      okButtonProps={{ danger: action !== 'publish' }}
      onConfirm={() => void run(() => onConfirm(action))}
    >
      <Button
        size={size}
        type={action === 'publish' ? 'primary' : 'default'}
        danger={action === 'archive'}
        data-testid={`${action}-${testIdSuffix}`}
      >
        {labels[action]}
      </Button>
    </Popconfirm>
  ));
}
