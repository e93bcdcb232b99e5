//! Dates as sources write them (`2025-02-07T16:00:00Z`, `2025-05-15 08:30:00`, `Fri, 07 Feb
//! 2025 16:00:00 GMT`, `7 February 2025`) read into one shape, shown as `2025-02-07 16:00` and
//! sorted by; anything unreadable is shown as it was written. The time is the one written (an
//! offset from UTC is dropped, not applied: the article's own clock).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// Hours and minutes, when given.
    pub time: Option<(u8, u8)>,
}

impl Date {
    /// Orders dates; a date without a time sorts at its midnight.
    pub fn key(self) -> i64 {
        let (h, m) = self.time.unwrap_or((0, 0));
        ((i64::from(self.year) * 13 + i64::from(self.month)) * 32 + i64::from(self.day)) * 1440
            + i64::from(h) * 60
            + i64::from(m)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        if let Some((h, m)) = self.time {
            write!(f, " {h:02}:{m:02}")?;
        }
        Ok(())
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_named(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w.starts_with(m) && (w.len() == 3 || full_month(m).starts_with(&w)))
        .map(|i| i as u8 + 1)
}

fn full_month(abbr: &str) -> &'static str {
    match abbr {
        "jan" => "january",
        "feb" => "february",
        "mar" => "march",
        "apr" => "april",
        "may" => "may",
        "jun" => "june",
        "jul" => "july",
        "aug" => "august",
        "sep" => "september",
        "oct" => "october",
        "nov" => "november",
        _ => "december",
    }
}

fn valid(year: u32, month: u32, day: u32) -> Option<(u16, u8, u8)> {
    ((1..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some((year as u16, month as u8, day as u8))
}

fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `HH:MM` at the start of `s` (seconds and what follows ignored).
fn clock(s: &str) -> Option<(u8, u8)> {
    let b = s.as_bytes();
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let h = number(&s[0..2])?;
    let m = number(&s[3..5])?;
    (h < 24 && m < 60).then_some((h as u8, m as u8))
}

/// Read a date as a source wrote it, or `None` when it is not one lede knows.
pub fn parse(raw: &str) -> Option<Date> {
    let s = raw.trim();
    iso(s).or_else(|| words(s))
}

/// `2025-02-07`, `2025/02/07`, optionally `T` or a space and a time.
fn iso(s: &str) -> Option<Date> {
    if s.len() < 10 || !s.is_char_boundary(10) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let sep = date.as_bytes()[4];
    if !(sep == b'-' || sep == b'/') || date.as_bytes()[7] != sep {
        return None;
    }
    let (y, m, d) = valid(
        number(&date[0..4])?,
        number(&date[5..7])?,
        number(&date[8..10])?,
    )?;
    let time = match rest.as_bytes().first() {
        None => None,
        Some(b'T' | b't' | b' ') => clock(&rest[1..]),
        Some(_) => return None,
    };
    Some(Date {
        year: y,
        month: m,
        day: d,
        time,
    })
}

/// `Fri, 07 Feb 2025 16:00:00 GMT`, `7 February 2025`, `February 7, 2025 4:00`.
fn words(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .collect();
    // Skip a weekday.
    let parts = match parts.first() {
        Some(p) if month_named(p).is_none() && number(p).is_none() => &parts[1..],
        _ => &parts[..],
    };
    let (day, month, year, rest) = match parts {
        [d, m, y, rest @ ..] if number(d).is_some() && month_named(m).is_some() => {
            (number(d)?, month_named(m)?, number(y)?, rest)
        }
        [m, d, y, rest @ ..] if month_named(m).is_some() && number(d).is_some() => {
            (number(d)?, month_named(m)?, number(y)?, rest)
        }
        _ => return None,
    };
    let (y, m, d) = valid(year, u32::from(month), day)?;
    let time = rest.first().and_then(|t| {
        let padded;
        let t = if t.len() >= 2 && t.as_bytes()[1] == b':' {
            padded = format!("0{t}");
            padded.as_str()
        } else {
            t
        };
        clock(t)
    });
    Some(Date {
        year: y,
        month: m,
        day: d,
        time,
    })
}

/// How a date is shown: normalised when lede can read it, as written otherwise.
pub fn display(raw: &str) -> String {
    match parse(raw) {
        Some(d) => d.to_string(),
        None => raw.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_seen_in_feeds_read_alike() {
        for (raw, shown) in [
            ("2025-02-07T16:00:00Z", "2025-02-07 16:00"),
            ("2025-05-15 08:30:00", "2025-05-15 08:30"),
            ("2025-02-07T16:00:00.123+02:00", "2025-02-07 16:00"),
            ("2025-02-07", "2025-02-07"),
            ("2025/02/07", "2025-02-07"),
            ("Fri, 07 Feb 2025 16:00:00 GMT", "2025-02-07 16:00"),
            ("7 February 2025", "2025-02-07"),
            ("February 7, 2025", "2025-02-07"),
            ("Feb. 7, 2025 4:05", "2025-02-07 04:05"),
        ] {
            assert_eq!(display(raw), shown, "{raw}");
        }
    }

    #[test]
    fn anything_else_is_shown_as_written() {
        for raw in [
            "yesterday",
            "2025-13-01",
            "2025-02-07X",
            "Mayday 3 2020",
            "",
            "東京 2025",
        ] {
            assert_eq!(parse(raw), None, "{raw}");
            assert_eq!(display(raw), raw.trim());
        }
    }

    #[test]
    fn keys_sort_in_time_order() {
        let a = parse("2025-02-07").unwrap().key();
        let b = parse("2025-02-07 08:00").unwrap().key();
        let c = parse("8 Feb 2025").unwrap().key();
        let d = parse("2024-12-31T23:59").unwrap().key();
        assert!(d < a && a < b && b < c);
    }
}
