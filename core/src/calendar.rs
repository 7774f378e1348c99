//! The partnership's calendar: its time zone, and the day and month arithmetic every calendar
//! rule uses.
//!
//! A UK partnership's day is Europe/London's, not UTC's: in summer time an incident at 23:30 UTC
//! happened at 00:30 the next day, and "due today", the briefing's day, the s104 month, a
//! retention review's day and a Top N window's days all follow the local calendar. The zone is
//! part of the partnership's set-up, recorded in the journal (`time_zone_set`), so every host and
//! every replay agrees; a journal without it is Europe/London's.
//!
//! Arithmetic is done on local dates and clock times, then turned back into an instant:
//! a local time the clocks skipped (spring forward) counts as the same time after the jump
//! (01:30 on the last Sunday of March in London is 02:30 BST), and a local time the clocks
//! showed twice (fall back) is the first of the two. Both are deterministic and cannot panic.
//!
//! Pure durations (how long ago, "n days left" counted in 24-hour steps) do not come here.

use crate::error::{Error, Result};
use chrono::{
    DateTime, Days, LocalResult, Months, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The zone of a partnership whose set-up names none, and of journals written before zones were
/// recorded.
pub const DEFAULT_TIME_ZONE: &str = "Europe/London";

/// A partnership's calendar: the IANA time zone its days and months are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    zone: Tz,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar::LONDON
    }
}

impl Calendar {
    /// Europe/London's calendar: the default, a UK partnership's.
    pub const LONDON: Calendar = Calendar {
        zone: Tz::Europe__London,
    };

    /// UTC's calendar: days from midnight UTC, for a host that wants no local time.
    pub const UTC: Calendar = Calendar { zone: Tz::UTC };

    /// The calendar of an IANA time zone, e.g. "Europe/London"; `Error::Invalid` on field
    /// `time_zone` for a name the database does not know (names are case-sensitive).
    pub fn named(name: &str) -> Result<Calendar> {
        name.trim()
            .parse::<Tz>()
            .map(|zone| Calendar { zone })
            .map_err(|_| Error::invalid("time_zone", "an IANA time zone name, e.g. Europe/London"))
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &'static str {
        self.zone.name()
    }

    /// The local date of an instant (the UTC date at the very ends of time, where the local
    /// one does not exist).
    pub fn date(&self, t: DateTime<Utc>) -> NaiveDate {
        self.local(t).map_or(t.date_naive(), |l| l.date())
    }

    /// Whether two instants fall on the same local day.
    pub fn same_day(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
        self.date(a) == self.date(b)
    }

    /// The first instant of a local day (its midnight, or the first time after it that the
    /// clocks showed where a zone changes its clocks at midnight).
    pub fn start_of(&self, day: NaiveDate) -> DateTime<Utc> {
        self.resolve(day.and_time(chrono::NaiveTime::MIN))
            .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN).and_utc())
    }

    /// The same local clock time `n` calendar months after `t` (the month's last day if it is
    /// shorter); `None` past the end of time.
    pub fn add_months(&self, t: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        self.resolve(self.local(t)?.checked_add_months(Months::new(n))?)
    }

    /// The same local clock time `n` calendar months before `t`.
    pub fn sub_months(&self, t: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        self.resolve(self.local(t)?.checked_sub_months(Months::new(n))?)
    }

    /// The same local clock time `n` days after `t` (a day across a clock change is 23 or 25
    /// hours long).
    pub fn add_days(&self, t: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        self.resolve(self.local(t)?.checked_add_days(Days::new(u64::from(n)))?)
    }

    /// The same local clock time `n` days before `t`.
    pub fn sub_days(&self, t: DateTime<Utc>, n: u32) -> Option<DateTime<Utc>> {
        self.resolve(self.local(t)?.checked_sub_days(Days::new(u64::from(n)))?)
    }

    /// The local clock time of an instant; `None` at the ends of time, where chrono's own
    /// conversion would panic.
    fn local(&self, t: DateTime<Utc>) -> Option<NaiveDateTime> {
        let utc = t.naive_utc();
        utc.checked_add_offset(self.zone.offset_from_utc_datetime(&utc).fix())
    }

    /// The instant a local clock time names: the first of two in a fall-back fold; in a
    /// spring-forward gap, the time counted with the offset in force before the jump, which lands
    /// as far after the jump as the time was after the gap's start.
    fn resolve(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
            LocalResult::None => {
                // Two days before the gap is well clear of it (zones change clocks months apart).
                let before = local.checked_sub_days(Days::new(2))?;
                let offset = self.zone.offset_from_local_datetime(&before).earliest()?;
                Some(local.checked_sub_offset(offset.fix())?.and_utc())
            }
        }
    }
}

impl Serialize for Calendar {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Calendar::named(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn a_month_after_a_time_the_spring_clocks_skip_lands_just_after_the_jump() {
        let london = Calendar::default();
        // 01:30 GMT on 29 January 2026; two months later 01:30 on 29 March does not exist:
        // it counts as 02:30 BST, the same instant 01:30 GMT would have been.
        assert_eq!(
            london.add_months(utc(2026, 1, 29, 1, 30), 2),
            Some(utc(2026, 3, 29, 1, 30))
        );
        assert_eq!(london.name(), "Europe/London");
    }

    #[test]
    fn a_day_before_a_time_the_autumn_clocks_show_twice_is_its_first_showing() {
        let london = Calendar::default();
        // 01:30 GMT on 26 October 2026; the day before, 01:30 on 25 October shows twice.
        assert_eq!(
            london.sub_days(utc(2026, 10, 26, 1, 30), 1),
            Some(utc(2026, 10, 25, 0, 30))
        );
    }

    #[test]
    fn an_unknown_zone_is_invalid_on_the_time_zone_field() {
        let e = Calendar::named("Europe/Atlantis").unwrap_err();
        assert!(e.to_string().contains("time_zone"), "{e}");
    }
}
