//! `parallax search`: ingest keeps the index up to date, filters narrow it, the text output
//! is readable in a terminal and hostile text never comes out as markup.

use serde_json::{Value, json};

use crate::util::{Env, stdout};

fn articles() -> Vec<Value> {
    vec![
        json!({"id": "sluice-1", "outlet": "Harbour Gazette", "published": "2024-06-03T08:00:00Z", "language": "en",
            "title": "Sluice gates fail as the estuary floods",
            "text": "The sluice gates at Marrow Point failed on Monday and the estuary flooded three streets. Engineers said a <b>motor</b> & its \"backup\" had both stopped."}),
        json!({"id": "sluice-2", "outlet": "Valley Courier", "published": "2024-06-05T09:00:00Z", "language": "en",
            "title": "Marrow Point repairs begin",
            "text": "Repairs to the flooded sluice at Marrow Point began on Wednesday, two days after the gates failed."}),
        json!({"id": "budget-1", "outlet": "Harbour Gazette", "published": "2024-06-04T12:00:00Z", "language": "de",
            "title": "Haushalt beschlossen",
            "text": "Der Stadtrat hat den Haushalt beschlossen; die Schleuse bleibt ohne neue Mittel."}),
    ]
}

fn ingest(env: &Env, articles: &[Value]) -> String {
    let body: String = articles.iter().map(|a| format!("{a}\n")).collect();
    let file = env.write(&format!("{}.jsonl", articles[0]["id"].as_str().unwrap()), body);
    let out = env.ingest(&[&file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    stdout(&out)
}

fn ids(hits: &Value) -> Vec<&str> {
    hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect()
}

#[test]
fn ingest_indexes_and_search_filters() {
    let env = Env::new();
    let report = ingest(&env, &articles());
    assert!(report.contains("search index: 3 articles added"), "{report}");

    let hits = env.json(&["search", "sluice", "flood", "--json"]);
    let mut found = ids(&hits);
    found.sort_unstable();
    assert_eq!(found, ["sluice-1", "sluice-2"]);
    assert!(hits[0]["snippet_html"].as_str().unwrap().contains("<mark>"));

    let only = |args: &[&str]| {
        let mut all = vec!["search", "sluice", "--json"];
        all.extend_from_slice(args);
        ids(&env.json(&all)).join(",")
    };
    assert_eq!(only(&["--outlet", "valley courier"]), "sluice-2");
    assert_eq!(only(&["--since", "2024-06-04"]), "sluice-2");
    assert_eq!(only(&["--until", "2024-06-04"]), "sluice-1");
    assert_eq!(only(&["--language", "de"]), "");
    assert_eq!(only(&["--limit", "1"]).split(',').count(), 1);

    // A second ingest of the same file adds nothing to the index.
    let again = ingest(&env, &articles());
    assert!(again.contains("search index: 0 articles added"), "{again}");
}

#[test]
fn groups_come_from_outlets_toml() {
    let env = Env::new();
    ingest(&env, &articles());
    std::fs::write(
        env.data().join("outlets.toml"),
        "[[outlet]]\nname = \"Valley Courier\"\ngroup = \"inland\"\n",
    )
    .unwrap();
    assert_eq!(ids(&env.json(&["search", "sluice", "--group", "Inland", "--json"])), ["sluice-2"]);
    let out = env.run(&["search", "sluice", "--group", "nowhere"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no outlet is in group"));
}

#[test]
fn text_output_is_readable_and_escapes_nothing_raw() {
    let env = Env::new();
    ingest(&env, &articles());
    let out = env.run(&["search", "motor", "backup"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let line = text.lines().next().unwrap();
    assert!(line.starts_with("2024-06-03  Harbour Gazette  Sluice gates fail"), "{line}");
    assert!(line.contains("<b>«motor»</b> & its \"«backup»\""), "{line}");
    assert!(line.ends_with("[sluice-1]"), "{line}");
    assert!(!line.contains("<mark>") && !line.contains("&amp;"), "{line}");

    // Query syntax the parser rejects still searches.
    for query in ["\"sluice gates", "sluice AND", "AND", "(((", "title:", "-", "«»", "Паводок"]
    {
        let out = env.run(&["search", query]);
        assert!(out.status.success(), "{query:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(stdout(&env.run(&["search", "\"sluice gates"])).contains("[sluice-1]"));
    assert!(stdout(&env.run(&["search", "zebra"])).contains("no stored article matches"));
}

#[test]
fn a_broken_index_is_reported_and_articles_stay_stored() {
    let env = Env::new();
    ingest(&env, &articles()[..1]);
    let folder = env.data().join("search");
    std::fs::write(folder.join("meta.json"), "garbage").unwrap();

    let file = env.write("more.jsonl", format!("{}\n", articles()[1]));
    let out = env.ingest(&[&file]);
    assert!(!out.status.success(), "a failed index is a failed run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&folder.display().to_string()) && err.contains("delete"), "{err}");
    assert_eq!(env.articles().len(), 2, "the articles are stored all the same");

    let out = env.run(&["search", "sluice"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("delete that folder"));

    // Deleting the folder rebuilds the index from the store.
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(ids(&env.json(&["search", "sluice", "--json"])).len(), 2);
}

#[test]
fn articles_ingested_without_clustering_are_indexed_by_cluster() {
    let env = Env::new();
    let file = env.write("a.jsonl", format!("{}\n", articles()[0]));
    let out = env.run(&["ingest", "--quiet", "--no-cluster", file.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("search index: 1 articles added"));
    let out = env.run(&["cluster", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("search index: 0 articles added"), "{}", stdout(&out));
}
