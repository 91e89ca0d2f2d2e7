//! The command line: global options and one variant per subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Parallax: many outlets' reports of one event, side by side.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, max_term_width = 100)]
pub struct Cli {
    /// Data directory holding the store.
    #[arg(long, global = true, value_name = "DIR", env = "PARALLAX_DATA")]
    pub data: Option<PathBuf>,

    /// Keep the articles, stories and feeds in this PostgreSQL database
    /// (`postgres://user@host/db`) instead of the SQLite store of the data directory, which
    /// still holds the search index and the configuration. Many `parallax worker` processes
    /// can share one.
    #[arg(long, global = true, value_name = "URL", env = "PARALLAX_DATABASE")]
    pub database: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The data directory, defaulting to `./parallax-data`.
    pub fn data_dir(&self) -> PathBuf {
        self.data.clone().unwrap_or_else(|| PathBuf::from("parallax-data"))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles from files, directories, globs or standard input (`-`) into the store.
    Ingest(IngestArgs),
    /// List stored articles, newest first.
    Articles(ArticlesArgs),
    /// Show one article with its sentences.
    Article(ArticleArgs),
    /// List the feed subscriptions read from OPML files.
    Subscriptions(JsonArg),
    /// Counts over the store, and a consistency check.
    Stats(JsonArg),
    /// Poll feeds and ingest what they bring: conditional GET, per-host politeness,
    /// back-off on failure, article pages fetched for items with only a summary.
    Watch(WatchArgs),
    /// List the watched feeds with their polling state and last error.
    Feeds(JsonArg),
    /// Full-text search over stored articles (BM25, English stemming), best first, with the
    /// matching passage of each.
    Search(SearchArgs),
    /// Saved searches: new articles matching one show in its Atom feed and are POSTed to its
    /// webhook (ingest runs them after indexing).
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// List stories (the reports of one event), most recently active first.
    Stories(StoriesArgs),
    /// Show a story's page: label, headline, then its key sentences.
    Story(PageArgs),
    /// List topics (stories that share their central entities), most recently active first.
    Topics(TopicsArgs),
    /// Show a topic's page: label, headline, then key sentences from all its stories.
    Topic(PageArgs),
    /// File stored articles that have no story yet (ingest does this itself).
    Cluster(ClusterArgs),
    /// Put a story's (or topic's) accounts side by side: coverage, shared and one-sided
    /// facts, figures and conflicts, voices, wording, naming variants, framing.
    Compare(CompareArgs),
    /// List the outlet registry (built-in, plus the data directory's outlets.toml).
    Outlets(OutletsArgs),
    /// Work on a PostgreSQL store's job queue with other workers: read queued inputs
    /// (`ingest --queue`), and take turns at filing articles under stories. Kill it at any
    /// moment: its job goes back to the queue and is read on from its last checkpoint.
    Worker(WorkerArgs),
    /// List the job queue (inputs queued with `ingest --queue`) and the live workers.
    Jobs(JsonArg),
    /// Serve the web UI (river, story pages side by side, articles, outlets) and the JSON
    /// API (described at /api/openapi.json).
    Serve(ServeArgs),
    /// Ingest the bundled demo corpus into a fresh store, show what Parallax found, then
    /// serve it in the browser.
    Demo(DemoArgs),
    /// Score Parallax's extractors, analysers and clustering on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure throughput: HTML pages and text articles through analysis into the store.
    Bench(BenchArgs),
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories (read recursively), glob patterns, or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Outlet name for articles that do not state one.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Publication date for undated articles (2022-04-30, RFC 3339 or RFC 2822).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Largest single document read into memory, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_document_mib: u64,
    /// Store the articles without filing them under stories (run `parallax cluster` later).
    #[arg(long)]
    pub no_cluster: bool,
    /// Queue one job per input file for `parallax worker` processes instead of reading them
    /// here (needs --database; every worker must see the files at the same paths).
    #[arg(long)]
    pub queue: bool,
    /// With --queue: wait until the workers have read every queued input, showing their
    /// progress in records and bytes.
    #[arg(long, requires = "queue")]
    pub wait: bool,
    /// Read web archives from their start even if a checkpoint says an earlier run read
    /// them (in part or to the end).
    #[arg(long)]
    pub from_start: bool,
    /// Most documents written in one transaction when the store falls behind the
    /// analysis. Fewer show progress sooner and read less again after a kill; more write
    /// less to disk. With --queue, give it to the workers instead.
    #[arg(
        long,
        value_name = "N",
        default_value_t = parallax_pipeline::COMMIT_DOCUMENTS,
        conflicts_with = "queue"
    )]
    pub commit_documents: usize,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The name `parallax jobs` shows (default: host name and process id).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Exit once no job is queued or running and, unless --no-cluster, every article is filed
    /// under a story.
    #[arg(long)]
    pub drain: bool,
    /// Only read jobs: leave filing articles under stories to other workers.
    #[arg(long)]
    pub no_cluster: bool,
    /// How long to wait between looks at an empty queue, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub idle_ms: u64,
    /// Most documents written in one transaction when the store falls behind the
    /// analysis. Fewer show progress sooner and read less again after a kill; more write
    /// less to disk.
    #[arg(long, value_name = "N", default_value_t = parallax_pipeline::COMMIT_DOCUMENTS)]
    pub commit_documents: usize,
    /// Print one JSON object per event on standard output instead of text lines.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub poll: PollArgs,
    /// Poll the due feeds once, print a table (or JSON) and exit.
    #[arg(long)]
    pub once: bool,
    /// Print JSON: the cycle report (with `--once`), else one JSON line per cycle.
    #[arg(long)]
    pub json: bool,
}

