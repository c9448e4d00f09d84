/** The inventory list page: header actions, open alerts, and the list island. */
import InventoryList, { type InventoryListPage as ListPage } from "../../islands/InventoryList.tsx";
import { ButtonLink, Card, Notice, PageHeader } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { InventoryNav, noticeText } from "./InventoryNav.tsx";

export function InventoryListPage(
  { page, query, categories, suppliers, lowCount, atRiskCount, canCreate, showSuppliers, notice }: {
    page: ListPage;
    query: Record<string, string>;
    categories: string[];
    suppliers: { id: string; name: string }[];
    lowCount: number;
    atRiskCount: number;
    canCreate: boolean;
    showSuppliers: boolean;
    notice?: string;
  },
) {
  const text = noticeText(notice);
  return (
    <>
      <PageHeader
        title="Inventory"
        subtitle={`${page.total} item${page.total === 1 ? "" : "s"} in stock records`}
      >
        {canCreate && (
          <ButtonLink href="/inventory/items/new" data-new-item>
            <Icon name="plus" class="h-4 w-4" />
            New item
          </ButtonLink>
        )}
      </PageHeader>
      <InventoryNav current="/inventory" suppliers={showSuppliers} />
      {text && <Notice tone="success">{text}</Notice>}
      {(lowCount > 0 || atRiskCount > 0) && (
        <Notice tone="info">
          {lowCount > 0 &&
            `${lowCount} item${
              lowCount === 1 ? " is" : "s are"
            } at or below the reorder threshold. `}
          {atRiskCount > 0 &&
            `${atRiskCount} more will run out before a delivery could arrive, at the booked schedule. `}
          <a href="/inventory/reorder" class="font-semibold underline">Open the reorder list</a>
        </Notice>
      )}
      <Card>
        <InventoryList
          initial={page}
          query={query}
          categories={categories}
          suppliers={suppliers}
        />
      </Card>
    </>
  );
}
