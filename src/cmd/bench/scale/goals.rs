//! The scale-out issue's targets, checked against the runs: each says whether it is met,
//! or that the runs cannot tell (no PostgreSQL run, no million-article run, one size).

use serde::Serialize;

use super::run::Run;
use crate::cli::BenchEngine;

/// End-to-end articles per second on SQLite (on 2 cores).
const SQLITE_RATE: f64 = 1_500.0;
/// PostgreSQL at most this many times slower than SQLite.
const POSTGRES_FACTOR: f64 = 2.0;
/// Peak resident memory at a million articles.
const PEAK_MIB: f64 = 2_048.0;
/// Clustering cost per article at the largest size over the smallest: "flat", within
/// measurement noise.
const FLAT_RATIO: f64 = 1.25;

#[derive(Debug, Serialize)]
pub(super) struct Goal {
    pub goal: &'static str,
    /// None when these runs cannot tell.
    pub met: Option<bool>,
    pub detail: String,
}

pub(super) fn check(runs: &[Run]) -> Vec<Goal> {
    let on = |engine| runs.iter().filter(move |r: &&Run| r.engine == engine);
    let rate = |r: &Run| r.end_to_end.articles_per_second.unwrap_or(0.0);
    let mut goals = Vec::new();

    let sqlite: Vec<&Run> = on(BenchEngine::Sqlite).collect();
    goals.push(Goal {
        goal: "≥ 1,500 articles/s end to end on SQLite",
        met: (!sqlite.is_empty()).then(|| sqlite.iter().all(|r| rate(r) >= SQLITE_RATE)),
        detail: list(sqlite.iter().map(|r| format!("{}: {:.0}/s", r.articles, rate(r)))),
    });

    let pairs: Vec<(&Run, &Run)> = on(BenchEngine::Postgres)
        .filter_map(|pg| sqlite.iter().find(|s| s.articles == pg.articles).map(|s| (*s, pg)))
        .collect();
    goals.push(Goal {
        goal: "PostgreSQL within 2× of SQLite end to end",
        met: (!pairs.is_empty())
            .then(|| pairs.iter().all(|(s, pg)| rate(pg) * POSTGRES_FACTOR >= rate(s))),
        detail: list(pairs.iter().map(|(s, pg)| {
            format!("{}: {:.2}× slower", pg.articles, rate(s) / rate(pg).max(1e-9))
        })),
    });

    let million: Vec<&Run> = runs.iter().filter(|r| r.articles >= 1_000_000).collect();
    goals.push(Goal {
        goal: "≤ 2 GiB resident at 1M articles",
        met: (!million.is_empty()).then(|| million.iter().all(|r| r.peak_rss_mib <= PEAK_MIB)),
        detail: list(million.iter().map(|r| {
            format!("{:?} {}: {:.0} MiB", r.engine, r.articles, r.peak_rss_mib).to_lowercase()
        })),
    });

    let mut flat = Vec::new();
    for engine in [BenchEngine::Sqlite, BenchEngine::Postgres] {
        let (Some(small), Some(large)) =
            (on(engine).min_by_key(|r| r.articles), on(engine).max_by_key(|r| r.articles))
        else {
            continue;
        };
        if small.articles < large.articles {
            let ratio =
                large.stages.clustering.us_per_article / small.stages.clustering.us_per_article;
            flat.push((engine, small, large, ratio));
        }
    }
    goals.push(Goal {
        goal: "clustering cost per article flat with corpus size",
        met: (!flat.is_empty()).then(|| flat.iter().all(|f| f.3 <= FLAT_RATIO)),
        detail: list(flat.iter().map(|(engine, small, large, ratio)| {
            format!(
                "{engine:?} {:.0} → {:.0} µs from {} to {} ({ratio:.2}×)",
                small.stages.clustering.us_per_article,
                large.stages.clustering.us_per_article,
                small.articles,
                large.articles
            )
            .to_lowercase()
        })),
    });
    goals
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() { "not measured by these runs".into() } else { items.join("; ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(engine: &str, articles: usize, e2e_rate: f64, cluster_us: f64, peak: f64) -> Run {
        let stage = |us: f64| {
            serde_json::json!({
                "seconds": us * articles as f64 / 1e6,
                "articles_per_second": 1e6 / us,
                "us_per_article": us,
            })
        };
        serde_json::from_value(serde_json::json!({
            "engine": engine, "articles": articles, "threads": 2, "stored": articles,
            "duplicates": 0, "near_duplicates": 0, "stories_started": 1, "stories_merged": 0,
            "stages": {
                "read": stage(5.0), "analysis": stage(300.0), "store": stage(100.0),
                "clustering": stage(cluster_us),
            },
            "end_to_end": stage(1e6 / e2e_rate),
            "ingest_seconds": 1.0, "ingest_cpu_seconds": 1.0, "clustering_cpu_seconds": 1.0,
            "store_writer_cpu_seconds": 0.5, "peak_rss_mib": peak,
            "peak_rss_mib_first_pass": peak, "peak_rss_mib_ingest": peak,
            "peak_rss_mib_clustering": peak, "store_bytes": 1, "corpus_bytes": 1,
        }))
        .unwrap()
    }

    #[test]
    fn goals_met_missed_and_untold() {
        let runs = [
            run("sqlite", 10_000, 1_600.0, 100.0, 200.0),
            run("sqlite", 1_000_000, 1_550.0, 110.0, 2_100.0),
            run("postgres", 10_000, 700.0, 150.0, 200.0),
        ];
        let goals = check(&runs);
        let met: Vec<Option<bool>> = goals.iter().map(|g| g.met).collect();
        assert_eq!(met, [Some(true), Some(false), Some(false), Some(true)], "{goals:#?}");
        assert!(goals[1].detail.contains("2.29× slower"), "{}", goals[1].detail);

        let goals = check(&runs[..1]);
        let met: Vec<Option<bool>> = goals.iter().map(|g| g.met).collect();
        assert_eq!(met, [Some(true), None, None, None]);
        assert_eq!(goals[2].detail, "not measured by these runs");
    }
}
