//! End-to-end tests in a real browser: headless Chromium driven through chromedriver
//! (Debian's `chromium` and `chromium-driver`), against `parallax serve` on the demo corpus.
//! Screenshots are saved under the target directory (`CARGO_TARGET_TMPDIR/screenshots`).
//!
//! Without Chromium the tests are skipped, except in CI (`CI` set), where `.ci/run`
//! installs it and a missing browser is a failure.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_available() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present && std::env::var_os("CI").is_some() {
        panic!("{CHROMIUM} and {CHROMEDRIVER} are required in CI (.ci/run installs them)");
    }
    present
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn parallax(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.arg("--data").arg(data).env_remove("PARALLAX_DATA");
    c
}

/// The demo corpus in a fresh store, served on a free loopback port; returns the base URL.
fn serve_demo(dir: &Path) -> (Running, String) {
    let data = dir.join("data");
    let demo = parallax(&data).args(["demo", "--no-serve"]).stdout(Stdio::null()).status().unwrap();
    assert!(demo.success(), "parallax demo failed");
    let mut child = parallax(&data)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let line = BufReader::new(stdout).lines().next().expect("serve prints its address").unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    (running, url)
}

async fn chromedriver() -> (Running, Client) {
    let port = free_port();
    let driver = Running(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let capabilities = serde_json::json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600"]
        }
    });
    let capabilities = capabilities.as_object().unwrap().clone();
    let started = Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return (driver, client),
            Err(e) if started.elapsed() < Duration::from_secs(20) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("chromedriver did not start: {e}"),
        }
    }
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn save(client: &Client, name: &str) {
    let png = client.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    let path = screenshots().join(name);
    std::fs::write(&path, png).unwrap();
    eprintln!("screenshot: {}", path.display());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_opens_the_river_a_story_side_by_side_searches_and_opens_an_article() {
    if !browser_available() {
        eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, base) = serve_demo(dir.path());
    let (_driver, client) = chromedriver().await;

    client.goto(&format!("{base}/")).await.unwrap();
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "Latest stories");
    let stories = client.find_all(Locator::Css("li.story-item a.headline")).await.unwrap();
    assert!(stories.len() >= 10, "the demo has a dozen stories or more, got {}", stories.len());
    save(&client, "river.png").await;

    // The Azovstal story the demo's outlets disagree about.
    let mut target = None;
    for link in &stories {
        if link.text().await.unwrap().contains("Mariupol steel plant") {
            target = Some(link.clone());
            break;
        }
    }
    target.expect("an Azovstal story on the river").click().await.unwrap();
    let side_by_side = client.wait().for_element(Locator::Css("#sbs")).await.unwrap();
    assert!(side_by_side.text().await.unwrap().starts_with("Side by side"));
    let columns = client.find_all(Locator::Css("section.column")).await.unwrap();
    assert!(columns.len() >= 3, "one column per side, got {}", columns.len());
    assert!(
        client.find(Locator::Css("figure.timeline svg rect")).await.is_ok(),
        "the timeline is drawn"
    );
    let places = client.find_all(Locator::Css("figure.map svg circle")).await.unwrap();
    assert!(!places.is_empty(), "the map marks the places the story names");
    let caption = client.find(Locator::Css("figure.map figcaption")).await.unwrap();
    assert!(caption.text().await.unwrap().contains("Mariupol"), "Mariupol is on the map");
    save(&client, "story.png").await;

    // Compare by the demo's groups of outlets instead.
    client.find(Locator::Css("select#by")).await.unwrap().select_by_value("group").await.unwrap();
    client.find(Locator::Css("form.axis button")).await.unwrap().click().await.unwrap();
    let started = Instant::now();
    while !client.current_url().await.unwrap().query().is_some_and(|q| q.contains("by=group")) {
        assert!(started.elapsed() < Duration::from_secs(20), "the form did not submit");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.wait().for_element(Locator::Css("#sbs")).await.unwrap();
    let headings: Vec<String> = {
        let mut out = Vec::new();
        for h in client.find_all(Locator::Css("section.column h3")).await.unwrap() {
            out.push(h.text().await.unwrap());
        }
        out
    };
    let groups =
        ["russian-state", "ukrainian", "wire", "western", "non-aligned", "(unknown outlet)"];
    assert!(headings.iter().all(|h| groups.contains(&h.as_str())), "group columns: {headings:?}");
    assert!(headings.iter().any(|h| h == "ukrainian"), "group columns: {headings:?}");
    save(&client, "story-by-group.png").await;

    // A search from the header, then its hits with the matches marked.
    let field = client.find(Locator::Css("header form.search input[name=q]")).await.unwrap();
    field.send_keys("Azovstal evacuation").await.unwrap();
    client.find(Locator::Css("header form.search button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("ol.hits li")).await.unwrap();
    let hits = client.find_all(Locator::Css("ol.hits li")).await.unwrap();
    assert!(!hits.is_empty(), "the search finds the Azovstal reports");
    assert!(client.find(Locator::Css("ol.hits mark")).await.is_ok(), "matches are marked");
    save(&client, "search.png").await;
    client.back().await.unwrap();
    client.wait().for_element(Locator::Css("#sbs")).await.unwrap();

    // An article with its evidence marked.
    client.find(Locator::Css("ol.key-sentences .prov a")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("article.article")).await.unwrap();
    let marks = client.find_all(Locator::Css("article.article p mark")).await.unwrap();
    assert!(!marks.is_empty(), "the article's evidence is highlighted");
    save(&client, "article.png").await;

    client.close().await.unwrap();
}

/// An article on an event the demo corpus does not cover, in our own words.
const LATE_REPORT: &str = r#"{"id": "late-1", "title": "Dockworkers at Kalvik walk out over pay", "text": "Dockworkers at the port of Kalvik walked out on Tuesday over pay, their union said.\n\nThe port authority said 40 ships were waiting to unload and that talks would resume on Thursday.", "outlet": "Meridian Wire", "url": "https://meridianwire.com/late/kalvik-strike", "published": "2022-05-20T08:00:00Z", "language": "en"}
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_alert_and_the_live_river_pick_up_a_report_ingested_while_the_page_is_open() {
    if !browser_available() {
        eprintln!("skipped: {CHROMIUM} or {CHROMEDRIVER} not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_server, base) = serve_demo(dir.path());
    let (_driver, client) = chromedriver().await;

    // Save an alert through the page's form, as a reader without JavaScript would.
    client.goto(&format!("{base}/alerts")).await.unwrap();
    client
        .find(Locator::Css(r#"form[action="/alerts"] input[name=name]"#))
        .await
        .unwrap()
        .send_keys("Kalvik port")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=query]"))
        .await
        .unwrap()
        .send_keys("Kalvik")
        .await
        .unwrap();
    let form = r#"form[action="/alerts"]"#;
    client.find(Locator::Css(&format!("{form} button"))).await.unwrap().click().await.unwrap();
    let saved = client.wait().for_element(Locator::Css("ul.alerts h2")).await.unwrap();
    assert!(saved.text().await.unwrap().contains("Kalvik port"));
    save(&client, "alerts.png").await;

    // The river is open when the report arrives.
    client.goto(&format!("{base}/")).await.unwrap();
    let status = client.wait().for_element(Locator::Css("#live-status")).await.unwrap();
    let started = Instant::now();
    while !status.text().await.unwrap().starts_with("Live") {
        assert!(started.elapsed() < Duration::from_secs(20), "the event stream did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let input = dir.path().join("late.jsonl");
    std::fs::write(&input, LATE_REPORT).unwrap();
    let ingest = parallax(&dir.path().join("data"))
        .args(["ingest", "--quiet"])
        .arg(&input)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(ingest.success(), "parallax ingest failed");

    let started = Instant::now();
    let fresh = loop {
        if let Ok(item) = client.find(Locator::Css("ol.river li.story-item.fresh")).await {
            break item;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the new story never reached the river"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(fresh.text().await.unwrap().contains("Kalvik"), "{}", fresh.text().await.unwrap());
    let first = client.find(Locator::Css("ol.river li.story-item")).await.unwrap();
    assert!(first.text().await.unwrap().contains("Kalvik"), "the new story goes on top");
    assert!(status.text().await.unwrap().contains("1 story updated"));
    save(&client, "river-live.png").await;

    // The alert caught it: its feed lists the report.
    client.goto(&format!("{base}/alerts")).await.unwrap();
    let alert = client.wait().for_element(Locator::Css("ul.alerts > li")).await.unwrap();
    let text = alert.text().await.unwrap();
    assert!(text.contains("1 matches") || text.contains("1 match"), "{text}");
    assert!(text.contains("Dockworkers at Kalvik walk out over pay"), "{text}");

    client.close().await.unwrap();
}
