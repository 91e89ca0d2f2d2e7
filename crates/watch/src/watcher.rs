//! The poll cycle: due feeds fetched concurrently (politely), each processed as it arrives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use parallax_fetch::{FetchError, Fetched, Fetcher, Validators};
use parallax_model::{ArticleId, Document, Subscription};
use parallax_pipeline::{IngestOptions, Ingester, Outcome, Progress};
use parallax_store::{FeedStatus, PollOutcome, PollResult, Store};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinSet;

use crate::hosts::HostGate;
use crate::items::{complete_with_page, parse_feed};
use crate::{AfterIngest, CycleReport, FeedReport, Shutdown, WatchConfig, WatchError};

/// Run the after-ingest step within a cycle once this many articles wait for it, so that a
/// long cycle shows its first stories early.
const AFTER_INGEST_EVERY: usize = 500;

/// Longest sleep between two looks at what is due: a feed followed meanwhile (through the
/// API of `serve --watch`, or another process) is polled within this.
const IDLE_RECHECK: Duration = Duration::from_secs(5);

/// Polls the store's feed subscriptions and ingests what they bring.
///
/// It owns its store handle and a small tokio runtime for the network; its methods block,
/// so run it on a thread of its own (or `spawn_blocking`), never inside async code.
pub struct Watcher {
    store: Store,
    fetcher: Fetcher,
    config: WatchConfig,
    hosts: Arc<HostGate>,
    runtime: tokio::runtime::Runtime,
    after: Box<dyn AfterIngest>,
    shutdown: Shutdown,
}

/// A feed's response as it comes back from its fetch task.
struct FeedFetch {
    feed: FeedStatus,
    result: Result<Fetched, FetchError>,
    started: Instant,
}

impl Watcher {
    /// A watcher over `store`'s subscriptions; `after` runs once articles were stored.
    pub fn new(
        store: Store,
        config: WatchConfig,
        after: Box<dyn AfterIngest>,
    ) -> Result<Watcher, WatchError> {
        let fetcher = Fetcher::new(config.policy.clone())?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("parallax-watch")
            .enable_all()
            .build()
            .map_err(WatchError::Runtime)?;
        Ok(Watcher {
            store,
            fetcher,
            hosts: Arc::new(HostGate::new(config.host_gap, config.per_host)),
            config,
            runtime,
            after,
            shutdown: Shutdown::new(),
        })
    }

    /// A handle that stops [`Watcher::run`] (and a cycle in progress) from any thread.
    pub fn shutdown_handle(&self) -> Shutdown {
        self.shutdown.clone()
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Adds subscriptions (feeds already subscribed are kept as they are); returns how many
    /// were new.
    pub fn subscribe(&mut self, feeds: &[Subscription], source: &str) -> Result<usize, WatchError> {
        let mut added = 0;
        for feed in feeds {
            added += usize::from(self.store.add_subscription(feed, source)?);
        }
        Ok(added)
    }

    /// Polls until the shutdown handle is triggered: a cycle over the due feeds, then a
    /// sleep until the next feed is due (at most a minute, so feeds added meanwhile are
    /// picked up soon). `on_cycle` sees each cycle's report.
    pub fn run(&mut self, mut on_cycle: impl FnMut(&CycleReport)) -> Result<(), WatchError> {
        while !self.shutdown.is_triggered() {
            let report = self.poll_once(Utc::now())?;
            on_cycle(&report);
            let next = self.store.next_feed_due()?;
            let wait = next
                .map(|t| (t - Utc::now()).to_std().unwrap_or(Duration::ZERO))
                .unwrap_or(self.config.schedule.interval)
                .clamp(Duration::from_secs(1), IDLE_RECHECK);
            let shutdown = self.shutdown.clone();
            self.runtime.block_on(async {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.wait() => {}
                }
            });
        }
        Ok(())
    }

