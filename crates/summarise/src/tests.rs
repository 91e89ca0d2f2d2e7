//! Unit tests on invented multi-outlet stories.

use chrono::TimeZone;

use super::*;

fn source<'a>(outlet: &'a str, title: &'a str, sentences: Vec<&'a str>) -> Source<'a> {
    Source {
        title: Some(title),
        outlet: Some(outlet),
        language: Some("en"),
        sentences,
        ..Source::default()
    }
}

/// Four outlets on one invented flood.
fn flood() -> Vec<Source<'static>> {
    vec![
        source(
            "Harbour Gazette",
            "Velka river floods Ostraven, thousands evacuated",
            vec![
                "By Mara Oltan",
                "OSTRAVEN (AP) — The Velka river burst its banks in Ostraven on Monday, forcing about 4,000 residents from their homes.",
                "Water reached the first floor of the town hall by midday, the mayor's office said.",
                "Read more: how the region prepared for spring floods.",
                "Emergency crews used boats to reach elderly residents trapped in the old quarter.",
            ],
        ),
        source(
            "Baltic Ledger",
            "Thousands flee as Velka floods Ostraven",
            vec![
                "About 4,000 residents of Ostraven were forced from their homes on Monday after the Velka river burst its banks.",
                "Rail services between Ostraven and the capital were suspended until Thursday.",
                "What would you take with you if the water came?",
            ],
        ),
        source(
            "Northern Courier",
            "Ostraven under water after Velka river bursts banks",
            vec![
                "The Velka river burst its banks in Ostraven, and some 4,000 residents left their homes on Monday.",
                "Forecasters expect more rain in the upper valley on Wednesday.",
                "“We lost everything in the cellar, and the water is still rising.",
            ],
        ),
        source(
            "Plains Herald",
            "Ostraven mayor asks the army for help with floods",
            vec![
                "Ostraven's mayor, Jonas Brekke, asked the army for sandbags and pumps on Monday evening.",
                "The town hall was flooded to the first floor by midday, his office said.",
                "The Velka river has flooded the town twice in the past decade.",
            ],
        ),
    ]
}

fn is_evacuation(k: &KeySentence) -> bool {
    k.text.contains("4,000")
}

#[test]
fn redundant_sentences_are_suppressed() {
    let page = page(&flood(), Length::Sentences(4), &Background::default());
    assert_eq!(page.sentences.len(), 4);
    // Three outlets tell the evacuation in nearly the same words: one of them is enough.
    assert_eq!(page.sentences.iter().filter(|k| is_evacuation(k)).count(), 1, "{page:#?}");
    // The town hall flood is told twice: once on the page.
    assert!(page.sentences.iter().filter(|k| k.text.contains("first floor")).count() <= 1);
}

#[test]
fn outlets_are_spread() {
    let page = page(&flood(), Length::Sentences(4), &Background::default());
    let mut outlets: Vec<usize> = page.sentences.iter().map(|k| k.source).collect();
    outlets.sort_unstable();
    outlets.dedup();
    assert!(outlets.len() >= 3, "{page:#?}");
}

#[test]
fn a_shared_fact_is_quoted_from_an_outlet_not_yet_on_the_page() {
    // The Gazette tells both facts; the Ledger tells the second one in nearly the same words.
    // The page takes the Gazette's lead and the Ledger's version of the second fact.
    let sources = vec![
        source(
            "Harbour Gazette",
            "Velmar bridge closed after crack found",
            vec![
                "Engineers closed the Velmar bridge on Sunday after finding a crack in its main span.",
                "Traffic was diverted through the harbour tunnel, adding twenty minutes to journeys.",
            ],
        ),
        source(
            "Baltic Ledger",
            "Crack closes Velmar bridge",
            vec![
                "Traffic has been diverted through the harbour tunnel, adding twenty minutes to journeys.",
            ],
        ),
    ];
    let page = page(&sources, Length::Sentences(2), &Background::default());
    let mut got: Vec<(usize, usize)> =
        page.sentences.iter().map(|k| (k.source, k.sentence)).collect();
    got.sort_unstable();
    assert_eq!(got, [(0, 0), (1, 0)], "{page:#?}");
    assert!(page.sentences.iter().any(|k| k.source == 1 && k.support == 2));
}

