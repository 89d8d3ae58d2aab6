-- 0001: first schema. Shipped migrations are never edited; add a new numbered file instead.

-- Frameworks known to this installation (the shipped ones and imported ones).
CREATE TABLE framework (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    version     TEXT NOT NULL,
    source      TEXT NOT NULL,           -- the framework file as TOML, for export and re-import
    imported_at TEXT NOT NULL
);

CREATE TABLE framework_group (
    framework_id     TEXT NOT NULL REFERENCES framework(id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    points           REAL NOT NULL CHECK (points >= 0),
    separate_ranking INTEGER NOT NULL DEFAULT 0,
    position         INTEGER NOT NULL,
    PRIMARY KEY (framework_id, code)
);

CREATE TABLE framework_criterion (
    framework_id TEXT NOT NULL REFERENCES framework(id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    group_code   TEXT NOT NULL,
    title        TEXT NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('automated', 'hybrid', 'manual')),
    points       REAL NOT NULL CHECK (points >= 0),
    levels       TEXT NOT NULL DEFAULT '[]',   -- JSON array of levels; empty = all
    legal_basis  TEXT NOT NULL,                -- JSON array of {text, article}
    guidance     TEXT NOT NULL DEFAULT '',
    checks       TEXT NOT NULL DEFAULT '[]',   -- JSON array of check ids
    position     INTEGER NOT NULL,
    PRIMARY KEY (framework_id, code),
    FOREIGN KEY (framework_id, group_code) REFERENCES framework_group(framework_id, code)
);

CREATE TABLE campaign (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    year           INTEGER NOT NULL,
    framework_id   TEXT NOT NULL,     -- where the frozen copy came from; not a foreign key on purpose
    framework_name TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (name, year)
);

-- The campaign's own frozen copy of its framework.
CREATE TABLE campaign_group (
    campaign_id      INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    points           REAL NOT NULL CHECK (points >= 0),
    separate_ranking INTEGER NOT NULL DEFAULT 0,
    position         INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, code)
);

CREATE TABLE campaign_criterion (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    title       TEXT NOT NULL,
    method      TEXT NOT NULL CHECK (method IN ('automated', 'hybrid', 'manual')),
    points      REAL NOT NULL CHECK (points >= 0),
    levels      TEXT NOT NULL DEFAULT '[]',
    legal_basis TEXT NOT NULL,
    guidance    TEXT NOT NULL DEFAULT '',
    checks      TEXT NOT NULL DEFAULT '[]',
    position    INTEGER NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, code),
    FOREIGN KEY (campaign_id, group_code) REFERENCES campaign_group(campaign_id, code)
);

-- A site as recorded for one campaign: the agency, its level and block, and the address.
CREATE TABLE site (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    agency_name    TEXT NOT NULL CHECK (length(trim(agency_name)) > 0),
    level          TEXT NOT NULL CHECK (level IN ('ministry', 'ministry_unit', 'province', 'provincial_department', 'commune')),
    block          TEXT NOT NULL,
    url            TEXT NOT NULL,
    url_key        TEXT NOT NULL,      -- scheme-less identity, see site_url.rs
    parent_site_id INTEGER REFERENCES site(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (campaign_id, url_key)
);
CREATE INDEX site_campaign ON site(campaign_id);

-- One site in one campaign.
CREATE TABLE evaluation (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
    site_id      INTEGER NOT NULL UNIQUE REFERENCES site(id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'finalised')),
    status_by    TEXT,
    status_at    TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX evaluation_campaign ON evaluation(campaign_id);

-- Every assertion about a criterion is a new row; the newest row not superseded is the effective one.
CREATE TABLE criterion_result (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
    criterion_code TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('pass', 'partial', 'fail', 'needs_review', 'not_applicable', 'not_tested', 'error')),
    share          REAL NOT NULL DEFAULT 0 CHECK (share >= 0 AND share <= 1),
    points         REAL NOT NULL DEFAULT 0 CHECK (points >= 0),
    mode           TEXT NOT NULL CHECK (mode IN ('automatic', 'manual', 'override')),
    evidence       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(evidence)),
    note           TEXT NOT NULL DEFAULT '',
    asserted_by    TEXT NOT NULL,
    asserted_at    TEXT NOT NULL,
    supersedes     INTEGER REFERENCES criterion_result(id)
);
CREATE INDEX criterion_result_evaluation ON criterion_result(evaluation_id, criterion_code);

-- Documents attached as evidence; the bytes live in a content-addressed store beside the database.
CREATE TABLE attachment (
    id             INTEGER PRIMARY KEY,
    evaluation_id  INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
    criterion_code TEXT NOT NULL,
    sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
    original_name  TEXT NOT NULL,
    size           INTEGER NOT NULL CHECK (size >= 0),
    media_type     TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    added_at       TEXT NOT NULL,
    detached_by    TEXT,
    detached_at    TEXT
);
CREATE INDEX attachment_evaluation ON attachment(evaluation_id, criterion_code);

-- Who changed what, when, and why.
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,     -- campaign, site, evaluation, criterion_result, campaign_criterion, ...
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

-- Small key/value settings of this installation (e.g. the reviewer's name).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
