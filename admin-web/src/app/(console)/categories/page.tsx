import { ConsoleCategoriesDocument } from '../../../graphql/generated/graphql';
import { requirePermission } from '../../../server/access';
import { gatewayRequest } from '../../../server/gateway';
import { CategoriesView } from './categories-view';

export default async function CategoriesPage() {
  const access = await requirePermission('badge:category:read');
  const data = await gatewayRequest(ConsoleCategoriesDocument);
  return (
    <CategoriesView
      categories={data.badgeCategories}
      series={data.badgeSeriesList.nodes}
      canWriteCategory={access.can('badge:category:write')}
      canWriteSeries={access.can('badge:series:write')}
    />
  );
}
