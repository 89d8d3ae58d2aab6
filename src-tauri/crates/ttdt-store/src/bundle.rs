//! The rows a bundle carries, read for export and merged on import as a set union.
//!
//! A bundle holds a campaign (its row and its frozen framework copy, identified by a content
//! hash), some of its sites with their evaluations, every result and decision, the documents'
//! records, the change log about them and the assignments. Rows are identified by their `uid`;
//! local keys are left out and rebuilt from uids on import. Importing adds what is absent, skips
//! what is present, and refuses the whole bundle (changing nothing) when it contradicts the
//! database: another framework copy, a site address held by another site, a row of another
//! campaign. The file format (a zip with a manifest of hashes) is the application layer's.

use std::collections::{BTreeMap, HashMap, HashSet};

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::Store;
use ttdt_model::error::{Error, Result};

/// The parts of a bundle besides the manifest and the documents, in the order they are written.
pub const BUNDLE_PARTS: [&str; 8] =
    ["campaign.json", "sites.jsonl", "evaluations.jsonl", "results.jsonl", "attachments.jsonl", "changes.jsonl", "assignments.jsonl", "framework.json"];

/// What a bundle carries, as rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleData {
    /// The campaign row, without its local id.
    pub campaign: Value,
    /// The frozen framework copy: `{"groups": [...], "criteria": [...]}`.
    pub framework: Value,
    pub sites: Vec<Value>,
    pub evaluations: Vec<Value>,
    pub results: Vec<Value>,
    pub attachments: Vec<Value>,
    pub changes: Vec<Value>,
    pub assignments: Vec<Value>,
}

impl BundleData {
    /// The uid of the campaign it carries.
    pub fn campaign_uid(&self) -> &str {
        self.campaign.get("uid").and_then(Value::as_str).unwrap_or("")
    }

    /// The SHA-256 of its framework copy (see [`framework_hash`]).
    pub fn framework_hash(&self) -> String {
        hash_json(&self.framework)
    }

    /// The documents it needs: the distinct SHA-256 of its attachments.
    pub fn document_hashes(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.attachments.iter().filter_map(|a| a.get("sha256").and_then(Value::as_str)).map(str::to_string).collect();
        out.sort();
        out.dedup();
        out
    }
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BundleReport {
    /// The campaign's name and year.
    pub campaign: String,
    #[ts(type = "number")]
    pub campaign_id: i64,
    /// The campaign was not on this machine and was created.
    pub campaign_created: bool,
    /// Rows added (sites, evaluations, results, documents' records, change-log rows, assignments).
    pub added: usize,
    /// Rows the database already had.
    pub already_present: usize,
    /// Conflicts in the campaign after the import.
    pub conflicts: usize,
    /// Sites the bundle carries.
    pub sites: usize,
    pub dry_run: bool,
}

/// Rows of a query as JSON objects, column by column, blobs left out.
pub(crate) fn query_json(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<Value>> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    let mut rows = stmt.query(p)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => continue,
            };
            obj.insert(name.clone(), v);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

/// SHA-256 of a JSON value written with sorted keys.
fn hash_json(v: &Value) -> String {
    fn sorted(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), sorted(v))).collect::<BTreeMap<_, _>>().into_iter().collect()),
            Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
            v => v.clone(),
        }
    }
    ttdt_model::text::hex(&Sha256::digest(sorted(v).to_string().as_bytes()))
}

/// A campaign's framework copy as carried in bundles: groups and criteria by code, without the
/// campaign's local id.
fn framework_copy(conn: &Connection, campaign_id: i64) -> Result<Value> {
    let strip = |mut rows: Vec<Value>| {
        for r in &mut rows {
            if let Some(o) = r.as_object_mut() {
                o.remove("campaign_id");
            }
        }
        rows
    };
    let groups = strip(query_json(conn, "SELECT * FROM campaign_group WHERE campaign_id = ?1 ORDER BY code", [campaign_id])?);
    let criteria = strip(query_json(conn, "SELECT * FROM campaign_criterion WHERE campaign_id = ?1 ORDER BY code", [campaign_id])?);
    Ok(serde_json::json!({ "groups": groups, "criteria": criteria }))
}

fn refused(reason: impl Into<String>, message_vi: impl Into<String>) -> Error {
    Error::bundle(reason, message_vi)
}

