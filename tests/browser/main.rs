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
