//! Article dates as sources write them ("2025-02-07T16:00:00Z", "Tue, 10 Jun 2003 04:00:00
//! GMT", "June 10, 2003", "2016"), read into one form for filtering, sorting and display.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};

/// A calendar date, with the time of day when the source gave one. A month or day of 0 means
/// the source did not say ("2016").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub time: Option<(u32, u32)>,
}

impl Date {
    /// A sortable number: `yyyymmdd` (0 never occurs for a real date).
    pub fn key(&self) -> u32 {
        (self.year.clamp(0, 9999) as u32) * 10_000 + self.month * 100 + self.day
    }

    /// `2025-02-07 16:00`, `2025-02-07`, `2016-05` or `2016`.
    pub fn display(&self) -> String {
        match (self.month, self.day, self.time) {
            (0, _, _) => format!("{:04}", self.year),
            (m, 0, _) => format!("{:04}-{m:02}", self.year),
            (m, d, Some((h, min))) => format!("{:04}-{m:02}-{d:02} {h:02}:{min:02}", self.year),
            (m, d, None) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
    }

    fn from_datetime(dt: NaiveDateTime) -> Date {
        Date {
            year: dt.year(),
            month: dt.month(),
            day: dt.day(),
            time: Some((dt.hour(), dt.minute())),
        }
    }

    fn from_date(d: NaiveDate) -> Date {
        Date {
            year: d.year(),
            month: d.month(),
            day: d.day(),
            time: None,
        }
    }
}

const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
];

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %d %b %Y",
    "%B %d %Y",
    "%d.%m.%Y",
];

/// Read a date as sources write it; `None` when it is not one.
pub fn parse(raw: &str) -> Option<Date> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(Date::from_datetime(dt.naive_local()));
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(Date::from_datetime(dt.naive_local()));
    }
    // A zone name or offset after the time ("… 08:30:00 UTC") is dropped.
    let no_zone = s
        .rsplit_once(' ')
        .filter(|(_, z)| z.chars().all(|c| c.is_ascii_uppercase()) && z.len() <= 5)
        .map_or(s, |(head, _)| head);
    for f in DATETIME_FORMATS {
        if let Ok(dt) = NaiveDateTime::parse_from_str(no_zone, f) {
            return Some(Date::from_datetime(dt));
        }
    }
    for f in DATE_FORMATS {
        if let Ok(d) = NaiveDate::parse_from_str(no_zone, f) {
            return Some(Date::from_date(d));
        }
    }
    // "2016-05", "2016", or a longer text starting with an ISO date.
    if let Some(head) = s.get(..10)
        && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
    {
        return Some(Date::from_date(d));
    }
    let mut parts = s.splitn(2, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let month = match parts.next() {
        None => 0,
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
    };
    Some(Date {
        year,
        month,
        day: 0,
        time: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_sources_use() {
        let cases = [
            ("2025-02-07T16:00:00Z", "2025-02-07 16:00"),
            ("2025-05-15 08:30:00", "2025-05-15 08:30"),
            ("2016-09-09", "2016-09-09"),
            ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10 04:00"),
            ("June 10, 2003", "2003-06-10"),
            ("10 June 2003", "2003-06-10"),
            ("2016-05", "2016-05"),
            ("2016", "2016"),
            ("2015-05-18T12:00:00+02:00", "2015-05-18 12:00"),
        ];
        for (raw, shown) in cases {
            assert_eq!(
                parse(raw).map(|d| d.display()).as_deref(),
                Some(shown),
                "{raw}"
            );
        }
        assert_eq!(parse("2016-09-09").map(|d| d.key()), Some(20160909));
        assert_eq!(parse("2016").map(|d| d.key()), Some(20160000));
        for junk in ["", "yesterday", "99", "2016-13", "12345"] {
            assert_eq!(parse(junk), None, "{junk}");
        }
    }
}
