-- The lots each affected consumer bought, with their use-by dates, so the notice names the
-- very pack in their kitchen (issue 11): [{"lot": "...", "use_by": "YYYY-MM-DD" | null}].
ALTER TABLE recall_affected_consumers ADD COLUMN lots jsonb NOT NULL DEFAULT '[]';
