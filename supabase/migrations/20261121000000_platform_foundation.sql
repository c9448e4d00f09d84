-- Platform foundation: plans, clinics, staff accounts, clinic membership and the activity log.

create table subscription_plans (
  id            text primary key check (id ~ '^[a-z][a-z0-9_]*$'),
  name          text not null,
  -- Money is kept in integer minor units (paisa for PKR).
  price_minor   bigint not null check (price_minor >= 0),
  currency      char(3) not null default 'PKR',
  billing_interval text not null default 'month' check (billing_interval in ('month', 'year')),
  sort_order    integer not null,
  created_at    timestamptz not null default now()
);
comment on table subscription_plans is 'Platform subscription tiers; prices in PKR minor units.';

insert into subscription_plans (id, name, price_minor, sort_order) values
  ('free',     'Free',  0,       1),
  ('pro',      'Pro',   750000,  2),
  ('pro_plus', 'Pro+',  1500000, 3);

create table clinics (
  id               uuid primary key default gen_random_uuid(),
  name             text not null check (length(trim(name)) between 1 and 200),
  slug             text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  time_zone        text not null default 'Asia/Karachi',
  owner_email      text not null check (owner_email = lower(owner_email)),
  is_test_account  boolean not null default false,
  plan_id          text not null default 'free' references subscription_plans(id),
  -- The trial clock starts at the clinic's first staff login, not at approval.
  trial_started_at timestamptz,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now()
);
create index clinics_plan_idx on clinics (plan_id);

create table users (
  id            uuid primary key default gen_random_uuid(),
  -- Stored lower-cased so the unique constraint is case-insensitive.
  email         text not null unique check (email = lower(email) and email like '%_@_%'),
  password_hash text not null,
  name          text not null check (length(trim(name)) between 1 and 200),
  is_superadmin boolean not null default false,
  last_login_at timestamptz,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

create table clinic_members (
  id         uuid primary key default gen_random_uuid(),
  clinic_id  uuid not null references clinics(id) on delete cascade,
  user_id    uuid not null references users(id) on delete cascade,
  role       text not null check (role in ('owner', 'admin', 'doctor', 'nurse', 'reception')),
  status     text not null default 'active' check (status in ('active', 'invited', 'deactivated')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (clinic_id, user_id)
);
create index clinic_members_user_idx on clinic_members (user_id);

create table activity_log (
  id            bigint generated always as identity primary key,
  -- Null for platform-level events (superadmin actions, sign-ins without a clinic).
  clinic_id     uuid references clinics(id) on delete cascade,
  actor_user_id uuid references users(id) on delete set null,
  action        text not null check (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  entity_type   text,
  entity_id     text,
  details       jsonb not null default '{}'::jsonb,
  created_at    timestamptz not null default now()
);
create index activity_log_clinic_time_idx on activity_log (clinic_id, created_at desc);
create index activity_log_entity_idx on activity_log (entity_type, entity_id, created_at desc);
