'use client';

import { Button, Flex, Typography } from 'antd';
import { format } from '../i18n/messages';
import { useI18n } from '../i18n/client';
import { useUrlState } from './url-state';

/** Server-side cursor pagination: total, back to the first page, next page. */
export function CursorPager({
  totalCount,
  endCursor,
  hasNextPage,
}: {
  totalCount: number;
  endCursor?: string | null;
  hasNextPage: boolean;
}) {
  const { t } = useI18n();
  const url = useUrlState();
  const onLaterPage = url.get('after') !== undefined;
  return (
    <Flex justify="space-between" align="center" style={{ marginTop: 12 }} data-testid="pager">
      <Typography.Text type="secondary">
        {format(t.common.total, { count: String(totalCount) })}
      </Typography.Text>
      <Flex gap={8}>
        <Button
          size="small"
          disabled={!onLaterPage}
          onClick={() => url.set({ after: undefined }, { keepCursor: true })}
        >
          {t.common.firstPage}
        </Button>
        <Button
          size="small"
          disabled={!hasNextPage || !endCursor}
          loading={url.pending}
          onClick={() => url.set({ after: endCursor ?? undefined })}
        >
          {t.common.loadMore}
        </Button>
      </Flex>
    </Flex>
  );
}
