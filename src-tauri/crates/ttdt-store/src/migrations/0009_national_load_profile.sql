-- New campaigns judge page loads on the national profile (a mobile device on slow 4G with a CPU
-- 4× slower, as the national evaluation measures). A campaign that exists keeps the profile it
-- was measured with, so that its sites stay comparable with each other.
-- SQLite cannot alter a CHECK constraint, so the column is rebuilt under the same name.
ALTER TABLE campaign ADD COLUMN load_profile TEXT NOT NULL DEFAULT 'national'
    CHECK (load_profile IN ('national', 'desktop', 'mobile'));
UPDATE campaign SET load_profile = browser_profile;
ALTER TABLE campaign DROP COLUMN browser_profile;
ALTER TABLE campaign RENAME COLUMN load_profile TO browser_profile;
