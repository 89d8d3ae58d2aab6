-- What a reviewer typed on a criterion and did not get saved as a decision (refused, pending, or
-- cut short by a crash): one draft per evaluation and criterion, kept until a decision is saved
-- or the reviewer discards it. Drafts are this machine's scratch, not part of the record: they
-- are not logged and not carried in bundles.
CREATE TABLE review_draft (
    evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
    criterion_code TEXT NOT NULL,
    draft TEXT NOT NULL CHECK (json_valid(draft)),
    problem TEXT NOT NULL DEFAULT '',
    saved_by TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, criterion_code)
);

-- Finalising needs a second person (not the one who submitted), unless the campaign turns it off.
ALTER TABLE campaign ADD COLUMN second_approval INTEGER NOT NULL DEFAULT 1;
