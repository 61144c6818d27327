import type { TLocale } from '../locales';

const enUS = {
  title: 'Categories & series',
  subtitle: 'How badges are grouped on the badge wall.',
  newCategory: 'New category',
  editCategory: 'Edit category',
  newSeries: 'New series',
  editSeries: 'Edit series',
  series: 'Series',
  iconUrl: 'Icon URL',
  coverUrl: 'Cover URL',
  period: 'Period',
  noSeries: 'No series in this category yet.',
  nameNeeded: 'Give at least one name (Chinese or English).',
};

const zhCN: typeof enUS = {
  title: '分类与系列',
  subtitle: '徽章在徽章墙上的分组方式。',
  newCategory: '新建分类',
  editCategory: '编辑分类',
  newSeries: '新建系列',
  editSeries: '编辑系列',
  series: '系列',
  iconUrl: '图标地址',
  coverUrl: '封面地址',
  period: '有效期',
  noSeries: '该分类下暂无系列。',
  nameNeeded: '请至少填写一个名称（中文或英文）。',
};

export const categories: Record<TLocale, typeof enUS> = { 'en-US': enUS, 'zh-CN': zhCN };
