//! Calendar dates without a time zone, which is all the standard uses:
//! birth dates, expiry dates, the day of sending.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Reads `YYYY-MM-DD`, also as the date part of an `xs:dateTime` or an
    /// `xs:date` with a zone (`2026-03-01T10:00:00`, `2026-03-01Z`).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 'Z', '+', '-'])) {
            return None;
        }
        let bytes = date.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number =
            |s: &str| -> Option<u32> { s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse().ok())? };
        Date::new(
            number(&date[..4])? as i32,
            number(&date[5..7])?,
            number(&date[8..10])?,
        )
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Date::from_days(seconds.div_euclid(86_400))
    }
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ssZ`.
pub fn now_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let day = Date::from_days(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time % 3600 / 60,
        time % 60
    )
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_day_numbers() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
    }

    #[test]
    fn parses_dates_and_date_parts_of_timestamps() {
        assert_eq!(Date::parse("2026-03-01"), Date::new(2026, 3, 1));
        assert_eq!(Date::parse("2026-03-01T10:00:00"), Date::new(2026, 3, 1));
        assert_eq!(Date::parse("2026-03-01+01:00"), Date::new(2026, 3, 1));
        assert_eq!(Date::parse("2026-02-30"), None);
        assert_eq!(Date::parse("2026-3-01"), None);
        assert_eq!(Date::parse("01/03/2026"), None);
        assert_eq!(Date::parse("2026-03-01x"), None);
        assert_eq!(Date::parse("ü"), None);
    }

    #[test]
    fn adds_days_across_months_and_leap_years() {
        let d = Date::new(2024, 1, 1).unwrap();
        assert_eq!(d.add_days(60).to_string(), "2024-03-01");
        assert_eq!(
            Date::new(2023, 1, 1).unwrap().add_days(60).to_string(),
            "2023-03-02"
        );
        assert_eq!(d.days_until(Date::new(2024, 12, 31).unwrap()), 365);
    }
}
