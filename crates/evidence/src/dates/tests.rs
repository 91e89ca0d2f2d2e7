//! Date finder tests: sentences written for these tests.

use chrono::NaiveDate;

use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Published on a Sunday.
fn published() -> Option<NaiveDate> {
    Some(ymd(2022, 5, 1))
}

/// (span text, date, granularity) of each mention.
fn found(s: &str, published: Option<NaiveDate>) -> Vec<(String, Option<NaiveDate>, Granularity)> {
    extract(s, published)
        .into_iter()
        .map(|d| (d.span.text(s).to_string(), d.date, d.granularity))
        .collect()
}

fn one(s: &str) -> (String, Option<NaiveDate>, Granularity) {
    let mut all = found(s, published());
    assert_eq!(all.len(), 1, "expected one date in {s:?}, got {all:?}");
    all.remove(0)
}

use Granularity::{Day, Month, Year};

#[test]
fn days_with_and_without_year() {
    assert_eq!(
        one("They left on April 30, officials said."),
        ("April 30".into(), Some(ymd(2022, 4, 30)), Day)
    );
    assert_eq!(one("They left on 30 April."), ("30 April".into(), Some(ymd(2022, 4, 30)), Day));
    assert_eq!(
        one("On April 21, the minister reported."),
        ("April 21".into(), Some(ymd(2022, 4, 21)), Day)
    );
    assert_eq!(
        one("The invasion began on 24 February."),
        ("24 February".into(), Some(ymd(2022, 2, 24)), Day)
    );
    assert_eq!(
        one("The invasion began on February 24, 2022, at dawn."),
        ("February 24, 2022".into(), Some(ymd(2022, 2, 24)), Day)
    );
    assert_eq!(
        one("It happened on the 24th of February."),
        ("24th of February".into(), Some(ymd(2022, 2, 24)), Day)
    );
    assert_eq!(
        one("It happened on April 30th."),
        ("April 30th".into(), Some(ymd(2022, 4, 30)), Day)
    );
    let d = &extract("The invasion began on February 24, 2022.", None)[0];
    assert_eq!((d.year, d.month, d.day), (Some(2022), Some(2), Some(24)));
    let d = &extract("They left on April 30.", published())[0];
    assert_eq!((d.year, d.month, d.day), (None, Some(4), Some(30)));
}

#[test]
fn undated_days_resolve_to_the_latest_before_publication() {
    let january = Some(ymd(2022, 1, 3));
    assert_eq!(found("It began on December 30.", january)[0].1, Some(ymd(2021, 12, 30)));
    // An announcement a few days ahead stays in the same year.
    let late_april = Some(ymd(2022, 4, 28));
    assert_eq!(found("Talks resume on May 2.", late_april)[0].1, Some(ymd(2022, 5, 2)));
    assert_eq!(found("It was signed on February 29.", published())[0].1, Some(ymd(2020, 2, 29)));
    assert_eq!(found("It was signed on April 31.", published()), []);
    assert_eq!(found("They left on April 30.", None)[0].1, None);
}

#[test]
fn weekdays_and_relative_days() {
    assert_eq!(
        one("Civilians were evacuated on Saturday."),
        ("Saturday".into(), Some(ymd(2022, 4, 30)), Day)
    );
    // Published on a Sunday, "on Sunday" is that day.
    assert_eq!(
        one("A video released on Sunday shows buses."),
        ("Sunday".into(), Some(ymd(2022, 5, 1)), Day)
    );
    assert_eq!(one("It rained last Sunday."), ("last Sunday".into(), Some(ymd(2022, 4, 24)), Day));
    assert_eq!(
        one("Talks resume next Monday."),
        ("next Monday".into(), Some(ymd(2022, 5, 2)), Day)
    );
    assert_eq!(one("He spoke yesterday."), ("yesterday".into(), Some(ymd(2022, 4, 30)), Day));
    assert_eq!(one("He speaks today."), ("today".into(), Some(ymd(2022, 5, 1)), Day));
    assert_eq!(one("He speaks tomorrow."), ("tomorrow".into(), Some(ymd(2022, 5, 2)), Day));
    assert_eq!(
        one("Shelling resumed last night."),
        ("last night".into(), Some(ymd(2022, 4, 30)), Day)
    );
    assert_eq!(
        one("It ended three days ago."),
        ("three days ago".into(), Some(ymd(2022, 4, 28)), Day)
    );
    assert_eq!(
        one("They arrived Saturday, April 30, by bus."),
        ("Saturday, April 30".into(), Some(ymd(2022, 4, 30)), Day)
    );
    // "last week" has no granularity of its own: not reported.
    assert_eq!(found("Talks failed last week.", published()), []);
    assert_eq!(found("We saturday the saturday.", published()), []);
}

