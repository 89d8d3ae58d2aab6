//! The reviewers' work queue of a campaign: the effective results in one pass
//! (`campaign_scores`), then the few facts they do not carry (the tool's newest result where a
//! reviewer decided, attached documents, merge conflicts), each read once for the whole campaign.

use std::collections::{HashMap, HashSet};

use super::Store;
use ttdt_model::domain::Outcome;
use ttdt_model::error::Result;
use ttdt_model::queue::{self, QueueFacts, ToolSeen, WorkQueue};

impl Store {
    /// Every criterion of the campaign that still needs a person, with why.
    pub fn work_queue(&self, campaign_id: i64) -> Result<WorkQueue> {
        let data = self.campaign_scores(campaign_id)?;
        let mut facts = QueueFacts::default();

        // The newest tool result of each criterion a reviewer decided, newest by (asserted_at,
        // uid) as everywhere else; rows come in any order.
        let mut stmt = self.conn.prepare(
            "SELECT r.evaluation_id, r.criterion_code, r.id, r.outcome, r.asserted_at, r.uid
             FROM criterion_result r
             WHERE r.mode = 'automatic'
               AND r.evaluation_id IN (SELECT id FROM evaluation WHERE campaign_id = ?1)
               AND (r.evaluation_id, r.criterion_code) IN
                   (SELECT evaluation_id, criterion_code FROM criterion_result WHERE mode != 'automatic')",
        )?;
        let mut newest: HashMap<(i64, String), (String, String, ToolSeen)> = HashMap::new();
        let mut rows = stmt.query([campaign_id])?;
        while let Some(r) = rows.next()? {
            let key = (r.get::<_, i64>(0)?, r.get::<_, String>(1)?);
            let at: String = r.get(4)?;
            let uid: String = r.get(5)?;
            let outcome: String = r.get(3)?;
            let seen = ToolSeen { id: r.get(2)?, outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Error) };
            let newer = newest.get(&key).is_none_or(|(a, u, _)| (&at, &uid) > (a, u));
            if newer {
                newest.insert(key, (at, uid, seen));
            }
        }
        facts.tool = newest.into_iter().map(|(k, (_, _, t))| (k, t)).collect();

        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT evaluation_id, criterion_code FROM attachment
             WHERE detached_at IS NULL AND evaluation_id IN (SELECT id FROM evaluation WHERE campaign_id = ?1)",
        )?;
        facts.documents = stmt
            .query_map([campaign_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<HashSet<_>>>()?;

        for c in self.conflicts(campaign_id)? {
            facts.conflicts.entry((c.site_id, c.criterion_code)).or_default().push(c.label);
        }
        Ok(queue::build(&data, &facts))
    }
}
