-- Error logs: WARN-and-above log records the app's OTLP/HTTP logs receiver accepted,
-- scrubbed of personal data before they are written. Platform-wide (not clinic-owned):
-- only superadmins read them; clinic_id says which clinic a record concerns, when known.
create table error_logs (
  id uuid primary key default gen_random_uuid(),
  -- When the record happened (OTLP timeUnixNano, else observedTimeUnixNano, else receipt).
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- OTLP severityNumber: 13–16 WARN, 17–20 ERROR, 21–24 FATAL; lower ones are never stored.
  severity_number smallint not null check (severity_number between 13 and 24),
  severity_text text not null,
  message text not null,
  -- Groups identical messages on the error log page (a hash of the scrubbed message).
  fingerprint text not null,
  service_name text,
  release text,
  route text,
  clinic_id uuid references clinics (id) on delete set null,
  trace_id text,
  span_id text,
  stack text,
  -- Record and resource attributes, flattened to key → value, scrubbed.
  attributes jsonb not null default '{}'::jsonb
);
create index error_logs_occurred_at_idx on error_logs (occurred_at desc);
create index error_logs_fingerprint_idx on error_logs (fingerprint, occurred_at desc);