#[test]
fn one_outlet_does_not_take_the_page() {
    // The first outlet has many on-topic sentences, the second one: with two sentences, each
    // outlet gives one.
    let sources = vec![
        source(
            "Harbour Gazette",
            "Port Velmar dockers strike over pay",
            vec![
                "Dockers at Port Velmar walked out on Tuesday in a dispute over pay.",
                "The strike at Port Velmar halted loading of grain ships on Tuesday.",
                "Port Velmar dockers want a 9 percent pay rise, their union said.",
                "Grain exporters said the Port Velmar strike would cost millions a day.",
            ],
        ),
        source(
            "Baltic Ledger",
            "Strike closes Port Velmar",
            vec!["The port authority said talks with the dockers' union would resume on Friday."],
        ),
    ];
    let page = page(&sources, Length::Sentences(2), &Background::default());
    let sources_used: Vec<usize> = page.sentences.iter().map(|k| k.source).collect();
    assert!(sources_used.contains(&0) && sources_used.contains(&1), "{page:#?}");
}

#[test]
fn support_counts_the_outlets_that_carry_a_fact() {
    let page = page(&flood(), Length::Sentences(6), &Background::default());
    let evacuation = page.sentences.iter().find(|k| is_evacuation(k)).expect("evacuation on page");
    assert_eq!(evacuation.support, 3, "{page:#?}");
    let town_hall = page.sentences.iter().find(|k| k.text.contains("first floor"));
    if let Some(k) = town_hall {
        assert_eq!(k.support, 2);
    }
    let rail = page.sentences.iter().find(|k| k.text.contains("Rail services"));
    if let Some(k) = rail {
        assert_eq!(k.support, 1);
    }
}

#[test]
fn furniture_never_makes_the_page() {
    let page = page(&flood(), Length::Sentences(20), &Background::default());
    for k in &page.sentences {
        assert!(!k.text.starts_with("By "), "{}", k.text);
        assert!(!k.text.starts_with("Read more"), "{}", k.text);
        assert!(!k.text.ends_with('?'), "{}", k.text);
        assert!(!k.text.starts_with('“'), "{}", k.text);
        assert!(!k.text.starts_with("OSTRAVEN"), "{}", k.text);
    }
}

#[test]
fn label_is_the_shared_place_and_headline_is_representative() {
    let bg = Background::from_texts([
        ("The government met on Monday to discuss the budget.", None),
        ("Residents said the river and the town hall were safe.", None),
        ("Thousands of people attended the concert in the capital.", None),
    ]);
    let page = page(&flood(), Length::Sentences(3), &bg);
    assert_eq!(page.label, "Ostraven");
    let h = page.headline_source.expect("a headline");
    assert_eq!(page.headline, flood()[h].title.unwrap());
    // The Plains Herald's title is about the mayor's request, not the story as a whole.
    assert_ne!(h, 3);
}

#[test]
fn label_is_the_person_when_a_person_is_the_story() {
    let sources = vec![
        source(
            "Harbour Gazette",
            "Ilse Marek resigns as Lavrania's finance minister",
            vec![
                "Lavrania's finance minister Ilse Marek resigned on Friday after a row over the budget.",
            ],
        ),
        source(
            "Baltic Ledger",
            "Marek quits over budget row",
            vec![
                "Ilse Marek stepped down as finance minister, saying the budget had been rewritten without her.",
            ],
        ),
        source(
            "Northern Courier",
            "Finance minister Marek resigns",
            vec!["Prime Minister Tomas Varga thanked Marek for her service and named a successor."],
        ),
    ];
    let page = page(&sources, Length::Sentences(2), &Background::default());
    assert_eq!(page.label, "Ilse Marek");
}

