//! Stories, topics and their pages: `ingest` files articles under stories, and `stories`,
//! `story`, `topics`, `topic` and `cluster` show them.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::util::{Env, stdout};

/// Three events, reported by several invented outlets: a ferry fire at Harlow Bay (three
/// reports on two days), the rescue of its crew a week later (two reports), and an
/// unrelated budget vote in Tarnby (two reports).
fn articles() -> Vec<Value> {
    vec![
        json!({"id": "fire-1", "outlet": "Harbour Gazette", "published": "2024-03-04T08:00:00Z",
            "title": "Fire breaks out on Harlow Bay ferry with 240 aboard",
            "text": "A fire broke out in the engine room of the ferry Saint Brenna off Harlow Bay on Monday morning with 240 passengers and crew aboard, the coastguard said. Lifeboats from Harlow Bay and Kessock were sent to the ferry. The operator, Westline Ferries, said the fire was contained to the engine room and that passengers had gathered on the upper deck. Captain Ruth Ames ordered the engines stopped, the coastguard said."}),
        json!({"id": "fire-2", "outlet": "Coastal Times", "published": "2024-03-04T10:30:00Z",
            "title": "Passengers gather on deck as Saint Brenna burns off Harlow Bay",
            "text": "Passengers on the Saint Brenna gathered on the upper deck on Monday as crew fought a fire in the engine room off Harlow Bay, according to the coastguard. Westline Ferries said 240 people were aboard. Lifeboats from Harlow Bay and Kessock reached the ferry within the hour, and Captain Ruth Ames kept the ship at anchor."}),
        json!({"id": "fire-3", "outlet": "Northern Post", "published": "2024-03-05T07:15:00Z",
            "title": "Westline ferry fire: all 240 safe after night at anchor off Harlow Bay",
            "text": "All 240 passengers and crew of the Saint Brenna were safe on Tuesday after a night at anchor off Harlow Bay, Westline Ferries said, a day after a fire broke out in the ferry's engine room. The coastguard said the fire had been put out by the crew. Lifeboats from Kessock stayed beside the ferry overnight."}),
        json!({"id": "budget-1", "outlet": "Harbour Gazette", "published": "2024-03-05T12:00:00Z",
            "title": "Tarnby council passes budget with tram line cut",
            "text": "Tarnby council passed its budget for next year on Tuesday after councillors voted to drop funding for the northern tram line. Mayor Ola Fenn said the city could not afford the line while bus fares were frozen. The opposition said the cut broke a promise made to the northern districts."}),
        json!({"id": "budget-2", "outlet": "Coastal Times", "published": "2024-03-05T15:00:00Z",
            "title": "Tram line dropped as Tarnby budget vote passes",
            "text": "Councillors in Tarnby voted on Tuesday to pass the city's budget without money for the northern tram line. Mayor Ola Fenn defended the decision, saying bus fares had to stay frozen. Residents of the northern districts said they had been promised the tram line for years."}),
        json!({"id": "tow-1", "outlet": "Northern Post", "published": "2024-03-11T09:00:00Z",
            "title": "Saint Brenna towed to Kessock a week after Harlow Bay fire",
            "text": "The ferry Saint Brenna was towed into Kessock harbour on Monday, a week after the engine room fire off Harlow Bay. Westline Ferries said inspectors would board the Saint Brenna on Tuesday. Captain Ruth Ames thanked the Kessock lifeboat crews."}),
        json!({"id": "tow-2", "outlet": "Harbour Gazette", "published": "2024-03-11T13:00:00Z",
            "title": "Tugs bring fire-damaged Saint Brenna into Kessock",
            "text": "Two tugs brought the fire-damaged Saint Brenna into Kessock harbour on Monday. Westline Ferries said the ferry would stay out of service while inspectors examine the engine room. The fire off Harlow Bay a week ago forced 240 people to spend a night at anchor."}),
    ]
}

