-- Finance: patient invoices and their lines, payments, refunds, receipts, the invoice history,
-- each clinic's tax rate, and the attachments an outbox email carries (receipt and invoice PDFs).
--
-- Invoice and receipt numbers come from `clinic_counters` ('invoice', 'receipt'), bumped with
-- `insert … on conflict do update … returning` in the transaction that inserts the row: the
-- counter row stays locked until that transaction ends, so concurrent creates queue behind each
-- other and never share a number, and a rolled-back create rolls its number back too (no gaps).
--
-- Overpayment is impossible whatever the application does: `invoices.paid_minor` is the net of
-- payments less refunds, kept in the transaction that records them while the invoice row is locked
-- (`for update`), and the check below keeps it within the invoice total.

create table finance_settings (
  clinic_id          uuid primary key references clinics(id) on delete cascade,
  -- Optional tax added to every new invoice, in basis points (1700 = 17%); null means none.
  tax_rate_bp        integer check (tax_rate_bp between 1 and 5000),
  tax_label          text not null default 'Sales tax' check (length(trim(tax_label)) between 1 and 40),
  -- Default gap between an invoice's date and its due date.
  payment_terms_days integer not null default 14 check (payment_terms_days between 0 and 365),
  updated_by         uuid references users(id) on delete set null,
  updated_at         timestamptz not null default now()
);
comment on table finance_settings is 'A clinic''s invoicing settings; a clinic without a row has no tax.';

create table invoices (
  id                uuid primary key default gen_random_uuid(),
  clinic_id         uuid not null references clinics(id) on delete cascade,
  -- Clinic-wide, gap-free; shown as INV-000123.
  number            bigint not null check (number > 0),
  patient_id        uuid not null references patients(id) on delete restrict,
  -- The doctor the work is billed for (list filter); optional.
  doctor_id         uuid references users(id) on delete set null,
  appointment_id    uuid references appointments(id) on delete set null,
  treatment_plan_id uuid references treatment_plans(id) on delete set null,
  status            text not null default 'issued'
                      check (status in ('draft', 'issued', 'partially_paid', 'paid', 'void')),
  issue_date        date not null,
  due_date          date not null check (due_date >= issue_date),
  currency          char(3) not null default 'PKR',
  subtotal_minor    bigint not null check (subtotal_minor >= 0),
  discount_minor    bigint not null default 0 check (discount_minor >= 0),
  tax_rate_bp       integer check (tax_rate_bp between 1 and 5000),
  tax_minor         bigint not null default 0 check (tax_minor >= 0),
  total_minor       bigint not null check (total_minor >= 0),
  -- Payments less refunds; the balance is total_minor - paid_minor.
  paid_minor        bigint not null default 0 check (paid_minor >= 0 and paid_minor <= total_minor),
  notes             text check (length(notes) <= 2000),
  issued_at         timestamptz,
  void_reason       text check (length(trim(void_reason)) between 1 and 500),
  voided_at         timestamptz,
  voided_by         uuid references users(id) on delete set null,
  created_by        uuid references users(id) on delete set null,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (clinic_id, number),
  check (total_minor = subtotal_minor - discount_minor + tax_minor),
  check ((status = 'void') = (void_reason is not null and voided_at is not null))
);
create index invoices_clinic_date_idx on invoices (clinic_id, issue_date desc, number desc);
create index invoices_patient_idx on invoices (clinic_id, patient_id, issue_date desc);
create index invoices_open_due_idx on invoices (clinic_id, due_date)
  where status in ('issued', 'partially_paid');

create table invoice_items (
  id               uuid primary key default gen_random_uuid(),
  clinic_id        uuid not null references clinics(id) on delete cascade,
  invoice_id       uuid not null references invoices(id) on delete cascade,
  position         integer not null check (position >= 0),
  -- Where the line came from; the references are kept for the record, the text and prices are
  -- copied so a later catalog or plan change never alters an invoice.
  source           text not null check (source in ('service', 'plan_item', 'appointment', 'custom')),
  service_id       uuid references treatment_services(id) on delete set null,
  plan_item_id     uuid references treatment_plan_items(id) on delete set null,
  appointment_id   uuid references appointments(id) on delete set null,
  description      text not null check (length(trim(description)) between 1 and 200),
  quantity         integer not null check (quantity between 1 and 1000),
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  discount_minor   bigint not null default 0 check (discount_minor >= 0),
  line_total_minor bigint not null check (line_total_minor >= 0),
  unique (invoice_id, position),
  check (line_total_minor = quantity * unit_price_minor - discount_minor)
);
create index invoice_items_plan_item_idx on invoice_items (plan_item_id) where plan_item_id is not null;

