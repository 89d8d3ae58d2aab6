//! Who works at this installation (settings `reviewer_name` and `reviewer_unit`).

use crate::Store;
use ttdt_model::domain::Reviewer;
use ttdt_model::error::{Error, Result};

impl Store {
    /// The reviewer recorded at this installation, if any.
    pub fn reviewer(&self) -> Result<Option<Reviewer>> {
        let name = self.setting("reviewer_name")?;
        Ok(name.map(|name| Reviewer { name, unit: self.setting("reviewer_unit").ok().flatten().unwrap_or_default() }))
    }

    /// Records who is working here. Past records keep the names they were stamped with.
    pub fn set_reviewer(&mut self, reviewer: &Reviewer) -> Result<Reviewer> {
        let name = reviewer.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let unit = reviewer.unit.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Error::invalid("name", "empty", "Hãy nhập họ tên người đánh giá."));
        }
        if name.chars().count() > 120 || unit.chars().count() > 200 {
            return Err(Error::invalid("name", "too long", "Họ tên hoặc đơn vị quá dài."));
        }
        self.set_setting("reviewer_name", &name)?;
        self.set_setting("reviewer_unit", &unit)?;
        self.actor = actor_label(&name, &unit);
        Ok(Reviewer { name, unit })
    }
}

/// The name stamped on changes: "name (unit)", or the name alone.
pub(crate) fn actor_label(name: &str, unit: &str) -> String {
    if unit.is_empty() { name.to_string() } else { format!("{name} ({unit})") }
}
