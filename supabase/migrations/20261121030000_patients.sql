-- Patients. Phone numbers are PHI: stored AES-256-GCM encrypted (lib/crypto/phi.ts),
-- with a keyed hash beside each so an exact number can still be looked up.

create table patients (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  -- Medical record number, unique within the clinic, generated from clinic_counters.
  mrn                 text not null check (mrn ~ '^[A-Z0-9-]{3,32}$'),
  full_name           text not null check (length(trim(full_name)) between 1 and 200),
  date_of_birth       date,
  gender              text check (gender in ('female', 'male', 'other', 'unknown')),
  email               text check (email = lower(email) and email like '%_@_%'),
  phone_enc           text,
  phone_hash          text,
  whatsapp_phone_enc  text,
  whatsapp_phone_hash text,
  address             text check (length(address) <= 500),
  medical_alerts      text check (length(medical_alerts) <= 2000),
  created_by          uuid references users(id) on delete set null,
  created_at          timestamptz not null default now(),
  updated_at          timestamptz not null default now(),
  unique (clinic_id, mrn)
);
create index patients_clinic_name_idx on patients (clinic_id, lower(full_name));
create index patients_clinic_phone_idx on patients (clinic_id, phone_hash);
create index patients_clinic_whatsapp_idx on patients (clinic_id, whatsapp_phone_hash);

-- Per-clinic counters (MRNs now; invoice numbers later), bumped with
-- `update … returning` so concurrent inserts never share a number.
create table clinic_counters (
  clinic_id uuid not null references clinics(id) on delete cascade,
  name      text not null check (name ~ '^[a-z_]+$'),
  value     bigint not null default 0,
  primary key (clinic_id, name)
);
