-- Clinical notes and the dental chart (issue 4, "Dental chart and notes").

-- Notes written about a patient, optionally at one of their appointments.
-- Deleting a note only stamps deleted_at: a clinical record keeps its history.
create table clinical_notes (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  patient_id     uuid not null references patients(id) on delete cascade,
  appointment_id uuid references appointments(id) on delete set null,
  author_id      uuid references users(id) on delete set null,
  body           text not null check (length(trim(body)) between 1 and 5000),
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  deleted_at     timestamptz
);
create index clinical_notes_patient_idx
  on clinical_notes (clinic_id, patient_id, created_at desc) where deleted_at is null;
create index clinical_notes_appointment_idx
  on clinical_notes (appointment_id, created_at desc) where deleted_at is null;

-- One finding or treatment on one tooth, in FDI notation: permanent teeth
-- 11–18, 21–28, 31–38, 41–48; primary teeth 51–55, 61–65, 71–75, 81–85.
-- Surfaces: M mesial, O occlusal/incisal, D distal, B buccal/facial, L lingual/palatal.
create table chart_entries (
  id          uuid primary key default gen_random_uuid(),
  clinic_id   uuid not null references clinics(id) on delete cascade,
  patient_id  uuid not null references patients(id) on delete cascade,
  tooth       text not null check (tooth ~ '^([1-4][1-8]|[5-8][1-5])$'),
  surface     text check (surface in ('M', 'O', 'D', 'B', 'L')),
  kind        text not null check (kind in ('condition', 'procedure')),
  code        text not null check (code ~ '^[a-z_]{2,40}$'),
  note        text check (length(note) <= 500),
  recorded_on date not null,
  recorded_by uuid references users(id) on delete set null,
  created_at  timestamptz not null default now()
);
create index chart_entries_patient_idx on chart_entries (clinic_id, patient_id, recorded_on);
