use super::*;

/// A voice as (sentence, speaker, cue, kind, statement text, speaker as written).
type Seen = (usize, String, String, VoiceKind, String, Option<String>);

fn seen(sentences: &[&str]) -> Vec<Seen> {
    extract(sentences)
        .into_iter()
        .map(|v| {
            let s = sentences[v.sentence];
            (
                v.sentence,
                v.speaker,
                v.cue,
                v.kind,
                v.span.text(s).to_string(),
                v.speaker_span.map(|p| p.text(s).to_string()),
            )
        })
        .collect()
}

fn one(sentence: &str) -> Seen {
    let all = seen(&[sentence]);
    assert_eq!(all.len(), 1, "expected one voice in {sentence:?}, got {all:#?}");
    all.into_iter().next().unwrap()
}

pub(super) fn speakers(sentences: &[&str]) -> Vec<String> {
    extract(sentences).into_iter().map(|v| v.speaker).collect()
}

fn v(
    sentence: usize,
    speaker: &str,
    cue: &str,
    kind: VoiceKind,
    text: &str,
    written: Option<&str>,
) -> Seen {
    (
        sentence,
        speaker.to_string(),
        cue.to_string(),
        kind,
        text.to_string(),
        written.map(str::to_string),
    )
}

use VoiceKind::{According, Direct, Reported};

#[test]
fn state_outlet_paragraph_resolves_the_ministry_chain_and_the_leaders() {
    let article = [
        "Thirty residents left the shelters near the plant in Kherson on Monday, the Russian Defense Ministry said.",
        "A video released by the military shows buses leaving the area.",
        "It stated that 18 people left in the morning and 12 in the evening.",
        "The ministry said that everyone received food and medical help.",
        "Earlier, Russian Defense Minister Sergey Shoigu told President Vladimir Putin that the port was under full control.",
        "Putin cancelled the assault and offered the defenders a chance to surrender.",
        "In Moscow, UN chief Antonio Guterres told Putin that the UN was ready to help with the evacuation.",
        "The attack has drawn accusations of war crimes.",
    ];
    assert_eq!(
        seen(&article),
        vec![
            v(
                0,
                "Russian Defense Ministry",
                "said",
                Reported,
                "Thirty residents left the shelters near the plant in Kherson on Monday",
                Some("the Russian Defense Ministry")
            ),
            v(
                2,
                "Russian Defense Ministry",
                "stated",
                Reported,
                "18 people left in the morning and 12 in the evening",
                Some("It")
            ),
            v(
                3,
                "Russian Defense Ministry",
                "said",
                Reported,
                "everyone received food and medical help",
                Some("The ministry")
            ),
            v(
                4,
                "Sergey Shoigu",
                "told",
                Reported,
                "the port was under full control",
                Some("Russian Defense Minister Sergey Shoigu")
            ),
            v(
                5,
                "Vladimir Putin",
                "offered",
                Reported,
                "the defenders a chance to surrender",
                Some("Putin")
            ),
            v(
                6,
                "Antonio Guterres",
                "told",
                Reported,
                "the UN was ready to help with the evacuation",
                Some("UN chief Antonio Guterres")
            ),
        ]
    );
    let roles: Vec<Option<String>> = extract(&article).into_iter().map(|v| v.role).collect();
    assert_eq!(roles[3].as_deref(), Some("Russian Defense Minister"));
    assert_eq!(roles[5].as_deref(), Some("UN chief"));
}

