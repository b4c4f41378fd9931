-- Whole-workspace recompute requests. A writer that changes most subjects of a workspace at once
-- (an RFM or CLV run rescoring a million accounts) records one row here in its own transaction
-- instead of queueing every subject in recompute_queue (3-5 s a million rows). The recompute
-- worker claims the workspace's requests (claimed_at, a lease it renews after each batch), runs
-- the whole-workspace recompute of segments and stages, and then deletes exactly the requests it
-- claimed before the run started; a request recorded meanwhile stays for the next run. A claim
-- older than its lease (a worker that died) is claimed again.
CREATE TABLE recompute_requests (
  workspace_id bigint NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  subject_type text NOT NULL CHECK (subject_type IN ('account', 'contact')),
  subjects     bigint NOT NULL,
  reason       text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  claimed_at   timestamptz,
  PRIMARY KEY (workspace_id, id)
);
