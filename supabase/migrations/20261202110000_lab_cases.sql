-- Lab cases: the clinic's external dental labs, the cases it sends them, each case's timeline and
-- attachments, and the shared links through which a lab technician updates a case without an
-- account.
--
-- Every table carries clinic_id; references between lab tables are composite (clinic_id, id) so
-- a row can never point at another clinic's lab or case (patients and appointments are checked
-- against the clinic in lib/lab/ before they are written).

create table labs (
  id                      uuid primary key default gen_random_uuid(),
  clinic_id               uuid not null references clinics(id) on delete cascade,
  name                    text not null check (length(trim(name)) between 1 and 120),
  contact_person          text check (length(contact_person) <= 120),
  -- E.164, sealed like every phone number (lib/crypto/phi.ts).
  phone_enc               text,
  email                   text check (length(email) <= 254),
  default_turnaround_days integer not null default 7 check (default_turnaround_days between 1 and 90),
  -- Per case type, overriding the default: {"crown": 5, "denture": 10}.
  turnaround_by_type      jsonb not null default '{}'::jsonb check (jsonb_typeof(turnaround_by_type) = 'object'),
  notes                   text check (length(notes) <= 2000),
  active                  boolean not null default true,
  created_by              uuid references users(id) on delete set null,
  created_at              timestamptz not null default now(),
  updated_at              timestamptz not null default now(),
  unique (clinic_id, id)
);
comment on table labs is 'External dental labs of a clinic (Settings → Lab); lib/lab/labs.ts.';
create unique index labs_clinic_name_idx on labs (clinic_id, lower(name));

create table lab_cases (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  -- "LC-0042": handed out from the clinic's lab_case counter.
  number         integer not null check (number > 0),
  patient_id     uuid not null references patients(id),
  appointment_id uuid references appointments(id) on delete set null,
  lab_id         uuid not null,
  case_type      text not null check (case_type in ('crown', 'bridge', 'veneer', 'inlay_onlay',
                   'denture', 'partial_denture', 'implant_crown', 'night_guard', 'aligner',
                   'retainer', 'other')),
  teeth          smallint[] not null default '{}'
                 check (teeth <@ array[11,12,13,14,15,16,17,18,21,22,23,24,25,26,27,28,
                                       31,32,33,34,35,36,37,38,41,42,43,44,45,46,47,48,
                                       51,52,53,54,55,61,62,63,64,65,71,72,73,74,75,81,82,83,84,85]::smallint[]),
  shade          text check (length(shade) <= 40),
  material       text check (length(material) <= 120),
  instructions   text check (length(instructions) <= 4000),
  priority       text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  -- A calendar day on the clinic's calendar.
  due_date       date,
  status         text not null default 'draft' check (status in ('draft', 'sent_to_lab',
                   'received_by_lab', 'in_progress', 'shipped', 'delivered', 'fitted', 'on_hold',
                   'remake_requested', 'cancelled')),
  created_by     uuid references users(id) on delete set null,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  unique (clinic_id, id),
  unique (clinic_id, number),
  foreign key (clinic_id, lab_id) references labs (clinic_id, id)
);
comment on table lab_cases is 'Work sent to an external lab; statuses in lib/lab/statuses.ts.';
create index lab_cases_board_idx on lab_cases (clinic_id, status, due_date);
create index lab_cases_patient_idx on lab_cases (clinic_id, patient_id, created_at desc);
create index lab_cases_appointment_idx on lab_cases (appointment_id) where appointment_id is not null;

-- Who did what to a case, when: the case page's timeline.
create table lab_case_events (
  id            bigint primary key generated always as identity,
  clinic_id     uuid not null references clinics(id) on delete cascade,
  case_id       uuid not null,
  kind          text not null check (kind in ('created', 'edited', 'status', 'note', 'attachment',
                  'link_created', 'link_revoked')),
  from_status   text,
  to_status     text,
  note          text check (length(note) <= 2000),
  actor_user_id uuid references users(id) on delete set null,
  -- As shown: a staff member's name, or "<lab> via shared link".
  actor_label   text not null,
  link_id       uuid,
  created_at    timestamptz not null default now(),
  foreign key (clinic_id, case_id) references lab_cases (clinic_id, id) on delete cascade
);
create index lab_case_events_case_idx on lab_case_events (case_id, id);

create table lab_case_links (
  id           uuid primary key default gen_random_uuid(),
  clinic_id    uuid not null references clinics(id) on delete cascade,
  case_id      uuid not null,
  -- SHA-256 of the token's secret part; the token itself is shown once.
  secret_hash  text not null unique check (secret_hash ~ '^[0-9a-f]{64}$'),
  expires_at   timestamptz not null,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  created_by   uuid references users(id) on delete set null,
  created_at   timestamptz not null default now(),
  unique (clinic_id, id),
  foreign key (clinic_id, case_id) references lab_cases (clinic_id, id) on delete cascade
);
create index lab_case_links_case_idx on lab_case_links (case_id, created_at desc);

-- Files on a case. An image or PDF is also an X-ray capture of the patient (capture_id), a
-- DICOM file or ZIP is imported into the patient's studies (study_ids): that is how they reach
-- the Radiology tab, tagged with the case. Unique per content, so a retried upload is the same row.
create table lab_case_attachments (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  case_id       uuid not null,
  file_id       uuid not null references stored_files(id),
  sha256        text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  kind          text not null check (kind in ('image', 'pdf', 'scan', 'dicom', 'dicom_zip')),
  capture_id    uuid references xray_captures(id) on delete set null,
  study_ids     uuid[] not null default '{}',
  -- How a DICOM import went, entry by entry ({imported, duplicates, skipped: [{name, reason}]}).
  import_report jsonb,
  source        text not null check (source in ('staff', 'lab')),
  uploaded_by   uuid references users(id) on delete set null,
  link_id       uuid,
  created_at    timestamptz not null default now(),
  unique (case_id, sha256),
  foreign key (clinic_id, case_id) references lab_cases (clinic_id, id) on delete cascade
);
create index lab_case_attachments_capture_idx on lab_case_attachments (capture_id)
  where capture_id is not null;
