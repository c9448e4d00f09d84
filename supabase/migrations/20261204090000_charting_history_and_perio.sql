-- The chart keeps its history, and the periodontal exam gets its own tables.
--
-- Chart entries: the visit an entry was charted at, a third kind ("planned":
-- treatment the dentist intends, drawn as an outline until the procedure is
-- recorded), and removal by stamping removed_at/removed_by instead of deleting,
-- so the chart can be drawn as it stood on any past date.
alter table chart_entries
  add column appointment_id uuid references appointments(id) on delete set null,
  add column removed_at     timestamptz,
  add column removed_by     uuid references users(id) on delete set null;
alter table chart_entries drop constraint chart_entries_kind_check;
alter table chart_entries
  add constraint chart_entries_kind_check check (kind in ('condition', 'procedure', 'planned'));
create index chart_entries_appointment_idx on chart_entries (appointment_id)
  where appointment_id is not null;

-- One periodontal exam of one patient, optionally at a visit.
create table perio_exams (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  patient_id     uuid not null references patients(id) on delete cascade,
  appointment_id uuid references appointments(id) on delete set null,
  examined_on    date not null,
  recorded_by    uuid references users(id) on delete set null,
  note           text check (length(note) <= 1000),
  created_at     timestamptz not null default now()
);
create index perio_exams_patient_idx on perio_exams (clinic_id, patient_id, examined_on desc);

-- Per tooth: mobility (Miller 0–3), furcation (Glickman I–III), or absent.
create table perio_teeth (
  exam_id   uuid not null references perio_exams(id) on delete cascade,
  clinic_id uuid not null references clinics(id) on delete cascade,
  tooth     text not null check (tooth ~ '^[1-4][1-8]$'),
  missing   boolean not null default false,
  mobility  smallint check (mobility between 0 and 3),
  furcation smallint check (furcation between 1 and 3),
  primary key (exam_id, tooth)
);

-- Per site, six a tooth: probing depth and recession in mm (recession may be
-- negative when the gingival margin sits above the enamel-cement junction),
-- bleeding on probing, suppuration and plaque. Clinical attachment level is
-- depth + recession and is computed, never stored, so it cannot disagree.
create table perio_sites (
  exam_id     uuid not null references perio_exams(id) on delete cascade,
  clinic_id   uuid not null references clinics(id) on delete cascade,
  tooth       text not null check (tooth ~ '^[1-4][1-8]$'),
  site        text not null check (site in ('MB', 'B', 'DB', 'ML', 'L', 'DL')),
  depth       smallint check (depth between 0 and 15),
  recession   smallint check (recession between -5 and 15),
  bleeding    boolean not null default false,
  suppuration boolean not null default false,
  plaque      boolean not null default false,
  primary key (exam_id, tooth, site)
);
create index perio_sites_clinic_idx on perio_sites (clinic_id, exam_id);
