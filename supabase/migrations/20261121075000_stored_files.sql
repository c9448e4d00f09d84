-- Files kept in the ObjectStore (X-ray captures, DICOM instances), one row each.
--
-- The bytes live in the ObjectStore under object_key; this row is what tenancy checks, listings
-- and streaming (GET /api/v1/files/:id/content) read. Captures and DICOM instances point here.

create table stored_files (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  object_key    text not null unique check (length(object_key) between 1 and 512),
  content_type  text not null check (length(content_type) between 1 and 200),
  size_bytes    bigint not null check (size_bytes >= 0),
  sha256        text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  original_name text check (length(original_name) between 1 and 255),
  -- A preview made on first request and kept (ObjectStore key), so uploads cost no CPU for it.
  thumbnail_key text check (length(thumbnail_key) between 1 and 512),
  created_by    uuid references users(id) on delete set null,
  created_at    timestamptz not null default now()
);
comment on table stored_files is 'Metadata of files in the ObjectStore; lib/storage/files.ts.';
create index stored_files_clinic_time_idx on stored_files (clinic_id, created_at desc);
create index stored_files_clinic_sha_idx on stored_files (clinic_id, sha256);
