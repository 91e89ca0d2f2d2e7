//! `parallax alerts`: a saved search fires for articles ingested after it, once each; its
//! Atom feed parses and escapes hostile titles; webhooks are POSTed and retried.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::util::{Env, stdout};

fn jsonl(articles: &[Value]) -> String {
    articles.iter().map(|a| format!("{a}\n")).collect()
}

fn sluice(id: &str, outlet: &str, day: u32, title: &str) -> Value {
    json!({"id": id, "outlet": outlet, "published": format!("2024-06-{day:02}T08:00:00Z"), "language": "en",
        "url": format!("https://{}.example/{id}", outlet.to_lowercase().replace(' ', "")),
        "title": title,
        "text": format!("The sluice gates at Marrow Point failed again ({id}) and the estuary flooded three streets, engineers said on the quay.")})
}

fn ingest(env: &Env, name: &str, articles: &[Value]) -> Value {
    let file = env.write(name, jsonl(articles));
    let out = env.cmd().args(["ingest", "--quiet", "--json"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The feed's entries as (id, title) pairs, after checking that it is well-formed XML with
/// an Atom root.
fn entries(feed: &str) -> Vec<(String, String)> {
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#), "{feed}");
    let mut found = Vec::new();
    for entry in feed.split("<entry>").skip(1) {
        let between = |open: &str, close: &str| {
            let start =
                entry.find(open).unwrap_or_else(|| panic!("{open} in {entry}")) + open.len();
            entry[start..].split(close).next().unwrap().to_owned()
        };
        found.push((between("<id>", "</id>"), between("<title>", "</title>")));
    }
    found
}

#[test]
fn an_alert_fires_once_for_later_articles_and_its_feed_escapes_titles() {
    let env = Env::new();
    // The back catalogue: it matches, but was there before the alert.
    ingest(&env, "old.jsonl", &[sluice("old-1", "Harbour Gazette", 1, "Sluice gates fail")]);

    let saved = env.json(&["alerts", "add", "Sluices", "sluice", "--json"]);
    let id = saved["id"].as_u64().unwrap();
    assert_eq!(saved["matches"], 0);
    let hostile = "<script>alert('x')</script> Sluice & \"gates\" \u{7}fail";
    let report = ingest(
        &env,
        "new.jsonl",
        &[
            sluice("new-1", "Valley Courier", 3, hostile),
            json!({"id": "budget-1", "outlet": "Harbour Gazette", "title": "Budget passed", "text": "The council passed the budget on Tuesday after a long debate.", "language": "en"}),
        ],
    );
    assert_eq!(report["alerts"]["new_matches"], 1, "{report}");
    assert_eq!(report["alerts"]["matched"][0]["name"], "Sluices", "{report}");

    let out = env.run(&["alerts", "feed", &id.to_string(), "--base-url", "http://localhost:9999"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let feed = stdout(&out);
    let found = entries(&feed);
    assert_eq!(found.len(), 1, "only the article ingested after the alert: {feed}");
    assert!(found[0].0.ends_with(":article:new-1"), "{found:?}");
    assert_eq!(
        found[0].1,
        "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; Sluice &amp; &quot;gates&quot; fail"
    );
    assert!(!feed.contains("<script"), "{feed}");
    assert!(!feed.contains('\u{7}'), "control characters are dropped");
    assert!(feed.contains(r#"href="http://localhost:9999/article/new-1""#), "{feed}");
    assert!(feed.contains(r#"href="https://valleycourier.example/new-1""#), "{feed}");

    // The same file again, and a run with nothing new: no duplicates.
    let again = ingest(&env, "new.jsonl", &[sluice("new-1", "Valley Courier", 3, hostile)]);
    assert_eq!(again["alerts"]["new_matches"], 0, "{again}");
    let run = env.json(&["alerts", "run", "--json"]);
    assert_eq!(run["new_matches"], 0, "{run}");
    let listed = env.json(&["alerts", "list", "--json"]);
    assert_eq!(listed[0]["matches"], 1, "{listed}");
    let text = stdout(&env.run(&["alerts", "list"]));
    assert!(text.contains("Sluices") && text.contains("1 matches"), "{text}");

    let out = env.run(&["alerts", "rm", &id.to_string()]);
    assert!(out.status.success());
    assert_eq!(env.json(&["alerts", "list", "--json"]), json!([]));
    let out = env.run(&["alerts", "feed", &id.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("no alert {id}")));
    // Without alerts, ingest reports none.
    let quiet = ingest(&env, "more.jsonl", &[sluice("new-2", "Valley Courier", 4, "More sluices")]);
    assert!(quiet.get("alerts").is_none(), "{quiet}");
}

#[test]
fn filters_and_invalid_alerts() {
    let env = Env::new();
    let courier =
        env.json(&["alerts", "add", "Courier", "sluice", "--outlet", "valley courier", "--json"]);
    let german = env.json(&["alerts", "add", "German", "sluice", "--language", "de", "--json"]);
    ingest(
        &env,
        "a.jsonl",
        &[
            sluice("g-1", "Harbour Gazette", 1, "Gates fail"),
            sluice("v-1", "Valley Courier", 2, "Gates fail"),
        ],
    );
    let feed = |alert: &Value| stdout(&env.run(&["alerts", "feed", &alert["id"].to_string()]));
    let courier_feed = entries(&feed(&courier));
    assert_eq!(courier_feed.len(), 1);
    assert!(courier_feed[0].0.ends_with(":article:v-1"));
    assert!(entries(&feed(&german)).is_empty());

    for (args, why) in [
        (vec!["alerts", "add", "", "sluice"], "name"),
        (vec!["alerts", "add", "Bad", "sluice AND"], "not valid search syntax"),
        (vec!["alerts", "add", "Bad", "sluice", "--webhook", "javascript:alert(1)"], "webhook"),
        (vec!["alerts", "add", "Bad", "sluice", "--group", "nowhere"], "group"),
        (vec!["alerts", "add", "Bad", "sluice", "--since", "yesterday-ish"], "not a date"),
        (vec!["alerts", "rm", "999"], "no alert 999"),
    ] {
        let out = env.run(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    assert_eq!(env.json(&["alerts", "list", "--json"]).as_array().unwrap().len(), 2);
}

/// A one-thread HTTP server that answers 500 to the first POST and 200 to the others, and
/// keeps the bodies it was sent.
fn webhook_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
            let status = if n == 0 { "500 Internal Server Error" } else { "200 OK" };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    (url, bodies)
}

#[test]
fn webhooks_are_posted_and_retried() {
    let env = Env::new();
    let (url, bodies) = webhook_server();
    env.json(&["alerts", "add", "Hooked", "sluice", "--webhook", &url, "--secret", "k", "--json"]);
    let out = env
        .ingest(&[&env
            .write("a.jsonl", jsonl(&[sluice("h-1", "Valley Courier", 2, "<b>Gates</b> fail")]))]);
    let text = stdout(&out);
    assert!(text.contains("alerts: 1 new matches (Hooked: 1)"), "{text}");
    assert!(text.contains("webhooks: 0 delivered, 1 to retry"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("HTTP 500"));

    // Not due for a minute; --retry-now tries it at once, and the server now answers 200.
    let waiting = env.json(&["alerts", "run", "--json"]);
    assert_eq!(waiting["deliveries"]["attempted"], 0, "{waiting}");
    let retried = env.json(&["alerts", "run", "--retry-now", "--json"]);
    assert_eq!(retried["deliveries"]["delivered"], 1, "{retried}");

    let bodies = bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1], "a retry sends the same body");
    let sent: Value = serde_json::from_str(&bodies[1]).unwrap();
    assert_eq!(sent["alert"]["name"], "Hooked");
    assert_eq!(sent["article"]["id"], "h-1");
    assert_eq!(sent["article"]["title"], "<b>Gates</b> fail");
    let listed = env.json(&["alerts", "list", "--json"]);
    assert_eq!(listed[0]["signed"], true);
    assert!(listed[0].get("secret").is_none(), "{listed}");
}
