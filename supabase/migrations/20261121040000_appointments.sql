-- Appointments (issue 4, release notes "Calendar & Appointments"): operatories,
-- appointments, a clinic's weekly working hours and its closed dates.
--
-- Double booking is prevented in lib/appointments/booking.ts, which takes
-- pg_advisory_xact_lock on clinic+doctor and clinic+operatory before checking
-- for an overlap. An exclusion constraint would need btree_gist, which the
-- embedded PGlite backend does not load.

create table operatories (
  id         uuid primary key default gen_random_uuid(),
  clinic_id  uuid not null references clinics(id) on delete cascade,
  name       text not null check (length(trim(name)) between 1 and 80),
  -- An inactive operatory keeps its history but takes no new bookings.
  active     boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Lets appointments reference (clinic_id, id), so a booking can never name another clinic's room.
  unique (clinic_id, id)
);
create unique index operatories_clinic_name_idx on operatories (clinic_id, lower(name));

create table appointments (
  id               uuid primary key default gen_random_uuid(),
  clinic_id        uuid not null references clinics(id) on delete cascade,
  patient_id       uuid not null references patients(id),
  -- The doctor is a user who is a member of the same clinic.
  doctor_id        uuid not null,
  operatory_id     uuid not null,
  starts_at        timestamptz not null,
  -- The upper bound also bounds the overlap queries: nothing that started more
  -- than 480 minutes before an instant can still be running at it.
  duration_minutes integer not null check (duration_minutes between 5 and 480),
  type             text not null check (length(trim(type)) between 1 and 80),
  color_tag        text not null default 'teal'
                   check (color_tag in ('teal', 'blue', 'violet', 'amber', 'rose', 'slate', 'green', 'orange')),
  status           text not null default 'scheduled'
                   check (status in ('scheduled', 'confirmed', 'in_progress', 'completed', 'cancelled', 'no_show')),
  notes            text check (length(notes) <= 2000),
  created_by       uuid references users(id) on delete set null,
  created_at       timestamptz not null default now(),
  updated_at       timestamptz not null default now(),
  foreign key (clinic_id, doctor_id) references clinic_members (clinic_id, user_id),
  foreign key (clinic_id, operatory_id) references operatories (clinic_id, id)
);
comment on column appointments.starts_at is 'UTC instant; shown in clinics.time_zone.';
-- The calendar's week query, clinic-wide and filtered by doctor or operatory;
-- the last two also serve the double-booking check.
create index appointments_clinic_start_idx on appointments (clinic_id, starts_at);
create index appointments_doctor_start_idx on appointments (clinic_id, doctor_id, starts_at);
create index appointments_operatory_start_idx on appointments (clinic_id, operatory_id, starts_at);
-- A patient's appointments tab.
create index appointments_patient_start_idx on appointments (clinic_id, patient_id, starts_at desc);

-- Opening hours per weekday (0 = Sunday … 6 = Saturday, as extract(dow) and
-- Date#getDay count), in the clinic's time zone. A weekday without a row is
-- closed; a clinic without any row has not set its hours and is not limited.
create table clinic_working_hours (
  clinic_id uuid not null references clinics(id) on delete cascade,
  weekday   smallint not null check (weekday between 0 and 6),
  opens_at  time not null,
  closes_at time not null,
  primary key (clinic_id, weekday),
  check (closes_at > opens_at)
);

-- Holidays and other whole days the clinic is closed, as local calendar dates.
create table clinic_closed_dates (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  date       date not null,
  reason     text not null check (length(trim(reason)) between 1 and 120),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (clinic_id, date)
);
