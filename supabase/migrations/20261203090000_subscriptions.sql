-- Subscriptions: a plan has a monthly and an annual price, and a clinic is on a
-- trial, an active subscription billed monthly or annually, or suspended.

comment on column subscription_plans.price_minor is 'Monthly price in PKR minor units.';
alter table subscription_plans
  add column annual_price_minor bigint check (annual_price_minor >= 0),
  -- Short lines the plan pages and the plan dialog show ("DICOM AI analysis", …).
  add column features jsonb not null default '[]'::jsonb;
update subscription_plans set annual_price_minor = price_minor * 10;
alter table subscription_plans alter column annual_price_minor set not null;

alter table clinics
  -- A trial ends TRIAL_DAYS after trial_started_at (the first owner or staff login);
  -- an expired trial is still status 'trial': the clinic becomes read-only, nothing is deleted.
  add column subscription_status text not null default 'trial'
    check (subscription_status in ('trial', 'active', 'suspended')),
  add column billing_period text not null default 'monthly'
    check (billing_period in ('monthly', 'annual')),
  -- When the paid subscription started; the next invoice date follows from it and billing_period.
  add column subscribed_at timestamptz;
create index clinics_subscription_status_idx on clinics (subscription_status);
