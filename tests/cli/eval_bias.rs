//! `parallax eval bias` on a tiny BASIL-shaped file written here (never the real data).

use crate::util::Env;

fn basil_line() -> String {
    serde_json::json!({
        "title": "Council blasted over reckless road plan",
        "sentences": [
            "The mayor's budget drew fierce criticism from residents on Monday.",
            "The council meets again next week."
        ],
        "phrase_annotations": [
            {"id": "title", "start": 8, "end": 15, "bias": "lex", "txt": "blasted"},
            {"id": "p0", "start": 24, "end": 30, "bias": "lex", "txt": "fierce"},
            {"id": "p1", "start": 0, "end": 34, "bias": "inf", "txt": "The council meets again next week."}
        ]
    })
    .to_string()
}

#[test]
fn scores_a_folder_or_the_file_as_json_and_text() {
    let env = Env::new();
    let file = env.write("basil/basil_merged.jsonl", basil_line() + "\n");
    let folder = file.parent().unwrap().to_str().unwrap().to_string();
    for target in [folder.as_str(), file.to_str().unwrap()] {
        let json = env.json(&["eval", "bias", target, "--json"]);
        assert_eq!(json["articles"], 1);
        assert_eq!(json["gold_spans"], 2);
        // blasted, reckless, fierce
        assert_eq!(json["predicted_spans"], 3);
        assert_eq!(json["exact"]["recall"], 1.0);
        assert!((json["overlap"]["precision"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert!(json["overlap"]["f1"].is_number());
    }
    let out = env.run(&["eval", "bias", &folder]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("2 gold lex spans") && text.contains("baseline"), "{text}");
}

#[test]
fn a_folder_without_the_merged_file_is_an_error() {
    let env = Env::new();
    let empty = env.dir.path().join("nothing-here");
    std::fs::create_dir_all(&empty).unwrap();
    let out = env.run(&["eval", "bias", empty.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("basil_merged.jsonl"));
}