#[test]
fn word_budget_is_respected() {
    for n in [1, 10, 25, 40] {
        let page = page(&flood(), Length::Words(n), &Background::default());
        let words: Vec<usize> = page.sentences.iter().map(|k| budget_words(&k.text)).collect();
        let total: usize = words.iter().sum();
        assert!(total >= n, "{n}: {words:?}");
        // Only the last sentence may cross the budget.
        assert!(total - words.last().unwrap() < n, "{n}: {words:?}");
    }
    let all = page(&flood(), Length::Words(10_000), &Background::default());
    assert!(!all.sentences.is_empty());
    assert!(page(&flood(), Length::Words(0), &Background::default()).sentences.is_empty());
    assert!(page(&flood(), Length::Sentences(0), &Background::default()).sentences.is_empty());
    let two = page(&flood(), Length::Sentences(2), &Background::default());
    assert_eq!(two.sentences.len(), 2);
}

#[test]
fn same_input_same_page() {
    let a = page(&flood(), Length::Words(60), &Background::default());
    let mut reversed = flood();
    reversed.reverse();
    let b = page(&flood(), Length::Words(60), &Background::default());
    assert_eq!(a, b);
    // Article order changes indices, not the chosen sentences' text.
    let c = page(&reversed, Length::Words(60), &Background::default());
    let mut ta: Vec<&str> = a.sentences.iter().map(|k| k.text.as_str()).collect();
    let mut tc: Vec<&str> = c.sentences.iter().map(|k| k.text.as_str()).collect();
    ta.sort_unstable();
    tc.sort_unstable();
    assert_eq!(a.label, c.label);
    assert_eq!(ta.len(), tc.len());
}

#[test]
fn headline_ties_go_to_the_earliest() {
    let mut sources = vec![
        source(
            "A",
            "Ferry service resumes",
            vec!["The ferry service resumed on Sunday after repairs."],
        ),
        source(
            "B",
            "Ferry service resumes",
            vec!["The ferry service resumed on Sunday after repairs."],
        ),
    ];
    sources[0].published = Some(Utc.with_ymd_and_hms(2024, 3, 2, 9, 0, 0).unwrap());
    sources[1].published = Some(Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap());
    let page = page(&sources, Length::Sentences(1), &Background::default());
    assert_eq!(page.headline_source, Some(1));
}

#[test]
fn degenerate_input_does_not_panic() {
    let bg = Background::default();
    // No sources.
    let empty = page(&[], Length::Words(60), &bg);
    assert_eq!(empty, Page::default());
    // Sources without sentences or titles.
    let blank =
        vec![Source::default(), Source { sentences: vec!["", "  ", "—"], ..Source::default() }];
    let p = page(&blank, Length::Words(60), &bg);
    assert!(p.sentences.is_empty() && p.headline.is_empty() && p.headline_source.is_none());
    // Titles only.
    let titles = vec![source("A", "Bridge closed in Velmar", vec![])];
    let p = page(&titles, Length::Words(60), &bg);
    assert_eq!(p.headline, "Bridge closed in Velmar");
    assert!(p.sentences.is_empty());
    // One article.
    let one = vec![flood().remove(1)];
    let p = page(&one, Length::Words(60), &bg);
    assert!(!p.sentences.is_empty());
    assert!(p.sentences.iter().all(|k| k.support == 1));
    // Every sentence the same, in every outlet.
    let same = "The Velka river burst its banks in Ostraven on Monday morning.";
    let dup: Vec<Source> =
        ["A", "B", "C"].iter().map(|o| source(o, "Flood", vec![same, same, same])).collect();
    let p = page(&dup, Length::Words(60), &bg);
    assert_eq!(p.sentences.len(), 1, "{p:#?}");
    assert_eq!(p.sentences[0].support, 3);
    // Only furniture: the page still says something.
    let short = vec![source("A", "Flood", vec!["Flood.", "Water rising."])];
    let p = page(&short, Length::Words(60), &bg);
    assert_eq!(p.sentences.len(), 2);
    // Other languages and scripts.
    let other = vec![
        Source {
            title: Some("Hochwasser in Ostrawen"),
            language: Some("de"),
            sentences: vec![
                "Der Fluss Velka ist am Montag in Ostrawen über die Ufer getreten.",
                "Rund 4.000 Menschen mussten ihre Häuser verlassen.",
            ],
            ..Source::default()
        },
        Source {
            title: Some("Повінь в Остравені"),
            language: Some("uk"),
            sentences: vec![
                "Річка Велька вийшла з берегів в Остравені в понеділок.",
                "洪水が町を襲った。",
            ],
            ..Source::default()
        },
        Source {
            title: None,
            language: Some("xx"),
            sentences: vec!["🌊🌊🌊", "1234 5678 91011 121314 151617 181920."],
            ..Source::default()
        },
    ];
    let p = page(&other, Length::Words(60), &bg);
    assert!(!p.sentences.is_empty());
    assert!(!p.label.is_empty());
}

