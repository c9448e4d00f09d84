-- Plan pages and the referral programme: what each plan offers, the history of every clinic's
-- plan changes, each clinic's referral code, the prospects it referred, and the commission rate
-- the referral calculator applies to live plan prices.

update subscription_plans set features = '["Patients, calendar and billing", "Treatment plans", "Email appointment confirmations"]'::jsonb
  where id = 'free' and features = '[]'::jsonb;
update subscription_plans set features = '["Everything in Free", "Lab cases and inventory", "X-Ray Bridge and DICOM viewer", "Reports"]'::jsonb
  where id = 'pro' and features = '[]'::jsonb;
update subscription_plans set features = '["Everything in Pro", "DICOM AI analysis", "Ruby AI reports", "Priority support"]'::jsonb
  where id = 'pro_plus' and features = '[]'::jsonb;

-- Every plan assignment, in the order it happened: the superadmin's clinic page shows it.
create table plan_changes (
  id                  uuid primary key default gen_random_uuid(),
  clinic_id           uuid not null references clinics(id) on delete cascade,
  -- Null once the superadmin's account is gone; the change itself stays.
  changed_by          uuid references users(id) on delete set null,
  from_plan_id        text not null references subscription_plans(id),
  to_plan_id          text not null references subscription_plans(id),
  from_billing_period text not null check (from_billing_period in ('monthly', 'annual')),
  to_billing_period   text not null check (to_billing_period in ('monthly', 'annual')),
  -- Internal: platform staff only, never shown to the clinic.
  note                text check (length(note) <= 1000),
  created_at          timestamptz not null default now()
);
create index plan_changes_clinic_idx on plan_changes (clinic_id, created_at desc);

-- One code per clinic; created when the clinic first opens its Referrals page, or here for
-- the clinics that already exist.
create table clinic_referral_codes (
  clinic_id  uuid primary key references clinics(id) on delete cascade,
  code       text not null unique check (code ~ '^[A-Z0-9]{6,16}$'),
  created_at timestamptz not null default now()
);
insert into clinic_referral_codes (clinic_id, code)
  select id, upper(substr(md5(id::text || random()::text), 1, 10)) from clinics;

-- A prospective clinic that left its details on a referral link.
create table referrals (
  id                 uuid primary key default gen_random_uuid(),
  referrer_clinic_id uuid not null references clinics(id) on delete cascade,
  clinic_name        text not null check (length(trim(clinic_name)) between 1 and 200),
  city               text not null check (length(trim(city)) between 1 and 100),
  contact_name       text not null check (length(trim(contact_name)) between 1 and 200),
  email              text not null check (email = lower(email) and email like '%_@_%'),
  -- E.164, sealed like every phone number (lib/crypto/phi.ts).
  phone_enc          text not null,
  status             text not null default 'new'
    check (status in ('new', 'contacted', 'signed_up', 'declined')),
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);
create index referrals_referrer_idx on referrals (referrer_clinic_id, created_at desc);
create index referrals_created_idx on referrals (created_at desc);

-- The programme's one row: the share of a referred clinic's subscription paid as a reward.
create table referral_settings (
  id             boolean primary key default true check (id),
  -- Basis points: 1000 = 10 %.
  commission_bps integer not null default 1000 check (commission_bps between 0 and 10000),
  updated_by     uuid references users(id) on delete set null,
  updated_at     timestamptz not null default now()
);
insert into referral_settings (id) values (true);
