-- DICOM studies uploaded to a patient (issue 7, "DICOM ingest"): study → series → instances,
-- each instance one Part 10 file in stored_files. Written by lib/dicom/import.ts.

-- A study as the modality described it. The DICOM PatientID/PatientName are kept as read, because
-- a study filed against a patient whose MRN differs was confirmed by a person and must stay
-- explainable later.
create table dicom_studies (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  patient_id          uuid not null references patients(id) on delete cascade,
  study_instance_uid  text not null check (study_instance_uid ~ '^[0-9.]{1,64}$'),
  study_date          date,
  description         text check (length(description) <= 200),
  modality            text check (length(modality) <= 16),
  dicom_patient_id    text check (length(dicom_patient_id) <= 64),
  dicom_patient_name  text check (length(dicom_patient_name) <= 200),
  -- FDI teeth the study shows, tagged by staff (same check as chart_entries.tooth).
  teeth               smallint[] not null default '{}'
    check (teeth <@ array[11,12,13,14,15,16,17,18,21,22,23,24,25,26,27,28,
                          31,32,33,34,35,36,37,38,41,42,43,44,45,46,47,48,
                          51,52,53,54,55,61,62,63,64,65,71,72,73,74,75,81,82,83,84,85]::smallint[]),
  created_by          uuid references users(id) on delete set null,
  created_at          timestamptz not null default now(),
  unique (clinic_id, study_instance_uid)
);
create index dicom_studies_patient_idx on dicom_studies (clinic_id, patient_id, created_at desc);

create table dicom_series (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  study_id            uuid not null references dicom_studies(id) on delete cascade,
  series_instance_uid text not null check (series_instance_uid ~ '^[0-9.]{1,64}$'),
  modality            text check (length(modality) <= 16),
  description         text check (length(description) <= 200),
  series_number       integer,
  unique (clinic_id, series_instance_uid)
);
create index dicom_series_study_idx on dicom_series (study_id, series_number);

-- One stored file per SOP instance: the same instance uploaded again is recognised and not stored twice.
create table dicom_instances (
  id               uuid primary key default gen_random_uuid(),
  clinic_id        uuid not null references clinics(id) on delete cascade,
  series_id        uuid not null references dicom_series(id) on delete cascade,
  sop_instance_uid text not null check (sop_instance_uid ~ '^[0-9.]{1,64}$'),
  instance_number  integer,
  file_id          uuid not null references stored_files(id) on delete restrict,
  rows             integer not null check (rows >= 0),
  columns          integer not null check (columns >= 0),
  frames           integer not null default 1 check (frames >= 1),
  -- Row spacing then column spacing in mm (PixelSpacing, else ImagerPixelSpacing); null when absent.
  pixel_spacing    double precision[] check (cardinality(pixel_spacing) = 2),
  unique (clinic_id, sop_instance_uid)
);
create index dicom_instances_series_idx on dicom_instances (series_id, instance_number);
