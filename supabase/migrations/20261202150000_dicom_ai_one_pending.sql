-- One waiting analysis per subject: a second submission of a series or capture
-- whose analysis is still queued or running gets that analysis back instead of
-- costing another unit of the month's quota.
create unique index dicom_analyses_one_pending_series on dicom_analyses (series_id)
  where status in ('queued', 'running') and series_id is not null;
create unique index dicom_analyses_one_pending_capture on dicom_analyses (capture_id)
  where status in ('queued', 'running') and capture_id is not null;