create table payments (
  id               uuid primary key default gen_random_uuid(),
  clinic_id        uuid not null references clinics(id) on delete cascade,
  invoice_id       uuid not null references invoices(id) on delete restrict,
  patient_id       uuid not null references patients(id) on delete restrict,
  amount_minor     bigint not null check (amount_minor > 0),
  method           text not null check (method in (
                     'cash', 'card', 'bank_transfer', 'jazzcash', 'easypaisa', 'cheque')),
  reference        text check (length(reference) <= 120),
  paid_on          date not null,
  -- Sent by the form with every attempt: a retry after a lost answer finds the first payment.
  idempotency_key  text not null check (length(idempotency_key) between 8 and 100),
  refunded_minor   bigint not null default 0
                     check (refunded_minor >= 0 and refunded_minor <= amount_minor),
  recorded_by      uuid references users(id) on delete set null,
  created_at       timestamptz not null default now(),
  unique (clinic_id, idempotency_key)
);
create index payments_invoice_idx on payments (invoice_id, created_at);
create index payments_patient_idx on payments (clinic_id, patient_id, paid_on desc);

create table refunds (
  id           uuid primary key default gen_random_uuid(),
  clinic_id    uuid not null references clinics(id) on delete cascade,
  payment_id   uuid not null references payments(id) on delete restrict,
  invoice_id   uuid not null references invoices(id) on delete restrict,
  amount_minor bigint not null check (amount_minor > 0),
  reason       text not null check (length(trim(reason)) between 1 and 500),
  refunded_on  date not null,
  recorded_by  uuid references users(id) on delete set null,
  created_at   timestamptz not null default now()
);
create index refunds_invoice_idx on refunds (invoice_id, created_at);

create table receipts (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  -- Clinic-wide, gap-free, separate from invoice numbers; shown as RCT-000045.
  number              bigint not null check (number > 0),
  payment_id          uuid not null unique references payments(id) on delete restrict,
  invoice_id          uuid not null references invoices(id) on delete restrict,
  amount_minor        bigint not null check (amount_minor > 0),
  -- What was still owed once this payment was in: printed on the receipt.
  balance_after_minor bigint not null check (balance_after_minor >= 0),
  issued_at           timestamptz not null default now(),
  last_emailed_at     timestamptz,
  unique (clinic_id, number)
);
create index receipts_invoice_idx on receipts (invoice_id);

-- What happened to an invoice, in order: created, issued, payment, refund, emailed, void.
create table invoice_events (
  id           uuid primary key default gen_random_uuid(),
  clinic_id    uuid not null references clinics(id) on delete cascade,
  invoice_id   uuid not null references invoices(id) on delete cascade,
  kind         text not null check (kind in (
                 'created', 'issued', 'payment', 'refund', 'emailed', 'receipt_emailed', 'void')),
  amount_minor bigint,
  -- The balance once the event was in, for payments and refunds.
  balance_minor bigint,
  detail       text check (length(detail) <= 500),
  actor_id     uuid references users(id) on delete set null,
  created_at   timestamptz not null default now()
);
create index invoice_events_invoice_idx on invoice_events (invoice_id, created_at);

-- Files an outbox email carries. Kept beside the outbox rather than in it, so claiming and
-- listing messages never reads attachment bytes; removed with their message.
create table email_attachments (
  id             uuid primary key default gen_random_uuid(),
  email_id       uuid not null references email_outbox(id) on delete cascade,
  position       integer not null check (position >= 0),
  filename       text not null check (filename ~ '^[^/\\\r\n]{1,120}$'),
  content_type   text not null check (content_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  -- Base64, as both providers take it; at most about 5 MB of file.
  content_base64 text not null check (length(content_base64) <= 7000000),
  size_bytes     integer not null check (size_bytes >= 0),
  unique (email_id, position)
);
