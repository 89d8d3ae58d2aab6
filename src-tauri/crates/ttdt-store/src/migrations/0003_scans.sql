-- What automated scans collected: one row per scan of a site, the snapshot kept compressed so
-- that results can be judged again and shown as evidence without fetching.
CREATE TABLE scan (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
    started_at      TEXT NOT NULL,
    duration_ms     INTEGER NOT NULL,
    status          TEXT NOT NULL,
    snapshot_gz     BLOB NOT NULL,      -- gzip of the snapshot's JSON
    snapshot_sha256 TEXT NOT NULL,      -- of the uncompressed JSON
    created_at      TEXT NOT NULL
);
CREATE INDEX scan_site ON scan(site_id, id);
