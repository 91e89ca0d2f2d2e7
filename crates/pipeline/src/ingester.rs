use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use parallax_analyse::{Analyser, Analysis};
use parallax_ingest::{Input, Item, Limits};
use parallax_model::{Article, ArticleId, Document};
use parallax_store::{Lease, Store, StoreError};
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use crate::checkpoint::{Checkpoints, InputKey, Mark, Start};
use crate::dedup::{ChunkKeys, Done, Held, Prepared, Refusal, store_article};
use crate::report::{IngestReport, Outcome};

/// Metadata the user supplies for documents that lack it, and how the run commits.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Outlet for documents that name none; it takes precedence over the outlet derived
    /// from a URL's domain.
    pub outlet: Option<String>,
    /// Publication time for undated documents.
    pub published: Option<DateTime<Utc>>,
    /// Size caps.
    pub limits: Limits,
    /// Which inputs keep a checkpoint, to go on after an interruption.
    pub checkpoints: Checkpoints,
    /// Documents per transaction at most when chunks queue up for the store writer
    /// ([`COMMIT_DOCUMENTS`] by default). Fewer show a job's progress sooner and leave less
    /// to read again after a kill; more write less. A chunk always commits whole.
    pub commit_documents: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            outlet: None,
            published: None,
            limits: Limits::default(),
            checkpoints: Checkpoints::default(),
            commit_documents: COMMIT_DOCUMENTS,
        }
    }
}

/// Receives progress as the run goes; the CLI draws a progress bar with it. Called from
/// the reading thread (`input_started`) and the store writer thread (`document_done`).
pub trait Progress: Sync {
    /// An input is about to be read.
    fn input_started(&self, _input: &Input) {}
    /// A document was processed (or failed): once per document, in the order the documents
    /// were read, though new articles are written in batches after copies read later.
    fn document_done(&self, _outcome: Result<&Outcome, &str>) {}
}

impl Progress for () {}

/// Documents analysed together on all cores before their (sequential) store writes.
const CHUNK: usize = 1024;

/// Documents per commit at most, when chunks queue up for the store writer, unless
/// [`IngestOptions::commit_documents`] says otherwise. The band-key and unique indexes
/// take random keys, so a commit rewrites about one index page per article, up to every
/// page of the newest band block; more articles per commit rewrite each page once for
/// more of them. On a 100,000-article ingest (`parallax ingest
/// --no-cluster`), 1,024 → 4,096 halved the bytes written (6.2 → 3.2 GB) and cut the wall
/// time by 16 %; 8,192 wrote 2.3 GB and saved 3 % more. A writer that keeps up commits
/// every chunk, so nothing waits on a slow input.
pub const COMMIT_DOCUMENTS: usize = 8 * CHUNK;

/// [`IngestReport::interrupted`] of a run stopped by its flag ([`Ingester::with_stop`]).
pub const STOPPED_ON_REQUEST: &str = "stopped on request";

/// Reads inputs into the store.
pub struct Ingester<'s> {
    store: &'s mut Store,
    analyser: Analyser,
    options: IngestOptions,
    lease: Option<Lease>,
    /// Set by another thread to stop the run.
    stop: Option<&'s AtomicBool>,
}

/// A chunk on its way to the store writer: its items, and how far each input it ends
/// was read.
struct Chunk {
    analysed: Vec<Analysed>,
    marks: Vec<Mark>,
}

/// Why a chunk was not committed.
enum ChunkFailed {
    Store(StoreError),
    /// The run's job was claimed by another worker: this one must write nothing more.
    LeaseLost,
}

impl From<StoreError> for ChunkFailed {
    fn from(e: StoreError) -> Self {
        ChunkFailed::Store(e)
    }
}

impl<'s> Ingester<'s> {
    /// An ingester writing into `store`.
    pub fn new(store: &'s mut Store, options: IngestOptions) -> Ingester<'s> {
        Ingester { store, analyser: Analyser::new(), options, lease: None, stop: None }
    }

    /// Writes on behalf of a claimed job: each chunk's transaction checks the lease and adds
    /// its counts to the job, and the run stops as soon as the lease is lost.
    pub fn with_lease(mut self, lease: Lease) -> Ingester<'s> {
        self.lease = Some(lease);
        self
    }

