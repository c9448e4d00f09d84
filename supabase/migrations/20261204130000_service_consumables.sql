-- Consumables a catalog service uses per unit of a plan item (a root canal: 2 cartridges, 1 pair
-- of gloves). Marking the item done consumes quantity × the item's quantity.
create table treatment_service_consumables (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  service_id uuid not null references treatment_services(id) on delete cascade,
  item_id    uuid not null references inventory_items(id) on delete cascade,
  quantity   integer not null check (quantity between 1 and 10000),
  primary key (service_id, item_id)
);
create index treatment_service_consumables_clinic_idx
  on treatment_service_consumables (clinic_id);

-- The plan item whose completion took this stock. No foreign key: a plan edit rewrites its item
-- rows, and the ledger is append-only history that must not be touched by that.
alter table inventory_movements add column plan_item_id uuid;
create index inventory_movements_plan_item_idx on inventory_movements (plan_item_id)
  where plan_item_id is not null;
