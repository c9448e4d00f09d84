-- Ruby reports: each generation of a clinic's analytics, stored exactly as it was generated.
--
-- `figures` holds every number the report shows together with what was counted for it (period,
-- filters, row count), and `narrative` the text written from those figures. An old report
-- must keep saying what it said then, so rows are never changed; they go only with their
-- clinic.

create table ruby_reports (
  id            uuid primary key default gen_random_uuid(),
  clinic_id     uuid not null references clinics(id) on delete cascade,
  -- The clinic's calendar days the report covers, both inclusive.
  period_start  date not null,
  period_end    date not null,
  generated_at  timestamptz not null default now(),
  generated_by  uuid references users(id) on delete set null,
  figures       jsonb not null check (jsonb_typeof(figures) = 'object'),
  narrative     jsonb not null check (jsonb_typeof(narrative) = 'object'),
  check (period_end >= period_start),
  check (period_end - period_start < 366)
);
-- The history panel: a clinic's reports, newest first.
create index ruby_reports_clinic_idx on ruby_reports (clinic_id, generated_at desc);

create function ruby_reports_immutable() returns trigger
language plpgsql as $$
begin
  if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
    return old;
  end if;
  raise exception 'ruby_reports are immutable';
end;
$$;
create trigger ruby_reports_immutable
  before update or delete on ruby_reports
  for each row execute function ruby_reports_immutable();
