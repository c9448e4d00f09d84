-- X-Ray Bridge (issue 6, release notes "Bridge Desktop Application"): the chairside devices a
-- clinic registers, and the captures they upload.
--
-- A device authenticates with an API key shown once at registration; only its SHA-256 is kept
-- (key_hash), so a database leak does not hand out working keys. Regenerating replaces the hash,
-- which makes the old key fail at once. A capture is idempotent on its content: the bridge retries
-- until it hears back, and unique (clinic_id, sha256) turns every retry into the same row.

create table bridge_devices (
  id               uuid primary key default gen_random_uuid(),
  clinic_id        uuid not null references clinics(id) on delete cascade,
  name             text not null check (length(trim(name)) between 1 and 80),
  operatory_id     uuid,
  -- The category every capture of this device gets; null means "tell from the file".
  category         text check (category in
                     ('periapical', 'bitewing', 'panoramic', 'cephalometric', 'intraoral_photo', 'other')),
  -- lib/bridge/filename-pattern.ts, e.g. '{mrn}_{any}'.
  filename_pattern text check (length(filename_pattern) between 1 and 120),
  key_hash         text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the key, so staff can tell keys apart without seeing them.
  key_prefix       text not null check (length(key_prefix) between 4 and 16),
  revoked_at       timestamptz,
  last_seen_at     timestamptz,
  last_version     text check (length(last_version) <= 40),
  created_by       uuid references users(id) on delete set null,
  created_at       timestamptz not null default now(),
  unique (clinic_id, id),
  foreign key (clinic_id, operatory_id) references operatories (clinic_id, id)
);
comment on table bridge_devices is 'Chairside X-ray bridges; lib/bridge/devices.ts.';
create index bridge_devices_clinic_idx on bridge_devices (clinic_id, created_at);

create table xray_captures (
  id             uuid primary key default gen_random_uuid(),
  clinic_id      uuid not null references clinics(id) on delete cascade,
  file_id        uuid not null references stored_files(id),
  sha256         text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- Null while the capture waits in the "Unassigned captures" inbox.
  patient_id     uuid references patients(id),
  device_id      uuid references bridge_devices(id) on delete set null,
  operatory_id   uuid,
  appointment_id uuid references appointments(id) on delete set null,
  category       text not null check (category in
                   ('periapical', 'bitewing', 'panoramic', 'cephalometric', 'intraoral_photo', 'other')),
  captured_at    timestamptz not null,
  teeth          smallint[] not null default '{}'
                 check (teeth <@ array[11,12,13,14,15,16,17,18,21,22,23,24,25,26,27,28,
                                       31,32,33,34,35,36,37,38,41,42,43,44,45,46,47,48,
                                       51,52,53,54,55,61,62,63,64,65,71,72,73,74,75,81,82,83,84,85]::smallint[]),
  -- How the patient was found; null while unassigned.
  match_method   text check (match_method in ('dicom_patient_id', 'filename', 'appointment', 'manual')),
  assigned_by    uuid references users(id) on delete set null,
  created_at     timestamptz not null default now(),
  unique (clinic_id, sha256),
  check ((patient_id is null) = (match_method is null))
);
comment on table xray_captures is 'X-ray captures uploaded by bridge devices; lib/captures/.';
comment on column xray_captures.teeth is 'FDI tooth numbers the image shows.';
-- The inbox: a clinic's unassigned captures, newest first.
create index xray_captures_unassigned_idx on xray_captures (clinic_id, captured_at desc)
  where patient_id is null;
-- A patient's radiology tab, an appointment's X-ray panel, a device's captures today.
create index xray_captures_patient_idx on xray_captures (clinic_id, patient_id, captured_at desc);
create index xray_captures_appointment_idx on xray_captures (appointment_id) where appointment_id is not null;
create index xray_captures_device_idx on xray_captures (device_id, captured_at);
