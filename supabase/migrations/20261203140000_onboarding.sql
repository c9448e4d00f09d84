-- Clinic onboarding: clinics apply from a public page and a superadmin decides;
-- an approved clinic gets its owner invited, a logo of its own, and a checklist
-- of first steps on its dashboard until every step is done.

create table clinic_applications (
  id               uuid primary key default gen_random_uuid(),
  clinic_name      text not null check (length(trim(clinic_name)) between 1 and 200),
  city             text not null check (length(trim(city)) between 1 and 100),
  owner_name       text not null check (length(trim(owner_name)) between 1 and 200),
  email            text not null check (email = lower(email) and email like '%_@_%'),
  -- The applicant's number, E.164, sealed at rest like every phone number (lib/crypto/phi.ts).
  phone_sealed     text not null,
  status           text not null default 'pending'
    check (status in ('pending', 'approved', 'rejected')),
  -- Shown to the applicant in the rejection email.
  rejection_reason text check (length(trim(rejection_reason)) between 1 and 1000),
  -- The clinic an approval created.
  clinic_id        uuid references clinics(id) on delete set null,
  decided_by       uuid references users(id) on delete set null,
  decided_at       timestamptz,
  created_at       timestamptz not null default now(),
  check ((status = 'pending') = (decided_at is null)),
  check (status <> 'rejected' or rejection_reason is not null)
);
comment on table clinic_applications is 'Clinics applying from /signup; lib/onboarding/applications.ts.';
create index clinic_applications_status_idx on clinic_applications (status, created_at desc);
-- One waiting application per address: applying twice does not queue a duplicate.
create unique index clinic_applications_pending_email_idx on clinic_applications (email)
  where status = 'pending';

alter table clinics
  -- The clinic's logo (PNG, JPEG or SVG) in the ObjectStore; shown in the shell, emails and PDFs.
  add column logo_file_id uuid references stored_files(id) on delete set null,
  -- Set once every onboarding milestone is done: the checklist never comes back after that.
  add column onboarding_completed_at timestamptz;

-- The owner of an approved clinic joins through the same invitation flow as staff.
alter table staff_invitations drop constraint staff_invitations_role_check;
alter table staff_invitations add constraint staff_invitations_role_check
  check (role in ('owner', 'admin', 'doctor', 'nurse', 'reception'));
-- When the link was last (re)sent; the Staff list shows it beside Resend.
alter table staff_invitations add column last_sent_at timestamptz;
update staff_invitations set last_sent_at = created_at;
alter table staff_invitations alter column last_sent_at set not null,
  alter column last_sent_at set default now();
