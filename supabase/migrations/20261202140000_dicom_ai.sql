-- DICOM AI analysis: the durable queue of analyses, each clinic's acceptance of the AI terms, and
-- a superadmin's per-clinic monthly limit. Usage itself is counted in Deno KV (lib/dicom/analysis/quota.ts).

-- One analysis of a DICOM series or of a DICOM capture from the bridge. The row is the queue: a
-- worker claims a queued row with `for update skip locked`, so two workers never run the same one.
-- `quota_month` is the clinic-local month the unit was reserved in, so a refund returns it there.
create table dicom_analyses (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  patient_id    uuid not null references patients(id) on delete cascade,
  series_id     uuid references dicom_series(id) on delete cascade,
  capture_id    uuid references xray_captures(id) on delete cascade,
  status        text not null default 'queued'
    check (status in ('queued', 'running', 'completed', 'failed')),
  provider      text not null check (provider in ('local', 'openai')),
  quota_month   text not null check (quota_month ~ '^[0-9]{4}-[0-9]{2}$'),
  attempts      integer not null default 0 check (attempts >= 0),
  -- The validated findings (lib/dicom/analysis/findings.ts); null until completed.
  result        jsonb,
  error         text check (length(error) <= 1000),
  -- Set once the reserved unit went back to the clinic's month (a failed analysis).
  refunded_at   timestamptz,
  requested_by  uuid references users(id) on delete set null,
  created_at    timestamptz not null default now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  check ((series_id is null) <> (capture_id is null)),
  check ((status = 'completed') = (result is not null))
);
create index dicom_analyses_pending_idx on dicom_analyses (created_at)
  where status in ('queued', 'running');
create index dicom_analyses_series_idx on dicom_analyses (clinic_id, series_id, created_at desc);
create index dicom_analyses_capture_idx on dicom_analyses (clinic_id, capture_id, created_at desc);
create index dicom_analyses_clinic_idx on dicom_analyses (clinic_id, created_at desc);

-- Who accepted which version of the AI terms for the clinic; a new version needs a new row.
create table dicom_ai_terms_acceptances (
  clinic_id     uuid not null references clinics(id) on delete cascade,
  terms_version text not null check (length(terms_version) between 1 and 40),
  accepted_by   uuid references users(id) on delete set null,
  accepted_at   timestamptz not null default now(),
  primary key (clinic_id, terms_version)
);

-- A superadmin's limit for one clinic; without a row the clinic has AI_MONTHLY_QUOTA.
create table dicom_ai_limits (
  clinic_id     uuid primary key references clinics(id) on delete cascade,
  monthly_limit integer not null check (monthly_limit between 0 and 100000),
  updated_by    uuid references users(id) on delete set null,
  updated_at    timestamptz not null default now()
);