    /// A flag that stops the run when set (by another thread): the reader stops at the next
    /// record, the chunks already read and analysed are committed with their checkpoints,
    /// and the records read after them are dropped (the next run reads them again). The
    /// report then says so ([`IngestReport::stopped`], and [`STOPPED_ON_REQUEST`] in
    /// `interrupted`) unless every input was read and committed before the flag was seen.
    pub fn with_stop(mut self, stop: &'s AtomicBool) -> Ingester<'s> {
        self.stop = Some(stop);
        self
    }

    /// Reads every input in order and returns what happened. Failures are collected in the
    /// report, never fatal: everything readable is stored.
    ///
    /// Reading runs on the calling thread; page extraction and analysis on all cores, a
    /// chunk at a time; the store writes on a writer thread of their own, one chunk behind,
    /// so that the writes wait neither for analysis nor analysis for them. Each chunk
    /// commits with the checkpoints of the inputs it reaches into (see [`Checkpoints`]),
    /// together with the chunks queued behind it (up to
    /// [`IngestOptions::commit_documents`]): an input read half-way when the process died
    /// is read on from there by the next run.
    pub fn run(
        &mut self,
        inputs: &[Input],
        progress: &dyn Progress,
        bytes_read: Option<Arc<AtomicU64>>,
    ) -> IngestReport {
        // The writer is the ingest's bottleneck: it should not stop to copy the log back.
        let _checkpoints = self.store.checkpoint_in_background();
        let Ingester { store, analyser, options, lease, stop } = self;
        let mut report = IngestReport { inputs: inputs.len(), ..IngestReport::default() };
        let keys: Vec<Option<InputKey>> =
            inputs.iter().map(|input| InputKey::of(input, options.checkpoints)).collect();
        let mut starts = vec![Start::default(); inputs.len()];
        for (i, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            match key.resume_point(store) {
                Ok(start) => starts[i] = start,
                Err(e) => report.failed.push(format!(
                    "{}: its checkpoint cannot be read, reading it from the start: {e}",
                    inputs[i].name()
                )),
            }
        }
        report.already_read = starts.iter().filter(|s| s.finished).count();
        report.resumed = starts.iter().filter(|s| !s.finished && s.skip > 0).count();
        let bytes = bytes_read.unwrap_or_default();
        let (limits, commit_documents) = (options.limits, options.commit_documents);
        let (analyser, options, lease, stop) = (&*analyser, &*options, *lease, *stop);
        // Set by the writer when a chunk could not be committed, or from outside (`stop`).
        let halt = &AtomicBool::new(false);
        let halted =
            || halt.load(Ordering::Relaxed) || stop.is_some_and(|s| s.load(Ordering::Relaxed));
        let keys = &keys;
        let (written, cut_short) = std::thread::scope(|scope| {
            // Two chunks in flight at most bound memory whatever the input size.
            let (chunks, received) = std::sync::mpsc::sync_channel::<Chunk>(1);
            let writer = scope.spawn(move || {
                let mut written = IngestReport::default();
                let group = Group { keys, lease: lease.as_ref(), commit_documents };
                for chunk in &received {
                    let waiting = || received.try_recv().ok();
                    match write_chunks(store, chunk, waiting, &group, progress) {
                        Ok(part) => written.add(part),
                        Err(failed) => {
                            written.interrupted = Some(match failed {
                                ChunkFailed::LeaseLost => {
                                    written.lease_lost = true;
                                    "the job was claimed by another worker".to_string()
                                }
                                ChunkFailed::Store(e) => {
                                    format!("committing a chunk of articles failed: {e}")
                                }
                            });
                            // Nothing after an uncommitted chunk may be committed: its
                            // checkpoint would skip the chunk's items.
                            halt.store(true, Ordering::Relaxed);
                            break;
                        }
                    }
                }
                written
            });
            // Documents of consecutive inputs share chunks: many small files analyse in
            // parallel and commit together just as the records of one big file do.
            let mut pending: Vec<Item> = Vec::with_capacity(CHUNK);
            let mut marks: Vec<Mark> = Vec::new();
            let send = |items: Vec<Item>, marks: Vec<Mark>| {
                if halted() {
                    return;
                }
                let analysed = analyse_chunk(analyser, options, items);
                // The writer only stops early by halting or panicking (`join` reports it).
                let _ = chunks.send(Chunk { analysed, marks });
            };
            for (i, input) in inputs.iter().enumerate() {
                if halted() {
                    break;
                }
                if starts[i].finished {
                    continue;
                }
                progress.input_started(input);
                let skip = starts[i].skip;
                let base = bytes.load(Ordering::Relaxed);
                let mut items = 0u64;
                let flow =
                    parallax_ingest::read_raw(input, &limits, Some(bytes.clone()), &mut |item| {
                        // Stopping drops this item and those pending, uncounted by any mark: the
                        // checkpoint stays at the last chunk sent, and a resumed read skips
                        // exactly the items committed.
                        if halted() {
                            return ControlFlow::Break(());
                        }
                        items += 1;
                        // Items a previous run stored are dropped unread: pages are extracted
                        // later, so skipping costs only the reading.
                        if items <= skip {
                            return ControlFlow::Continue(());
                        }
                        pending.push(item);
                        if pending.len() >= CHUNK {
                            let read = bytes.load(Ordering::Relaxed) - base;
                            let mut chunk_marks = std::mem::take(&mut marks);
                            chunk_marks.push(Mark {
                                input: i,
                                items,
                                bytes: read,
                                finished: false,
                            });
                            send(
                                std::mem::replace(&mut pending, Vec::with_capacity(CHUNK)),
                                chunk_marks,
                            );
                        }
                        ControlFlow::Continue(())
                    });
                if flow.is_break() || halted() {
                    break;
                }
                let read = bytes.load(Ordering::Relaxed) - base;
                marks.push(Mark { input: i, items, bytes: read, finished: true });
            }
            // Read once: a stop after this point leaves nothing unread, uncommitted.
            let cut_short = halted();
            if !cut_short {
                send(pending, marks);
            }
            drop(chunks);
            (writer.join().expect("the store writer thread panicked"), cut_short)
        });
        report.add(written);
        // A failed chunk halts the run with its own reason; any other halt is the stop flag.
        if cut_short && report.interrupted.is_none() {
            report.interrupted = Some(STOPPED_ON_REQUEST.into());
            report.stopped = true;
        }
        report
    }

    /// Ingests documents that are already in memory (tests, benchmarks, evaluation).
    pub fn ingest_documents(
        &mut self,
        docs: Vec<Document>,
        progress: &dyn Progress,
    ) -> IngestReport {
        let mut report = IngestReport::default();
        for chunk in docs.chunks(CHUNK) {
            let items = chunk.iter().cloned().map(|d| Item::Document(Box::new(d))).collect();
            let analysed = analyse_chunk(&self.analyser, &self.options, items);
            let chunk = Chunk { analysed, marks: Vec::new() };
            let group = Group { keys: &[], lease: self.lease.as_ref(), commit_documents: 0 };
            match write_chunks(self.store, chunk, || None, &group, progress) {
                Ok(part) => report.add(part),
                Err(ChunkFailed::LeaseLost) => {
                    report.lease_lost = true;
                    report.interrupted = Some("the job was claimed by another worker".into());
                    break;
                }
                Err(ChunkFailed::Store(e)) => {
                    report.failed.push(format!("committing a chunk of articles failed: {e}"));
                }
            }
        }
        report
    }
}

/// Extraction and analysis are pure and per document: they run on all cores, keeping the
/// chunk's order.
fn analyse_chunk(analyser: &Analyser, options: &IngestOptions, items: Vec<Item>) -> Vec<Analysed> {
    items
        .into_par_iter()
        .map(|item| match item.resolve() {
            Item::Document(doc) => Analysed::Document(Box::new(prepare(analyser, options, *doc))),
            Item::Subscription(s) => Analysed::Subscription(s),
            Item::Failed(e) => Analysed::Failed(e.to_string()),
            Item::Page(_) => unreachable!("resolve extracts pages"),
        })
        .collect()
}

/// What the chunks committed together share.
struct Group<'a> {
    /// The run's inputs' checkpoint keys, by input index.
    keys: &'a [Option<InputKey>],
    lease: Option<&'a Lease>,
    /// No further chunk joins the transaction once it holds this many documents.
    commit_documents: usize,
}