/// How feeds are polled, for `watch` and `serve --watch`.
#[derive(Debug, Args)]
pub struct PollArgs {
    /// Feeds to add to the store's subscriptions before polling: OPML, or one http(s) URL
    /// per line (`#` starts a comment). Every subscription in the store is polled.
    #[arg(long, value_name = "FILE")]
    pub feeds: Option<PathBuf>,
    /// Seconds between polls of a healthy feed; also the first back-off step after a
    /// failure (doubling up to a day).
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub interval: u64,
    /// Allow feeds and pages on private, loopback and link-local addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Feeds fetched at once.
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
    /// Least time between two requests to the same host, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub host_gap_ms: u64,
    /// Deadline for one fetch (connect, redirects, body), in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Largest feed or page read, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 8)]
    pub max_body_mib: u64,
}

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    /// Only this outlet.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Only this language (ISO 639-1 code, e.g. `en`).
    #[arg(long)]
    pub language: Option<String>,
    /// Published on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Published before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: words (all required), "a phrase", `-word` to exclude, `a OR b`,
    /// `title:word`.
    #[arg(required = true, value_name = "QUERY", num_args = 1..)]
    pub query: Vec<String>,
    /// Only this outlet (name or domain); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub outlet: Vec<String>,
    /// Only outlets of this group (groups are set in the data directory's outlets.toml).
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only this language (ISO 639-1 code, e.g. `en`).
    #[arg(long)]
    pub language: Option<String>,
    /// Published on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Published before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Save a search: articles stored from now on that match it become its matches.
    Add(AlertsAddArgs),
    /// List the saved searches with their match counts.
    List(JsonArg),
    /// Delete a saved search and its matches.
    Rm(AlertsRmArgs),
    /// Match the articles indexed since the last run, then POST the due webhooks.
    Run(AlertsRunArgs),
    /// Print a saved search's matches as an Atom feed, newest first.
    Feed(AlertsFeedArgs),
}

