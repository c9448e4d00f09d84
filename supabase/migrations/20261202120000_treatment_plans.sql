-- Treatment plans: the clinic's service catalog, discount policies, patient tags the policies
-- read, and plans (options → phases → line items) with their accepted snapshots.
-- Money is integer minor units (paisa) in PKR; totals are computed by the server and stored.

-- What the clinic offers, at its default price. Archived services stay for the plans that use them.
create table treatment_services (
  id                       uuid primary key default gen_random_uuid(),
  clinic_id                uuid not null references clinics(id) on delete cascade,
  code                     text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
  name                     text not null check (length(trim(name)) between 1 and 120),
  category                 text not null check (category in ('diagnostic', 'preventive',
                             'restorative', 'endodontic', 'periodontic', 'prosthodontic',
                             'oral_surgery', 'orthodontic', 'implant', 'cosmetic', 'other')),
  default_price_minor      bigint not null check (default_price_minor between 0 and 100000000000),
  currency                 text not null default 'PKR' check (currency = 'PKR'),
  default_duration_minutes integer not null check (default_duration_minutes between 5 and 600),
  per_tooth                boolean not null default false,
  active                   boolean not null default true,
  created_at               timestamptz not null default now(),
  updated_at               timestamptz not null default now(),
  unique (clinic_id, code)
);
create index treatment_services_clinic_idx on treatment_services (clinic_id, category, name);

-- Labels a discount policy can ask for ("senior citizen", "staff family", "returning").
create table patient_tags (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  patient_id uuid not null references patients(id) on delete cascade,
  tag        text not null check (tag ~ '^[a-z0-9]+(_[a-z0-9]+)*$' and length(tag) <= 40),
  created_at timestamptz not null default now(),
  primary key (patient_id, tag)
);
create index patient_tags_clinic_idx on patient_tags (clinic_id, tag);

-- A discount the clinic grants when every condition set on it holds. Percentages are basis
-- points (1000 = 10 %). Without `combinable` only the best single applicable policy applies.
create table discount_policies (
  id                 uuid primary key default gen_random_uuid(),
  clinic_id          uuid not null references clinics(id) on delete cascade,
  name               text not null check (length(trim(name)) between 1 and 80),
  kind               text not null check (kind in ('percent', 'fixed')),
  percent_bp         integer check (percent_bp between 1 and 10000),
  amount_minor       bigint check (amount_minor between 1 and 100000000000),
  min_age            integer check (min_age between 0 and 130),
  max_age            integer check (max_age between 0 and 130),
  min_subtotal_minor bigint check (min_subtotal_minor >= 0),
  patient_tag        text check (patient_tag ~ '^[a-z0-9]+(_[a-z0-9]+)*$'),
  service_category   text,
  combinable         boolean not null default false,
  active             boolean not null default true,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  check ((kind = 'percent' and percent_bp is not null and amount_minor is null)
      or (kind = 'fixed' and amount_minor is not null and percent_bp is null)),
  check (min_age is null or max_age is null or min_age <= max_age)
);
create index discount_policies_clinic_idx on discount_policies (clinic_id, active);

create table treatment_plans (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  patient_id          uuid not null references patients(id) on delete cascade,
  title               text not null check (length(trim(title)) between 1 and 120),
  status              text not null default 'draft' check (status in ('draft', 'proposed',
                        'accepted', 'in_progress', 'completed', 'declined', 'cancelled')),
  -- Bumped by every content edit; an acceptance names the revision it signed.
  revision            integer not null default 1 check (revision >= 1),
  valid_until         date,
  notes               text check (length(notes) <= 2000),
  before_photo_id     uuid references stored_files(id) on delete set null,
  after_photo_id      uuid references stored_files(id) on delete set null,
  created_by          uuid references users(id) on delete set null,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now()
);
create index treatment_plans_clinic_idx on treatment_plans (clinic_id, status, updated_at desc);
create index treatment_plans_patient_idx on treatment_plans (clinic_id, patient_id);

