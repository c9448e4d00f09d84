/** The inventory's own tabs: items, reorder list, consumables, suppliers. */
const TABS = [
  { href: "/inventory", label: "Items" },
  { href: "/inventory/reorder", label: "Reorder list" },
  { href: "/inventory/consumables", label: "Consumables" },
  { href: "/inventory/suppliers", label: "Suppliers" },
] as const;

export function InventoryNav(
  { current, suppliers = true }: {
    current: string;
    /** The member may open the suppliers page (reception on Pro may not). */
    suppliers?: boolean;
  },
) {
  return (
    <nav aria-label="Inventory" class="mb-6 flex gap-1 border-b border-slate-200 print:hidden">
      {TABS.filter((tab) => suppliers || tab.href !== "/inventory/suppliers").map((tab) => (
        <a
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          class={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
            tab.href === current
              ? "border-brand-600 text-brand-700"
              : "border-transparent text-slate-500 hover:text-slate-800"
          }`}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}

const NOTICES: Record<string, string> = {
  created: "Item added.",
  updated: "Item saved.",
  receive: "Delivery recorded.",
  consume: "Use recorded.",
  adjust: "Count saved.",
  supplier: "Supplier saved.",
};

export function noticeText(code: string | undefined): string | null {
  return code ? NOTICES[code] ?? null : null;
}
