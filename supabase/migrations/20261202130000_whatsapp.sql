-- WhatsApp add-on: each clinic's own Meta number (bring your own credentials), the message log
-- that doubles as the outbound outbox, verified webhook deliveries waiting to be processed, and
-- numbers Meta said cannot receive WhatsApp.

create table whatsapp_connections (
  clinic_id            uuid primary key references clinics(id) on delete cascade,
  -- The clinic's callback URL is /api/v1/whatsapp/webhook/<webhook_id>: random, never the
  -- clinic's database id, and kept across disconnects so Meta's dashboard need not change.
  webhook_id           text not null unique check (webhook_id ~ '^[A-Za-z0-9_-]{24,64}$'),
  -- Null while disconnected. One Meta number belongs to one clinic: inbound traffic is routed
  -- by it.
  phone_number_id      text unique check (phone_number_id ~ '^[0-9]{5,32}$'),
  business_account_id  text check (business_account_id ~ '^[0-9]{5,32}$'),
  -- Sealed with AES-256-GCM (lib/crypto/phi.ts, credentials key); the last four characters are
  -- kept beside each so the form can show which value is stored without opening it.
  access_token_enc     text,
  access_token_last4   text,
  verify_token_enc     text,
  verify_token_last4   text,
  app_secret_enc       text,
  app_secret_last4     text,
  display_phone_number text,
  verified_name        text,
  quality_rating       text,
  state                text not null default 'disconnected'
                         check (state in ('disconnected', 'connected', 'failing')),
  failing_since        timestamptz,
  last_error           text check (length(last_error) <= 500),
  -- Template name and language per automated message; defaults fill anything missing.
  templates            jsonb not null default '{}'::jsonb,
  connected_at         timestamptz,
  updated_by           uuid references users(id) on delete set null,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  check (state = 'disconnected' or (phone_number_id is not null and access_token_enc is not null
    and verify_token_enc is not null and app_secret_enc is not null))
);
comment on table whatsapp_connections is
  'Per-clinic Meta WhatsApp Cloud API credentials (sealed) and connection state.';

create table whatsapp_messages (
  id                 uuid primary key default gen_random_uuid(),
  clinic_id          uuid not null references clinics(id) on delete cascade,
  direction          text not null check (direction in ('inbound', 'outbound')),
  -- Which automation sent it, a staff reply, the template that reopens a conversation, or an
  -- inbound message.
  kind               text not null check (kind in ('booking_confirmation', 'reminder',
                       'reschedule', 'missed_visit', 'reply', 'reopen', 'inbound')),
  patient_id         uuid references patients(id) on delete set null,
  appointment_id     uuid references appointments(id) on delete set null,
  -- Meta's message id; Meta redelivers webhooks, so each is stored once per clinic.
  wamid              text check (length(wamid) between 1 and 200),
  -- The other party's number, sealed, with its keyed index (same key as patients' numbers).
  contact_phone_enc  text,
  contact_phone_hash text,
  contact_name       text check (length(contact_name) <= 200),
  -- text, image, button, template, …
  message_type       text not null check (length(message_type) between 1 and 40),
  body               text check (length(body) <= 4096),
  template_name      text check (template_name ~ '^[a-z0-9_]+$' and length(template_name) <= 512),
  template_language  text check (template_language ~ '^[A-Za-z_]{2,15}$'),
  template_params    jsonb,
  status             text not null check (status in ('queued', 'sending', 'sent', 'delivered',
                       'read', 'failed', 'received', 'cancelled')),
  -- Every status change and send attempt, oldest first: [{ at, status, note?, code? }].
  trail              jsonb not null default '[]'::jsonb,
  error_code         integer,
  error_title        text check (length(error_title) <= 500),
  attempts           integer not null default 0 check (attempts >= 0),
  next_attempt_at    timestamptz,
  -- "Send once": a second automation run with the same key adds nothing.
  dedupe_key         text unique check (length(dedupe_key) between 1 and 200),
  sent_by            uuid references users(id) on delete set null,
  -- Inbound only: when a member opened the conversation (unread counts).
  read_at            timestamptz,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  unique (clinic_id, wamid)
);
comment on table whatsapp_messages is
  'Every WhatsApp message in and out; queued outbound rows are the sending outbox.';
create index whatsapp_messages_due_idx on whatsapp_messages (next_attempt_at)
  where status in ('queued', 'sending');
create index whatsapp_messages_clinic_time_idx on whatsapp_messages (clinic_id, created_at desc);
create index whatsapp_messages_patient_idx on whatsapp_messages (clinic_id, patient_id, created_at);
create index whatsapp_messages_contact_idx
  on whatsapp_messages (clinic_id, contact_phone_hash, created_at);
create index whatsapp_messages_unread_idx on whatsapp_messages (clinic_id)
  where direction = 'inbound' and read_at is null;

create table whatsapp_webhook_events (
  id           uuid primary key default gen_random_uuid(),
  clinic_id    uuid not null references clinics(id) on delete cascade,
  -- The changes of one verified delivery addressed to this clinic's number.
  payload      jsonb not null,
  received_at  timestamptz not null default now(),
  processed_at timestamptz,
  attempts     integer not null default 0,
  last_error   text
);
comment on table whatsapp_webhook_events is
  'Verified webhook deliveries, acknowledged at once and processed afterwards.';
create index whatsapp_webhook_events_pending_idx on whatsapp_webhook_events (received_at)
  where processed_at is null;

create table whatsapp_unreachable_numbers (
  clinic_id  uuid not null references clinics(id) on delete cascade,
  phone_hash text not null,
  marked_at  timestamptz not null default now(),
  primary key (clinic_id, phone_hash)
);
comment on table whatsapp_unreachable_numbers is
  'Numbers Meta reported cannot receive WhatsApp (error 131026); automations skip them.';
