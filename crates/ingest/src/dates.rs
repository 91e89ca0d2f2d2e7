//! Dates as sources write them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Parses a publication date in the forms feeds, pages, JSONL files and users write:
/// RFC 3339 / ISO 8601 with or without zone or seconds, RFC 2822, a bare date, and
/// "May 1, 2022" / "1 May 2022". A time without a zone is taken as UTC; a bare date as
/// midnight UTC.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.with_timezone(&Utc));
        }
    }
    let naive = s.trim_end_matches('Z');
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(naive, f) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    let cleaned = s.replace(',', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, f) {
            return d.and_hms_opt(0, 0, 0).map(|d| Utc.from_utc_datetime(&d));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(raw: &str) -> String {
        parse_date(raw).map(|d| d.to_rfc3339()).unwrap_or_default()
    }

    #[test]
    fn parses_the_common_forms() {
        assert_eq!(iso("2022-04-30T14:05:00+03:00"), "2022-04-30T11:05:00+00:00");
        assert_eq!(iso("Sat, 30 Apr 2022 14:05:00 GMT"), "2022-04-30T14:05:00+00:00");
        assert_eq!(iso("2022-04-30T14:05:00.123+0300"), "2022-04-30T11:05:00.123+00:00");
        assert_eq!(iso("2022-04-30 14:05"), "2022-04-30T14:05:00+00:00");
        assert_eq!(iso("2022-04-30"), "2022-04-30T00:00:00+00:00");
        assert_eq!(iso("April 30, 2022"), "2022-04-30T00:00:00+00:00");
        assert_eq!(iso("30 Apr 2022"), "2022-04-30T00:00:00+00:00");
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("2022-13-45"), None);
    }
}