#[test]
fn wire_style_quotes_with_the_attribution_after() {
    assert_eq!(
        one(
            "\"We will not leave our patients,\" said Dr. Anna Kowalski, a surgeon at the city hospital."
        ),
        v(
            0,
            "Anna Kowalski",
            "said",
            Direct,
            "We will not leave our patients",
            Some("Dr. Anna Kowalski")
        )
    );
    assert_eq!(
        one("\u{201c}The bridge is gone,\u{201d} the mayor told reporters on Tuesday."),
        v(0, "mayor", "told", Direct, "The bridge is gone", Some("the mayor"))
    );
    assert_eq!(
        one("Two schools were damaged in the shelling, the regional governor said in a statement."),
        v(
            0,
            "regional governor",
            "said",
            Reported,
            "Two schools were damaged in the shelling",
            Some("the regional governor")
        )
    );
    assert_eq!(
        one(
            "\"The enemy is shelling us day and night,\" Oleh Marchenko from the 12th Mountain Brigade said, speaking by phone."
        ),
        v(
            0,
            "Oleh Marchenko",
            "said",
            Direct,
            "The enemy is shelling us day and night",
            Some("Oleh Marchenko from the 12th Mountain Brigade")
        )
    );
}

#[test]
fn reported_speech_before_the_statement() {
    assert_eq!(
        one(
            "The Interior Ministry said in a statement on Sunday that 40 people had been detained."
        ),
        v(
            0,
            "Interior Ministry",
            "said",
            Reported,
            "40 people had been detained",
            Some("The Interior Ministry")
        )
    );
    assert_eq!(
        one("Deputy Mayor Ilse Brandt urged residents to stay indoors."),
        v(
            0,
            "Ilse Brandt",
            "urged",
            Reported,
            "residents to stay indoors",
            Some("Deputy Mayor Ilse Brandt")
        )
    );
    assert_eq!(
        one("The opposition called for an independent inquiry into the vote."),
        v(
            0,
            "opposition",
            "called for",
            Reported,
            "an independent inquiry into the vote",
            Some("The opposition")
        )
    );
    assert_eq!(
        one("Kiev and Moscow have accused each other of breaking the truce."),
        v(
            0,
            "Kiev and Moscow",
            "accused",
            Reported,
            "each other of breaking the truce",
            Some("Kiev and Moscow")
        )
    );
}

#[test]
fn according_to_before_and_after() {
    assert_eq!(
        one("According to the health ministry, 40 people were injured."),
        v(
            0,
            "health ministry",
            "according to",
            According,
            "40 people were injured",
            Some("the health ministry")
        )
    );
    assert_eq!(
        one("The dam was opened without warning, according to local officials."),
        v(
            0,
            "local officials",
            "according to",
            According,
            "The dam was opened without warning",
            Some("local officials")
        )
    );
}

#[test]
fn appositives_name_the_speaker() {
    assert_eq!(
        one("Ana Silva, an adviser to the governor, said the water had reached the second floor."),
        v(
            0,
            "Ana Silva",
            "said",
            Reported,
            "the water had reached the second floor",
            Some("Ana Silva")
        )
    );
    assert_eq!(
        one(
            "One observer, Prof. Lena Vogt of the University of Graz, warned against quick verdicts."
        ),
        v(
            0,
            "Lena Vogt",
            "warned",
            Reported,
            "against quick verdicts",
            Some("Prof. Lena Vogt of the University of Graz")
        )
    );
}

#[test]
fn coordinated_verbs_share_their_subject_and_give_one_voice_per_sentence() {
    // One attributed statement per speaker and sentence: the first cue stands for the rest.
    assert_eq!(
        seen(&[
            "Warsaw insists that the border stayed open and has denied that it turned anyone back."
        ]),
        vec![v(0, "Warsaw", "insists", Reported, "the border stayed open", Some("Warsaw"))]
    );
    // Two speakers in one sentence stay two voices.
    assert_eq!(
        speakers(&["Warsaw said the border stayed open, and Vilnius said it had closed."]),
        vec!["Warsaw", "Vilnius"]
    );
}

#[test]
fn pronouns_resolve_to_a_compatible_speaker_or_the_voice_is_dropped() {
    let article = [
        "The city council said the river had burst its banks.",
        "Mayor Tomas Novak said the damage was severe.",
        "It added that 200 homes were flooded.",
        "He said help was on its way.",
        "Rescue workers said the current was too strong.",
        "They said boats would be sent at dawn.",
    ];
    assert_eq!(
        speakers(&article),
        vec![
            "city council",
            "Tomas Novak",
            "city council",
            "Tomas Novak",
            "Rescue workers",
            "Rescue workers"
        ]
    );
    assert!(extract(&["He said the talks had failed."]).is_empty());
    assert!(extract(&["It added that the road was closed."]).is_empty());
    assert!(extract(&["They said nothing about it."]).is_empty(), "no group to stand for");
}

