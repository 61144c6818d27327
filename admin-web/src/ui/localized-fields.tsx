'use client';

import { Form, Input } from 'antd';
import { useI18n } from '../i18n/client';
import type { LocalizedText } from './localized';

/** Name and description in both languages; at least one name is required. */
export function LocalizedFields({ description = true }: { description?: boolean }) {
  const { t } = useI18n();
  const oneName = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async () => {
      const zh = getFieldValue('nameZh');
      const en = getFieldValue('nameEn');
      if ((typeof zh === 'string' && zh.trim()) || (typeof en === 'string' && en.trim())) return;
      throw new Error(t.categories.nameNeeded);
    },
  });
  return (
    <>
      <Form.Item name="nameZh" label={t.common.nameZh} dependencies={['nameEn']} rules={[oneName]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="nameEn" label={t.common.nameEn} dependencies={['nameZh']} rules={[oneName]}>
        <Input maxLength={100} />
      </Form.Item>
      {description ? (
        <>
          <Form.Item name="descriptionZh" label={t.common.descriptionZh}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t.common.descriptionEn}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}

/** Form values for LocalizedFields from an item's name and description. */
export function localizedFormValues(item: {
  name: LocalizedText;
  description?: LocalizedText | null;
}) {
  return {
    nameZh: item.name.zhCN ?? '',
    nameEn: item.name.enUS ?? '',
    descriptionZh: item.description?.zhCN ?? '',
    descriptionEn: item.description?.enUS ?? '',
  };
}
