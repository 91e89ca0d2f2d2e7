//! Figure finder tests: one sentence per case, written for these tests.

use super::*;

/// (span text, value, qualifier, unit, counts) for each figure of `s`.
fn found(s: &str) -> Vec<(String, f64, Qualifier, Unit, Option<String>)> {
    extract(s)
        .into_iter()
        .map(|f| (f.span.text(s).to_string(), f.value, f.qualifier, f.unit, f.counts))
        .collect()
}

fn fig(
    text: &str,
    value: f64,
    qualifier: Qualifier,
    unit: Unit,
    counts: Option<&str>,
) -> (String, f64, Qualifier, Unit, Option<String>) {
    (text.to_string(), value, qualifier, unit, counts.map(str::to_string))
}

fn only(s: &str) -> Figure {
    let mut all = extract(s);
    assert_eq!(all.len(), 1, "expected one figure in {s:?}, got {all:#?}");
    all.remove(0)
}

use Qualifier::{About, AtLeast, AtMost, Exact, Vague};
use Unit::{Count, Measure, Money, Percent};

#[test]
fn plain_counts_with_what_they_count() {
    assert_eq!(
        found("Officials said 46 civilians evacuated overnight."),
        [fig("46 civilians", 46.0, Exact, Count, Some("civilians"))]
    );
    assert_eq!(
        found("The ministry is sending 45 buses to the city."),
        [fig("45 buses", 45.0, Exact, Count, Some("buses"))]
    );
    assert_eq!(
        found("He said 35,000 civilians had managed to flee."),
        [fig("35,000 civilians", 35000.0, Exact, Count, Some("civilians"))]
    );
    assert_eq!(
        found("The shelling killed over 1,200 civilians in the port."),
        [fig("over 1,200 civilians", 1200.0, AtLeast, Count, Some("civilians"))]
    );
    assert_eq!(
        found("Both sides signed two agreements last spring."),
        [fig("two agreements", 2.0, Exact, Count, Some("agreements"))]
    );
}

#[test]
fn written_out_numbers() {
    let f = only("Forty-six civilians were moved to safety.");
    assert_eq!(
        (f.value, f.number_text.as_str(), f.counts.as_deref()),
        (46.0, "Forty-six", Some("civilians"))
    );
    assert_eq!(only("They found one hundred and twenty-five shells.").value, 125.0);
    assert_eq!(only("She bought three dozen eggs.").value, 36.0);
    assert_eq!(only("A dozen houses burned.").value, 12.0);
    assert_eq!(only("The city had half a million inhabitants.").value, 500_000.0);
    assert_eq!(only("Two million three hundred thousand voters came.").value, 2_300_000.0);
    assert_eq!(only("Twenty five trucks arrived.").value, 25.0);
    let f = only("Two groups of civilians left the area.");
    assert_eq!((f.value, f.counts.as_deref()), (2.0, Some("groups of civilians")));
}

#[test]
fn vague_magnitudes() {
    assert_eq!(
        found("The war has seen thousands killed and millions displaced."),
        [fig("thousands", 1000.0, Vague, Count, None), fig("millions", 1e6, Vague, Count, None),]
    );
    assert_eq!(
        found(
            "Only a few thousand Ukrainian soldiers remain, with thousands more civilians inside."
        ),
        [
            fig(
                "a few thousand Ukrainian soldiers",
                1000.0,
                Vague,
                Count,
                Some("ukrainian soldiers")
            ),
            fig("thousands more civilians", 1000.0, Vague, Count, Some("civilians")),
        ]
    );
    assert_eq!(
        found("Dozens of civilians were evacuated."),
        [fig("Dozens of civilians", 12.0, Vague, Count, Some("civilians"))]
    );
    let f = only("Hundreds of thousands of refugees crossed the border.");
    assert_eq!((f.value, f.qualifier, f.counts.as_deref()), (1e5, Vague, Some("refugees")));
    assert_eq!(only("Tens of thousands of people marched.").value, 1e4);
    assert_eq!(only("Several hundred protesters gathered.").value, 100.0);
    assert_eq!(only("Scores of people were hurt.").value, 20.0);
}

