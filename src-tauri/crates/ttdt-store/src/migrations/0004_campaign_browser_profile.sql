-- The device a campaign measures page loads as is an attribute of the campaign, not a setting of
-- the installation: it moves from the settings key `campaign.{id}.browser_profile` to a column.
ALTER TABLE campaign ADD COLUMN browser_profile TEXT NOT NULL DEFAULT 'desktop'
    CHECK (browser_profile IN ('desktop', 'mobile'));
UPDATE campaign SET browser_profile = 'mobile'
 WHERE EXISTS (SELECT 1 FROM setting
                WHERE key = 'campaign.' || campaign.id || '.browser_profile' AND value = 'mobile');
DELETE FROM setting WHERE key LIKE 'campaign.%.browser_profile';
