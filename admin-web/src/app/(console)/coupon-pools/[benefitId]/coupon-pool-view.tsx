'use client';

import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type {
  ConsoleBenefitQuery,
  ConsoleCouponCodesQuery,
  ConsoleUploadCouponCodesMutation,
} from '../../../../graphql/generated/graphql';
import { useI18n } from '../../../../i18n/client';
import { format } from '../../../../i18n/messages';
import type { ActionResult } from '../../../../server/action-result';
import { CursorPager } from '../../../../ui/cursor-pager';
import { FormModal } from '../../../../ui/form-modal';
import { formatTime, localized } from '../../../../ui/localized';
import { PageTitle } from '../../../../ui/page-title';
import { useAction } from '../../../../ui/use-action';
import { useUrlState } from '../../../../ui/url-state';
import { BENEFIT_STATUS_COLORS } from '../../benefits/benefit-enums';
import { generateCouponCodes, uploadCouponCodes } from '../actions';
import { COUPON_CODE_COLORS, COUPON_CODE_STATUSES, MAX_CODES_PER_UPLOAD } from '../coupon-enums';
import { countContentLines, splitUpload } from '../upload-chunks';

type TBenefit = NonNullable<ConsoleBenefitQuery['benefit']>;
type TCode = ConsoleCouponCodesQuery['couponCodes']['nodes'][number];
type TUploadResult = Omit<ConsoleUploadCouponCodesMutation['uploadCouponCodes'], 'pool'>;

type TLastResult =
  | { kind: 'generate'; generated: number; importBatch: string }
  | ({ kind: 'upload' } & TUploadResult);

interface GenerateForm {
  count: number;
  prefix: string;
  length?: number | null;
  importBatch?: string;
  expiresAt?: Dayjs | null;
}

interface UploadForm {
  codes: string;
  importBatch?: string;
  expiresAt?: Dayjs | null;
}

const BATCH_RULE = { pattern: /^[\w.:-]{1,64}$/ };
const GENERATE_DEFAULTS: Partial<GenerateForm> = { count: 100, length: 10 };
const UPLOAD_DEFAULTS: Partial<UploadForm> = {};

/** Uploads the parts one after the other and adds up what the gateway answered. */
async function uploadInParts(
  benefitId: string,
  values: UploadForm,
): Promise<ActionResult<TUploadResult> & { partsDone: number }> {
  const chunks = splitUpload(values.codes);
  const importBatch =
    values.importBatch?.trim() ||
    (chunks.length > 1 ? `upload-${dayjs().format('YYYYMMDD-HHmmss')}` : undefined);
  const total: TUploadResult = {
    inserted: 0,
    alreadyInPool: 0,
    duplicatesInInput: 0,
    rejectedCount: 0,
    rejected: [],
    importBatch: importBatch ?? '',
  };
  for (const [index, chunk] of chunks.entries()) {
    const result = await uploadCouponCodes({
      benefitId,
      codes: chunk.text,
      importBatch,
      expiresAt: values.expiresAt?.toISOString() ?? null,
    });
    if (!result.ok) return { ...result, partsDone: index };
    const r = result.data;
    total.inserted += r.inserted;
    total.alreadyInPool += r.alreadyInPool;
    total.duplicatesInInput += r.duplicatesInInput;
    total.rejectedCount += r.rejectedCount;
    total.importBatch = r.importBatch;
    total.rejected = [
      ...total.rejected,
      ...r.rejected.map((x) => ({ line: x.line + chunk.firstLine - 1, reason: x.reason })),
    ].slice(0, 1000);
  }
  return { ok: true, data: total, partsDone: chunks.length };
}