#[test]
fn qualifiers() {
    let cases = [
        ("Rescuers found more than 100 survivors.", 100.0, AtLeast),
        ("Nearly 300 homes were damaged.", 300.0, About),
        ("At least 12 people died.", 12.0, AtLeast),
        ("Up to 50 trucks may cross.", 50.0, AtMost),
        ("Fewer than 20 doctors stayed.", 20.0, AtMost),
        ("About 40 villages lost power.", 40.0, About),
        ("Some 300 soldiers surrendered.", 300.0, About),
        ("An estimated 2,000 families fled.", 2000.0, About),
        ("No fewer than 8 ships sank.", 8.0, AtLeast),
        ("As many as 70 tanks were lost.", 70.0, AtMost),
        ("They expect 50 or more guests.", 50.0, AtLeast),
        ("They expect 200 or so guests.", 200.0, About),
        ("It hosts 50+ groups.", 50.0, AtLeast),
    ];
    for (s, value, qualifier) in cases {
        let f = only(s);
        assert_eq!((f.value, f.qualifier), (value, qualifier), "{s}");
    }
    assert_eq!(only("At least 12 people died.").span, Span::new(0, 18));
    assert_eq!(only("At least 12 people died.").counts.as_deref(), Some("people"));
}

#[test]
fn digit_styles() {
    assert_eq!(only("Die Behörden zählten 1.200 Flüchtlinge.").value, 1200.0);
    assert_eq!(only("Les autorités ont compté 1 200 réfugiés.").value, 1200.0);
    assert_eq!(only("Les autorités ont compté 1\u{202f}200 réfugiés.").value, 1200.0);
    assert_eq!(only("Se registraron 3,5 millones de euros.").value, 3_500_000.0);
    assert_eq!(only("About 1.2 million people left.").value, 1_200_000.0);
    assert_eq!(only("The fund holds 2,500.75 dollars.").value, 2500.75);
    assert_eq!(only("There were 1500 soldiers.").value, 1500.0);
}

#[test]
fn money_percent_measure() {
    let f = only("Washington pledged $3.5 billion in military aid.");
    assert_eq!(
        (f.value, f.unit, f.currency.as_deref(), f.counts.as_deref(), f.number_text.as_str()),
        (3.5e9, Money, Some("USD"), None, "3.5 billion")
    );
    assert_eq!(f.span.text("Washington pledged $3.5 billion in military aid."), "$3.5 billion");
    let f = only("The notes trade at 64 cents on the euro.");
    assert_eq!(
        (f.value, f.unit, f.currency.as_deref(), f.counts),
        (64.0, Money, Some("EUR"), None)
    );
    let f = only("Brussels approved €1.2bn for repairs.");
    assert_eq!((f.value, f.currency.as_deref()), (1.2e9, Some("EUR")));
    let f = only("The bank lost 5 million roubles.");
    assert_eq!((f.value, f.unit, f.currency.as_deref()), (5e6, Money, Some("RUB")));
    assert_eq!(only("Turnout was 71%.").unit, Percent);
    let f = only("Turnout reached 71 percent of voters.");
    assert_eq!((f.value, f.unit, f.counts.as_deref()), (71.0, Percent, Some("voters")));
    assert_eq!(only("Prices rose 7 per cent.").unit, Percent);
    let f = only("The column stretched 12 km along the road.");
    assert_eq!((f.unit, f.counts.as_deref()), (Measure, Some("km")));
    let f = only("They shipped 3 tonnes of grain.");
    assert_eq!((f.unit, f.counts.as_deref()), (Measure, Some("tonnes of grain")));
}

#[test]
fn measure_adjectives_count_their_unit() {
    let s = "The mayor spoke of the nine-day siege.";
    let f = only(s);
    assert_eq!(
        (f.value, f.unit, f.counts.as_deref(), f.number_text.as_str(), f.span.text(s)),
        (9.0, Measure, Some("days"), "nine", "nine-day")
    );
    assert_eq!(only("They agreed a 10-day truce.").counts.as_deref(), Some("days"));
    assert_eq!(only("The fighting lasted nine days.").counts.as_deref(), Some("days"));
    let f = only("A twenty-five-year-old man was hurt.");
    assert_eq!(
        (f.value, f.counts.as_deref(), f.number_text.as_str()),
        (25.0, Some("years old"), "twenty-five")
    );
    assert!(extract("They proposed a 12-point plan and a two-state solution.").is_empty());
}

#[test]
fn elliptical_numbers_inherit_what_is_counted() {
    let s = "It stated that 25 local residents left the site during the day and 21 left later.";
    assert_eq!(
        found(s),
        [
            fig("25 local residents", 25.0, Exact, Count, Some("local residents")),
            fig("21", 21.0, Exact, Count, Some("local residents")),
        ]
    );
    let s = "Rescuers freed 30 miners on Monday and 12 on Tuesday.";
    assert_eq!(extract(s)[1].counts.as_deref(), Some("miners"));
    // Only a verb after the bare number lets it inherit.
    let s = "In 12 villages, the army counted 300.";
    assert_eq!(extract(s)[1].counts, None);
}

