-- A removed site is kept, with its evaluation, every result and decision and its documents'
-- records, so that a removal can be undone: results are append-only, and removing a site must
-- not be the one way to lose them.
CREATE TABLE removed_site (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    site_id      INTEGER NOT NULL,      -- the id it had
    agency_name  TEXT NOT NULL,
    url          TEXT NOT NULL,
    results      INTEGER NOT NULL,      -- results and decisions it held
    attachments  INTEGER NOT NULL,
    content      TEXT NOT NULL CHECK (json_valid(content)),
    removed_at   TEXT NOT NULL,
    removed_by   TEXT NOT NULL,
    restored_at  TEXT,
    restored_as  INTEGER                -- the new site id
);
CREATE INDEX removed_site_campaign ON removed_site(campaign_id);
