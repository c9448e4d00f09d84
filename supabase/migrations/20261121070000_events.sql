-- The live event bus.
--
-- A change that staff should see live writes a row here and calls pg_notify in the same
-- transaction (lib/events/publish.ts), so an event exists only if the change committed. The
-- notification carries only the row id; listeners read the row, which keeps payloads far below
-- NOTIFY's 8000-byte limit. Rows are kept for a while so a browser that reconnects with
-- Last-Event-ID receives what it missed.

create table events (
  -- The SSE event id: increasing, so "everything after id N" is one index range.
  id         bigint generated always as identity primary key,
  clinic_id  uuid not null references clinics(id) on delete cascade,
  -- Named by type, e.g. 'xray.captured'; the SSE `event:` field.
  type       text not null check (type ~ '^[a-z_]+(\.[a-z_]+)+$'),
  -- The permission a staff member needs to receive it; null means every member of the clinic.
  permission text check (permission ~ '^[a-z_]+(\.[a-z_]+)+$'),
  data       jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
comment on table events is
  'Live events for SSE fan-out; pruned after a retention period by lib/events.';
create index events_clinic_id_idx on events (clinic_id, id);
create index events_created_idx on events (created_at);
