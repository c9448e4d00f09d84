-- What a bridge's heartbeat reports about itself (issue 6), so Settings → Bridge Devices can show
-- a backlog or a failing bridge without anyone walking to the chairside PC.
alter table bridge_devices
  -- Captures waiting in the bridge's queue at its last heartbeat.
  add column last_queue_length          integer check (last_queue_length >= 0),
  -- The bridge's most recent problem as it reported it, and when it happened (bridge clock,
  -- else the heartbeat that first carried it). Cleared by a heartbeat without an error.
  add column last_error                 text check (length(last_error) <= 2000),
  add column last_error_at              timestamptz,
  -- How often the bridge promised to call in; "offline" is three missed heartbeats.
  add column heartbeat_interval_seconds integer
    check (heartbeat_interval_seconds between 1 and 3600);