export function CouponPoolView({
  benefit,
  codes,
  canWrite,
}: {
  benefit: TBenefit;
  codes: ConsoleCouponCodesQuery['couponCodes'];
  canWrite: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const router = useRouter();
  const { run, running } = useAction();
  const [dialog, setDialog] = useState<'generate' | 'upload' | null>(null);
  const [lastResult, setLastResult] = useState<TLastResult | null>(null);
  const pool = benefit.couponPool ?? { available: 0, issued: 0, reserved: 0, revoked: 0, total: 0 };
  const writable = canWrite && benefit.status !== 'ARCHIVED';

  const upload = async (values: UploadForm) => {
    const parts = splitUpload(values.codes).length;
    let partsDone = 0;
    const result = await run(
      async () => {
        const r = await uploadInParts(benefit.id, values);
        partsDone = r.partsDone;
        if (r.ok || partsDone === 0) return r;
        // Some parts are in the pool already: say how far it got.
        const message = format(t.benefits.coupons.partialUpload, {
          done: String(partsDone),
          total: String(parts),
          message: r.message,
        });
        return { ...r, message };
      },
      { success: t.benefits.coupons.uploaded },
    );
    if (result.ok) setLastResult({ kind: 'upload', ...result.data });
    else if (partsDone > 0) router.refresh();
    return result.ok;
  };

  return (
    <>
      <PageTitle
        title={
          <Space>
            {localized(benefit.name, locale)}
            <Tag color={BENEFIT_STATUS_COLORS[benefit.status]}>
              {t.benefits.statuses[benefit.status]}
            </Tag>
          </Space>
        }
        subtitle={
          <>
            <Link href={`/benefits/${benefit.id}`}>{benefit.code}</Link>
            {benefit.config.faceValue
              ? ` · ${benefit.config.faceValue} ${benefit.config.currency ?? ''}`
              : ''}
          </>
        }
        extra={
          writable ? (
            <>
              <Button
                icon={<PlusOutlined />}
                data-testid="generate-codes"
                onClick={() => setDialog('generate')}
              >
                {t.benefits.coupons.generate}
              </Button>
              <Button
                type="primary"
                icon={<UploadOutlined />}
                data-testid="upload-codes"
                onClick={() => setDialog('upload')}
              >
                {t.benefits.coupons.upload}
              </Button>
            </>
          ) : null
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(['available', 'reserved', 'issued', 'revoked', 'total'] as const).map((key) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Card size="small" data-testid={`pool-${key}`}>
              <Statistic
                title={
                  key === 'total'
                    ? t.benefits.coupons.total
                    : t.benefits.coupons.statuses[upper(key)]
                }
                value={pool[key]}
                styles={
                  key === 'available' && pool.available === 0
                    ? { content: { color: '#cf1322' } }
                    : undefined
                }
              />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <Card size="small">
            <Statistic
              title={t.benefits.stock}
              value={
                benefit.totalStock == null
                  ? t.benefits.unlimited
                  : `${benefit.remainingStock ?? 0} / ${benefit.totalStock}`
              }
            />
          </Card>
        </Col>
      </Row>

      {lastResult ? (
        <Card
          size="small"
          title={
            lastResult.kind === 'upload'
              ? t.benefits.coupons.uploadResult
              : t.benefits.coupons.generateResult
          }
          style={{ marginBottom: 16 }}
          data-testid="coupon-result"
          extra={
            <Button size="small" type="text" onClick={() => setLastResult(null)}>
              {t.benefits.coupons.dismiss}
            </Button>
          }
        >
          {lastResult.kind === 'generate' ? (
            <Typography.Text data-testid="generate-result">
              {format(t.benefits.coupons.generated, {
                count: String(lastResult.generated),
                batch: lastResult.importBatch,
              })}
            </Typography.Text>
          ) : (
            <>
              <Descriptions size="small" column={{ xs: 1, md: 3, xl: 5 }}>
                <Descriptions.Item label={t.benefits.coupons.inserted}>
                  <span data-testid="upload-inserted">{lastResult.inserted}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.alreadyInPool}>
                  <span data-testid="upload-already-in-pool">{lastResult.alreadyInPool}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.duplicatesInInput}>
                  <span data-testid="upload-duplicates">{lastResult.duplicatesInInput}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.rejectedCount}>
                  <span data-testid="upload-rejected">{lastResult.rejectedCount}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t.benefits.coupons.importBatch}>
                  {lastResult.importBatch}
                </Descriptions.Item>
              </Descriptions>
              {lastResult.rejected.length > 0 ? (
                <Table
                  rowKey="line"
                  size="small"
                  style={{ marginTop: 8 }}
                  dataSource={lastResult.rejected}
                  pagination={{ pageSize: 10, hideOnSinglePage: true }}
                  columns={[
                    { title: t.benefits.coupons.line, dataIndex: 'line', width: 100 },
                    { title: t.benefits.coupons.reason, dataIndex: 'reason' },
                  ]}
                />
              ) : null}
            </>
          )}
        </Card>
      ) : null}

      <Card title={t.benefits.coupons.codes}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            data-testid="code-status-filter"
            placeholder={t.benefits.coupons.allStatuses}
            value={url.get('status')}
            style={{ width: 180 }}
            options={COUPON_CODE_STATUSES.map((s) => ({
              value: s,
              label: t.benefits.coupons.statuses[s],
            }))}
            onChange={(status?: string) => url.set({ status })}
          />
        </Flex>
        <Table<TCode>
          rowKey="id"
          size="small"
          loading={url.pending}
          dataSource={codes.nodes}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(c) => ({ 'data-testid': `coupon-code-${c.id}` }) as object}
          columns={[
            {
              title: t.benefits.coupons.code,
              render: (_, c) => <Typography.Text code>{c.maskedCode}</Typography.Text>,
            },
            {
              title: t.common.status,
              render: (_, c) => (
                <Tag color={COUPON_CODE_COLORS[c.status]}>
                  {t.benefits.coupons.statuses[c.status]}
                </Tag>
              ),
            },
            {
              title: t.benefits.coupons.importBatch,
              render: (_, c) => c.importBatch ?? t.common.none,
            },
            { title: t.common.createdAt, render: (_, c) => formatTime(c.createdAt, locale) },
            {
              title: t.benefits.coupons.issuedAt,
              render: (_, c) => formatTime(c.issuedAt, locale),
            },
            {
              title: t.benefits.coupons.expiresAt,
              render: (_, c) => formatTime(c.expiresAt, locale),
            },
            {
              title: t.benefits.coupons.revokedAt,
              render: (_, c) => formatTime(c.revokedAt, locale),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t.benefits.coupons.maskedHelp}
        </Typography.Paragraph>
        <CursorPager
          totalCount={codes.totalCount}
          endCursor={codes.pageInfo.endCursor}
          hasNextPage={codes.pageInfo.hasNextPage}
        />
      </Card>

      <FormModal<GenerateForm>
        testId="generate-codes-form"
        open={dialog === 'generate'}
        title={t.benefits.coupons.generate}
        submitting={running}
        onClose={() => setDialog(null)}
        initialValues={GENERATE_DEFAULTS}
        onSubmit={async ({ expiresAt, ...values }) => {
          const result = await run(
            () =>
              generateCouponCodes({
                ...values,
                benefitId: benefit.id,
                expiresAt: expiresAt?.toISOString() ?? null,
              }),
            { success: t.benefits.coupons.generatedToast },
          );
          if (result.ok)
            setLastResult({
              kind: 'generate',
              generated: result.data.generated,
              importBatch: result.data.importBatch,
            });
          return result.ok;
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="count" label={t.benefits.coupons.count} rules={[{ required: true }]}>
              <InputNumber
                min={1}
                max={MAX_CODES_PER_UPLOAD}
                precision={0}
                style={{ width: '100%' }}
                data-testid="generate-count"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="length"
              label={t.benefits.coupons.length}
              extra={t.benefits.coupons.lengthHelp}
            >
              <InputNumber min={6} max={32} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="prefix"
          label={t.benefits.coupons.prefix}
          extra={t.benefits.coupons.prefixHelp}
          rules={[
            { required: true },
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/, message: t.benefits.coupons.prefixHelp },
          ]}
        >
          <Input maxLength={16} data-testid="generate-prefix" />
        </Form.Item>
        <BatchAndExpiry />
      </FormModal>

      <FormModal<UploadForm>
        testId="upload-codes-form"
        width={640}
        open={dialog === 'upload'}
        title={t.benefits.coupons.upload}
        submitting={running}
        onClose={() => setDialog(null)}
        initialValues={UPLOAD_DEFAULTS}
        onSubmit={upload}
      >
        {(form) => (
          <>
            <Alert
              type="info"
              showIcon
              title={t.benefits.coupons.uploadHelp}
              style={{ marginBottom: 12 }}
            />
            <Upload
              accept=".csv,.txt,text/csv,text/plain"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((text) => {
                  form.setFieldValue('codes', text);
                  void form.validateFields(['codes']);
                });
                return Upload.LIST_IGNORE;
              }}
            >
              <Button
                icon={<UploadOutlined />}
                data-testid="upload-file"
                style={{ marginBottom: 12 }}
              >
                {t.benefits.coupons.readFile}
              </Button>
            </Upload>
            <Form.Item
              name="codes"
              label={t.benefits.coupons.codesField}
              rules={[
                { required: true, whitespace: true },
                {
                  validator: async (_, value: unknown) => {
                    if (typeof value !== 'string') return;
                    if (countContentLines(value) > MAX_CODES_PER_UPLOAD + 1)
                      throw new Error(
                        format(t.benefits.coupons.tooManyCodes, {
                          max: String(MAX_CODES_PER_UPLOAD),
                        }),
                      );
                  },
                },
              ]}
              extra={<LineCount />}
            >
              <Input.TextArea
                rows={10}
                spellCheck={false}
                data-testid="upload-codes-text"
                style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
              />
            </Form.Item>
            <BatchAndExpiry />
          </>
        )}
      </FormModal>
    </>
  );
}

function upper(key: 'available' | 'reserved' | 'issued' | 'revoked') {
  return key.toUpperCase() as 'AVAILABLE' | 'RESERVED' | 'ISSUED' | 'REVOKED';
}

/** How many non-empty lines the upload text has (updates as the admin types or reads a file). */
function LineCount() {
  const { t } = useI18n();
  const form = Form.useFormInstance<UploadForm>();
  const codes = Form.useWatch('codes', form);
  return (
    <span data-testid="upload-line-count">
      {format(t.benefits.coupons.lineCount, { count: String(countContentLines(codes ?? '')) })}
    </span>
  );
}

/** Import batch label and expiry, shared by the generate and upload dialogs. */
function BatchAndExpiry() {
  const { t } = useI18n();
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Form.Item
          name="importBatch"
          label={t.benefits.coupons.importBatch}
          extra={t.benefits.coupons.importBatchHelp}
          rules={[{ ...BATCH_RULE, message: t.benefits.coupons.importBatchHelp }]}
        >
          <Input maxLength={64} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="expiresAt" label={t.benefits.coupons.expiresAt}>
          <DatePicker
            showTime
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
