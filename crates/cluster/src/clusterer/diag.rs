//! Development aid, an ignored test: clusters a labelled JSONL file (`{id, title, text,
//! published, language, story}` per line) directly, without the store, and prints B-cubed;
//! with `PARALLAX_VERBOSE` every wrong join and split with its score breakdown, with
//! `PARALLAX_CONFUSION` the mixed stories. `PARALLAX_CFG=w_counterpart=0.3,...` overrides
//! weights. Close to, not exactly, `parallax eval cluster` (no syndication or duplicates).
//!
//! `PARALLAX_GOLD=FILE cargo test --release -p parallax-cluster --lib diag -- --ignored
//! --nocapture`

use std::collections::HashMap;

use super::*;

fn bcubed(gold: &[usize], pred: &[usize]) -> (f64, f64, f64) {
    let n = gold.len();
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let same_pred = (0..n).filter(|&j| pred[j] == pred[i]).count() as f64;
        let same_gold = (0..n).filter(|&j| gold[j] == gold[i]).count() as f64;
        let both = (0..n).filter(|&j| pred[j] == pred[i] && gold[j] == gold[i]).count() as f64;
        p += both / same_pred;
        r += both / same_gold;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    (p, r, 2.0 * p * r / (p + r))
}

#[test]
#[ignore]
fn diagnose_gold_file() {
    let Ok(path) = std::env::var("PARALLAX_GOLD") else { return };
    let verbose = std::env::var("PARALLAX_VERBOSE").is_ok();
    ENABLED.with(|e| e.set(verbose));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut docs: Vec<(String, ArticleFeatures, String, String)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let title = v["title"].as_str().map(str::to_string);
        let published = v["published"].as_str().and_then(|p| {
            chrono::NaiveDate::parse_from_str(&p[..p.len().min(10)], "%Y-%m-%d")
                .ok()
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap().and_utc())
        });
        let body = v["text"].as_str().unwrap_or("");
        let f =
            ArticleFeatures::from_parts(title.as_deref(), body, v["language"].as_str(), published);
        let story = match &v["story"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let head = title.unwrap_or_else(|| body.chars().take(80).collect());
        docs.push((v["id"].as_str().unwrap_or("").to_string(), f, story, head));
    }
    docs.sort_by_key(|d| d.1.published());
    let mut config = Config::default();
    if let Ok(spec) = std::env::var("PARALLAX_CFG") {
        for kv in spec.split(',').filter(|s| !s.is_empty()) {
            let (k, v) = kv.split_once('=').unwrap();
            let x: f32 = v.parse().unwrap();
            match k {
                "w_salient" => config.w_salient = x,
                "salient_members" => config.salient_members = x as u32,
                "salient_boost" => config.salient_boost = x,
                "w_time" => config.w_time = x,
                "w_years" => config.w_years = x,
                "w_missing" => config.w_missing = x,
                "w_numbers" => config.w_numbers = x,
                "w_entities" => config.w_entities = x,
                "threshold" => config.threshold = x,
                "w_counterpart" => config.w_counterpart = x,
                "merge_threshold" => config.merge_threshold = (x > 0.0).then_some(x),
                _ => panic!("unknown {k}"),
            }
        }
    }
    let mut c = Clusterer::new(config);
    let mut labels: HashMap<String, usize> = HashMap::new();
    let mut gold = Vec::new();
    let mut pred = Vec::new();
    let mut story_gold: HashMap<StoryId, HashMap<String, usize>> = HashMap::new();
    let mut merged_into: HashMap<StoryId, StoryId> = HashMap::new();
    let mut wrong = 0;
    for (id, f, story, head) in &docs {
        take_explain();
        let a = c.add(f);
        let explain = take_explain();
        for m in &a.merged {
            merged_into.insert(*m, a.story);
        }
        let counts = story_gold.entry(a.story).or_default();
        if !a.new_story && verbose {
            let majority = counts.iter().max_by_key(|(_, n)| **n).map(|(g, _)| g.clone());
            if majority.as_deref() != Some(story.as_str()) {
                wrong += 1;
                println!(
                    "WRONG {id} [{story}] -> {} (majority {:?}, score {:.2}): {head}",
                    a.story, majority, a.score
                );
                println!("   salient {:?}", f.salient);
                let st = &c.stories[&a.story];
                let names: Vec<String> = st
                    .salient_docs
                    .iter()
                    .map(|(&id, &n)| {
                        format!("{}:{n}", c.terms.name(id).trim_start_matches('\u{1}'))
                    })
                    .collect();
                println!("   story size {} salient {:?}", st.size, names);
                for l in explain.iter().filter(|l| l.starts_with(&format!("{}:", a.story))) {
                    println!("   {l}");
                }
            }
        } else if a.new_story && verbose && story_gold.values().any(|m| m.contains_key(story)) {
            println!("SPLIT {id} [{story}] new {} (best {:.2}): {head}", a.story, a.score);
            println!("   salient {:?}", f.salient);
            let mut ex = explain.clone();
            ex.sort_by(|x, y| {
                let sc = |l: &str| {
                    l.split("score ")
                        .nth(1)
                        .and_then(|t| t.split(' ').next())
                        .and_then(|t| t.parse::<f32>().ok())
                        .unwrap_or(0.0)
                };
                sc(y).total_cmp(&sc(x))
            });
            for l in ex.iter().take(2) {
                let sid: u64 =
                    l.trim_start_matches("story-").split(':').next().unwrap().parse().unwrap();
                let st = &c.stories.get(&StoryId(sid));
                if let Some(st) = st {
                    let names: Vec<String> = st
                        .salient_docs
                        .iter()
                        .map(|(&id, &n)| {
                            format!("{}:{n}", c.terms.name(id).trim_start_matches('\u{1}'))
                        })
                        .collect();
                    let golds = story_gold.get(&StoryId(sid));
                    println!("   {l}\n      size {} salient {:?} gold {:?}", st.size, names, golds);
                }
            }
        }
        *story_gold.entry(a.story).or_default().entry(story.clone()).or_insert(0) += 1;
        let next = labels.len();
        gold.push(*labels.entry(story.clone()).or_insert(next));
        pred.push(a.story.0 as usize);
    }
    // Follow merges.
    let resolve = |mut s: StoryId| {
        while let Some(&t) = merged_into.get(&s) {
            s = t;
        }
        s.0 as usize
    };
    let pred: Vec<usize> = pred.into_iter().map(|s| resolve(StoryId(s as u64))).collect();
    if std::env::var("PARALLAX_CONFUSION").is_ok() {
        let names: HashMap<usize, &String> = labels.iter().map(|(k, v)| (*v, k)).collect();
        let mut by_pred: std::collections::BTreeMap<
            usize,
            std::collections::BTreeMap<&str, usize>,
        > = Default::default();
        for (g, p) in gold.iter().zip(&pred) {
            *by_pred.entry(*p).or_default().entry(names[g].as_str()).or_insert(0) += 1;
        }
        for (p, m) in by_pred.iter().filter(|(_, m)| m.len() > 1) {
            println!("MIXED story-{p}: {m:?}");
        }
    }
    let (p, r, f1) = bcubed(&gold, &pred);
    println!("B3 P {p:.3} R {r:.3} F1 {f1:.3}  wrong joins {wrong}");
}

thread_local! {
    static ENABLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static EXPLAIN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub(super) fn record(story: StoryId, p: &Partial, member: f32, score: f32) {
    if !ENABLED.with(std::cell::Cell::get) {
        return;
    }
    let part = |x: Part| match x {
        Part::Zero => "0".to_string(),
        Part::Text => "T".to_string(),
        Part::Cos(v) => format!("{v:.2}"),
    };
    let line = format!(
        "{story}: score {score:.2} cp {:.2} cen {:.2} mem {member:.2} ent {} num {} decay {:.2} sal {:.2} miss {:.2} yr {:.2}",
        p.counterpart,
        p.centroid,
        part(p.entities),
        part(p.numbers),
        p.decay,
        p.salient,
        p.missing,
        p.years
    );
    EXPLAIN.with(|e| e.borrow_mut().push(line));
}

fn take_explain() -> Vec<String> {
    EXPLAIN.with(|e| std::mem::take(&mut *e.borrow_mut()))
}
