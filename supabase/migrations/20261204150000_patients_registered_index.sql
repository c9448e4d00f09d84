-- Patients a clinic registered in a period: the dashboard's "new patients" figure and the
-- reports count them. Without this, the count read every patient of the clinic.
create index patients_clinic_created_idx on patients (clinic_id, created_at);
