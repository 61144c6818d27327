'use client';

import { App } from 'antd';
import { useRouter } from 'next/navigation';
import { useCallback, useState } from 'react';
import { format } from '../i18n/messages';
import { useI18n } from '../i18n/client';
import type { ActionResult } from '../server/action-result';

/**
 * Runs a server action from the browser: a spinner while it runs, the gateway's typed error as a
 * readable message when it fails, a success toast and a refresh of the page's data when it works.
 */
export function useAction() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const [running, setRunning] = useState(false);

  const run = useCallback(
    async <T>(
      action: () => Promise<ActionResult<T>>,
      options: { success?: string; refresh?: boolean } = {},
    ): Promise<ActionResult<T>> => {
      setRunning(true);
      try {
        const result = await action();
        if (result.ok) {
          void message.success(options.success ?? t.common.saved);
          if (options.refresh !== false) router.refresh();
        } else {
          const template =
            t.common.errors[result.code as keyof typeof t.common.errors] ?? t.common.errors.OTHER;
          void message.error(format(template, { message: result.message }));
        }
        return result;
      } finally {
        setRunning(false);
      }
    },
    [message, router, t],
  );

  return { run, running };
}
