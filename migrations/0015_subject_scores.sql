-- Computed per-subject scores: one row per subject and model family instead of one row per
-- subject and metric (subject_metrics, migration 0005). Writing a family's scores of 1M accounts
-- then writes 1M rows with one index, not 4M rows with two (measured 5-15 times faster to
-- write, and a new model's scores replace the old ones' in a quarter of the rows).
--
-- A family is what one analysis writes together, with its columns (the metric names the rule
-- language reads; src/rules/score-families.ts lists them):
--   rfm  rfm_r, rfm_f, rfm_m, rfm_score                        (model 'rfm')
--   clv  expected_purchases, p_active, expected_spend, clv     (model = the CLV model's id)
-- Columns of the other family are NULL. computed_at is when the row's values last changed.
-- The primary key serves both the scans of one family (rules, reports) and the look-ups of a
-- subject's rows (family = ANY of the families).
CREATE TABLE subject_scores (
  workspace_id       bigint NOT NULL,
  subject_type       text NOT NULL CHECK (subject_type IN ('account', 'contact')),
  family             text NOT NULL CHECK (family IN ('rfm', 'clv')),
  subject_id         bigint NOT NULL,
  model              text,
  computed_at        timestamptz NOT NULL,
  rfm_r              double precision,
  rfm_f              double precision,
  rfm_m              double precision,
  rfm_score          double precision,
  expected_purchases double precision,
  p_active           double precision,
  expected_spend     double precision,
  clv                double precision,
  PRIMARY KEY (workspace_id, subject_type, family, subject_id)
);

-- The stored metrics move over, a family's metrics of a subject into one row (its latest
-- computed_at and model). Metrics of no family had no writer and are not kept.
INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at,
                            rfm_r, rfm_f, rfm_m, rfm_score, expected_purchases, p_active, expected_spend, clv)
SELECT workspace_id, subject_type,
       CASE WHEN metric LIKE 'rfm\_%' THEN 'rfm' ELSE 'clv' END AS family, subject_id,
       max(model), max(computed_at),
       max(value) FILTER (WHERE metric = 'rfm_r'), max(value) FILTER (WHERE metric = 'rfm_f'),
       max(value) FILTER (WHERE metric = 'rfm_m'), max(value) FILTER (WHERE metric = 'rfm_score'),
       max(value) FILTER (WHERE metric = 'expected_purchases'), max(value) FILTER (WHERE metric = 'p_active'),
       max(value) FILTER (WHERE metric = 'expected_spend'), max(value) FILTER (WHERE metric = 'clv')
  FROM subject_metrics
 WHERE metric IN ('rfm_r', 'rfm_f', 'rfm_m', 'rfm_score', 'expected_purchases', 'p_active', 'expected_spend', 'clv')
 GROUP BY 1, 2, 3, 4
 ORDER BY 1, 2, 3, 4;

DROP TABLE subject_metrics;
