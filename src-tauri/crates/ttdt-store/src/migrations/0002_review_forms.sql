-- 0002: reviewer forms on criteria, and the legal texts a campaign's framework rests on.

ALTER TABLE framework_criterion ADD COLUMN checklist TEXT NOT NULL DEFAULT '[]';
ALTER TABLE framework_criterion ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE framework_criterion ADD COLUMN document_required INTEGER NOT NULL DEFAULT 0;

ALTER TABLE campaign_criterion ADD COLUMN checklist TEXT NOT NULL DEFAULT '[]';
ALTER TABLE campaign_criterion ADD COLUMN documents TEXT NOT NULL DEFAULT '[]';
ALTER TABLE campaign_criterion ADD COLUMN document_required INTEGER NOT NULL DEFAULT 0;

ALTER TABLE framework ADD COLUMN legal_texts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE campaign ADD COLUMN legal_texts TEXT NOT NULL DEFAULT '[]';
ALTER TABLE campaign ADD COLUMN framework_year INTEGER;
ALTER TABLE campaign ADD COLUMN framework_version TEXT;