fn uid_of(v: &Value) -> Result<&str> {
    v.get("uid")
        .and_then(Value::as_str)
        .filter(|u| ttdt_model::campaign_scores::uid_order(u) != 0)
        .ok_or_else(|| refused("row without a valid uid", "gói có một dòng dữ liệu không có mã định danh hợp lệ."))
}

fn text_field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn remove_keys(v: &Value, keys: &[&str]) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        for k in keys {
            o.remove(*k);
        }
    }
    v
}

impl Store {
    /// The rows of a bundle of `campaign_id` with the sites `site_ids` (all sites when empty).
    pub fn bundle_data(&self, campaign_id: i64, site_ids: &[i64]) -> Result<BundleData> {
        self.campaign(campaign_id)?;
        let all = self.list_sites(campaign_id)?;
        let chosen: Vec<i64> = if site_ids.is_empty() {
            all.iter().map(|s| s.id).collect()
        } else {
            for id in site_ids {
                if !all.iter().any(|s| s.id == *id) {
                    return Err(Error::NotFound { entity: "site", key: id.to_string() });
                }
            }
            site_ids.to_vec()
        };
        let conn = &self.conn;
        let campaign = query_json(conn, "SELECT * FROM campaign WHERE id = ?1", [campaign_id])?
            .into_iter()
            .next()
            .map(|c| remove_keys(&c, &["id"]))
            .unwrap_or(Value::Null);
        let mut data = BundleData { campaign, framework: framework_copy(conn, campaign_id)?, ..Default::default() };
        for site_id in chosen {
            data.sites.extend(query_json(
                conn,
                "SELECT s.*, (SELECT p.uid FROM site p WHERE p.id = s.parent_site_id) AS parent_uid FROM site s WHERE s.id = ?1",
                [site_id],
            )?);
            data.evaluations.extend(query_json(
                conn,
                "SELECT e.*, s.uid AS site_uid FROM evaluation e JOIN site s ON s.id = e.site_id WHERE e.site_id = ?1",
                [site_id],
            )?);
            data.results.extend(query_json(
                conn,
                "SELECT r.*, e.uid AS evaluation_uid, (SELECT p.uid FROM criterion_result p WHERE p.id = r.supersedes) AS supersedes_uid
                   FROM criterion_result r JOIN evaluation e ON e.id = r.evaluation_id
                  WHERE e.site_id = ?1 ORDER BY r.asserted_at, r.uid",
                [site_id],
            )?);
            data.attachments.extend(query_json(
                conn,
                "SELECT a.*, e.uid AS evaluation_uid FROM attachment a JOIN evaluation e ON e.id = a.evaluation_id
                  WHERE e.site_id = ?1 ORDER BY a.uid",
                [site_id],
            )?);
            data.changes.extend(query_json(
                conn,
                "SELECT c.* FROM change_log c
                  WHERE c.scope_uid IN (SELECT uid FROM site WHERE id = ?1 UNION SELECT uid FROM evaluation WHERE site_id = ?1)
                  ORDER BY c.at, c.uid",
                [site_id],
            )?);
            data.assignments.extend(query_json(
                conn,
                "SELECT a.*, s.uid AS site_uid FROM assignment a JOIN site s ON s.id = a.site_id WHERE a.site_id = ?1 ORDER BY a.uid",
                [site_id],
            )?);
        }
        let local = ["id", "campaign_id", "site_id", "evaluation_id", "parent_site_id", "supersedes"];
        for rows in [&mut data.sites, &mut data.evaluations, &mut data.results, &mut data.attachments, &mut data.changes, &mut data.assignments] {
            for r in rows.iter_mut() {
                *r = remove_keys(r, &local);
            }
        }
        Ok(data)
    }

