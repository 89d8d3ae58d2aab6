-- What a campaign's exported documents carry: the issuing body, the place of issue and who signs
-- (a JSON list of {title, name}), set per campaign instead of taken from the reviewer's unit.
ALTER TABLE campaign ADD COLUMN issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE campaign ADD COLUMN signatories TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(signatories));