#[test]
fn months_and_years() {
    assert_eq!(
        one("In late February, troops crossed."),
        ("late February".into(), Some(ymd(2022, 2, 1)), Month)
    );
    assert_eq!(
        one("It was shelled since the end of February."),
        ("February".into(), Some(ymd(2022, 2, 1)), Month)
    );
    assert_eq!(
        one("Fighting flared in mid-March."),
        ("mid-March".into(), Some(ymd(2022, 3, 1)), Month)
    );
    assert_eq!(
        one("The deal was reached in May 2022."),
        ("May 2022".into(), Some(ymd(2022, 5, 1)), Month)
    );
    assert_eq!(
        one("The agreements were first signed in 2014."),
        ("2014".into(), Some(ymd(2014, 1, 1)), Year)
    );
    assert_eq!(one("Prices rose last month."), ("last month".into(), Some(ymd(2022, 4, 1)), Month));
    assert_eq!(one("Prices rose this year."), ("this year".into(), Some(ymd(2022, 1, 1)), Year));
    assert_eq!(
        one("It was built two years ago."),
        ("two years ago".into(), Some(ymd(2020, 1, 1)), Year)
    );
    assert_eq!(
        found("It lasted from 2014 to 2016.", None),
        [
            ("2014".into(), Some(ymd(2014, 1, 1)), Year),
            ("2016".into(), Some(ymd(2016, 1, 1)), Year)
        ]
    );
    let d = &extract("In late February, troops crossed.", published())[0];
    assert_eq!((d.year, d.month, d.day), (None, Some(2), None));
    // An undated month later in the year than publication is last year's.
    assert_eq!(found("It happened in November.", published())[0].1, Some(ymd(2021, 11, 1)));
}

#[test]
fn weak_month_names_need_a_day_a_year_or_a_cue() {
    assert_eq!(found("Talks may resume. May they succeed.", published()), []);
    assert_eq!(found("They march on; the March rally was big.", published()), []);
    assert_eq!(found("April Jones spoke.", published()), []);
    assert_eq!(one("The talks in May failed."), ("May".into(), Some(ymd(2022, 5, 1)), Month));
    assert_eq!(one("In March 25 soldiers died."), ("March".into(), Some(ymd(2022, 3, 1)), Month));
    assert_eq!(one("It opened on May 1."), ("May 1".into(), Some(ymd(2022, 5, 1)), Day));
}

#[test]
fn numeric_dates() {
    assert_eq!(one("Filed on 2022-05-01."), ("2022-05-01".into(), Some(ymd(2022, 5, 1)), Day));
    assert_eq!(one("Filed on 30.04.2022."), ("30.04.2022".into(), Some(ymd(2022, 4, 30)), Day));
    assert_eq!(one("Filed on 5/13/2022."), ("5/13/2022".into(), Some(ymd(2022, 5, 13)), Day));
    assert_eq!(one("Filed on 13/5/2022."), ("13/5/2022".into(), Some(ymd(2022, 5, 13)), Day));
    assert_eq!(one("Filed on 5/5/2022."), ("5/5/2022".into(), Some(ymd(2022, 5, 5)), Day));
    // Day-month or month-day: cannot tell.
    assert_eq!(found("Filed on 5/1/2022.", published()), []);
    assert_eq!(found("Call 2022-13-45 or 31.02.2022.", published()), []);
}

#[test]
fn other_languages() {
    let cases = [
        ("Am 30. April 2022 verließen sie das Werk.", "30. April 2022", ymd(2022, 4, 30)),
        ("Le 30 avril, ils sont partis.", "30 avril", ymd(2022, 4, 30)),
        ("Le 1er mai, ils sont partis.", "1er mai", ymd(2022, 5, 1)),
        ("El 30 de abril de 2022 salieron.", "30 de abril de 2022", ymd(2022, 4, 30)),
        ("30 апреля 2022 года они ушли.", "30 апреля 2022 года", ymd(2022, 4, 30)),
        ("30 квітня вони вийшли.", "30 квітня", ymd(2022, 4, 30)),
    ];
    for (s, span, date) in cases {
        assert_eq!(one(s), (span.to_string(), Some(date), Day), "{s}");
    }
    assert_eq!(one("Это случилось в марте."), ("марте".into(), Some(ymd(2022, 3, 1)), Month));
    assert_eq!(one("Це сталося у березні."), ("березні".into(), Some(ymd(2022, 3, 1)), Month));
    assert_eq!(one("Это было в 2014 году."), ("2014 году".into(), Some(ymd(2014, 1, 1)), Year));
    assert_eq!(one("Sie kamen im März."), ("März".into(), Some(ymd(2022, 3, 1)), Month));
    assert_eq!(one("Они пришли в субботу."), ("субботу".into(), Some(ymd(2022, 4, 30)), Day));
    assert_eq!(one("Вони прийшли вчора."), ("вчора".into(), Some(ymd(2022, 4, 30)), Day));
}

#[test]
fn hostile_input_never_panics() {
    let long = "On April 30, 2022 and in 2014 and on Saturday ".repeat(2000);
    let inputs = [
        "",
        " ",
        "April",
        "April 31, 2022",
        "April 0",
        "April 99",
        "2022-",
        "2022-05-",
        "1/1/",
        "/1/2022",
        "99.99.9999",
        "31.02.2022",
        "in 99999",
        "last",
        "three days",
        "ago",
        "mid-",
        "Saturday,",
        "«30 апреля",
        "next Saturday, last Sunday, tomorrow, two years ago, last month, this year",
        "next Saturday, April 30",
        "🚀 April 30 🚀",
        "e\u{301} 30 April e\u{301}",
        long.as_str(),
    ];
    for s in inputs {
        let chars = s.chars().count();
        for published in [None, published(), NaiveDate::from_ymd_opt(1, 1, 1), Some(NaiveDate::MAX)]
        {
            for d in extract(s, published) {
                assert!(d.span.start < d.span.end && d.span.end <= chars, "{s:?}: {d:?}");
            }
        }
    }
    assert_eq!(extract(&long, published()).len(), 6000);
}
