-- V2: what sweep workers need to share one sweep safely.
-- A trial left 'running' by a dead worker goes back to 'queued': dead means a stale heartbeat, or
-- (on the worker's own host) a process that no longer exists. The pid alone is not enough, since
-- pids are reused, so the worker process's start time is kept beside it.
ALTER TABLE trial ADD COLUMN worker_host    TEXT;
ALTER TABLE trial ADD COLUMN worker_pid     BIGINT;
ALTER TABLE trial ADD COLUMN worker_started TIMESTAMPTZ;

-- workers look for running trials with old heartbeats
CREATE INDEX trial_running_idx ON trial (sweep_id, heartbeat_at) WHERE status = 'running';
