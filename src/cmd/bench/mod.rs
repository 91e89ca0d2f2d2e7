//! `parallax bench`: throughput of the ingest path, measured here rather than in timed tests.
//!
//! Two figures: HTML pages per second on one core through decoding, extraction, analysis,
//! duplicate checks and the store; and plain-text articles per second end to end (files on
//! disk → store) on all cores. Synthetic corpora are recombined from the demo corpus's real
//! sentences, so lengths and vocabulary are those of news text.
//!
//! `parallax bench --cluster` measures the story clusterer instead (see [`cluster`]), and
//! `parallax bench --compare` the side-by-side comparison of a large topic (see [`compare`]),
//! `parallax bench --search` full-text indexing and query latency (see [`search`]),
//! `parallax bench --serve` the web pages' render times (see [`serve`]),
//! `parallax bench --watch` one feed poll cycle over many loopback feeds (see [`watch`]), and
//! `parallax bench --scale` the whole path at 10k to 1M articles on SQLite and PostgreSQL
//! (see [`scale`]).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use parallax_ingest::{Input, read_page};
use parallax_model::{Format, Origin};
use parallax_pipeline::{IngestOptions, Ingester};
use parallax_store::Store;
use serde::Serialize;

use super::print_json;
use crate::cli::BenchArgs;

const DEMO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/corpus");

#[derive(Serialize)]
struct BenchReport {
    html: HtmlBench,
    text: TextBench,
    peak_rss_mib: f64,
}

#[derive(Serialize)]
struct HtmlBench {
    pages: usize,
    distinct_pages: usize,
    megabytes: f64,
    extract_ms_per_page: f64,
    pages_per_second_per_core: f64,
}

#[derive(Serialize)]
struct TextBench {
    articles: usize,
    threads: usize,
    seconds: f64,
    articles_per_second: f64,
    articles_per_second_per_core: f64,
}

/// `parallax bench`; `database` is the global `--database`, which only `--scale` uses.
pub fn run(args: &BenchArgs, database: Option<&str>) -> anyhow::Result<ExitCode> {
    if args.scale {
        return scale::run(args, database);
    }
    if args.workers {
        return workers::run(args, database);
    }
    if args.cluster {
        return cluster::run(args);
    }
    if args.compare {
        return compare::run(args);
    }
    if args.serve {
        return serve::run(args);
    }
    if args.search {
        return search::run(args);
    }
    if args.watch {
        return watch::run(args);
    }
    anyhow::ensure!(
        args.sentences_from.is_empty(),
        "--sentences-from takes effect with --cluster or --scale only"
    );
    let articles = match args.articles[..] {
        [] => 20_000,
        [n] => n,
        _ => anyhow::bail!("--articles takes one number unless --cluster is given"),
    };
    let html_dir = args.html.clone().unwrap_or_else(|| Path::new(DEMO_DIR).join("html"));
    let html = bench_html(&html_dir)?;
    let text = bench_text(articles)?;
    let report = BenchReport { html, text, peak_rss_mib: peak_rss_mib() };
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    let h = &report.html;
    writeln!(
        out,
        "HTML → store, 1 core: {:.0} pages/s ({} pages, {} distinct, {:.1} MB; extraction {:.3} ms/page)",
        h.pages_per_second_per_core, h.pages, h.distinct_pages, h.megabytes, h.extract_ms_per_page
    )?;
    let t = &report.text;
    writeln!(
        out,
        "text files → store, {} threads: {:.0} articles/s ({:.0}/s per core; {} articles in {:.2} s)",
        t.threads, t.articles_per_second, t.articles_per_second_per_core, t.articles, t.seconds
    )?;
    writeln!(out, "peak resident memory: {:.0} MiB", report.peak_rss_mib)?;
    Ok(ExitCode::SUCCESS)
}

