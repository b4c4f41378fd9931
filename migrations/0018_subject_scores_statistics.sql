-- Planner statistics of subject_scores from a smaller sample: every analytics run that writes
-- many scores ANALYZEs the table afterwards (on PGlite nothing else would), and with the default
-- target (100: a 30,000-row sample) that took 200 ms at 1M accounts, 26-31 ms at 20 (6,000
-- rows). Twenty histogram buckets and most-common values per column are plenty for what plans
-- read here: how many rows a workspace and family hold, and the selectivity of a comparison of
-- one metric with a value.
ALTER TABLE subject_scores
  ALTER COLUMN workspace_id SET STATISTICS 20,
  ALTER COLUMN subject_type SET STATISTICS 20,
  ALTER COLUMN family SET STATISTICS 20,
  ALTER COLUMN subject_id SET STATISTICS 20,
  ALTER COLUMN model SET STATISTICS 20,
  ALTER COLUMN computed_at SET STATISTICS 20,
  ALTER COLUMN rfm_r SET STATISTICS 20,
  ALTER COLUMN rfm_f SET STATISTICS 20,
  ALTER COLUMN rfm_m SET STATISTICS 20,
  ALTER COLUMN rfm_score SET STATISTICS 20,
  ALTER COLUMN expected_purchases SET STATISTICS 20,
  ALTER COLUMN p_active SET STATISTICS 20,
  ALTER COLUMN expected_spend SET STATISTICS 20,
  ALTER COLUMN clv SET STATISTICS 20;
