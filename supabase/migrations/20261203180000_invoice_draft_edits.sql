-- A draft invoice can be edited before it is issued; its history says so.
alter table invoice_events drop constraint invoice_events_kind_check;
alter table invoice_events add constraint invoice_events_kind_check check (kind in (
  'created', 'edited', 'issued', 'payment', 'refund', 'emailed', 'receipt_emailed', 'void'));