fn load_pages(dir: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut pages = Vec::new();
    for entry in walk(dir)? {
        let name = entry.display().to_string();
        let raw = std::fs::read(&entry).with_context(|| format!("reading {name}"))?;
        let bytes = if name.ends_with(".gz") {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&raw[..])
                .read_to_end(&mut out)
                .with_context(|| format!("decompressing {name}"))?;
            out
        } else {
            raw
        };
        pages.push((name, bytes));
    }
    anyhow::ensure!(!pages.is_empty(), "no .html or .html.gz files in {}", dir.display());
    Ok(pages)
}

/// Text made safe for HTML and SVG, in content and in quoted attributes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn walk(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("listing {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".html")
                || path.to_string_lossy().ends_with(".html.gz")
                || path.to_string_lossy().ends_with(".htm")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn bench_html(dir: &Path) -> anyhow::Result<HtmlBench> {
    let pages = load_pages(dir)?;
    let megabytes_once: f64 = pages.iter().map(|(_, b)| b.len()).sum::<usize>() as f64 / 1e6;
    let scratch = tempfile::tempdir()?;
    let mut store = Store::open(scratch.path())?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    // Enough rounds for at least a few seconds of work, so timer noise does not matter.
    let rounds = (4000 / pages.len()).max(2);
    let mut extract_time = Duration::ZERO;
    let mut total = Duration::ZERO;
    let mut count = 0usize;
    pool.install(|| -> anyhow::Result<()> {
        let mut ingester = Ingester::new(&mut store, IngestOptions::default());
        for round in 0..rounds {
            let start = Instant::now();
            let mut docs = Vec::with_capacity(pages.len());
            for (name, bytes) in &pages {
                let t = Instant::now();
                let origin = Origin::file(name.clone(), Format::Html);
                let Ok(mut doc) = read_page(bytes, None, None, origin) else { continue };
                extract_time += t.elapsed();
                // Each round stores fresh articles: vary URL and text so nothing is a duplicate.
                doc.url = Some(format!("https://bench.example.org/{round}/{count}"));
                doc.text.push_str(&format!("\n\nBench copy {round} {count}."));
                docs.push(doc);
                count += 1;
            }
            let report = ingester.ingest_documents(docs, &());
            anyhow::ensure!(
                report.failed.is_empty(),
                "bench ingest failed: {:?}",
                report.failed.first()
            );
            total += start.elapsed();
        }
        Ok(())
    })?;
    Ok(HtmlBench {
        pages: count,
        distinct_pages: pages.len(),
        megabytes: megabytes_once * rounds as f64,
        extract_ms_per_page: extract_time.as_secs_f64() * 1e3 / count as f64,
        pages_per_second_per_core: count as f64 / total.as_secs_f64(),
    })
}

/// The sentences of the whole demo corpus (every format, every language), the material for
/// synthetic articles. A small pool would make unrelated synthetic articles share many
/// sentences, which real news does not.
fn demo_sentences() -> anyhow::Result<Vec<String>> {
    let scratch = tempfile::tempdir()?;
    let mut store = Store::open(scratch.path())?;
    let (inputs, _) = parallax_ingest::expand(&[DEMO_DIR.to_string()]);
    Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let mut sentences = Vec::new();
    for summary in store.articles(&Default::default())? {
        if let Some(article) = store.article(summary.id.as_str())? {
            sentences.extend(
                article
                    .sentences
                    .into_iter()
                    .map(|s| s.text)
                    .filter(|s| s.split_whitespace().count() >= 5),
            );
        }
    }
    anyhow::ensure!(!sentences.is_empty(), "no sentences found in {DEMO_DIR}");
    Ok(sentences)
}

