//! The comparison on a small story told by three sides, written for these tests.

use chrono::{TimeZone, Utc};
use parallax_evidence::variants::Lexicon;
use parallax_model::Sentence;

use super::*;
use crate::facts::FactKind;

#[derive(Clone, Copy)]
struct Doc {
    id: &'static str,
    outlet: &'static str,
    side: &'static str,
    day: u32,
    title: &'static str,
    body: &'static [&'static str],
}

const DOCS: &[Doc] = &[
    Doc {
        id: "h1",
        outlet: "Volga Herald",
        side: "state",
        day: 1,
        title: "Civilians leave apartment blocks near the Korvel steelworks",
        body: &[
            "Fifty civilians left apartment blocks next to the Korvel steelworks on Saturday, the defence ministry in Moscow said.",
            "The ministry said the evacuation followed a ceasefire and the opening of a humanitarian corridor.",
            "Kiev has repeatedly disrupted earlier evacuation attempts, the ministry claimed.",
            "Nationalist militants remain inside the steelworks with their weapons.",
        ],
    },
    Doc {
        id: "h2",
        outlet: "Volga Herald",
        side: "state",
        day: 2,
        title: "Militants at Korvel refuse to lay down arms",
        body: &[
            "The militants holding the Korvel steelworks refused an offer to lay down their arms, the ministry said.",
            "Fifty civilians were evacuated from the apartment blocks next to the Korvel steelworks on Saturday.",
            "Kiev ignored the humanitarian corridor again, officials in Moscow said.",
        ],
    },
    Doc {
        id: "d1",
        outlet: "Dnipro Dispatch",
        side: "ukraine",
        day: 1,
        title: "First civilians escape the besieged Korvel steelworks",
        body: &[
            "Twenty civilians escaped from apartment blocks next to the Korvel steelworks on Saturday after a brief ceasefire.",
            "The defenders of the steelworks said hundreds of civilians are still trapped in the bunkers beneath the plant.",
            "Kyiv accused Moscow of shelling the humanitarian corridor hours before it opened.",
            "Relentless bombardment has flattened most of the city around the steelworks.",
        ],
    },
    Doc {
        id: "d2",
        outlet: "Dnipro Dispatch",
        side: "ukraine",
        day: 2,
        title: "Defenders of Korvel vow to hold on",
        body: &[
            "The defenders of the Korvel steelworks vowed to hold on as shelling resumed on Sunday.",
            "Hundreds of civilians remain trapped in the bunkers beneath the plant, a commander said.",
            "Kyiv called the Russian offer of safe passage a staged show for the cameras.",
        ],
    },
    Doc {
        id: "w1",
        outlet: "Meridian Wire",
        side: "wire",
        day: 1,
        title: "Some civilians evacuated from near Korvel steelworks, accounts differ",
        body: &[
            "Civilians left apartment blocks next to the Korvel steelworks on Saturday during a brief ceasefire, both sides said.",
            "Moscow put the number evacuated at fifty while Kyiv said twenty civilians got out.",
            "The United Nations said it was ready to help with the evacuation of the steelworks area.",
        ],
    },
];

fn sentences(body: &[&str]) -> Vec<Sentence> {
    let mut start = 0;
    body.iter()
        .map(|s| {
            let len = s.chars().count();
            let sentence = Sentence { text: (*s).to_owned(), start, end: start + len };
            start += len + 1;
            sentence
        })
        .collect()
}

fn compare_docs(docs: &[Doc], active: Vec<ActiveOutlet>) -> Comparison {
    let bodies: Vec<Vec<Sentence>> = docs.iter().map(|d| sentences(d.body)).collect();
    let lexicon = Lexicon::builtin();
    let articles: Vec<Article> = docs
        .iter()
        .zip(&bodies)
        .map(|(d, body)| Article {
            id: d.id,
            title: Some(d.title),
            outlet: d.outlet,
            side: d.side,
            published: Some(Utc.with_ymd_and_hms(2022, 5, d.day, 12, 0, 0).unwrap()),
            language: Some("en"),
            sentences: body,
        })
        .collect();
    let covered = articles
        .iter()
        .map(|a| Covered { outlet: a.outlet.into(), side: a.side.into(), published: a.published })
        .collect();
    let input = Input { articles, covered, active, lexicon: &lexicon };
    compare(&input, &Options::default())
}

#[test]
fn coverage_counts_sides_and_finds_blindspots() {
    let active = vec![
        ActiveOutlet { outlet: "Volga Herald".into(), side: "state".into(), articles: 9 },
        ActiveOutlet { outlet: "Baltic Ledger".into(), side: "baltic".into(), articles: 4 },
    ];
    let c = compare_docs(DOCS, active);
    assert_eq!(c.sides, ["state", "ukraine", "wire"], "largest first, then earliest, then name");
    assert_eq!(c.coverage.articles, 5);
    assert_eq!(c.coverage.sides[0].articles, 2);
    assert!((c.coverage.sides[0].share - 0.4).abs() < 1e-9);
    assert_eq!(c.coverage.blindspots.len(), 1);
    assert_eq!(c.coverage.blindspots[0].outlet, "Baltic Ledger");
    assert_eq!(c.coverage.silent_sides, ["baltic"]);
}

