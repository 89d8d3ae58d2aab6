-- 0006: global identities, so that the work of several machines can be exchanged in bundles
-- and merged as a set union. Local integer keys stay the keys of joins; `uid` is the identity a
-- row has on every machine. New rows get a UUIDv7 from the application; rows that existed
-- before this migration get one whose time field is their local id (so that they sort before
-- every newer row and among themselves in the order they were written) and whose other bits are
-- random.

ALTER TABLE campaign ADD COLUMN uid TEXT;
ALTER TABLE site ADD COLUMN uid TEXT;
ALTER TABLE evaluation ADD COLUMN uid TEXT;
ALTER TABLE criterion_result ADD COLUMN uid TEXT;
ALTER TABLE attachment ADD COLUMN uid TEXT;
ALTER TABLE change_log ADD COLUMN uid TEXT;

-- The uid of the campaign, site or evaluation a change-log row is about, so that the row means
-- the same thing on another machine (its entity_id holds local keys).
ALTER TABLE change_log ADD COLUMN scope_uid TEXT;

-- A decision made on a machine that saw two reviewers' disagreeing decisions resolves them:
-- the uids of the other decisions it replaces (besides the one in `supersedes`), as JSON.
ALTER TABLE criterion_result ADD COLUMN resolves TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(resolves));

UPDATE campaign SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);
UPDATE site SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);
UPDATE evaluation SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);
UPDATE criterion_result SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);
UPDATE attachment SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);
UPDATE change_log SET uid = printf('%08x-%04x-7%03x-%04x-%012x', id >> 16, id & 65535,
    abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656);

CREATE UNIQUE INDEX campaign_uid ON campaign(uid);
CREATE UNIQUE INDEX site_uid ON site(uid);
CREATE UNIQUE INDEX evaluation_uid ON evaluation(uid);
CREATE UNIQUE INDEX criterion_result_uid ON criterion_result(uid);
CREATE UNIQUE INDEX attachment_uid ON attachment(uid);
CREATE UNIQUE INDEX change_log_uid ON change_log(uid);

-- Who inspects which site: rows are only added; the newest (assigned_at, uid) is in force.
-- An empty inspector name takes the site back.
CREATE TABLE assignment (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    site_id     INTEGER NOT NULL REFERENCES site(id) ON DELETE CASCADE,
    inspector   TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    assigned_at TEXT NOT NULL,
    assigned_by TEXT NOT NULL
);
CREATE INDEX assignment_site ON assignment(site_id);

-- A row written without a uid (by code that does not set one) still gets one: a UUIDv7 of the
-- current millisecond with random bits. The application sets uids itself where their order
-- matters (results, assignments).
CREATE TRIGGER campaign_uid_fill AFTER INSERT ON campaign WHEN NEW.uid IS NULL BEGIN
    UPDATE campaign SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;
CREATE TRIGGER site_uid_fill AFTER INSERT ON site WHEN NEW.uid IS NULL BEGIN
    UPDATE site SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;
CREATE TRIGGER evaluation_uid_fill AFTER INSERT ON evaluation WHEN NEW.uid IS NULL BEGIN
    UPDATE evaluation SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;
CREATE TRIGGER criterion_result_uid_fill AFTER INSERT ON criterion_result WHEN NEW.uid IS NULL BEGIN
    UPDATE criterion_result SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;
CREATE TRIGGER attachment_uid_fill AFTER INSERT ON attachment WHEN NEW.uid IS NULL BEGIN
    UPDATE attachment SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;
CREATE TRIGGER change_log_uid_fill AFTER INSERT ON change_log WHEN NEW.uid IS NULL BEGIN
    UPDATE change_log SET uid = printf('%08x-%04x-7%03x-%04x-%012x',
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) >> 16,
        CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) & 65535,
        abs(random()) % 4096, 32768 + abs(random()) % 16384, abs(random()) % 281474976710656)
     WHERE id = NEW.id;
END;

-- The scope of a change-log row: the uid of the evaluation a result, document or status change
-- belongs to, of the site or of the campaign.
CREATE TRIGGER change_log_scope AFTER INSERT ON change_log WHEN NEW.scope_uid IS NULL BEGIN
    UPDATE change_log SET scope_uid = CASE NEW.entity
        WHEN 'evaluation' THEN (SELECT uid FROM evaluation WHERE id = CAST(NEW.entity_id AS INTEGER))
        WHEN 'criterion_result' THEN (SELECT uid FROM evaluation
                                       WHERE id = CAST(substr(NEW.entity_id, 1, instr(NEW.entity_id, '/') - 1) AS INTEGER))
        WHEN 'attachment' THEN (SELECT uid FROM evaluation
                                 WHERE id = CAST(substr(NEW.entity_id, 1, instr(NEW.entity_id, '/') - 1) AS INTEGER))
        WHEN 'site' THEN (SELECT uid FROM site WHERE id = CAST(NEW.entity_id AS INTEGER))
        WHEN 'campaign' THEN (SELECT uid FROM campaign WHERE id = CAST(NEW.entity_id AS INTEGER))
    END
     WHERE id = NEW.id;
END;
UPDATE change_log SET scope_uid = CASE entity
        WHEN 'evaluation' THEN (SELECT uid FROM evaluation WHERE id = CAST(change_log.entity_id AS INTEGER))
        WHEN 'criterion_result' THEN (SELECT uid FROM evaluation
                                       WHERE id = CAST(substr(change_log.entity_id, 1, instr(change_log.entity_id, '/') - 1) AS INTEGER))
        WHEN 'attachment' THEN (SELECT uid FROM evaluation
                                 WHERE id = CAST(substr(change_log.entity_id, 1, instr(change_log.entity_id, '/') - 1) AS INTEGER))
        WHEN 'site' THEN (SELECT uid FROM site WHERE id = CAST(change_log.entity_id AS INTEGER))
        WHEN 'campaign' THEN (SELECT uid FROM campaign WHERE id = CAST(change_log.entity_id AS INTEGER))
    END;
CREATE INDEX change_log_scope ON change_log(scope_uid);