/// One transaction for `first` and the chunks `waiting` hands over while the transaction
/// holds fewer than `group.commit_documents`: each article is still written atomically (a
/// savepoint), but the write-ahead log is appended once per transaction instead of once
/// per article. The checkpoints of the chunks' inputs and their job's counts commit with
/// their articles, or nothing does.
fn write_chunks(
    store: &mut Store,
    first: Chunk,
    mut waiting: impl FnMut() -> Option<Chunk>,
    group: &Group,
    progress: &dyn Progress,
) -> Result<IngestReport, ChunkFailed> {
    store.transaction(|store| {
        store.lock_article_writes()?;
        let mut part = IngestReport::default();
        let mut documents = 0;
        let mut next = Some(first);
        while let Some(Chunk { analysed, marks }) = next.take() {
            documents += analysed.len();
            write_chunk(store, analysed, &mut part, progress)?;
            for mark in &marks {
                if let Some(Some(key)) = group.keys.get(mark.input) {
                    store.save_input_checkpoint(&key.checkpoint(
                        mark.items,
                        mark.bytes,
                        mark.finished,
                    ))?;
                }
            }
            if documents < group.commit_documents {
                next = waiting();
            }
        }
        if let Some(lease) = group.lease
            && !store.record_job_chunk(lease, &part.job_counts())?
        {
            return Err(ChunkFailed::LeaseLost);
        }
        Ok(part)
    })
}

