//! The figure, sum and date finders over one report written for this test in the register
//! of the state-outlet article the product was specified from: a ministry's figures, a
//! total given first and its parts sentences later, weekdays and undated days resolved
//! against publication.

use chrono::NaiveDate;

use super::{Figure, Qualifier, SumCheck, Unit, extract, sums};
use crate::Span;
use crate::dates::{self, DateMention, Granularity};

const REPORT: &[&str] = &[
    "Over 80 civilians evacuated from shelters near the Kherson port",
    "Eighty-three civilians were evacuated from basements near the grain terminal in Kherson on Friday, the Russian Defense Ministry said.",
    "Footage released by the ministry on Saturday shows families boarding 12 buses.",
    "Three groups of civilians left the shelters on May 6, after a local truce was agreed.",
    "According to the ministry, 40 local residents left in the morning, 28 in the afternoon and 15 left after dark.",
    "The ministry said that all evacuees received food, shelter and medical help.",
    "On April 28, Defense Minister Sergey Shoigu told President Vladimir Putin that more than 1,500 Ukrainian troops remained in the port area.",
    "Kiev claims that at least 300 people were killed in the shelling of the city since early March.",
    "The sides agreed on a three-day ceasefire in 2015, but it collapsed within hours.",
    "Moscow says Western countries have sent $3.5 billion in weapons to Kiev, roughly 71% of all foreign aid.",
];

/// A Saturday.
fn published() -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 5, 7).unwrap()
}

/// The character span of the only occurrence of `needle` in `sentence`.
fn span_of(sentence: &str, needle: &str) -> Span {
    let at = sentence.find(needle).unwrap_or_else(|| panic!("{needle:?} not in {sentence:?}"));
    assert!(sentence[at + 1..].find(needle).is_none(), "{needle:?} twice in {sentence:?}");
    let start = sentence[..at].chars().count();
    Span::new(start, start + needle.chars().count())
}

fn figure(
    sentence: usize,
    span: &str,
    number_text: &str,
    value: f64,
    qualifier: Qualifier,
    unit: Unit,
    counts: Option<&str>,
) -> Figure {
    Figure {
        span: span_of(REPORT[sentence], span),
        number_text: number_text.to_string(),
        value,
        qualifier,
        unit,
        currency: (unit == Unit::Money).then(|| "USD".to_string()),
        counts: counts.map(str::to_string),
    }
}

fn date(
    sentence: usize,
    span: &str,
    ymd: (Option<i32>, Option<u32>, Option<u32>),
    on: (i32, u32, u32),
    granularity: Granularity,
) -> DateMention {
    DateMention {
        span: span_of(REPORT[sentence], span),
        year: ymd.0,
        month: ymd.1,
        day: ymd.2,
        date: NaiveDate::from_ymd_opt(on.0, on.1, on.2),
        granularity,
    }
}

#[test]
fn figures_of_the_report() {
    use Qualifier::{About, AtLeast, Exact};
    use Unit::{Count, Measure, Money, Percent};
    let expected: Vec<Vec<Figure>> = vec![
        vec![figure(0, "Over 80 civilians", "80", 80.0, AtLeast, Count, Some("civilians"))],
        vec![figure(
            1,
            "Eighty-three civilians",
            "Eighty-three",
            83.0,
            Exact,
            Count,
            Some("civilians"),
        )],
        vec![figure(2, "12 buses", "12", 12.0, Exact, Count, Some("buses"))],
        vec![figure(
            3,
            "Three groups of civilians",
            "Three",
            3.0,
            Exact,
            Count,
            Some("groups of civilians"),
        )],
        vec![
            figure(4, "40 local residents", "40", 40.0, Exact, Count, Some("local residents")),
            figure(4, "28", "28", 28.0, Exact, Count, Some("local residents")),
            figure(4, "15", "15", 15.0, Exact, Count, Some("local residents")),
        ],
        vec![],
        vec![figure(
            6,
            "more than 1,500 Ukrainian troops",
            "1,500",
            1500.0,
            AtLeast,
            Count,
            Some("ukrainian troops"),
        )],
        vec![figure(7, "at least 300 people", "300", 300.0, AtLeast, Count, Some("people"))],
        vec![figure(8, "three-day", "three", 3.0, Exact, Measure, Some("days"))],
        vec![
            figure(9, "$3.5 billion", "3.5 billion", 3.5e9, Exact, Money, None),
            figure(
                9,
                "roughly 71% of all foreign aid",
                "71",
                71.0,
                About,
                Percent,
                Some("foreign aid"),
            ),
        ],
    ];
    let found: Vec<Vec<Figure>> = REPORT.iter().map(|s| extract(s)).collect();
    for (i, (got, want)) in found.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "sentence {i}: {}", REPORT[i]);
    }
    assert_eq!(
        sums(REPORT, &found),
        [SumCheck {
            total: (1, 0),
            parts: vec![(4, 0), (4, 1), (4, 2)],
            sum: 83.0,
            consistent: true
        }]
    );
}

#[test]
fn dates_of_the_report() {
    use Granularity::{Day, Month, Year};
    let expected: Vec<Vec<DateMention>> = vec![
        vec![],
        vec![date(1, "Friday", (None, None, None), (2022, 5, 6), Day)],
        vec![date(2, "Saturday", (None, None, None), (2022, 5, 7), Day)],
        vec![date(3, "May 6", (None, Some(5), Some(6)), (2022, 5, 6), Day)],
        vec![],
        vec![],
        vec![date(6, "April 28", (None, Some(4), Some(28)), (2022, 4, 28), Day)],
        vec![date(7, "early March", (None, Some(3), None), (2022, 3, 1), Month)],
        vec![date(8, "2015", (Some(2015), None, None), (2015, 1, 1), Year)],
        vec![],
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(
            &dates::extract(REPORT[i], Some(published())),
            want,
            "sentence {i}: {}",
            REPORT[i]
        );
    }
}
