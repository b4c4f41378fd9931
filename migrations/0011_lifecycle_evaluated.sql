-- When the recompute worker last placed every subject by a lifecycle definition version: a saved
-- definition starts NULL and the worker recomputes the stages (and the segments) of its
-- workspace, then sets it. Existing definitions count as evaluated.
ALTER TABLE lifecycle_definitions ADD COLUMN evaluated_at timestamptz;
UPDATE lifecycle_definitions SET evaluated_at = created_at;