#[test]
fn surnames_and_short_forms_resolve_even_forwards() {
    let article = [
        "Putin says the operation is going to plan",
        "President Vladimir Putin spoke to reporters on Monday.",
        "Defense Ministry says the pause will hold",
        "The Russian Defense Ministry reported that the corridor had opened.",
    ];
    assert_eq!(
        speakers(&article),
        vec!["Vladimir Putin", "Russian Defense Ministry", "Russian Defense Ministry"]
    );
    let article = [
        "Revenue Minister Kavita Rao accused the opposition of lying.",
        "Ms. Rao said the figures were final.",
        "The Minister added that a helpline had been set up.",
    ];
    assert_eq!(speakers(&article), vec!["Kavita Rao"; 3]);
}

#[test]
fn quotations_over_several_sentences_take_the_speaker_where_they_close() {
    let article = [
        "Maria Lopez, 34, fled the town on Monday.",
        "\"We have no water.",
        "We have no power,\" she said.",
        "\"The road is closed,\" said Tom Reyes, a driver.",
        "\"Nobody can get through.\"",
        "\"Prices have doubled.\"",
    ];
    assert_eq!(
        seen(&article),
        vec![
            v(1, "Maria Lopez", "said", Direct, "We have no water.", None),
            v(2, "Maria Lopez", "said", Direct, "We have no power", Some("she")),
            v(3, "Tom Reyes", "said", Direct, "The road is closed", Some("Tom Reyes")),
            v(4, "Tom Reyes", "said", Direct, "Nobody can get through.", None),
            v(5, "Tom Reyes", "said", Direct, "Prices have doubled.", None),
        ]
    );
}

#[test]
fn a_quote_opened_after_its_attribution_carries_its_speaker() {
    let article = [
        "The minister said: \"We acted within the law.",
        "Nobody was harmed.\"",
        "Talks resume on Friday.",
    ];
    assert_eq!(
        seen(&article),
        vec![
            v(0, "minister", "said", Direct, "We acted within the law.", Some("The minister")),
            v(1, "minister", "said", Direct, "Nobody was harmed.", None),
        ]
    );
}

#[test]
fn scare_quotes_and_unattributed_quotes_are_not_voices() {
    assert_eq!(
        seen(&["Moscow says it has \"freed\" the town."]),
        vec![v(0, "Moscow", "says", Reported, "it has \"freed\" the town", Some("Moscow"))]
    );
    assert!(extract(&["The so-called \"referendum\" was held on Sunday."]).is_empty());
    assert!(extract(&["A \u{2018}humanitarian pause\u{2019} began at dawn."]).is_empty());
    assert!(extract(&["\"Nobody can get through.\""]).is_empty(), "no earlier speaker to continue");
}

#[test]
fn no_speech_act_no_voice() {
    for sentence in [
        "A video released by the army shows soldiers boarding trucks.",
        "The shelling has drawn accusations of war crimes.",
        "More deaths were confirmed on Friday.",
        "The pause declared by the army allowed buses to leave.",
        "The country declared a state of emergency.",
        "Firefighters saw smoke rising from the plant.",
        "Buses used the agreed routes.",
        "Officials who were said to be present left early.",
    ] {
        assert!(extract(&[sentence]).is_empty(), "{sentence:?} gave {:?}", extract(&[sentence]));
    }
}

#[test]
fn colon_guillemets_and_german_quotes() {
    assert_eq!(
        one("Zelensky: \"We will rebuild every city\""),
        v(0, "Zelensky", ":", Direct, "We will rebuild every city", Some("Zelensky"))
    );
    assert_eq!(
        one("«Мы не уйдём отсюда», заявил Иван Петров."),
        v(0, "Иван Петров", "заявил", Direct, "Мы не уйдём отсюда", Some("Иван Петров"))
    );
    assert_eq!(
        one("\u{201e}Wir bleiben hier\u{201c}, sagte ein Sprecher."),
        v(0, "Sprecher", "sagte", Direct, "Wir bleiben hier", Some("ein Sprecher"))
    );
}

