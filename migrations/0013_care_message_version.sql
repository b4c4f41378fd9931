-- The element version and step that rendered a care message: its 'Email Sent' timeline event
-- (written when the message goes out, or into the outbox) names them, and a retry after an
-- edit re-sends what the earlier version rendered. Messages stored before are left NULL.
ALTER TABLE care_messages ADD COLUMN element_version integer, ADD COLUMN step_id text;