fn bench_text(n: usize) -> anyhow::Result<TextBench> {
    let sentences = demo_sentences()?;
    let scratch = tempfile::tempdir()?;
    let files = scratch.path().join("articles");
    std::fs::create_dir(&files)?;
    let mut rng = rng::Rng::from_state(0x2545_F491_4F6C_DD1D);
    for i in 0..n {
        let mut body = String::new();
        for p in 0..4 {
            for _ in 0..4 {
                body.push_str(&sentences[rng.below(sentences.len())]);
                body.push(' ');
            }
            if p < 3 {
                body.push_str("\n\n");
            }
        }
        let title = format!("Synthetic report {i}");
        std::fs::write(files.join(format!("{i:07}.txt")), format!("{title}\n\n{body}\n"))?;
    }
    let mut store = Store::open(&scratch.path().join("store"))?;
    let inputs: Vec<Input> = {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(&files)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        paths.sort();
        paths.into_iter().map(Input::File).collect()
    };
    let threads = rayon::current_num_threads();
    let start = Instant::now();
    let report = Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let seconds = start.elapsed().as_secs_f64();
    anyhow::ensure!(report.failed.is_empty(), "bench ingest failed: {:?}", report.failed.first());
    Ok(TextBench {
        articles: n,
        threads,
        seconds,
        articles_per_second: n as f64 / seconds,
        articles_per_second_per_core: n as f64 / seconds / threads as f64,
    })
}

/// Peak resident set size of this process (Linux `VmHWM`), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

/// The machine's CPU time so far, from the first lines of Linux `/proc/stat`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct MachineTime {
    /// Jiffies all cores spent busy (idle and I/O wait count as not busy).
    busy: u64,
    /// Jiffies all cores spent in all.
    total: u64,
    /// The cores those jiffies are summed over (the `cpuN` lines): the machine's, which
    /// may be more than this process may use.
    cores: usize,
}

/// `None` where there is no `/proc/stat`.
fn machine_time() -> Option<MachineTime> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let fields: Vec<u64> = line.split_whitespace().filter_map(|f| f.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal; guest time is already in user.
    let total: u64 = fields.iter().take(8).sum();
    let idle = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
    let cores = stat
        .lines()
        .filter(|l| {
            l.strip_prefix("cpu").is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    Some(MachineTime { busy: total - idle, total, cores })
}

/// Cores kept busy between two [`machine_time`] readings, every process counted (a
/// database server on the same machine included).
fn cores_busy(before: Option<MachineTime>, after: Option<MachineTime>) -> Option<f64> {
    let (before, after) = (before?, after?);
    let total = after.total.checked_sub(before.total).filter(|&t| t > 0)?;
    Some(after.busy.saturating_sub(before.busy) as f64 / total as f64 * after.cores as f64)
}

/// Resident set size of this process now (Linux `VmRSS`), in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map(|kib| kib / 1024.0)
        .unwrap_or(0.0)
}

/// CPU time the calling thread has run for (Linux `/proc/thread-self/schedstat`), in
/// nanoseconds: unlike wall time, it does not count time lost to other processes on a busy
/// machine.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// CPU time all threads of this process have run for (the sum of every task's
/// `schedstat`), in nanoseconds.
fn process_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return Duration::ZERO };
    let nanos: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Resets the peak resident set size to the current one (Linux ≥ 4.0), so that each
/// clustering run reports its own peak.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

mod cluster;
mod compare;
mod rng;
mod scale;
mod search;
mod serve;
mod watch;
mod workers;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cores_busy_is_the_busy_share_of_the_jiffies_between_readings() {
        let at = |busy, total| Some(MachineTime { busy, total, cores: 2 });
        // 150 of 200 jiffies busy on two cores: one and a half cores.
        assert_eq!(cores_busy(at(50, 1000), at(200, 1200)), Some(1.5));
        // No time passed, or a reading missing: nothing to say.
        assert_eq!(cores_busy(at(50, 1000), at(50, 1000)), None);
        assert_eq!(cores_busy(None, at(50, 1000)), None);
        // This machine's own counters give a share within its cores.
        let before = machine_time();
        let spin = Instant::now();
        while spin.elapsed() < Duration::from_millis(50) {
            std::hint::black_box(spin.elapsed());
        }
        let after = machine_time();
        if let (Some(busy), Some(now)) = (cores_busy(before, after), after) {
            assert!(now.cores >= 1);
            assert!((0.0..=now.cores as f64).contains(&busy), "{busy}");
        }
    }
}