#[test]
fn speaker_key_merges_names_across_articles() {
    for name in ["Vladimir Putin", "Putin", "President Putin", "Russian President Vladimir Putin"] {
        assert_eq!(speaker_key(name), "putin", "{name}");
    }
    for name in [
        "Russian Defense Ministry",
        "Russia's Defence Ministry",
        "the Russian Ministry of Defence",
        "Russian Ministry of Defense",
    ] {
        assert_eq!(speaker_key(name), "russia defense ministry", "{name}");
    }
    assert_eq!(speaker_key("Volodymyr Zelenskyy"), speaker_key("Zelensky"));
    assert_eq!(speaker_key("the Kremlin"), "kremlin");
    assert_eq!(speaker_key("UN chief António Guterres"), "guterres");
    assert_eq!(speaker_key("Ukraine's government"), speaker_key("the Ukrainian government"));
    assert_ne!(speaker_key("Interior Ministry"), speaker_key("Russian Defense Ministry"));
    assert_eq!(speaker_key(""), "");
}

#[test]
fn hostile_input_never_panics_and_spans_stay_in_the_sentence() {
    let long_said = "word ".repeat(5_000) + "said the official, and \"" + &"x ".repeat(5_000);
    let many_quotes = "\"".repeat(999);
    let inputs: Vec<&str> = vec![
        "",
        " ",
        "\"",
        "\"\"\"",
        &many_quotes,
        "« » „ “ ” ‘ ’ ' \"",
        ",,, said said said ...",
        "said",
        "\"Unclosed quote that never ends, he said",
        "He said: \"",
        "— said —",
        "据新华社报道，官员表示局势稳定。",
        "قال المتحدث إن الوضع مستقر",
        "Він заявив: «Ми тримаємося».",
        "🙂 \"🙂,\" said 🙂.",
        "Ukraine’s ‘pause’ – said ‘nothing’",
        &long_said,
    ];
    let voices = extract(&inputs);
    for v in &voices {
        let chars = inputs[v.sentence].chars().count();
        assert!(v.span.start < v.span.end && v.span.end <= chars, "{v:?}");
        if let Some(s) = v.speaker_span {
            assert!(s.start < s.end && s.end <= chars, "{v:?}");
        }
        assert!(!v.speaker.is_empty());
    }
    // Each alone too (no carried quotation).
    for input in &inputs {
        let _ = extract(&[input]);
    }
    // An opening mark that never closes stops carrying after a few sentences.
    let mut article = vec!["\"It began here."];
    article.extend(std::iter::repeat_n("Plain narrative sentence.", 20));
    article.push("The end,\" she said.");
    let voices = extract(&article);
    assert!(
        voices.iter().all(|v| v.sentence == 0 || v.sentence == article.len() - 1),
        "{voices:?}"
    );
}

#[test]
fn very_long_reported_clause_is_one_voice() {
    let sentence = "The minister said ".to_string()
        + &"that the figures are right and ".repeat(2_000)
        + "nothing else.";
    let voices = extract(&[&sentence]);
    assert_eq!(voices.len(), 1);
    assert_eq!(voices[0].speaker, "minister");
    assert!(voices[0].span.text(&sentence).ends_with("nothing else"));
}

#[test]
fn he_and_she_keep_to_the_people_they_were_used_for() {
    let article = [
        "\"The rescue went well,\" said Mining Minister Dana Holt.",
        "\"We are proud,\" she said.",
        "Acme Mining chief executive Paul Berg thanked the crews.",
        "He said the company would cooperate with any inquiry.",
        "\"Nobody was left behind,\" she said.",
    ];
    assert_eq!(speakers(&article), vec!["Dana Holt", "Dana Holt", "Paul Berg", "Dana Holt"]);
}
