//! The command line on a PostgreSQL store (`--database`): the same input gives the same
//! articles and stories as on SQLite. Each test gets a database of its own in a throwaway
//! cluster (see `parallax_store::testdb`); without PostgreSQL the test is skipped, except in
//! CI.

use serde_json::Value;

use crate::util::{Env, stdout};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/corpus/jsonl");

/// What must agree between the engines: the stories with their headings and sizes.
fn stories(env: &Env, database: Option<&str>) -> Vec<(String, String, u64, u64)> {
    let mut args = vec!["stories", "--json"];
    if let Some(url) = database {
        args.extend(["--database", url]);
    }
    let out = env.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<_> = list
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["headline"].as_str().unwrap().to_owned(),
                s["articles"].as_u64().unwrap(),
                s["outlets"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn ingest_and_stories_on_postgres_match_sqlite() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let on_sqlite = Env::new();
    let on_postgres = Env::new();
    let out = on_sqlite.run(&["ingest", "--quiet", CORPUS]);
    assert!(out.status.success(), "{}", stdout(&out));
    let out = on_postgres.run(&["ingest", "--quiet", "--database", &url, CORPUS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Ingesting again changes nothing on either engine.
    let again = on_postgres.run(&["ingest", "--quiet", "--json", "--database", &url, CORPUS]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (report["new"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(11)),
        "{report:#}"
    );

    let count = |env: &Env, database: Option<&str>| {
        let mut args = vec!["articles", "--json", "--limit", "1000"];
        if let Some(url) = database {
            args.extend(["--database", url]);
        }
        let list: Vec<Value> = serde_json::from_slice(&env.run(&args).stdout).unwrap();
        list.len()
    };
    assert!(count(&on_sqlite, None) >= 10);
    assert_eq!(count(&on_postgres, Some(&url)), count(&on_sqlite, None));
    let sqlite = stories(&on_sqlite, None);
    assert!(sqlite.len() > 3, "{sqlite:?}");
    assert_eq!(stories(&on_postgres, Some(&url)), sqlite);

    // What does not take a database yet says so instead of using the wrong store.
    let out = on_postgres.run(&["serve", "--database", &url]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("drop --database"));
}
