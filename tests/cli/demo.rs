//! The README's main command on the bundled corpus, checked against the corpus's gold file.

use std::collections::HashMap;

use crate::util::{Env, stdout};
use serde_json::Value;

const GOLD: &str = include_str!("../../demo/gold.jsonl");

fn gold() -> Vec<Value> {
    GOLD.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Finds the stored article a gold line describes: by JSONL id, else by URL (tracking
/// parameters aside), else by the file it came from.
fn locate<'a>(
    articles: &'a [Value],
    details: &'a HashMap<String, Value>,
    g: &Value,
) -> Option<&'a Value> {
    if let Some(id) = g["id"].as_str() {
        return articles.iter().find(|a| a["id"] == id);
    }
    if let Some(url) = g["url"].as_str() {
        let bare = url.split('?').next().unwrap();
        return articles
            .iter()
            .find(|a| a["url"].as_str().is_some_and(|u| u.split('?').next() == Some(bare)));
    }
    let file = g["file"].as_str()?;
    articles.iter().find(|a| {
        details[a["id"].as_str().unwrap()]["source"].as_str().is_some_and(|s| s.ends_with(file))
    })
}

#[test]
fn demo_ingests_the_corpus_and_links_every_wire_copy() {
    let env = Env::new();
    let out = env.run(&["demo"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("0 failed"), "{text}");
    assert!(text.contains("Wire copies"), "{text}");
    let stories = text
        .split("Stories reported by several outlets")
        .nth(1)
        .and_then(|rest| rest.split("Latest articles").next())
        .unwrap_or_else(|| panic!("no story preview: {text}"));
    let story_lines = stories
        .lines()
        .filter(|l| l.contains(" articles, ") && l.contains(" outlets, from "))
        .count();
    assert!(story_lines >= 8, "the 9 demo events should show as multi-outlet stories: {stories}");

    let gold = gold();
    let articles = env.articles();
    let duplicates = gold.iter().filter(|g| g["relation"] == "duplicate").count();
    assert_eq!(
        articles.len(),
        gold.len() - duplicates,
        "every non-duplicate record is stored once"
    );
    let details: HashMap<String, Value> = articles
        .iter()
        .map(|a| {
            let id = a["id"].as_str().unwrap().to_string();
            let d = env.json(&["article", &id, "--json"]);
            (id, d)
        })
        .collect();

    for g in &gold {
        let article =
            locate(&articles, &details, g).unwrap_or_else(|| panic!("gold record not stored: {g}"));
        if g["relation"] == "syndicated" {
            let of = g["of"].as_str().unwrap();
            let (file, key) = of.split_once('#').unwrap();
            let original_gold = serde_json::json!({"file": file, "url": key.starts_with("http").then_some(key), "id": (!key.starts_with("http")).then_some(key)});
            let original = locate(&articles, &details, &original_gold).unwrap();
            assert_eq!(article["syndicated_of"], original["id"], "{g}");
        } else {
            assert_eq!(article["syndicated_of"], Value::Null, "wrongly linked: {g}");
        }
        if let Some(day) = g["published"].as_str() {
            let published = article["published"].as_str().unwrap_or_else(|| panic!("undated: {g}"));
            assert!(published.starts_with(day), "published {published}, gold {day}: {g}");
        }
        if let Some(language) = g["language"].as_str() {
            assert_eq!(article["language"], language, "{g}");
        }
    }

    // Running the demo again changes nothing.
    let again = stdout(&env.run(&["demo"]));
    assert!(again.contains(": 0 new"), "{again}");
    assert_eq!(env.articles(), articles);
}
