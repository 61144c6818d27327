'use client';

import { Button, Result } from 'antd';
import { useI18n } from '../../i18n/client';

/** A page that failed to load (gateway down, unexpected error): say so and offer a retry. */
export default function ConsoleError({ error, reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t.common.errorTitle}
      subTitle={error.message}
      extra={<Button onClick={reset}>{t.common.errorRetry}</Button>}
    />
  );
}
