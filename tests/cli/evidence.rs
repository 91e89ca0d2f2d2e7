//! `parallax eval evidence`: a hand-made gold file over an article written here.

use serde_json::{Value, json};

use crate::util::{Env, stdout};

const ARTICLE: &str = "Forty buses leave the plant, ministry says\n\n\
    Forty buses left the plant on Saturday, the Harbour Ministry said.\n\n\
    On May 3, 12 more buses followed.\n";

fn gold_line(buses: f64) -> String {
    json!({
        "file": "article.txt",
        "record": null,
        "figures": [
            {"text": "Forty buses", "value": 40, "counts": "buses"},
            {"text": "Forty buses", "value": 40, "counts": "buses"},
            {"text": "12 more buses", "value": buses, "counts": "buses"}
        ],
        "voices": [
            {"speaker": "Harbour Ministry", "aliases": ["ministry"], "text": "Forty buses leave"},
            {"speaker": "Harbour Ministry", "aliases": ["ministry"], "text": "left the plant on Saturday"}
        ],
        "dates": [
            {"text": "on Saturday", "year": null, "month": null, "day": null},
            {"text": "May 3", "year": null, "month": 5, "day": 3}
        ]
    })
    .to_string()
}

fn score(env: &Env, gold_name: &str, buses: f64) -> Value {
    let gold = env.write(gold_name, gold_line(buses) + "\n");
    env.json(&["eval", "evidence", "--gold", gold.to_str().unwrap(), "--json"])
}

#[test]
fn reports_every_kind_and_a_wrong_value_never_scores_higher() {
    let env = Env::new();
    env.write("article.txt", ARTICLE);
    let right = score(&env, "right.jsonl", 12.0);
    assert_eq!(right["documents"], 1);
    for kind in ["figures", "voices", "dates"] {
        for field in ["gold", "predicted", "matched", "precision", "recall", "f1", "gold_not_found"]
        {
            assert!(right[kind][field].is_number(), "{kind}.{field} in {right}");
        }
        assert_eq!(right[kind]["gold_not_found"], 0, "{kind}: every gold text is in the article");
        let p = right[kind]["precision"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
    }
    assert_eq!(right["figures"]["gold"], 3);
    assert_eq!(right["voices"]["gold"], 2);
    assert_eq!(right["dates"]["gold"], 2);
    assert!(right["figures"]["counts_accuracy"].is_number());
    assert!(right["voices"].get("counts_accuracy").is_none());
    assert!(right.get("errors").is_none(), "errors only with --errors");

    let wrong = score(&env, "wrong.jsonl", 13.0);
    let matched = |v: &Value| v["figures"]["matched"].as_u64().unwrap();
    let recall = |v: &Value| v["figures"]["recall"].as_f64().unwrap();
    assert_eq!(wrong["figures"]["predicted"], right["figures"]["predicted"]);
    // The wrong value can only lose a match; it loses one as soon as the finder reads "12".
    assert!(matched(&wrong) <= matched(&right));
    assert!(recall(&wrong) <= recall(&right));
    if matched(&right) == 3 {
        assert!(matched(&wrong) < matched(&right));
    }
}

#[test]
fn errors_list_misses_with_their_sentence_and_text_output_explains_zero_predictions() {
    let env = Env::new();
    env.write("article.txt", ARTICLE);
    let gold = env.write("gold.jsonl", gold_line(13.0) + "\n");
    let out = env.run(&["eval", "evidence", "--gold", gold.to_str().unwrap(), "--errors"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("figures"), "{text}");
    // The gold value 13 for "12 more buses" can never match, whatever the finder does.
    assert!(text.contains("figure miss: \"12 more buses\" = 13"), "{text}");
    assert!(text.contains("in: On May 3, 12 more buses followed."), "{text}");
    let json = env.json(&["eval", "evidence", "--gold", gold.to_str().unwrap(), "--json"]);
    for kind in ["figures", "voices", "dates"] {
        if json[kind]["predicted"] == 0 {
            assert!(text.contains(&format!("no {kind} predicted: precision is undefined")));
            assert_eq!(json[kind]["precision"], 0.0);
        }
    }
}

#[test]
fn a_gold_line_naming_a_missing_record_or_file_fails_with_the_line() {
    let env = Env::new();
    env.write("article.txt", ARTICLE);
    let gold = env.write("bad.jsonl", "{\"file\": \"nowhere.txt\", \"record\": null}\n");
    let out = env.run(&["eval", "evidence", "--gold", gold.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1") && err.contains("nowhere.txt"), "{err}");

    let gold = env.write("typo.jsonl", "{\"file\": \"article.txt\", \"figrues\": []}\n");
    let out = env.run(&["eval", "evidence", "--gold", gold.to_str().unwrap()]);
    assert!(!out.status.success(), "an unknown field is refused, not ignored");

    let gold = env.write(
        "record.jsonl",
        "{\"file\": \"article.txt\", \"record\": \"https://example.org/none\"}\n",
    );
    let out = env.run(&["eval", "evidence", "--gold", gold.to_str().unwrap()]);
    assert!(!out.status.success(), "a single-article file still has to match its record");
}
