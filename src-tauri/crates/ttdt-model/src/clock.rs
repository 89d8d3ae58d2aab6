//! Time is passed in, so stored records and exports are reproducible in tests.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;

    /// RFC 3339 in UTC, as stored in the database.
    fn stamp(&self) -> String {
        self.now()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| self.now())
            .format(&Rfc3339)
            .unwrap_or_default()
    }
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that always says the same time; for tests and reproducible runs.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}