-- Alternatives of one plan ("Implant" vs "Bridge"); a plan without alternatives has one.
-- The discount state is stored as decided, so editing restores it exactly:
-- `discount_mode` auto (policies), manual (an amount) or none; `discount_policies` the
-- policies as they were applied (name, rate, reason); `discount_basis` what they were
-- computed from, so the server recomputes only when that changes.
create table treatment_plan_options (
  id                    uuid primary key default gen_random_uuid(),
  clinic_id             uuid not null references clinics(id) on delete cascade,
  plan_id               uuid not null references treatment_plans(id) on delete cascade,
  position              integer not null check (position >= 0),
  name                  text not null check (length(trim(name)) between 1 and 80),
  recommended           boolean not null default false,
  status                text not null default 'open' check (status in ('open', 'accepted', 'declined')),
  discount_mode         text not null default 'auto' check (discount_mode in ('auto', 'manual', 'none')),
  manual_discount_minor bigint check (manual_discount_minor >= 0),
  discount_policies     jsonb not null default '[]',
  discount_basis        text not null default '',
  subtotal_minor        bigint not null default 0 check (subtotal_minor >= 0),
  discount_minor        bigint not null default 0 check (discount_minor >= 0),
  total_minor           bigint not null default 0 check (total_minor >= 0),
  check (discount_minor <= subtotal_minor and total_minor = subtotal_minor - discount_minor),
  unique (plan_id, position)
);
create unique index treatment_plan_options_one_recommended
  on treatment_plan_options (plan_id) where recommended;
create unique index treatment_plan_options_one_accepted
  on treatment_plan_options (plan_id) where status = 'accepted';

create table treatment_plan_phases (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  option_id      uuid not null references treatment_plan_options(id) on delete cascade,
  position       integer not null check (position >= 0),
  name           text not null check (length(trim(name)) between 1 and 80),
  subtotal_minor bigint not null default 0 check (subtotal_minor >= 0),
  discount_minor bigint not null default 0 check (discount_minor >= 0),
  total_minor    bigint not null default 0 check (total_minor >= 0),
  unique (option_id, position)
);

-- A service as planned: its catalog price kept beside the price charged, so an override shows.
create table treatment_plan_items (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  phase_id            uuid not null references treatment_plan_phases(id) on delete cascade,
  position            integer not null check (position >= 0),
  service_id          uuid not null references treatment_services(id),
  code                text not null,
  name                text not null,
  category            text not null,
  tooth               text check (tooth ~ '^([1-4][1-8]|[5-8][1-5])$'),
  surfaces            text not null default '' check (surfaces ~ '^M?O?D?B?L?$'),
  quantity            integer not null check (quantity between 1 and 99),
  unit_price_minor    bigint not null check (unit_price_minor between 0 and 100000000000),
  catalog_price_minor bigint not null check (catalog_price_minor >= 0),
  line_total_minor    bigint not null check (line_total_minor >= 0),
  discount_minor      bigint not null default 0 check (discount_minor >= 0),
  status              text not null default 'planned' check (status in ('planned', 'scheduled', 'done')),
  appointment_id      uuid references appointments(id) on delete set null,
  unique (phase_id, position)
);
create index treatment_plan_items_phase_idx on treatment_plan_items (phase_id, position);

-- What the patient agreed to, frozen: `snapshot` is the canonical JSON text of the accepted
-- option (items, prices, discount, totals) and `snapshot_sha256` its digest. Never updated.
create table treatment_plan_acceptances (
  id                uuid primary key default gen_random_uuid(),
  clinic_id         uuid not null references clinics(id) on delete cascade,
  plan_id           uuid not null references treatment_plans(id) on delete cascade,
  option_id         uuid not null references treatment_plan_options(id) on delete cascade,
  revision          integer not null,
  snapshot          text not null,
  snapshot_sha256   text not null check (snapshot_sha256 ~ '^[0-9a-f]{64}$'),
  via               text not null check (via in ('clinic', 'remote')),
  accepted_by       uuid references users(id) on delete set null,
  signed_name       text check (length(trim(signed_name)) between 1 and 120),
  signature_file_id uuid references stored_files(id) on delete set null,
  accepted_at       timestamptz not null default now(),
  unique (plan_id, revision)
);
create index treatment_plan_acceptances_plan_idx on treatment_plan_acceptances (plan_id, accepted_at desc);
