-- The patient portal: a patient invited by their clinic signs in to see their
-- own appointments, answer the upcoming ones and keep their details current.
--
-- A patient account is its own kind of principal, not a `users` row: it has
-- its own credentials, belongs to exactly one patient of one clinic, and
-- never holds a clinic membership, so no staff permission can ever reach it.

create table patient_accounts (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  -- One account per patient record; deleting the patient deletes the account.
  patient_id    uuid not null unique references patients(id) on delete cascade,
  -- Not unique: a family often shares one address, each member with an account of their own.
  email         text not null check (email = lower(email) and email like '%_@_%'),
  password_hash text not null,
  last_login_at timestamptz,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index patient_accounts_email_idx on patient_accounts (email);
create index patient_accounts_clinic_idx on patient_accounts (clinic_id);

-- Invitations to the portal, like staff invitations: the link carries 32
-- random bytes and only their SHA-256 is stored. Inviting a patient again
-- revokes the open invitation, which is what makes the old link stop working.
create table patient_invitations (
  id          uuid primary key default gen_random_uuid(),
  clinic_id   uuid not null references clinics(id) on delete cascade,
  patient_id  uuid not null references patients(id) on delete cascade,
  email       text not null check (email = lower(email) and email like '%_@_%'),
  token_hash  text not null unique,
  invited_by  uuid references users(id) on delete set null,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  accepted_at timestamptz,
  revoked_at  timestamptz,
  check (expires_at > created_at)
);
-- At most one open invitation per patient.
create unique index patient_invitations_open_idx on patient_invitations (patient_id)
  where accepted_at is null and revoked_at is null;
create index patient_invitations_clinic_idx on patient_invitations (clinic_id, created_at desc);

-- How patients reach their clinic, shown in the portal. Not PHI: it is the
-- clinic's own public phone, email and address.
create table clinic_contacts (
  clinic_id  uuid primary key references clinics(id) on delete cascade,
  phone      text check (phone ~ '^\+[1-9][0-9]{6,14}$'),
  email      text check (email = lower(email) and email like '%_@_%'),
  address    text check (length(address) <= 500),
  updated_at timestamptz not null default now()
);
