-- Invoice Studio: invoices from the platform to clinics for their subscriptions, the
-- platform's billing profile (legal name, address, NTN, logo) and a gap-free number series.

-- One row: what the platform prints on its invoices. The logo bytes live in the object
-- store; a new upload gets a new key, so every server instance sees the change.
create table platform_billing_profile (
  id                boolean primary key default true check (id),
  legal_name        text not null default '' check (length(legal_name) <= 200),
  address           text not null default '' check (length(address) <= 500),
  ntn               text not null default '' check (length(ntn) <= 40),
  billing_email     text not null default '' check (length(billing_email) <= 320),
  -- The logo shown on the studio's pages: PNG or SVG.
  logo_object_key   text,
  logo_content_type text check (logo_content_type in ('image/png', 'image/svg+xml')),
  -- The PNG drawn on PDFs (pdf-lib embeds PNG and JPEG only): the logo itself when it is a
  -- PNG, a separately uploaded PNG when the logo is an SVG; null prints the default mark.
  pdf_logo_object_key text,
  updated_by        uuid references users(id) on delete set null,
  updated_at        timestamptz not null default now()
);

-- The last number issued per series (the calendar year in Pakistan). Incremented in the
-- transaction that creates the invoice: concurrent creators queue on the row lock, and a
-- rolled-back invoice rolls its number back, so numbers are sequential without gaps.
create table platform_invoice_counters (
  series      text primary key check (series ~ '^[0-9]{4}$'),
  last_number integer not null check (last_number > 0)
);

create table platform_invoices (
  id              uuid primary key default gen_random_uuid(),
  number          text not null unique,
  series          text not null,
  sequence        integer not null check (sequence > 0),
  clinic_id       uuid not null references clinics(id) on delete restrict,
  -- The clinic as billed, copied while the invoice is a draft and frozen once it is sent.
  bill_to_name    text not null,
  bill_to_email   text not null,
  plan_id         text not null,
  billing_period  text not null check (billing_period in ('monthly', 'annual')),
  period_start    date not null,
  period_end      date not null,
  status          text not null default 'draft' check (status in ('draft', 'sent', 'paid', 'void')),
  issue_date      date not null,
  due_date        date not null,
  currency        char(3) not null default 'PKR',
  subtotal_minor  bigint not null default 0 check (subtotal_minor >= 0),
  discount_minor  bigint not null default 0 check (discount_minor >= 0),
  total_minor     bigint not null default 0 check (total_minor >= 0),
  paid_minor      bigint not null default 0 check (paid_minor >= 0),
  notes           text not null default '' check (length(notes) <= 2000),
  sent_at         timestamptz,
  paid_at         timestamptz,
  voided_at       timestamptz,
  void_reason     text,
  last_emailed_at timestamptz,
  created_by      uuid references users(id) on delete set null,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  unique (series, sequence),
  check (period_end >= period_start),
  check (due_date >= issue_date),
  check (discount_minor <= subtotal_minor),
  check (total_minor = subtotal_minor - discount_minor),
  check (paid_minor <= total_minor)
);
-- One live invoice per clinic and period; a voided one can be issued again.
create unique index platform_invoices_clinic_period_idx
  on platform_invoices (clinic_id, period_start) where status <> 'void';
create index platform_invoices_status_idx on platform_invoices (status, issue_date desc);
create index platform_invoices_period_idx on platform_invoices (period_start, period_end);

create table platform_invoice_lines (
  id               uuid primary key default gen_random_uuid(),
  invoice_id       uuid not null references platform_invoices(id) on delete cascade,
  position         smallint not null check (position >= 0),
  -- 'plan' is the subscription line prefilled from the clinic's plan; 'extra' anything added.
  kind             text not null check (kind in ('plan', 'extra')),
  description      text not null check (length(description) between 1 and 200),
  quantity         integer not null check (quantity between 1 and 10000),
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  amount_minor     bigint not null check (amount_minor = quantity * unit_price_minor),
  unique (invoice_id, position)
);

create table platform_invoice_payments (
  id           uuid primary key default gen_random_uuid(),
  invoice_id   uuid not null references platform_invoices(id) on delete cascade,
  amount_minor bigint not null check (amount_minor > 0),
  paid_on      date not null,
  method       text not null check (method in ('bank_transfer', 'cheque', 'cash', 'card', 'other')),
  reference    text not null default '' check (length(reference) <= 100),
  recorded_by  uuid references users(id) on delete set null,
  created_at   timestamptz not null default now()
);
create index platform_invoice_payments_invoice_idx on platform_invoice_payments (invoice_id);
