'use client';

import { Form, Modal, type FormInstance } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/client';

/**
 * A dialog with a validated form. `onSubmit` gets the values; returning true closes the dialog,
 * false keeps it open with what was typed (e.g. after a server-side error).
 */
export function FormModal<T extends object>({
  open,
  title,
  initialValues,
  onSubmit,
  onClose,
  submitting,
  testId,
  width,
  children,
}: {
  open: boolean;
  title: ReactNode;
  initialValues?: Partial<T>;
  onSubmit: (values: T) => Promise<boolean>;
  onClose: () => void;
  submitting: boolean;
  testId: string;
  width?: number;
  children: ReactNode | ((form: FormInstance<T>) => ReactNode);
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<T>();
  // Fill the form each time the dialog opens (not on every render: `initialValues` is often a
  // new object each time, and resetting then would wipe validation messages and typing).
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open && !wasOpen.current) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues);
    }
    wasOpen.current = open;
  }, [open, initialValues, form]);

  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 560}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={submitting}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      rootClassName={`modal-${testId}`}
    >
      <Form<T>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          void onSubmit(values).then((done) => done && onClose());
        }}
      >
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
