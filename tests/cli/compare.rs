//! `parallax compare` and `parallax outlets` end to end: the demo corpus (whose accounts
//! were written to disagree in known ways, see demo/README.md) and the two seed documents.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{Env, stdout};

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("demo")
}

/// A store holding the demo corpus, with the demo's outlet registry (and its groups).
fn demo_env() -> Env {
    let env = Env::new();
    std::fs::create_dir_all(env.data()).unwrap();
    std::fs::copy(demo_dir().join("outlets.toml"), env.data().join("outlets.toml")).unwrap();
    let out = env.ingest(&[&demo_dir().join("corpus")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    env
}

fn story_ids(env: &Env) -> Vec<u64> {
    let stories = env.json(&["stories", "--json"]);
    stories.as_array().unwrap().iter().map(|s| s["id"].as_u64().unwrap()).collect()
}

fn values(conflict: &Value) -> Vec<f64> {
    conflict["figures"].as_array().unwrap().iter().map(|f| f["value"].as_f64().unwrap()).collect()
}

#[test]
fn the_demo_disagreements_come_out_as_conflicting_figures() {
    let env = demo_env();
    let mut conflicts = Vec::new();
    for id in story_ids(&env) {
        let c = env.json(&["compare", &id.to_string(), "--json"]);
        conflicts.extend(c["conflicts"].as_array().unwrap().iter().map(values));
    }
    // Each pair is one disagreement the demo corpus was written with (demo/README.md).
    for (a, b, what) in [
        (143.0, 87.0, "protesters detained"),
        (60_000.0, 4_000.0, "crowd size"),
        (17.0, 12.0, "miners trapped"),
        (27.0, 14.0, "ships waiting"),
        (92.0, 38.0, "dockworkers on strike, %"),
        (265.0, 264.0, "fighters leaving Azovstal"),
        (46.0, 100.0, "civilians evacuated"),
    ] {
        assert!(
            conflicts.iter().any(|v| v.contains(&a) && v.contains(&b)),
            "{what}: no conflict between {a} and {b} in {conflicts:?}"
        );
    }
}

#[test]
fn the_json_follows_the_contract_and_every_item_carries_evidence() {
    let env = demo_env();
    let id = story_ids(&env)
        .into_iter()
        .max_by_key(|id| {
            let c = env.json(&["compare", &id.to_string(), "--json"]);
            c["sides"].as_array().unwrap().len()
        })
        .unwrap();
    let c = env.json(&["compare", &format!("story:{id}"), "--by", "group", "--json"]);
    for key in
        ["coverage", "facts", "figures", "voices", "wording", "variants", "framing", "indicators"]
    {
        assert!(c.get(key).is_some(), "missing {key}");
    }
    let groups =
        ["russian-state", "ukrainian", "wire", "western", "non-aligned", "(unknown outlet)"];
    for side in c["sides"].as_array().unwrap() {
        assert!(groups.contains(&side.as_str().unwrap()), "{side} is not a group");
    }
    assert!(!c["figures"].as_array().unwrap().is_empty());
    for f in c["figures"].as_array().unwrap() {
        assert!(f["value"].is_number() && f["text"].is_string() && f.get("counts").is_some());
        assert!(f["article"].is_string() && f["outlet"].is_string());
        let (start, end) = (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap());
        assert!(start < end);
    }
    assert!(!c["voices"].as_array().unwrap().is_empty());
    for v in c["voices"].as_array().unwrap() {
        for key in ["speaker", "text", "article", "outlet"] {
            assert!(v[key].is_string(), "voice without {key}: {v}");
        }
    }
    for v in c["variants"].as_array().unwrap() {
        assert!(v["canonical"].is_string());
        for (_, per_side) in v["forms"].as_object().unwrap() {
            assert!(per_side.as_object().unwrap().values().all(Value::is_u64));
        }
    }
    // The evidence offsets point at the words in the stored article.
    let f = &c["figures"][0];
    let article = env.json(&["article", f["article"].as_str().unwrap(), "--json"]);
    let source = if f["field"] == "title" { &article["title"] } else { &article["text"] };
    let text: String = source
        .as_str()
        .unwrap()
        .chars()
        .skip(f["start"].as_u64().unwrap() as usize)
        .take((f["end"].as_u64().unwrap() - f["start"].as_u64().unwrap()) as usize)
        .collect();
    assert_eq!(text, f["text"].as_str().unwrap());
}

#[test]
fn text_and_markdown_reports_show_each_section() {
    let env = demo_env();
    let id = story_ids(&env)[0].to_string();
    let text = stdout(&env.run(&["compare", &id, "--by", "group"]));
    for heading in ["── Coverage", "── Figures", "── Voices", "── Wording", "── Framing"]
    {
        assert!(text.contains(heading), "{heading} missing from\n{text}");
    }
    let md = stdout(&env.run(&["compare", &id, "--markdown"]));
    assert!(md.starts_with("# ") && md.contains("## Coverage") && md.contains("| side |"));
}

#[test]
fn bad_requests_are_refused_clearly() {
    let env = demo_env();
    let out = env.run(&["compare", "99999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no story 99999"));
    let out = env.run(&["compare", "planet:3"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a story or topic id"));
    let out = env.run(&["compare", "1", "--by", "party"]);
    assert!(!out.status.success());
    std::fs::write(env.data().join("outlets.toml"), "[[outlet]]\nname = \"X\"\nrating = 5\n")
        .unwrap();
    let out = env.run(&["compare", "1"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outlets.toml") && err.contains("rating"), "{err}");
}

#[test]
fn outlets_lists_the_registry_and_what_the_store_holds() {
    let env = demo_env();
    let all = env.json(&["outlets", "--json"]);
    let names: Vec<&str> =
        all.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Reuters") && names.contains(&"Volga Herald"));
    let stored = env.json(&["outlets", "--stored", "--json"]);
    let stored = stored.as_array().unwrap();
    assert!(stored.iter().all(|o| o["stored_articles"].as_u64().unwrap() > 0));
    let herald = stored.iter().find(|o| o["name"] == "Volga Herald").unwrap();
    assert_eq!(herald["group"], "russian-state");
    assert_eq!(herald["ownership"], "state-owned");
}

/// The seed documents sit beside the repository (`../shared/seeds`); CI always has them.
fn seeds() -> Option<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let find =
        |prefix: &str| {
            std::fs::read_dir(&dir).ok()?.flatten().map(|e| e.path()).find(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix))
            })
        };
    match (find("000_"), find("001_")) {
        (Some(page), Some(article)) => Some((page, article)),
        _ if std::env::var_os("CI").is_some() => {
            panic!("the seeds are missing from {}", dir.display())
        }
        _ => None,
    }
}

#[test]
fn on_the_seeds_compare_surfaces_what_a_careful_reader_finds() {
    let Some((page, article)) = seeds() else {
        eprintln!("skipped: ../shared/seeds not found");
        return;
    };
    let env = demo_env();
    for (path, outlet) in [(&article, "Seed State Outlet"), (&page, "Seed Topic Page")] {
        let out = env.run(&["ingest", "--quiet", "--outlet", outlet, path.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let articles = env.articles();
    let topic_of = |outlet: &str| {
        let story =
            articles.iter().find(|a| a["outlet"] == outlet).unwrap()["story"].as_u64().unwrap();
        env.json(&["stories", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == story)
            .unwrap()["topic"]
            .as_u64()
            .unwrap()
    };
    let topic = topic_of("Seed State Outlet");
    assert_eq!(topic, topic_of("Seed Topic Page"), "both seeds land in one topic");
    let c = env.json(&["compare", &format!("topic:{topic}"), "--json"]);
    let from = |item: &Value, outlet: &str| item["outlet"] == outlet;

    let figures: Vec<f64> = c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| from(f, "Seed State Outlet"))
        .map(|f| f["value"].as_f64().unwrap())
        .collect();
    for v in [46.0, 25.0, 21.0] {
        assert!(figures.contains(&v), "{v} missing from {figures:?}");
    }
    let checked = c["sums"].as_array().unwrap().iter().any(|s| {
        s["consistent"] == true
            && s["total"]["value"] == 46.0
            && values_of(&s["parts"]) == [25.0, 21.0]
    });
    assert!(checked, "46 = 25 + 21 is not shown as checked: {}", c["sums"]);

    let speakers: Vec<String> = c["voices"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| from(v, "Seed State Outlet"))
        .map(|v| v["speaker"].as_str().unwrap().to_owned())
        .collect();
    for who in ["Russian Defense Ministry", "Shoigu", "Putin", "Guterres"] {
        assert!(speakers.iter().any(|s| s.contains(who)), "{who} missing from {speakers:?}");
    }

    let dates: Vec<(u64, u64)> = c["dates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| Some((d["month"].as_u64()?, d["day"].as_u64()?)))
        .collect();
    for day in [(4, 30), (4, 21), (2, 24)] {
        assert!(dates.contains(&day), "{day:?} missing from {dates:?}");
    }

    let variant = |name: &str| {
        c["variants"].as_array().unwrap().iter().find(|v| v["canonical"] == name).cloned().unwrap()
    };
    let kyiv = variant("Kyiv");
    assert!(kyiv["forms"]["Kiev"]["Seed State Outlet"].as_u64().unwrap() > 0);
    assert!(kyiv["forms"]["Kyiv"]["Seed Topic Page"].as_u64().unwrap() > 0);
    assert!(
        kyiv["forms"]["Kyiv"].get("Seed State Outlet").is_none(),
        "the state outlet never writes Kyiv"
    );
    assert!(variant("Donbas")["forms"]["Donbass"]["Seed State Outlet"].as_u64().unwrap() > 0);
    let quoted = c["scare_quotes"].as_array().unwrap();
    assert!(quoted.iter().any(|q| q["term"] == "liberated" && from(q, "Seed Topic Page")));
}

fn values_of(list: &Value) -> Vec<f64> {
    list.as_array().unwrap().iter().map(|f| f["value"].as_f64().unwrap()).collect()
}