    /// Sites of a campaign assigned to an inspector (by name, as assigned).
    pub fn sites_of_inspector(&self, campaign_id: i64, inspector: &str) -> Result<Vec<i64>> {
        let name = ttdt_model::text::visible_text(inspector);
        let mut stmt = self.conn.prepare(
            "SELECT s.id FROM site s WHERE s.campaign_id = ?1 AND
                (SELECT a.inspector FROM assignment a WHERE a.site_id = s.id ORDER BY a.assigned_at DESC, a.uid DESC LIMIT 1) = ?2
             ORDER BY s.id",
        )?;
        let ids = stmt.query_map(params![campaign_id, name], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        if ids.is_empty() {
            return Err(Error::invalid("inspector", "no site assigned", format!("Chưa có trang nào được phân công cho “{name}”.")));
        }
        Ok(ids)
    }

    /// Merges a bundle's rows: adds what is absent, in one transaction, after checking that
    /// nothing contradicts the database. `document` gives a document's bytes by SHA-256 (already
    /// checked by the caller); documents this machine lacks are stored before the rows that
    /// name them. A dry run reports the same counts and writes nothing.
    pub fn import_bundle(&mut self, data: &BundleData, document: &dyn Fn(&str) -> Result<Vec<u8>>, dry_run: bool) -> Result<BundleReport> {
        let now = self.clock.stamp();
        let actor = self.actor.clone();
        let dir = self.attachments_dir();
        let shas = data.document_hashes();
        if let Some(bad) = shas.iter().find(|s| s.len() != 64 || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))) {
            return Err(refused(format!("bad document hash {bad:?}"), "gói có một tài liệu với mã băm không hợp lệ."));
        }
        let tx = crate::write_tx(&mut self.conn)?;
        let mut report = merge_rows(&tx, data, dry_run)?;
        let what = format!("{} mới, {} đã có", report.added, report.already_present);
        crate::log_change(&tx, &now, &actor, crate::Change::new("campaign", report.campaign_id, "bundle_import").after(Some(what)))?;
        report.conflicts = crate::merging::conflict_rows(&tx, report.campaign_id)?.len();
        if dry_run {
            drop(tx); // rolled back: a dry run writes nothing
            return Ok(report);
        }
        // The documents this machine lacks, before the rows that name them are committed; if
        // the commit fails they are only unreferenced content.
        for sha in &shas {
            let dest = dir.join(&sha[..2]).join(sha);
            if !dest.exists() {
                let bytes = document(sha)?;
                crate::files::write_atomic(&dest, &bytes)?;
            }
        }
        tx.commit()?;
        Ok(report)
    }
}

/// The columns of a table.
fn columns(conn: &Connection, table: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let names = stmt.query_map([], |r| r.get::<_, String>(1))?.collect::<rusqlite::Result<HashSet<_>>>()?;
    Ok(names)
}

fn sql_value(v: &Value) -> Result<SqlValue> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        _ => return Err(refused("nested value in a row", "gói có dữ liệu không đúng định dạng.")),
    })
}

