'use client';

import { PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type {
  AdminStatus,
  ConsoleAdminsQuery,
  ConsoleRolesQuery,
} from '../../../graphql/generated/graphql';
import { useI18n } from '../../../i18n/client';
import { format } from '../../../i18n/messages';
import { CursorPager } from '../../../ui/cursor-pager';
import { FormModal } from '../../../ui/form-modal';
import { formatTime } from '../../../ui/localized';
import { PageTitle } from '../../../ui/page-title';
import { useAction } from '../../../ui/use-action';
import { useUrlState } from '../../../ui/url-state';
import { assignAdminRoles, deleteRole, provisionAdmin, saveRole, setAdminStatus } from './actions';
import { DeleteButton } from '../../../ui/delete-button';

type TAdmin = ConsoleAdminsQuery['adminUsers']['nodes'][number];
type TRole = ConsoleRolesQuery['roles'][number];

const STATUS_COLORS: Record<AdminStatus, string> = {
  ACTIVE: 'green',
  PENDING: 'orange',
  DISABLED: 'default',
};

interface RoleForm {
  code: string;
  name: string;
  description?: string;
  permissions: string[];
}

interface ProvisionForm {
  subject: string;
  email?: string;
  name?: string;
  roleCodes: string[];
}

export function AdminsView({
  admins,
  roles,
  statuses,
  self,
  canWriteAdmins,
  canWriteRoles,
}: {
  admins: ConsoleAdminsQuery['adminUsers'];
  roles: ConsoleRolesQuery | null;
  statuses: readonly AdminStatus[];
  self: string;
  canWriteAdmins: boolean;
  canWriteRoles: boolean;
}) {
  const { t, locale } = useI18n();
  const url = useUrlState();
  const { run, running } = useAction();
  const [rolesOf, setRolesOf] = useState<TAdmin | null>(null);
  const [selectedRoles, setSelectedRoles] = useState<string[]>([]);
  const [provisioning, setProvisioning] = useState(false);
  const [role, setRole] = useState<{ item?: TRole } | null>(null);

  const roleOptions = (roles?.roles ?? []).map((r) => ({ value: r.code, label: r.name }));
  const modules = [...new Set((roles?.permissions ?? []).map((p) => p.module))];

  const adminsTable = (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={url.get('q')}
          style={{ width: 260 }}
          onSearch={(q) => url.set({ q })}
        />
        <Select
          allowClear
          placeholder={t.common.status}
          value={url.get('status')}
          style={{ width: 180 }}
          options={statuses.map((s) => ({ value: s, label: t.access.adminStatuses[s] }))}
          onChange={(status?: string) => url.set({ status })}
        />
        {canWriteAdmins && roles ? (
          <Button icon={<PlusOutlined />} onClick={() => setProvisioning(true)}>
            {t.access.provision}
          </Button>
        ) : null}
      </Flex>
      <Table<TAdmin>
        rowKey="id"
        loading={url.pending}
        dataSource={admins.nodes}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="admins"
        columns={[
          { title: t.common.name, render: (_, a) => a.name ?? a.subject },
          { title: t.access.subject, dataIndex: 'subject' },
          { title: t.access.email, render: (_, a) => a.email ?? t.common.none },
          {
            title: t.access.assignRoles,
            render: (_, a) => a.roles.map((r) => <Tag key={r.id}>{r.name}</Tag>),
          },
          {
            title: t.common.status,
            render: (_, a) => (
              <Tag color={STATUS_COLORS[a.status]}>{t.access.adminStatuses[a.status]}</Tag>
            ),
          },
          { title: t.access.lastLogin, render: (_, a) => formatTime(a.lastLoginAt, locale) },
          ...(canWriteAdmins
            ? [
                {
                  title: t.common.actions,
                  render: (_: unknown, a: TAdmin) =>
                    a.id === self ? null : (
                      <Space wrap>
                        {roles ? (
                          <Button
                            size="small"
                            onClick={() => {
                              setSelectedRoles(a.roles.map((r) => r.code));
                              setRolesOf(a);
                            }}
                          >
                            {t.access.editRoles}
                          </Button>
                        ) : null}
                        {a.status === 'DISABLED' ? (
                          <Button
                            size="small"
                            onClick={() =>
                              void run(() => setAdminStatus({ id: a.id, status: 'ACTIVE' }))
                            }
                          >
                            {t.access.activate}
                          </Button>
                        ) : (
                          <Popconfirm
                            title={format(t.access.confirmDeactivate, {
                              name: a.name ?? a.subject,
                            })}
                            okText={t.common.confirm}
                            cancelText={t.common.cancel}
                            okButtonProps={{ danger: true }}
                            onConfirm={() =>
                              void run(() => setAdminStatus({ id: a.id, status: 'DISABLED' }))
                            }
                          >
                            <Button size="small" danger>
                              {t.access.deactivate}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <CursorPager
        totalCount={admins.totalCount}
        endCursor={admins.pageInfo.endCursor}
        hasNextPage={admins.pageInfo.hasNextPage}
      />
    </>
  );

  const rolesTable = roles ? (
    <>
      {canWriteRoles ? (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setRole({})}>
          {t.access.newRole}
        </Button>
      ) : null}
      <Table<TRole>
        rowKey="id"
        pagination={false}
        dataSource={roles.roles}
        expandable={{
          expandedRowRender: (r) => (
            <Space wrap>
              {r.permissions.map((p) => (
                <Tag key={p}>{p}</Tag>
              ))}
            </Space>
          ),
        }}
        columns={[
          { title: t.common.code, dataIndex: 'code' },
          {
            title: t.common.name,
            render: (_, r) => (
              <>
                {r.name} {r.isSystem ? <Tag color="blue">{t.access.system}</Tag> : null}
              </>
            ),
          },
          { title: t.access.description, render: (_, r) => r.description ?? t.common.none },
          { title: t.access.permissions, render: (_, r) => r.permissions.length },
          { title: t.access.adminCount, dataIndex: 'adminCount' },
          ...(canWriteRoles
            ? [
                {
                  title: t.common.actions,
                  render: (_: unknown, r: TRole) =>
                    r.isSystem ? null : (
                      <Space>
                        <Button size="small" onClick={() => setRole({ item: r })}>
                          {t.common.edit}
                        </Button>
                        <DeleteButton name={r.name} onDelete={() => deleteRole(r.id)} />
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
    </>
  ) : null;

  return (
    <>
      <PageTitle title={t.access.adminsTitle} subtitle={t.access.adminsSubtitle} />
      <Card>
        <Tabs
          items={[
            { key: 'admins', label: t.access.admins, children: adminsTable },
            ...(rolesTable ? [{ key: 'roles', label: t.access.roles, children: rolesTable }] : []),
          ]}
        />
      </Card>

      <Modal
        open={rolesOf !== null}
        title={`${t.access.editRoles}: ${rolesOf?.name ?? rolesOf?.subject ?? ''}`}
        okText={t.common.save}
        cancelText={t.common.cancel}
        confirmLoading={running}
        onCancel={() => setRolesOf(null)}
        onOk={() =>
          void run(() =>
            assignAdminRoles({ adminUserId: rolesOf?.id, roleCodes: selectedRoles }),
          ).then((r) => r.ok && setRolesOf(null))
        }
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={selectedRoles}
          options={roleOptions}
          onChange={setSelectedRoles}
        />
      </Modal>

      <FormModal<ProvisionForm>
        testId="provision-admin"
        open={provisioning}
        title={t.access.provision}
        submitting={running}
        onClose={() => setProvisioning(false)}
        initialValues={{ roleCodes: [] }}
        onSubmit={async (values) => (await run(() => provisionAdmin(values))).ok}
      >
        <Typography.Paragraph type="secondary">{t.access.provisionHelp}</Typography.Paragraph>
        <Form.Item name="subject" label={t.access.subject} rules={[{ required: true, max: 255 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t.common.name}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t.access.email} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roleCodes" label={t.access.assignRoles}>
          <Select mode="multiple" options={roleOptions} />
        </Form.Item>
      </FormModal>

      <FormModal<RoleForm>
        testId="role-form"
        width={760}
        open={role !== null}
        title={role?.item ? t.access.editRole : t.access.newRole}
        submitting={running}
        onClose={() => setRole(null)}
        initialValues={
          role?.item
            ? {
                code: role.item.code,
                name: role.item.name,
                description: role.item.description ?? '',
                permissions: role.item.permissions,
              }
            : { permissions: [] }
        }
        onSubmit={async (values) =>
          (await run(() => saveRole({ ...values, id: role?.item?.id }))).ok
        }
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="code" label={t.common.code} rules={[{ required: true }]}>
              <Input disabled={role?.item !== undefined} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t.common.name} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t.access.description}>
          <Input />
        </Form.Item>
        <Form.Item name="permissions" label={t.access.permissions}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Row gutter={[8, 8]}>
              {modules.map((module) => (
                <Col span={24} key={module}>
                  <Typography.Text strong>{module}</Typography.Text>
                  <Row>
                    {(roles?.permissions ?? [])
                      .filter((p) => p.module === module)
                      .map((p) => (
                        <Col span={8} key={p.code}>
                          <Checkbox value={p.code}>
                            {p.resource}:{p.action}
                          </Checkbox>
                        </Col>
                      ))}
                  </Row>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </FormModal>
    </>
  );
}
