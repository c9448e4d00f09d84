-- Inventory: suppliers, items, lots, the stock movement ledger, low-stock alerts, and the
-- consumables each appointment type uses.
--
-- On-hand stock is the sum of an item's movements. `inventory_items.on_hand` stores that sum,
-- updated in the transaction that appends the movement while the item row is locked, so
-- concurrent movements on one item queue behind each other and the check below makes
-- negative stock impossible whatever the application does.

create table inventory_suppliers (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  name           text not null check (length(trim(name)) between 1 and 120),
  contact_person text check (length(contact_person) <= 120),
  -- E.164, +92 by default; a supplier's business line, not patient data.
  phone          text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  email          text check (email like '%_@_%' and length(email) <= 320),
  notes          text check (length(notes) <= 2000),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create unique index inventory_suppliers_name_idx on inventory_suppliers (clinic_id, lower(name));

create table inventory_items (
  id                uuid primary key default gen_random_uuid(),
  clinic_id         uuid not null references clinics(id) on delete cascade,
  name              text not null check (length(trim(name)) between 1 and 120),
  -- SKU or barcode; optional, unique within the clinic.
  sku               text check (length(trim(sku)) between 1 and 64),
  category          text not null check (length(trim(category)) between 1 and 60),
  unit              text not null check (unit in (
                      'piece', 'box', 'pack', 'bottle', 'cartridge', 'syringe', 'ml', 'g',
                      'pair', 'kit')),
  -- How many pieces one unit holds: a box of 50 gloves is unit 'box', pack_size 50.
  pack_size         integer not null default 1 check (pack_size between 1 and 100000),
  reorder_threshold integer not null default 0 check (reorder_threshold >= 0),
  reorder_quantity  integer not null default 0 check (reorder_quantity >= 0),
  -- Days between ordering and delivery: the schedule-based cover is compared with it.
  lead_time_days    integer not null default 7 check (lead_time_days between 0 and 365),
  supplier_id       uuid references inventory_suppliers(id) on delete set null,
  -- The external lab a lab consumable belongs to, when it does.
  lab_preset        text check (length(lab_preset) <= 120),
  supplier_notes    text check (length(supplier_notes) <= 2000),
  archived          boolean not null default false,
  on_hand           integer not null default 0 check (on_hand >= 0),
  created_by        uuid references users(id) on delete set null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
create unique index inventory_items_sku_idx on inventory_items (clinic_id, lower(sku))
  where sku is not null;
create index inventory_items_clinic_name_idx on inventory_items (clinic_id, lower(name));
create index inventory_items_supplier_idx on inventory_items (supplier_id);

-- What was received together: consumption draws from the lot that expires first.
create table inventory_lots (
  id          uuid primary key default gen_random_uuid(),
  clinic_id   uuid not null references clinics(id) on delete cascade,
  item_id     uuid not null references inventory_items(id) on delete cascade,
  lot_number  text check (length(lot_number) <= 64),
  expires_on  date,
  remaining   integer not null check (remaining >= 0),
  received_at timestamptz not null default now()
);
create index inventory_lots_draw_idx on inventory_lots (item_id, expires_on, received_at)
  where remaining > 0;
create index inventory_lots_expiry_idx on inventory_lots (clinic_id, expires_on)
  where remaining > 0 and expires_on is not null;

create table inventory_movements (
  id             bigint primary key generated always as identity,
  clinic_id      uuid not null references clinics(id) on delete cascade,
  item_id        uuid not null references inventory_items(id) on delete cascade,
  -- 'return' puts back what a completed appointment consumed when its completion is undone.
  kind           text not null check (kind in ('receive', 'consume', 'adjust', 'return')),
  -- Signed change to on-hand; a count that matches the shelf is an adjustment of 0.
  delta          integer not null check (delta <> 0 or kind = 'adjust'),
  balance_after  integer not null check (balance_after >= 0),
  -- Which lots gained or gave stock: [{ "lotId": "…", "quantity": -3 }, …].
  lot_changes    jsonb not null default '[]',
  lot_number     text,
  expires_on     date,
  supplier_id    uuid references inventory_suppliers(id) on delete set null,
  cost_minor     bigint check (cost_minor >= 0),
  currency       text not null default 'PKR',
  appointment_id uuid references appointments(id) on delete set null,
  -- The consumption a 'return' gives back.
  reverses_id    bigint references inventory_movements(id),
  reason         text check (length(reason) <= 500),
  actor_id       uuid references users(id) on delete set null,
  created_at     timestamptz not null default now(),
  check (kind <> 'receive' or delta > 0),
  check (kind <> 'consume' or delta < 0),
  check (kind <> 'return' or (delta > 0 and reverses_id is not null))
);
comment on table inventory_movements is
  'Append-only stock ledger: on_hand of an item always equals the sum of its deltas.';
create index inventory_movements_item_idx on inventory_movements (item_id, id desc);
create index inventory_movements_clinic_time_idx on inventory_movements (clinic_id, created_at);
create index inventory_movements_appointment_idx on inventory_movements (appointment_id)
  where appointment_id is not null;
create unique index inventory_movements_reverses_idx on inventory_movements (reverses_id)
  where reverses_id is not null;

-- The ledger is history: rows are never changed, and removed only with their clinic or item.
create function inventory_movements_append_only() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'inventory_movements is append-only';
end;
$$;
create trigger inventory_movements_append_only
  before update or delete on inventory_movements
  for each row execute function inventory_movements_append_only();

-- One open alert per item: a second email needs stock back above the threshold first, which
-- resolves the open one.
create table inventory_alerts (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  item_id       uuid not null references inventory_items(id) on delete cascade,
  on_hand       integer not null check (on_hand >= 0),
  threshold     integer not null check (threshold >= 0),
  opened_at     timestamptz not null default now(),
  email_sent_at timestamptz,
  resolved_at   timestamptz
);
create unique index inventory_alerts_open_idx on inventory_alerts (item_id)
  where resolved_at is null;
create index inventory_alerts_clinic_idx on inventory_alerts (clinic_id, opened_at desc);

-- Until the service catalog exists, consumables hang off the appointment's type text.
create table inventory_type_consumables (
  clinic_id        uuid not null references clinics(id) on delete cascade,
  appointment_type text not null check (length(trim(appointment_type)) between 1 and 80),
  item_id          uuid not null references inventory_items(id) on delete cascade,
  quantity         integer not null check (quantity between 1 and 10000)
);
create unique index inventory_type_consumables_idx
  on inventory_type_consumables (clinic_id, lower(appointment_type), item_id);