#[test]
fn a_large_story_stays_cheap() {
    // 200 articles of 20 sentences each, from 40 outlets: every sentence is compared with
    // every other only for the candidates, so this stays fast even in a debug build.
    let words = [
        "river",
        "flood",
        "Ostraven",
        "residents",
        "bridge",
        "water",
        "mayor",
        "rain",
        "army",
        "pumps",
        "homes",
        "rail",
        "valley",
        "town",
        "hall",
        "crews",
        "boats",
        "levels",
    ];
    let texts: Vec<Vec<String>> = (0..200)
        .map(|a| {
            (0..20)
                .map(|s| {
                    let picked: Vec<&str> =
                        (0..14).map(|k| words[(a * 7 + s * 3 + k * 5) % words.len()]).collect();
                    format!("The {} said on Monday.", picked.join(" "))
                })
                .collect()
        })
        .collect();
    let outlets: Vec<String> = (0..40).map(|o| format!("Outlet {o}")).collect();
    let sources: Vec<Source> = texts
        .iter()
        .enumerate()
        .map(|(a, t)| Source {
            title: Some("Ostraven floods"),
            outlet: Some(outlets[a % 40].as_str()),
            sentences: t.iter().map(String::as_str).collect(),
            ..Source::default()
        })
        .collect();
    let p = page(&sources, Length::Words(120), &Background::default());
    assert!(!p.sentences.is_empty());
    assert_eq!(p.label, "Ostraven");
}

/// Frequencies read for many stories at once give each story the page it gets from its own
/// stems alone ([`Tokenised::stems`] covers every stem the page consults), even when its
/// articles are in two languages and the label's phrases are stemmed in the first one's.
#[test]
fn a_background_read_for_many_stories_gives_each_its_own_page() {
    let mut story = flood();
    story.push(Source {
        title: Some("Ostraven: die Velka tritt über die Ufer"),
        outlet: Some("Nordkurier"),
        language: Some("de"),
        sentences: vec![
            "Die Velka ist in Ostraven über die Ufer getreten, rund 4000 Bewohner mussten ihre Häuser verlassen.",
            "Der Bahnverkehr zwischen Ostraven und der Hauptstadt ruht bis Donnerstag.",
        ],
        ..Source::default()
    });
    story.rotate_right(1);
    let other_stories = [
        ("Rivers rose across the region as the rain went on.", Some("en")),
        ("Residents of Ostraven were evacuated by boat; Velka Rivers flooded.", Some("en")),
        ("Die Flüsse der Region traten über die Ufer, die Velka als erster.", Some("de")),
        ("Evacuated residents returned home on Thursday.", Some("en")),
    ];
    let everything = Background::from_texts(other_stories.iter().map(|&(t, l)| (t, l)));
    let config = Config::default();
    let read = Tokenised::new(&story, &config);
    let mut own = Background::new(everything.documents());
    for stem in read.stems() {
        own.insert(stem, everything.docs(stem));
    }
    let from_all = read.page(&story, Length::Sentences(3), &everything, &config);
    let from_own = page_with(&story, Length::Sentences(3), &own, &config);
    assert_eq!(from_all, from_own);
    assert_eq!(from_all, page_with(&story, Length::Sentences(3), &everything, &config));
    assert_eq!(from_all.label, "Ostraven");
}