    /// One cycle: every feed due at `now` is fetched (conditionally, at most
    /// `concurrency` at once, politely per host) and processed as its response arrives —
    /// parsed, summary-only items completed with their pages, ingested, its poll recorded —
    /// then the after-ingest step runs. Responses wait in a bounded queue, so memory holds
    /// a few bodies at a time whatever the number of feeds. A shutdown stops the cycle
    /// between feeds; feeds not yet processed stay due.
    pub fn poll_once(&mut self, now: DateTime<Utc>) -> Result<CycleReport, WatchError> {
        let started = Instant::now();
        let mut report = CycleReport { started: Some(now), ..CycleReport::default() };
        let due = interleave_hosts(self.store.feeds_due(now, self.config.max_feeds_per_cycle)?);
        let concurrency = self.config.concurrency.max(1);
        let (sender, mut responses) = mpsc::channel::<FeedFetch>(concurrency);
        let permits = Arc::new(Semaphore::new(concurrency));
        let mut tasks = JoinSet::new();
        for feed in due {
            let task = fetch_feed(
                self.fetcher.clone(),
                self.hosts.clone(),
                permits.clone(),
                feed,
                sender.clone(),
            );
            tasks.spawn_on(task, self.runtime.handle());
        }
        drop(sender);
        let mut waiting: Vec<ArticleId> = Vec::new();
        loop {
            let shutdown = self.shutdown.clone();
            let next = self.runtime.block_on(async {
                tokio::select! {
                    fetched = responses.recv() => fetched,
                    _ = shutdown.wait() => None,
                }
            });
            let Some(fetched) = next else { break };
            let feed_report = self.process(fetched, now, &mut waiting, &mut report.errors);
            report.add(feed_report);
            if waiting.len() >= AFTER_INGEST_EVERY {
                self.run_after(&mut waiting, &mut report);
            }
        }
        // Dropping the set aborts fetches still running after a shutdown.
        drop(tasks);
        if !waiting.is_empty() {
            self.run_after(&mut waiting, &mut report);
        }
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    fn run_after(&mut self, waiting: &mut Vec<ArticleId>, report: &mut CycleReport) {
        let step = self.after.after_ingest(&mut self.store, waiting);
        waiting.clear();
        let merged = report.after_ingest.get_or_insert_with(Default::default);
        if let Some(c) = step.clustering {
            merged.clustering = Some(match merged.clustering.take() {
                Some(mut before) => {
                    before.articles += c.articles;
                    before.copies += c.copies;
                    before.new_stories += c.new_stories;
                    before.merged_stories += c.merged_stories;
                    before.new_topics += c.new_topics;
                    before.stories_touched += c.stories_touched;
                    before.seconds += c.seconds;
                    before
                }
                None => c,
            });
        }
        let add = |total: &mut Option<usize>, n: Option<usize>| {
            if let Some(n) = n {
                *total = Some(total.unwrap_or(0) + n);
            }
        };
        add(&mut merged.search_indexed, step.search_indexed);
        add(&mut merged.alert_matches, step.alert_matches);
        add(&mut merged.webhooks_delivered, step.webhooks_delivered);
        merged.errors.extend(step.errors);
    }

    /// Handles one feed's response and records the poll.
    fn process(
        &mut self,
        fetched: FeedFetch,
        now: DateTime<Utc>,
        waiting: &mut Vec<ArticleId>,
        errors: &mut Vec<String>,
    ) -> FeedReport {
        let FeedFetch { feed, result, started } = fetched;
        let url = feed.feed_url.clone();
        let schedule = self.config.schedule;
        let mut report = FeedReport {
            feed_url: url.clone(),
            result: "fetched",
            items: 0,
            already_stored: 0,
            new_articles: 0,
            pages_fetched: 0,
            page_failures: Vec::new(),
            item_failures: Vec::new(),
            error: None,
            retryable: None,
            consecutive_failures: 0,
            next_poll: now,
            seconds: 0.0,
        };
        let mut retry_after = None;
        let outcome = match result {
            Ok(Fetched::NotModified) => {
                report.result = "not_modified";
                PollResult::NotModified
            }
            Ok(Fetched::Body { bytes, validators, .. }) => {
                match self.ingest_feed(&url, &bytes, &mut report, waiting) {
                    Ok(()) => fetched_result(validators, &report),
                    Err(message) => {
                        report.error = Some(message.clone());
                        report.retryable = Some(false);
                        PollResult::Failed { error: message }
                    }
                }
            }
            Err(e) => {
                retry_after = e.retry_after();
                report.error = Some(e.to_string());
                report.retryable = Some(e.retryable());
                PollResult::Failed { error: e.to_string() }
            }
        };
        if let PollResult::Failed { .. } = outcome {
            report.result = "failed";
            report.consecutive_failures = feed.consecutive_failures.saturating_add(1);
        }
        report.next_poll = schedule.next_poll(&url, now, report.consecutive_failures, retry_after);
        let poll = PollOutcome { polled_at: now, next_poll: report.next_poll, result: outcome };
        if let Err(e) = self.store.record_poll(&url, &poll) {
            errors.push(format!("{url}: recording the poll failed: {e}"));
        }
        report.seconds = started.elapsed().as_secs_f64();
        report
    }

    /// Parses a feed body, completes summary-only items with their pages, and stores the
    /// items not already stored. `Err` when the body is no readable feed.
    fn ingest_feed(
        &mut self,
        url: &str,
        bytes: &[u8],
        report: &mut FeedReport,
        waiting: &mut Vec<ArticleId>,
    ) -> Result<(), String> {
        let parsed = parse_feed(bytes, url)?;
        report.items = parsed.docs.len();
        report.item_failures = parsed.failures;
        let mut docs = Vec::with_capacity(parsed.docs.len());
        let mut pages = Vec::new();
        for doc in parsed.docs {
            let stored = doc
                .url
                .as_deref()
                .and_then(parallax_analyse::urls::canonical_url)
                .map(|c| self.store.article_by_canonical_url(&c))
                .transpose()
                .map_err(|e| format!("{url}: looking up stored articles failed: {e}"))?
                .flatten();
            match stored {
                Some(m) if !m.summary_only => report.already_stored += 1,
                // Only a summary is stored, or nothing: fetch the page if the item has only
                // a summary (within the per-feed budget), then store.
                _ => {
                    if doc.summary_only
                        && doc.url.is_some()
                        && pages.len() < self.config.max_pages_per_feed
                    {
                        pages.push(docs.len());
                    }
                    docs.push(doc);
                }
            }
        }
        if !pages.is_empty() {
            self.complete_pages(&mut docs, &pages, report);
        }
        if docs.is_empty() {
            return Ok(());
        }
        let collected = Collect::default();
        let ingested = Ingester::new(&mut self.store, IngestOptions::default())
            .ingest_documents(docs, &collected);
        report.new_articles = ingested.new + ingested.near_duplicates + ingested.completed;
        report.item_failures.extend(ingested.failed);
        waiting.extend(collected.0.into_inner().unwrap_or_else(|e| e.into_inner()));
        Ok(())
    }

    /// Fetches the pages of the items at `indexes` concurrently (politely) and puts their
    /// text into the items; a page that fails leaves its item's summary, recorded.
    fn complete_pages(
        &mut self,
        docs: &mut [Document],
        indexes: &[usize],
        report: &mut FeedReport,
    ) {
        let permits = Arc::new(Semaphore::new(self.config.concurrency.clamp(1, 8)));
        let mut set = JoinSet::new();
        for &i in indexes {
            let link = docs[i].url.clone().unwrap_or_default();
            let origin = docs[i].origin.clone();
            let (fetcher, hosts, permits) =
                (self.fetcher.clone(), self.hosts.clone(), permits.clone());
            set.spawn_on(
                async move {
                    let _permit = permits.acquire_owned().await;
                    let fetched = {
                        let _turn = hosts.turn(&link).await;
                        fetcher.get(&link, &Validators::default()).await
                    };
                    // Read here so that the body is dropped as soon as its text is out.
                    let page = match fetched {
                        Ok(Fetched::Body { bytes, content_type, final_url, .. }) => {
                            let record =
                                format!("{} page", origin.record.as_deref().unwrap_or("item"));
                            parallax_ingest::read_page(
                                &bytes,
                                content_type.as_deref(),
                                Some(&final_url),
                                origin.with_record(record),
                            )
                            .map(|page| (page, final_url))
                            .map_err(|e| e.to_string())
                        }
                        Ok(Fetched::NotModified) => Err(format!("{link}: unexpected 304")),
                        Err(e) => Err(e.to_string()),
                    };
                    (i, page)
                },
                self.runtime.handle(),
            );
        }
        let results = self.runtime.block_on(async move {
            let mut out = Vec::new();
            while let Some(joined) = set.join_next().await {
                if let Ok(r) = joined {
                    out.push(r);
                }
            }
            out
        });
        for (i, page) in results {
            match page {
                Ok((page, final_url)) => {
                    complete_with_page(&mut docs[i], page, &final_url);
                    report.pages_fetched += 1;
                }
                Err(message) => {
                    let item = docs[i].origin.record.as_deref().unwrap_or("item").to_string();
                    report
                        .page_failures
                        .push(format!("{item}: page not fetched, summary kept: {message}"));
                }
            }
        }
    }
}

fn fetched_result(validators: Validators, report: &FeedReport) -> PollResult {
    PollResult::Fetched {
        etag: validators.etag,
        last_modified: validators.last_modified,
        items: report.items as u64,
        articles_added: report.new_articles as u64,
        page_failures: report.page_failures.len() as u64,
        last_page_error: report.page_failures.last().cloned(),
    }
}

async fn fetch_feed(
    fetcher: Fetcher,
    hosts: Arc<HostGate>,
    permits: Arc<Semaphore>,
    feed: FeedStatus,
    responses: mpsc::Sender<FeedFetch>,
) {
    // The permit is held until the response is handed over: bodies in memory are bounded by
    // the permits plus the queue, however many feeds are due.
    let Ok(_permit) = permits.acquire_owned().await else { return };
    let started = Instant::now();
    let validators =
        Validators { etag: feed.etag.clone(), last_modified: feed.last_modified.clone() };
    let result = {
        let _turn = hosts.turn(&feed.feed_url).await;
        fetcher.get(&feed.feed_url, &validators).await
    };
    let _ = responses.send(FeedFetch { feed, result, started }).await;
}

/// Orders feeds so that hosts alternate (the first feed of every host, then the second…):
/// fetch slots then go to different hosts instead of queueing behind one host's turns.
fn interleave_hosts(feeds: Vec<FeedStatus>) -> Vec<FeedStatus> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut keyed: Vec<(usize, usize, FeedStatus)> = feeds
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let host = url::Url::parse(&f.feed_url)
                .ok()
                .and_then(|u| Some(format!("{}:{:?}", u.host_str()?, u.port())))
                .unwrap_or_default();
            let rank = seen.entry(host).or_insert(0);
            *rank += 1;
            (*rank, i, f)
        })
        .collect();
    keyed.sort_by_key(|(rank, i, _)| (*rank, *i));
    keyed.into_iter().map(|(_, _, f)| f).collect()
}

/// Collects the ids of the articles an ingest stored.
#[derive(Default)]
struct Collect(Mutex<Vec<ArticleId>>);

impl Progress for Collect {
    fn document_done(&self, outcome: Result<&Outcome, &str>) {
        let id = match outcome {
            Ok(
                Outcome::New { id } | Outcome::Completed { id } | Outcome::NearDuplicate { id, .. },
            ) => id,
            _ => return,
        };
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(id.clone());
    }
}