#[test]
fn not_figures() {
    let none = [
        "\"The enemy is outnumbering us 10 to one,\" he said.",
        "He served in the 36th Separate Marine Brigade.",
        "The agreements were first signed in 2014.",
        "The column arrived on April 30 and left on February 24.",
        "The war entered its third month.",
        "Su-25 jets and MH17 and COVID-19 were discussed.",
        "Article 5 and Resolution 2231 apply; see No. 5.",
        "The meeting starts at 10:30 or 5 p.m. or 9 am.",
        "The hotline 8-800-555-35-35 works 24/7.",
        "One in five residents and 3 out of 4 doctors agreed.",
        "No one came; the one who did left.",
        "One of the providers failed; two thirds of voters agreed.",
        "A Category 4 hurricane and Title 42 were discussed.",
        "The 2014 agreements and the 2015 protocol failed.",
        "Between 2014 and 2015 nothing changed.",
        "The talks were held on 24 February 2022 and on 2022-05-01.",
        "",
        "...!?",
    ];
    for s in none {
        assert_eq!(found(s), [], "{s}");
    }
}

#[test]
fn ranges_are_one_figure_at_least_the_lower_bound() {
    let s = "Officials said 10 to 15 people were hurt.";
    let f = only(s);
    assert_eq!(
        (f.value, f.qualifier, f.number_text.as_str(), f.counts.as_deref()),
        (10.0, AtLeast, "10 to 15", Some("people"))
    );
    let f = only("Between 20 and 30 houses burned.");
    assert_eq!((f.value, f.qualifier, f.counts.as_deref()), (20.0, AtLeast, Some("houses")));
    let f = only("They saw 10-15 drones.");
    assert_eq!((f.value, f.qualifier, f.counts.as_deref()), (10.0, AtLeast, Some("drones")));
    // "from … to" is a change, two figures.
    assert_eq!(extract("Prices rose from 10 to 15 dollars.").len(), 2);
}

#[test]
fn lone_one_needs_a_noun() {
    let f = only("Only one soldier was wounded.");
    assert_eq!((f.value, f.counts.as_deref()), (1.0, Some("soldier")));
    assert!(extract("One of them was wounded.").is_empty());
}

#[test]
fn one_as_an_article_is_not_a_figure() {
    for s in [
        "One witness said the bridge was gone.",
        "Later, one local farmer told us he had stayed.",
        "One nurse, still in her scrubs, cried at the gate.",
        "The siren sounded at one point during the night.",
    ] {
        assert_eq!(found(s), [], "{s}");
    }
    assert_eq!(only("The strike killed one civilian.").counts.as_deref(), Some("civilian"));
    assert_eq!(only("One firefighter was hurt.").counts.as_deref(), Some("firefighter"));
    let s = "Two pilots and one mechanic were rescued.";
    assert_eq!(extract(s)[1].counts.as_deref(), Some("mechanic"));
}

#[test]
fn dates_inside_a_sentence_are_masked_but_counts_after_them_are_read() {
    let s = "On April 30 250 people left, and in March 25 soldiers died.";
    let got = found(s);
    assert_eq!(
        got,
        [
            fig("250 people", 250.0, Exact, Count, Some("people")),
            fig("25 soldiers", 25.0, Exact, Count, Some("soldiers")),
        ]
    );
}

#[test]
fn spans_point_at_the_text_in_any_script() {
    let s = "«Київ»: 45 автобусів і 1 200 людей, said “officials” — 46 civilians.";
    for f in extract(s) {
        assert!(f.span.text(s).contains(&f.number_text), "{f:?}");
    }
    assert_eq!(extract(s).iter().map(|f| f.value).collect::<Vec<_>>(), [45.0, 1200.0, 46.0]);
}

#[test]
fn hostile_input_never_panics() {
    let long_digits = "9".repeat(5000);
    let long_sentence = "Forty-six civilians and 25 buses, ".repeat(3000);
    let words = "one ".repeat(2000);
    let inputs = [
        "",
        " ",
        "%$€",
        "$",
        "1,",
        ",1",
        "1.",
        "-1-",
        "—1—",
        "\"unbalanced 12 quotes",
        "1.2.3.4.5",
        "1,2,3,4",
        "a a a a a hundred",
        "half a",
        "a few",
        "tens of",
        "the 1st 2nd 3rd 4th",
        "12-",
        "-12",
        "12-to",
        "between 5 and",
        "10 to",
        "one in",
        "数字 12 テスト 🚀 45 😀",
        "e\u{301}\u{301}\u{301} 12 e\u{301}",
        "\u{202e}12 buses\u{202c}",
        long_digits.as_str(),
        long_sentence.as_str(),
        words.as_str(),
    ];
    for s in inputs {
        let chars = s.chars().count();
        for f in extract(s) {
            assert!(f.span.start < f.span.end && f.span.end <= chars, "{s:?}: {f:?}");
            assert!(f.value.is_finite());
        }
    }
    assert_eq!(extract(long_sentence.as_str()).len(), 6000);
}