fn jsonl(articles: &[Value]) -> String {
    articles.iter().map(|a| format!("{a}\n")).collect()
}

/// Article id → story id, over the whole store.
fn stories_of(env: &Env) -> HashMap<String, u64> {
    env.articles()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["story"].as_u64().expect("clustered")))
        .collect()
}

#[test]
fn ingest_files_articles_under_stories_and_topics() {
    let env = Env::new();
    let file = env.write("news.jsonl", jsonl(&articles()));
    let out = env.ingest(&[&file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("clustered 7 articles"), "{}", stdout(&out));

    let story = stories_of(&env);
    assert_eq!(story["fire-1"], story["fire-2"]);
    assert_eq!(story["fire-1"], story["fire-3"]);
    assert_eq!(story["budget-1"], story["budget-2"]);
    assert_eq!(story["tow-1"], story["tow-2"]);
    assert_ne!(story["fire-1"], story["budget-1"]);
    assert_ne!(story["fire-1"], story["tow-1"], "the towing a week later is a story of its own");

    // `stories --json`: the contract's keys, most recently active first.
    let stories = env.json(&["stories", "--json"]);
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 3);
    for key in [
        "id",
        "label",
        "headline",
        "topic",
        "articles",
        "outlets",
        "first_published",
        "last_published",
    ] {
        assert!(stories.iter().all(|s| s.get(key).is_some()), "missing {key}: {stories:?}");
    }
    let fire = stories.iter().find(|s| s["id"] == story["fire-1"]).unwrap();
    assert_eq!(fire["articles"], 3);
    assert_eq!(fire["outlets"], 3);
    assert_eq!(fire["first_published"], "2024-03-04T08:00:00Z");
    assert_eq!(fire["last_published"], "2024-03-05T07:15:00Z");
    assert_eq!(stories[0]["id"], story["tow-1"], "latest first");

    // The fire and the towing share a topic (same ferry, bay, captain); the budget does not.
    let tow = stories.iter().find(|s| s["id"] == story["tow-1"]).unwrap();
    let budget = stories.iter().find(|s| s["id"] == story["budget-1"]).unwrap();
    assert_eq!(fire["topic"], tow["topic"]);
    assert_ne!(fire["topic"], budget["topic"]);
    let topics = env.json(&["topics", "--json"]);
    assert_eq!(topics.as_array().unwrap().len(), 2);

    // `story ID`: the label line, the headline line, then one key sentence per line.
    let id = story["fire-1"].to_string();
    let text = stdout(&env.run(&["story", &id, "--sentences", "3"]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(
        ["Saint Brenna", "Harlow Bay", "Westline Ferries"].contains(&lines[0]),
        "label: {text}"
    );
    let all = articles();
    let titles: Vec<&str> = all[..3].iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&lines[1]), "headline is one of the titles: {text}");
    let bodies = jsonl(&articles());
    for sentence in &lines[2..] {
        assert!(bodies.contains(sentence), "key sentences are quoted as written: {sentence}");
    }
    let words: usize = stdout(&env.run(&["story", &id, "--words", "20"]))
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().count())
        .sum();
    assert!((20..60).contains(&words), "--words 20 gave {words} words");

    // `story ID --json`: sentences with provenance, articles listed.
    let page = env.json(&["story", &id, "--json"]);
    assert_eq!(page["id"], story["fire-1"]);
    assert_eq!(page["articles"].as_array().unwrap().len(), 3);
    let sentences = page["sentences"].as_array().unwrap();
    assert!(!sentences.is_empty());
    for s in sentences {
        let article = s["article"].as_str().unwrap();
        assert!(article.starts_with("fire-"), "{s}");
        assert!(s["outlet"].is_string() && s["published"].is_string(), "{s}");
        assert!(s["support"].as_u64().unwrap() >= 1, "{s}");
    }
    assert!(
        sentences.iter().any(|s| s["support"].as_u64().unwrap() >= 2),
        "the three reports share facts: {sentences:?}"
    );

    // `topic ID --json` lists its stories; the page draws from both.
    let topic = fire["topic"].to_string();
    let page = env.json(&["topic", &topic, "--json"]);
    assert_eq!(page["stories"].as_array().unwrap().len(), 2);
    assert_eq!(page["articles"].as_array().unwrap().len(), 5);
    for key in ["id", "label", "headline", "sentences", "articles"] {
        assert!(page.get(key).is_some(), "missing {key}");
    }
    let tow_titles: Vec<&str> = all[5..].iter().map(|a| a["title"].as_str().unwrap()).collect();
    let headline = page["headline"].as_str().unwrap();
    assert!(
        titles.contains(&headline) || tow_titles.contains(&headline),
        "the topic's headline is one of its five titles: {page}"
    );

    // The budget's topic holds that story alone, and so reads as it does.
    let listed = topics.as_array().unwrap();
    let budget_topic = listed.iter().find(|t| t["id"] == budget["topic"]).unwrap();
    assert_eq!(budget_topic["label"], budget["label"]);
    assert_eq!(budget_topic["headline"], budget["headline"]);
    assert!(!budget["headline"].as_str().unwrap().is_empty());

    // Unknown ids are errors that say what is missing.
    let out = env.run(&["story", "999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story 999"));
    let out = env.run(&["topic", "999", "--json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn clustering_goes_on_across_runs_with_the_same_decisions() {
    let all = articles();
    let once = Env::new();
    once.ingest(&[&once.write("all.jsonl", jsonl(&all))]);

    // The same stream in three runs, the middle one stored without clustering.
    let split = Env::new();
    split.ingest(&[&split.write("a.jsonl", jsonl(&all[..2]))]);
    let out = split
        .cmd()
        .args(["ingest", "--quiet", "--no-cluster"])
        .arg(split.write("b.jsonl", jsonl(&all[2..5])))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(split.articles().iter().any(|a| a["story"].is_null()), "--no-cluster leaves them");
    let out = split.run(&["cluster", "--json"]);
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["articles"], 3);
    split.ingest(&[&split.write("c.jsonl", jsonl(&all[5..]))]);

    assert_eq!(stories_of(&split), stories_of(&once));
    assert_eq!(split.json(&["stories", "--json"]), once.json(&["stories", "--json"]));
    assert_eq!(split.json(&["topics", "--json"]), once.json(&["topics", "--json"]));

    // Re-ingesting changes nothing, and a pass with nothing to do files nothing.
    let before = once.json(&["stories", "--json"]);
    let out = once.ingest(&[&once.write("all.jsonl", jsonl(&all))]);
    assert!(stdout(&out).contains("clustered 0 articles"), "{}", stdout(&out));
    assert_eq!(once.json(&["stories", "--json"]), before);
}

#[test]
fn a_corrupt_clustering_state_is_reported_and_nothing_is_lost() {
    let env = Env::new();
    let all = articles();
    env.ingest(&[&env.write("a.jsonl", jsonl(&all[..3]))]);
    let before = stories_of(&env);
    {
        let db = rusqlite::Connection::open(env.data().join("parallax.sqlite")).unwrap();
        db.execute("UPDATE clustering SET stories = substr(stories, 1, 20)", []).unwrap();
    }
    let out = env.ingest(&[&env.write("b.jsonl", jsonl(&all[3..]))]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("saved clustering state"), "{err}");
    // The new articles are stored, unfiled; the earlier ones keep their stories.
    let articles = env.articles();
    assert_eq!(articles.len(), all.len());
    for a in &articles {
        let id = a["id"].as_str().unwrap();
        match before.get(id) {
            Some(&story) => assert_eq!(a["story"], story),
            None => assert!(a["story"].is_null(), "{a}"),
        }
    }
}
