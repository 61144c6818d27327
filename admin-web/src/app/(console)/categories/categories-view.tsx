'use client';

import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ConsoleCategoriesQuery } from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { FormModal } from '../../../ui/form-modal';
import { LocalizedFields, localizedFormValues } from '../../../ui/localized-fields';
import { formatTime, localized } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { deleteCategory, deleteSeries, saveCategory, saveSeries } from './actions';
import { DeleteButton } from '../../../ui/delete-button';

type TCategory = ConsoleCategoriesQuery['badgeCategories'][number];
type TSeries = ConsoleCategoriesQuery['badgeSeriesList']['nodes'][number];

interface CategoryForm {
  code: string;
  nameZh?: string;
  nameEn?: string;
  descriptionZh?: string;
  descriptionEn?: string;
  iconUrl?: string;
  displayOrder?: number;
  isEnabled: boolean;
}

interface SeriesForm extends Omit<CategoryForm, 'iconUrl'> {
  coverUrl?: string;
  period?: [Dayjs | null, Dayjs | null];
}

type Editing<T> = { mode: 'create'; categoryId?: string } | { mode: 'edit'; item: T } | null;

export function CategoriesView({
  categories,
  series,
  canWriteCategory,
  canWriteSeries,
}: {
  categories: TCategory[];
  series: TSeries[];
  canWriteCategory: boolean;
  canWriteSeries: boolean;
}) {
  const { t, locale } = useI18n();
  const { run, running } = useAction();
  const [category, setCategory] = useState<Editing<TCategory>>(null);
  const [seriesEdit, setSeriesEdit] = useState<Editing<TSeries>>(null);

  const seriesOf = (categoryId: string) => series.filter((s) => s.category.id === categoryId);
  const status = (enabled: boolean) =>
    enabled ? <Tag color="green">{t.common.enabled}</Tag> : <Tag>{t.common.disabled}</Tag>;

  return (
    <>
      <PageTitle
        title={t.categories.title}
        subtitle={t.categories.subtitle}
        extra={
          canWriteCategory ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="new-category"
              onClick={() => setCategory({ mode: 'create' })}
            >
              {t.categories.newCategory}
            </Button>
          ) : null
        }
      />
      <Card>
        <Table<TCategory>
          rowKey="id"
          dataSource={categories}
          pagination={false}
          expandable={{
            expandedRowRender: (row) => (
              <Table<TSeries>
                rowKey="id"
                size="small"
                dataSource={seriesOf(row.id)}
                pagination={false}
                locale={{ emptyText: t.categories.noSeries }}
                columns={[
                  { title: t.common.code, dataIndex: 'code' },
                  { title: t.common.name, render: (_, s) => localized(s.name, locale) },
                  {
                    title: t.categories.period,
                    render: (_, s) =>
                      s.startsAt || s.endsAt
                        ? `${formatTime(s.startsAt, locale)} → ${formatTime(s.endsAt, locale)}`
                        : t.common.none,
                  },
                  { title: t.common.status, render: (_, s) => status(s.isEnabled) },
                  ...(canWriteSeries
                    ? [
                        {
                          title: t.common.actions,
                          render: (_: unknown, s: TSeries) => (
                            <Space>
                              <Button
                                size="small"
                                data-testid={`edit-series-${s.code}`}
                                onClick={() => setSeriesEdit({ mode: 'edit', item: s })}
                              >
                                {t.common.edit}
                              </Button>
                              <DeleteButton
                                name={localized(s.name, locale)}
                                testId={`delete-series-${s.code}`}
                                onDelete={() => deleteSeries(s.id)}
                              />
                            </Space>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ),
          }}
          columns={[
            { title: t.common.code, dataIndex: 'code' },
            {
              title: t.common.name,
              render: (_, c) => (
                <span data-testid={`category-${c.code}`}>{localized(c.name, locale)}</span>
              ),
            },
            {
              title: t.categories.series,
              render: (_, c) => seriesOf(c.id).length,
            },
            { title: t.common.displayOrder, dataIndex: 'displayOrder' },
            { title: t.common.status, render: (_, c) => status(c.isEnabled) },
            { title: t.common.updatedAt, render: (_, c) => formatTime(c.updatedAt, locale) },
            ...(canWriteCategory || canWriteSeries
              ? [
                  {
                    title: t.common.actions,
                    render: (_: unknown, c: TCategory) => (
                      <Space wrap>
                        {canWriteSeries ? (
                          <Button
                            size="small"
                            data-testid={`new-series-${c.code}`}
                            onClick={() => setSeriesEdit({ mode: 'create', categoryId: c.id })}
                          >
                            {t.categories.newSeries}
                          </Button>
                        ) : null}
                        {canWriteCategory ? (
                          <>
                            <Button
                              size="small"
                              data-testid={`edit-category-${c.code}`}
                              onClick={() => setCategory({ mode: 'edit', item: c })}
                            >
                              {t.common.edit}
                            </Button>
                            <DeleteButton
                              name={localized(c.name, locale)}
                              testId={`delete-category-${c.code}`}
                              onDelete={() => deleteCategory(c.id)}
                            />
                          </>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <FormModal<CategoryForm>
        testId="category-form"
        open={category !== null}
        title={category?.mode === 'edit' ? t.categories.editCategory : t.categories.newCategory}
        submitting={running}
        onClose={() => setCategory(null)}
        initialValues={
          category?.mode === 'edit'
            ? {
                code: category.item.code,
                ...localizedFormValues(category.item),
                iconUrl: category.item.iconUrl ?? '',
                displayOrder: category.item.displayOrder,
                isEnabled: category.item.isEnabled,
              }
            : { isEnabled: true, displayOrder: 0 }
        }
        onSubmit={async (values) =>
          (
            await run(() =>
              saveCategory({
                ...values,
                id: category?.mode === 'edit' ? category.item.id : undefined,
              }),
            )
          ).ok
        }
      >
        <Form.Item name="code" label={t.common.code} rules={[{ required: true }]}>
          <Input disabled={category?.mode === 'edit'} />
        </Form.Item>
        <LocalizedFields />
        <Form.Item name="iconUrl" label={t.categories.iconUrl} rules={[{ type: 'url' }]}>
          <Input placeholder="https://" />
        </Form.Item>
        <Space size="large">
          <Form.Item name="displayOrder" label={t.common.displayOrder}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="isEnabled" label={t.common.enabled} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </FormModal>

      <FormModal<SeriesForm>
        testId="series-form"
        open={seriesEdit !== null}
        title={seriesEdit?.mode === 'edit' ? t.categories.editSeries : t.categories.newSeries}
        submitting={running}
        onClose={() => setSeriesEdit(null)}
        initialValues={
          seriesEdit?.mode === 'edit'
            ? {
                code: seriesEdit.item.code,
                ...localizedFormValues(seriesEdit.item),
                coverUrl: seriesEdit.item.coverUrl ?? '',
                displayOrder: seriesEdit.item.displayOrder,
                isEnabled: seriesEdit.item.isEnabled,
                period: [
                  seriesEdit.item.startsAt ? dayjs(seriesEdit.item.startsAt) : null,
                  seriesEdit.item.endsAt ? dayjs(seriesEdit.item.endsAt) : null,
                ],
              }
            : { isEnabled: true, displayOrder: 0 }
        }
        onSubmit={async ({ period, ...values }) =>
          (
            await run(() =>
              saveSeries({
                ...values,
                id: seriesEdit?.mode === 'edit' ? seriesEdit.item.id : undefined,
                categoryId:
                  seriesEdit?.mode === 'edit'
                    ? seriesEdit.item.category.id
                    : seriesEdit?.categoryId,
                startsAt: period?.[0]?.toISOString(),
                endsAt: period?.[1]?.toISOString(),
              }),
            )
          ).ok
        }
      >
        <Form.Item name="code" label={t.common.code} rules={[{ required: true }]}>
          <Input disabled={seriesEdit?.mode === 'edit'} />
        </Form.Item>
        <LocalizedFields />
        <Form.Item name="coverUrl" label={t.categories.coverUrl} rules={[{ type: 'url' }]}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item name="period" label={t.categories.period}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="displayOrder" label={t.common.displayOrder}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="isEnabled" label={t.common.enabled} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </FormModal>
    </>
  );
}