#[test]
fn a_fact_is_shown_without_its_wire_dateline_but_quoted_in_full() {
    let wire = Doc {
        id: "w2",
        outlet: "Meridian Wire",
        side: "wire",
        day: 2,
        title: "Korvel power station shut after shelling",
        body: &[
            "May 2 (Meridian Wire) – The Korvel power station was shut down on Monday after shelling damaged its cooling towers, its operator said.",
        ],
    };
    let docs: Vec<Doc> = DOCS.iter().copied().chain([wire]).collect();
    let c = compare_docs(&docs, Vec::new());
    let fact = c.facts.iter().find(|f| f.text.contains("cooling towers")).expect("the shutdown");
    assert!(fact.text.starts_with("The Korvel power station"), "{}", fact.text);
    // The evidence is the sentence as the article has it, where its offsets point.
    assert!(fact.sentences[0].sentence.starts_with("May 2 (Meridian Wire)"));
}

#[test]
fn paraphrases_align_across_sides_and_one_sided_facts_stay_with_their_side() {
    let c = compare_docs(DOCS, Vec::new());
    let shared: Vec<&facts::Fact> = c.facts.iter().filter(|f| f.kind == FactKind::Shared).collect();
    let evacuation = shared
        .iter()
        .find(|f| f.text.contains("apartment blocks"))
        .expect("the evacuation is a shared fact");
    assert_eq!(evacuation.sides, ["state", "ukraine", "wire"]);
    assert!(evacuation.sentences.iter().all(|e| e.sentence.contains("steelworks")));
    let trapped = shared.iter().find(|f| f.text.contains("trapped"));
    assert!(trapped.is_none(), "only the Ukrainian side says civilians are trapped");
    let one_sided: Vec<&facts::Fact> =
        c.facts.iter().filter(|f| f.kind == FactKind::OneSided).collect();
    let trapped = one_sided.iter().find(|f| f.text.contains("trapped")).expect("one-sided fact");
    assert_eq!(trapped.sides, ["ukraine"]);
    assert_eq!(trapped.articles, 2, "both Dnipro Dispatch articles carry it");
    for fact in &c.facts {
        for e in &fact.sentences {
            let (start, end) = (e.start, e.end);
            assert_eq!(end - start, e.sentence.chars().count());
        }
    }
}

#[test]
fn variants_and_scare_quotes_are_counted_per_side() {
    let c = compare_docs(DOCS, Vec::new());
    let kyiv = c.variants.iter().find(|v| v.canonical == "Kyiv").expect("Kyiv/Kiev row");
    assert!(kyiv.split);
    assert_eq!(kyiv.forms["Kiev"]["state"], 2);
    assert_eq!(kyiv.forms["Kyiv"]["ukraine"], 2);
    assert_eq!(kyiv.forms["Kyiv"]["wire"], 1);
    assert!(!kyiv.forms["Kiev"].contains_key("ukraine"));
    let fighters = c.variants.iter().find(|v| v.canonical == "Ukrainian fighters").unwrap();
    assert_eq!(fighters.forms["militants"]["state"], 3, "the title counts too");
    assert_eq!(fighters.forms["defenders"]["ukraine"], 3);
    assert_eq!(kyiv.examples.len(), 3, "one per form and side");
}

#[test]
fn distinctive_words_need_evidence_on_their_side() {
    let c = compare_docs(DOCS, Vec::new());
    let state = c.wording.iter().find(|w| w.side == "state").unwrap();
    let terms: Vec<&str> = state.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms[..2], ["ministry", "militants"]);
    assert!(!terms.contains(&"steelworks"), "every side says steelworks: {terms:?}");
    let ukraine = c.wording.iter().find(|w| w.side == "ukraine").unwrap();
    let terms: Vec<&str> = ukraine.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["defenders"]);
    for t in state.terms.iter().chain(&ukraine.terms) {
        assert!(t.z >= 1.0 && t.count >= 3, "{t:?}");
        let e = &t.example;
        let word: String =
            e.sentence.chars().skip(e.start - offset_of(e)).take(e.end - e.start).collect();
        assert_eq!(word.to_lowercase(), t.term, "{t:?}");
    }
}

/// The character offset of an evidence's sentence in its field.
fn offset_of(e: &Evidence) -> usize {
    let Some(i) = e.sentence_index else { return 0 };
    let doc = DOCS.iter().find(|d| d.id == e.article).unwrap();
    sentences(doc.body)[i].start
}

#[test]
fn one_side_has_no_one_sided_facts_or_distinctive_words() {
    let c = compare_docs(&DOCS[..2], Vec::new());
    assert_eq!(c.sides, ["state"]);
    assert!(c.facts.iter().all(|f| f.kind == FactKind::Shared) && c.facts.is_empty());
    assert!(c.wording.is_empty());
}

#[test]
fn nothing_to_compare_gives_an_empty_comparison() {
    let c = compare_docs(&[], Vec::new());
    assert!(c.sides.is_empty() && c.facts.is_empty() && c.figures.is_empty());
    let json = serde_json::to_value(&c).unwrap();
    for key in
        ["coverage", "facts", "figures", "voices", "wording", "variants", "framing", "indicators"]
    {
        assert!(json.get(key).is_some(), "{key}");
    }
}