#[derive(Debug, Args)]
pub struct AlertsAddArgs {
    /// What to call it.
    pub name: String,
    /// The search, in `parallax search` syntax (quote it as one argument).
    pub query: String,
    /// Only this outlet (name or domain); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub outlet: Vec<String>,
    /// Only outlets of this group (groups are set in the data directory's outlets.toml).
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only this language (ISO 639-1 code, e.g. `en`).
    #[arg(long)]
    pub language: Option<String>,
    /// Only articles published on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// POST each new match to this http(s) URL as JSON.
    #[arg(long, value_name = "URL")]
    pub webhook: Option<String>,
    /// Sign each POST with HMAC-SHA256 under this key (header X-Parallax-Signature); only
    /// with --webhook.
    #[arg(long, value_name = "KEY", env = "PARALLAX_WEBHOOK_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// Print the saved alert as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AlertsRmArgs {
    /// The alert's id (as `alerts list` shows it).
    pub id: u64,
}

#[derive(Debug, Args)]
pub struct AlertsRunArgs {
    /// Try every pending webhook delivery now, without waiting for its retry time.
    #[arg(long)]
    pub retry_now: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AlertsFeedArgs {
    /// The alert's id (as `alerts list` shows it).
    pub id: u64,
    /// At most this many entries.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Where `parallax serve` is reached, for the links of the feed.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The article's id.
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Only stories of this topic.
    #[arg(long)]
    pub topic: Option<u64>,
    /// Only stories with at least this many articles.
    #[arg(long, value_name = "N")]
    pub min_articles: Option<u64>,
    /// Only stories active on or after this date.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// At most this many.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TopicsArgs {
    /// At most this many.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PageArgs {
    /// The story's or topic's id (as `stories` or `topics` list it).
    pub id: u64,
    /// Number of key sentences (default 12).
    #[arg(long, value_name = "N", conflicts_with = "words")]
    pub sentences: Option<usize>,
    /// Key sentences until they hold this many words.
    #[arg(long, value_name = "N")]
    pub words: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// A story id (`12` or `story:12`) or a topic id (`topic:3`), as `stories` and `topics`
    /// list them.
    #[arg(value_name = "STORY|topic:ID")]
    pub subject: String,
    /// Read the id as a topic's.
    #[arg(long)]
    pub topic: bool,
    /// What a side is: each outlet, the groups of outlets.toml, country or ownership type.
    #[arg(long, value_name = "AXIS", default_value = "outlet")]
    pub by: parallax_outlets::Axis,
    /// Print JSON.
    #[arg(long, conflicts_with = "markdown")]
    pub json: bool,
    /// Print Markdown (tables), e.g. for a report or an issue.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; loopback by default, so only this machine can connect.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Token every write endpoint requires (`Authorization: Bearer TOKEN`).
    #[arg(long, value_name = "TOKEN", env = "PARALLAX_TOKEN")]
    pub token: Option<String>,
    /// Also poll the store's feed subscriptions in this process, as `parallax watch` does
    /// (new reports then reach the live river and the alerts without another command).
    #[arg(long)]
    pub watch: bool,
    #[command(flatten)]
    pub poll: PollArgs,
}

#[derive(Debug, Args)]
pub struct OutletsArgs {
    /// Only outlets that have articles in the store.
    #[arg(long)]
    pub stored: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The corpus to ingest (default: the bundled `demo/corpus`).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Print the ingest report, store counts and articles as JSON (and do not serve).
    #[arg(long)]
    pub json: bool,
    /// Stop after printing, instead of serving the demo in the browser.
    #[arg(long)]
    pub no_serve: bool,
    /// Where to serve the demo; when the port is taken, the next nine are tried.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Main-text extraction: ScrapingHub AEB, trafilatura-eval, readability test pages.
    Extract(EvalArgs),
    /// Sentence segmentation: Golden Rules and GUM news.
    Sentences(EvalArgs),
    /// Story clustering against gold labels: pairwise and B-cubed P/R/F1, ARI, NMI.
    Cluster(EvalClusterArgs),
    /// Same-story decisions on rated pairs of articles (SemEval-2022 task 8 CSV), in one
    /// language and across two: P/R/F1 of "one story".
    Pairs(EvalPairsArgs),
    /// Topic pages against reference summaries: ROUGE-1/2/L F1 (rouge-score, Porter stems).
    Summary(EvalSummaryArgs),
    /// Figures, voices and dates found in articles against a hand-made gold set: P/R/F1.
    Evidence(EvalEvidenceArgs),
    /// Loaded-language indicators against BASIL's lexical-bias spans: exact and overlap
    /// span P/R/F1, with an adjective-like-word baseline.
    Bias(EvalBiasArgs),
}

#[derive(Debug, Args)]
pub struct EvalEvidenceArgs {
    /// JSONL, one article per line: `{file, record, figures: [{text, value, counts}],
    /// voices: [{speaker, aliases, text}], dates: [{text, year, month, day}]}`; `file` is
    /// relative to the gold file. Repeat to score several files together.
    #[arg(long, value_name = "FILE", required = true)]
    pub gold: Vec<PathBuf>,
    /// Also list the misses and false alarms, with their sentences.
    #[arg(long)]
    pub errors: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalBiasArgs {
    /// The BASIL folder (holding basil_merged.jsonl), or that file itself.
    pub dir: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalSummaryArgs {
    /// JSONL, one story per line: `{story, articles: [{id, title, text, outlet, url,
    /// published}], references: [text, ...]}`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Each page is cut to this many words before scoring.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub words: usize,
    /// A file in the same format whose article texts give the IDF background (default: the
    /// gold file's own articles).
    #[arg(long, value_name = "FILE")]
    pub background: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalClusterArgs {
    /// JSONL, one article per line: `{id, title, text, outlet, url, published, language, story}`.
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// What the gold `story` labels name: same-event stories, or topics of related stories
    /// (scored against the topics Parallax files its stories under).
    #[arg(long, value_enum, default_value = "stories")]
    pub level: ClusterLevel,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalPairsArgs {
    /// CSV with a header row naming `pair_id` (`<id1>_<id2>`), `lang1`, `lang2`, `text1`,
    /// `text2` and `Overall` (1 = the same event … 4 = unrelated).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The grouping `parallax eval cluster` scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterLevel {
    /// Stories: the reports of one event.
    Stories,
    /// Topics: stories that share their central entities.
    Topics,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The benchmark folder (or a folder holding several).
    pub dir: PathBuf,
    /// Only the first N pages or items.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A store engine `bench --scale` measures.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum BenchEngine {
    /// SQLite in a temporary directory.
    Sqlite,
    /// PostgreSQL: a fresh database in `--database`'s server, else in a throwaway cluster.
    Postgres,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// HTML pages to run through extraction, analysis and the store (a folder of .html or
    /// .html.gz files; default: the demo corpus pages).
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Number of plain-text articles to ingest end to end (default 20000); with
    /// `--cluster`, the stream sizes to cluster, comma-separated (default 10000,100000);
    /// with `--scale`, the corpus sizes (default 10000,100000,1000000).
    #[arg(long, value_name = "N[,N...]", value_delimiter = ',')]
    pub articles: Vec<usize>,
    /// Measure the story clusterer instead, on one core: feature extraction from analysed
    /// articles and `Clusterer::add`, on synthetic news streams whose stories are recombined
    /// from the real sentences of labelled articles.
    #[arg(long, conflicts_with_all = ["compare", "search"])]
    pub cluster: bool,
    /// Measure `compare` on a synthetic topic of `--articles` articles (default 200)
    /// recombined from the demo corpus's Azovstal reports, through the store.
    #[arg(long, conflicts_with = "search")]
    pub compare: bool,
    /// Measure full-text search: index `--articles` synthetic articles (default 100000)
    /// recombined from the demo corpus's sentences, then time a few hundred queries of one
    /// to three words.
    #[arg(long)]
    pub search: bool,
    /// Measure the web server: story page renders for a story of `--articles` articles
    /// (default 100) and the river over a store of a thousand more stories, through the
    /// server's router in this process.
    #[arg(long, conflicts_with_all = ["cluster", "compare", "search", "watch"])]
    pub serve: bool,
    /// Measure one feed poll cycle: `--feeds` feeds served on loopback (new items, 304s,
    /// 500s, slow feeds, summary-only items whose pages are fetched), ingested, clustered
    /// and indexed; reports the duration, peak memory and open file descriptors.
    #[arg(long, conflicts_with_all = ["cluster", "compare", "search"])]
    pub watch: bool,
    /// With `--watch`: the number of feeds.
    #[arg(long, value_name = "N", default_value_t = 500, requires = "watch")]
    pub feeds: usize,
    /// With `--cluster` or `--scale`: JSON Lines files of real articles to recombine (one
    /// article per line with `title`, `text` and a `story` label, or one story per line
    /// with `articles`); default: the demo corpus, one story per article.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub sentences_from: Vec<PathBuf>,
    /// With `--cluster`: days of publication times the stream is spread over.
    #[arg(long, value_name = "DAYS", default_value_t = 365, requires = "cluster")]
    pub days: u32,
    /// With `--cluster`: also write the first stream as labelled JSON Lines (`id`, `title`,
    /// `text`, `outlet`, `url`, `published`, `language`, `story`) for peer tools.
    #[arg(long, value_name = "FILE", requires = "cluster")]
    pub write_corpus: Option<PathBuf>,
    /// With `--cluster`: score at most this many candidate stories per article (the
    /// clusterer's `max_candidates`; 0 scores all) instead of the default.
    #[arg(long, value_name = "N", requires = "cluster")]
    pub max_candidates: Option<usize>,
    /// Measure the whole path at scale: for each `--articles` size (default
    /// 10000,100000,1000000) and each `--engine`, a synthetic corpus of JSON Lines files
    /// recombined from the demo corpus's sentences is read, analysed, deduplicated, stored
    /// and clustered in a process of its own; prints per-stage rates and peak memory and
    /// writes an SVG plot of the cost per article against corpus size.
    #[arg(long, conflicts_with_all = ["cluster", "compare", "search", "serve", "watch"])]
    pub scale: bool,
    /// Measure `parallax worker` processes sharing a PostgreSQL job queue: `--articles` HTML
    /// pages (default 20000) in web archive files, read, extracted, analysed and stored by
    /// one one-thread worker, then by as many as there are cores (and by one worker with
    /// every core); prints the rates and the speed-up. Uses `--database`'s server or a
    /// throwaway cluster.
    #[arg(long, conflicts_with_all = ["cluster", "compare", "search", "serve", "watch", "scale"])]
    pub workers: bool,
    /// With `--scale`: the stores to measure, comma-separated (default: both when
    /// PostgreSQL is at hand, a throwaway cluster or `--database`; else SQLite).
    #[arg(
        long,
        value_enum,
        value_name = "ENGINE[,ENGINE]",
        value_delimiter = ',',
        requires = "scale"
    )]
    pub engine: Vec<BenchEngine>,
    /// With `--scale`: where to write the SVG plot (default target/bench/scale.svg).
    #[arg(long, value_name = "FILE.svg", requires = "scale")]
    pub plot: Option<PathBuf>,
    /// With `--scale`: synthetic articles published per day, so a larger corpus spans
    /// more days at the same density, as a longer archive does.
    #[arg(long, value_name = "N", default_value_t = 2000, requires = "scale")]
    pub per_day: usize,
    /// One `--scale` measurement on the corpus in DIR, printed as JSON: what the parent
    /// process runs in a child so that each run's peak memory is its own.
    #[arg(long, value_name = "DIR", hide = true, requires = "scale")]
    pub scale_run: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