/// Inserts a row: the object's fields that are columns of the table (local keys are never in
/// it), plus `extra`.
fn insert_row(tx: &Transaction<'_>, table: &str, cols: &HashSet<String>, row: &Value, extra: &[(&str, SqlValue)]) -> Result<i64> {
    let obj = row.as_object().ok_or_else(|| refused("row is not an object", "gói có dữ liệu không đúng định dạng."))?;
    let mut names: Vec<String> = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    for (k, v) in obj {
        if cols.contains(k) && k != "id" && !extra.iter().any(|(e, _)| e == k) {
            names.push(k.clone());
            values.push(sql_value(v)?);
        }
    }
    for (k, v) in extra {
        names.push((*k).to_string());
        values.push(v.clone());
    }
    let marks = (1..=names.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
    let sql = format!("INSERT INTO {table} ({}) VALUES ({marks})", names.join(", "));
    tx.execute(&sql, rusqlite::params_from_iter(values.iter())).map_err(|e| {
        log::warn!("bundle row refused by {table}: {e}");
        refused(format!("{table}: {e}"), format!("một dòng của bảng {table} trong gói không hợp lệ."))
    })?;
    Ok(tx.last_insert_rowid())
}

fn local_id(tx: &Transaction<'_>, table: &str, uid: &str) -> Result<Option<i64>> {
    Ok(tx.query_row(&format!("SELECT id FROM {table} WHERE uid = ?1"), [uid], |r| r.get(0)).optional()?)
}

#[derive(Default)]
struct Counts {
    added: usize,
    present: usize,
}

fn merge_rows(tx: &Transaction<'_>, data: &BundleData, dry_run: bool) -> Result<BundleReport> {
    let campaign_uid = uid_of(&data.campaign)?.to_string();
    let name = text_field(&data.campaign, "name").to_string();
    let year = data.campaign.get("year").and_then(Value::as_i64).unwrap_or(0);
    let mut n = Counts::default();

    // The campaign, created with its framework copy, or the same copy.
    let (campaign_id, created) = match local_id(tx, "campaign", &campaign_uid)? {
        Some(id) => {
            if hash_json(&framework_copy(tx, id)?) != data.framework_hash() {
                return Err(refused(
                    "framework copy differs",
                    format!("bộ tiêu chí của chiến dịch “{name}” trong gói khác với bản trên máy này (đã được sửa ở một trong hai nơi)."),
                ));
            }
            (id, false)
        }
        None => {
            let same_name: Option<String> =
                tx.query_row("SELECT uid FROM campaign WHERE name = ?1 AND year = ?2", params![name, year], |r| r.get(0)).optional()?;
            if same_name.is_some() {
                return Err(refused(
                    "another campaign has the name",
                    format!("máy này đã có một chiến dịch “{name}” năm {year} khác (không cùng nguồn với gói)."),
                ));
            }
            let id = insert_row(tx, "campaign", &columns(tx, "campaign")?, &data.campaign, &[])?;
            let group_cols = columns(tx, "campaign_group")?;
            for g in data.framework.get("groups").and_then(Value::as_array).into_iter().flatten() {
                insert_row(tx, "campaign_group", &group_cols, g, &[("campaign_id", SqlValue::Integer(id))])?;
            }
            let criterion_cols = columns(tx, "campaign_criterion")?;
            for c in data.framework.get("criteria").and_then(Value::as_array).into_iter().flatten() {
                insert_row(tx, "campaign_criterion", &criterion_cols, c, &[("campaign_id", SqlValue::Integer(id))])?;
            }
            if hash_json(&framework_copy(tx, id)?) != data.framework_hash() {
                return Err(refused("framework copy not reproduced", "bộ tiêu chí trong gói không đúng định dạng."));
            }
            (id, true)
        }
    };

    // Sites, then their parents once every site of the bundle is there.
    let site_cols = columns(tx, "site")?;
    let mut site_ids: HashMap<String, i64> = HashMap::new();
    for s in &data.sites {
        let uid = uid_of(s)?;
        match tx.query_row("SELECT id, campaign_id FROM site WHERE uid = ?1", [uid], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))).optional()? {
            Some((id, c)) if c == campaign_id => {
                n.present += 1;
                site_ids.insert(uid.to_string(), id);
            }
            Some(_) => return Err(refused("site of another campaign", "một trang trong gói thuộc chiến dịch khác trên máy này.")),
            None => {
                let url_key = text_field(s, "url_key");
                let taken: Option<String> = tx
                    .query_row("SELECT agency_name FROM site WHERE campaign_id = ?1 AND url_key = ?2", params![campaign_id, url_key], |r| r.get(0))
                    .optional()?;
                if let Some(agency) = taken {
                    return Err(refused(
                        "site address held by another site",
                        format!("địa chỉ {} trong gói đã thuộc trang “{agency}” được thêm riêng trên máy này.", text_field(s, "url")),
                    ));
                }
                let id = insert_row(tx, "site", &site_cols, s, &[("campaign_id", SqlValue::Integer(campaign_id))])?;
                n.added += 1;
                site_ids.insert(uid.to_string(), id);
            }
        }
    }
    for s in &data.sites {
        let Some(parent) = s.get("parent_uid").and_then(Value::as_str) else { continue };
        let (Some(id), Some(parent_id)) = (site_ids.get(uid_of(s)?), local_id(tx, "site", parent)?) else { continue };
        tx.execute("UPDATE site SET parent_site_id = ?1 WHERE id = ?2 AND parent_site_id IS NULL", params![parent_id, id])?;
    }

    // Evaluations.
    let evaluation_cols = columns(tx, "evaluation")?;
    let mut evaluation_ids: HashMap<String, i64> = HashMap::new();
    for e in &data.evaluations {
        let uid = uid_of(e)?;
        let site_id = *site_ids
            .get(text_field(e, "site_uid"))
            .ok_or_else(|| refused("evaluation without its site", "gói thiếu trang của một phiếu đánh giá."))?;
        let existing: Option<(i64, String)> =
            tx.query_row("SELECT id, uid FROM evaluation WHERE site_id = ?1", [site_id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        match existing {
            Some((id, u)) if u == uid => {
                n.present += 1;
                evaluation_ids.insert(uid.to_string(), id);
            }
            Some(_) => return Err(refused("site has another evaluation", "một trang trong gói có phiếu đánh giá khác trên máy này.")),
            None => {
                let extra = [("campaign_id", SqlValue::Integer(campaign_id)), ("site_id", SqlValue::Integer(site_id))];
                let id = insert_row(tx, "evaluation", &evaluation_cols, e, &extra)?;
                n.added += 1;
                evaluation_ids.insert(uid.to_string(), id);
            }
        }
    }
    let evaluation_of = |row: &Value| -> Result<i64> {
        evaluation_ids
            .get(text_field(row, "evaluation_uid"))
            .copied()
            .ok_or_else(|| refused("row without its evaluation", "gói thiếu phiếu đánh giá của một kết quả."))
    };

    // Results and decisions, then what each followed.
    let result_cols = columns(tx, "criterion_result")?;
    for r in &data.results {
        let uid = uid_of(r)?;
        if local_id(tx, "criterion_result", uid)?.is_some() {
            n.present += 1;
            continue;
        }
        insert_row(tx, "criterion_result", &result_cols, r, &[("evaluation_id", SqlValue::Integer(evaluation_of(r)?))])?;
        n.added += 1;
    }
    for r in &data.results {
        if let Some(p) = r.get("supersedes_uid").and_then(Value::as_str) {
            tx.execute(
                "UPDATE criterion_result SET supersedes = (SELECT id FROM criterion_result WHERE uid = ?1)
                  WHERE uid = ?2 AND supersedes IS NULL",
                params![p, uid_of(r)?],
            )?;
        }
    }

    // Documents' records.
    let attachment_cols = columns(tx, "attachment")?;
    for a in &data.attachments {
        if local_id(tx, "attachment", uid_of(a)?)?.is_some() {
            n.present += 1;
            continue;
        }
        insert_row(tx, "attachment", &attachment_cols, a, &[("evaluation_id", SqlValue::Integer(evaluation_of(a)?))])?;
        n.added += 1;
    }

    // The change log, its local keys rebuilt from the scope.
    let change_cols = columns(tx, "change_log")?;
    for c in &data.changes {
        if local_id(tx, "change_log", uid_of(c)?)?.is_some() {
            n.present += 1;
            continue;
        }
        let scope = text_field(c, "scope_uid");
        let entity_id = text_field(c, "entity_id");
        let local = match text_field(c, "entity") {
            "evaluation" => local_id(tx, "evaluation", scope)?.map(|id| id.to_string()),
            "criterion_result" | "attachment" => local_id(tx, "evaluation", scope)?
                .map(|id| format!("{id}/{}", entity_id.split_once('/').map_or("", |(_, rest)| rest))),
            "site" => local_id(tx, "site", scope)?.map(|id| id.to_string()),
            "campaign" => Some(campaign_id.to_string()),
            _ => None,
        };
        let Some(local) = local else {
            return Err(refused("change-log row outside the bundle", "gói có một dòng nhật ký không thuộc trang nào trong gói."));
        };
        insert_row(tx, "change_log", &change_cols, c, &[("entity_id", SqlValue::Text(local))])?;
        n.added += 1;
    }

    // Assignments.
    let assignment_cols = columns(tx, "assignment")?;
    for a in &data.assignments {
        if local_id(tx, "assignment", uid_of(a)?)?.is_some() {
            n.present += 1;
            continue;
        }
        let site_id = *site_ids.get(text_field(a, "site_uid")).ok_or_else(|| refused("assignment without its site", "gói thiếu trang của một phân công."))?;
        insert_row(tx, "assignment", &assignment_cols, a, &[("site_id", SqlValue::Integer(site_id))])?;
        n.added += 1;
    }

    // An evaluation's status is the newest status change on either machine.
    for id in evaluation_ids.values() {
        let newest: Option<(String, String, String)> = tx
            .query_row(
                "SELECT new_value, actor, at FROM change_log WHERE entity = 'evaluation' AND entity_id = ?1 AND field = 'status'
                  ORDER BY at DESC, uid DESC LIMIT 1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((status, by, at)) = newest {
            tx.execute("UPDATE evaluation SET status = ?1, status_by = ?2, status_at = ?3 WHERE id = ?4", params![status, by, at, id])?;
        }
    }

    Ok(BundleReport {
        campaign: format!("{name} ({year})"),
        campaign_id,
        campaign_created: created,
        added: n.added,
        already_present: n.present,
        conflicts: 0,
        sites: data.sites.len(),
        dry_run,
    })
}