/// Writes a chunk's articles inside the open transaction, counting them in `part` and
/// reporting each to `progress` in the chunk's order.
fn write_chunk(
    store: &mut Store,
    analysed: Vec<Analysed>,
    part: &mut IngestReport,
    progress: &dyn Progress,
) -> Result<(), StoreError> {
    let documents = analysed.iter().filter_map(|a| match a {
        Analysed::Document(d) => Some(&d.0),
        _ => None,
    });
    let mut known = ChunkKeys::read(store, documents)?;
    let mut held = Held::default();
    let mut done = Vec::new();
    for (index, a) in analysed.into_iter().enumerate() {
        record(store, &mut known, &mut held, &mut done, index, a, part);
        tell(&mut done, held.first_index(), part, progress);
    }
    held.write(store, &mut known, &mut done);
    tell(&mut done, None, part, progress);
    Ok(())
}

/// Settles the chunk's `index`-th item, or holds it (a new article), or records its
/// failure to be told in turn.
fn record(
    store: &mut Store,
    keys: &mut ChunkKeys,
    held: &mut Held,
    done: &mut Vec<Done>,
    index: usize,
    a: Analysed,
    report: &mut IngestReport,
) {
    match a {
        Analysed::Document(prepared) => {
            let (prepared, origin) = *prepared;
            store_article(store, keys, held, prepared, index, origin, done);
        }
        Analysed::Subscription(sub) => match store.add_subscription(&sub, "opml") {
            Ok(true) => report.subscriptions += 1,
            Ok(false) => {}
            Err(e) => report.failed.push(format!("subscription {}: {e}", sub.feed_url)),
        },
        Analysed::Failed(message) => done.push(Done {
            index,
            origin: String::new(),
            summary_only: false,
            result: Err(Refusal::Unread(message)),
        }),
    }
}

/// Counts and reports, in the chunk's order, the fates settled before `waiting` (the first
/// held article), or all when nothing is held: a new article waits to be written while a
/// copy read after it is settled at once, yet a [`Progress`] sees the documents as they
/// were read.
fn tell(
    done: &mut Vec<Done>,
    waiting: Option<usize>,
    report: &mut IngestReport,
    progress: &dyn Progress,
) {
    if done.is_empty() {
        return;
    }
    done.sort_by_key(|d| d.index);
    let ready = waiting.map_or(done.len(), |w| done.partition_point(|d| d.index < w));
    for Done { origin, summary_only, result, .. } in done.drain(..ready) {
        match result {
            Ok(outcome) => {
                report.count(&outcome, summary_only);
                progress.document_done(Ok(&outcome));
            }
            Err(refusal) => {
                let message = match refusal {
                    Refusal::IdConflict(id) => {
                        format!("{origin}: id \"{id}\" is already used by a different article")
                    }
                    Refusal::Store(e) => format!("{origin}: not stored: {e}"),
                    Refusal::Unread(message) => message,
                };
                progress.document_done(Err(&message));
                report.failed.push(message);
            }
        }
    }
}

fn prepare(analyser: &Analyser, options: &IngestOptions, mut doc: Document) -> (Prepared, String) {
    if doc.outlet.is_none() {
        doc.outlet = options.outlet.clone();
    }
    if doc.published.is_none() {
        doc.published = options.published;
    }
    let analysis = analyser.analyse(&doc);
    let origin = doc.origin.to_string();
    (prepared(doc, analysis), origin)
}

enum Analysed {
    Document(Box<(Prepared, String)>),
    Subscription(parallax_model::Subscription),
    Failed(String),
}

/// The article id: the source's own, else derived from the canonical URL, else from the
/// text, so that re-reading the same input gives the same id.
fn article_id(doc: &Document, analysis: &Analysis) -> ArticleId {
    if let Some(id) = &doc.id {
        return ArticleId(id.clone());
    }
    let hash = match &analysis.canonical_url {
        Some(url) => xxh3_64(url.as_bytes()),
        None => analysis.fingerprint.text_hash ^ 0x5bd1_e995_5bd1_e995,
    };
    ArticleId(format!("{hash:016x}"))
}

fn prepared(doc: Document, analysis: Analysis) -> Prepared {
    let id = article_id(&doc, &analysis);
    let bands = analysis.fingerprint.band_keys();
    let Analysis {
        title,
        text,
        byline,
        language,
        sentences,
        tokens,
        canonical_url,
        outlet,
        domain,
        fingerprint,
    } = analysis;
    Prepared {
        source_id: doc.id.is_some(),
        words: tokens.len(),
        text_hash: fingerprint.text_hash,
        signature: fingerprint.signature,
        bands,
        article: Article {
            id,
            title,
            outlet,
            domain,
            url: doc.url,
            canonical_url,
            published: doc.published,
            captured: doc.captured,
            language,
            byline,
            text,
            summary_only: doc.summary_only,
            syndicated_of: None,
            format: doc.origin.format,
            source: doc.origin.to_string(),
            ingested_at: Utc::now(),
            extra: doc.extra,
            sentences,
        },
    }
}

#[cfg(test)]
mod tests;
