-- Granular permissions: per-clinic role templates, per-member overrides,
-- per-clinic modules (seed 003 §3.1), staff invitations and settings sections.

-- A module is on when the clinic's plan includes it, unless a row here says
-- otherwise; add-ons outside every plan (whatsapp_api) need a row to be on.
create table clinic_modules (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  module_key text not null check (module_key ~ '^[a-z][a-z0-9_]*$'),
  is_enabled boolean not null,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (clinic_id, module_key)
);

-- A clinic's saved template for a role. No row: the plan's default for the role applies.
-- Owners are not templated: they always hold every permission.
create table role_templates (
  clinic_id   uuid not null references clinics(id) on delete cascade,
  role        text not null check (role in ('admin', 'doctor', 'nurse', 'reception')),
  permissions text[] not null,
  updated_by  uuid references users(id) on delete set null,
  updated_at  timestamptz not null default now(),
  primary key (clinic_id, role)
);

-- Null: the member follows their role's template. Set: exactly these keys.
alter table clinic_members add column permissions_override text[];
alter table clinic_members add column permissions_override_by uuid references users(id) on delete set null;

create table staff_invitations (
  id          uuid primary key default gen_random_uuid(),
  clinic_id   uuid not null references clinics(id) on delete cascade,
  email       text not null check (email = lower(email) and email like '%_@_%'),
  role        text not null check (role in ('admin', 'doctor', 'nurse', 'reception')),
  -- SHA-256 of the link token; the token itself is only ever in the link.
  token_hash  text not null unique,
  invited_by  uuid references users(id) on delete set null,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  accepted_at timestamptz,
  revoked_at  timestamptz
);
-- One open invitation per address and clinic.
create unique index staff_invitations_open_idx on staff_invitations (clinic_id, email)
  where accepted_at is null and revoked_at is null;

-- Small per-clinic settings documents, one per settings section.
create table clinic_settings (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  section    text not null check (section ~ '^[a-z][a-z0-9_]*$'),
  values     jsonb not null default '{}'::jsonb,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (clinic_id, section)
);
