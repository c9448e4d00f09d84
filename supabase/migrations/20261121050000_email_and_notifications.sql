-- Email outbox and in-app notifications.
--
-- Email is written to the outbox inside the transaction of the change that causes it, so a
-- message exists only if that change committed; a cron sender delivers it afterwards.

create table email_outbox (
  id                  uuid primary key default gen_random_uuid(),
  -- Null for platform mail that belongs to no clinic.
  clinic_id           uuid references clinics(id) on delete cascade,
  to_address          text not null check (to_address like '%_@_%' and length(to_address) <= 320),
  subject             text not null check (length(subject) between 1 and 300),
  html                text not null,
  text                text not null,
  -- What caused the message, e.g. 'appointment.scheduled'.
  kind                text not null check (kind ~ '^[a-z_]+(\.[a-z_]+)+$'),
  -- "Send once": a second enqueue with the same key is dropped by this constraint, whichever
  -- instance or job run attempts it.
  dedupe_key          text unique check (length(dedupe_key) between 1 and 200),
  status              text not null default 'queued'
                        check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts            integer not null default 0 check (attempts >= 0),
  last_error          text,
  -- When the sender may next pick the message up. While 'sending' it is the end of the claim's
  -- lease: a sender that died mid-send leaves the message to be retried after it.
  next_attempt_at     timestamptz not null default now(),
  sent_at             timestamptz,
  provider_message_id text,
  created_at          timestamptz not null default now()
);
comment on table email_outbox is
  'Outgoing email; delivered by lib/email/sender.ts with retries and backoff.';
create index email_outbox_due_idx on email_outbox (next_attempt_at)
  where status in ('queued', 'sending');
create index email_outbox_clinic_time_idx on email_outbox (clinic_id, created_at desc);
create index email_outbox_time_idx on email_outbox (created_at desc);

create table notifications (
  id         uuid primary key default gen_random_uuid(),
  -- Insertion order: timestamps can tie, and the list pages back by this cursor.
  seq        bigint generated always as identity unique,
  clinic_id  uuid not null references clinics(id) on delete cascade,
  user_id    uuid not null references users(id) on delete cascade,
  kind       text not null check (kind ~ '^[a-z_]+(\.[a-z_]+)+$'),
  title      text not null check (length(trim(title)) between 1 and 200),
  body       text check (length(body) <= 1000),
  -- A path inside the app; never an external URL.
  link       text check (link ~ '^/([^/\\]|$)'),
  read_at    timestamptz,
  created_at timestamptz not null default now()
);
comment on table notifications is 'In-app notifications for staff (the bell).';
create index notifications_user_seq_idx on notifications (user_id, clinic_id, seq desc);
create index notifications_user_unread_idx on notifications (user_id, clinic_id)
  where read_at is null;
