//! The clustering stage: files stored articles under stories and stories under topics,
//! continuing the stream where the last pass stopped.

use std::collections::{BTreeSet, HashMap};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use parallax_cluster::{
    ArticleFeatures, Assignment, Clusterer, Config, SnapshotError, TopicAssignment, TopicConfig,
    Topics,
};
use parallax_model::ArticleId;
use parallax_store::{ClusteringState, PendingArticle, Store, StoreError};
use serde::Serialize;

use crate::headings;

/// Articles read from the store and turned into features (on all cores) at a time.
const CHUNK: usize = 2048;

/// Articles whose features one pool task computes: small enough that filing starts soon
/// after a chunk is read, large enough that a task outweighs its hand-over.
const FEATURES_AT_ONCE: usize = 128;

/// Articles clustered per transaction. Each commit also saves both trackers' state, whose
/// size grows with the vocabulary, so commits are rarer than the ingester's.
const COMMIT_EVERY: usize = 50_000;

/// Articles filed in one transaction past which the database's planner statistics are
/// refreshed before the stories are recounted.
const RESTATE_AFTER: usize = 1_000;

/// Unfiled articles past which the statistics are refreshed before a pass begins. A worker
/// files a few hundred at a time and need not pay for it each time; below this a stale
/// plan costs little.
const RESTATE_BACKLOG: u64 = 20_000;

/// Why a clustering pass stopped.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// The store failed; the pass's uncommitted work is rolled back.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The saved clustering state could not be restored.
    #[error("the saved clustering state in the store cannot be read: {0}")]
    Snapshot(#[from] SnapshotError),
    /// Another process holds the clustering lock: it files the articles.
    #[error("another process is filing articles under stories (it holds the clustering lock)")]
    Busy,
}

/// What one clustering pass did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClusterReport {
    /// Articles filed.
    pub articles: u64,
    /// Of which syndicated copies filed with their original.
    pub copies: u64,
    /// Stories started.
    pub new_stories: u64,
    /// Stories folded into another because an article showed them to be one.
    pub merged_stories: u64,
    /// Topics started.
    pub new_topics: u64,
    /// Stories that gained articles.
    pub stories_touched: u64,
    /// Wall time in seconds.
    pub seconds: f64,
    /// The pass was asked to stop ([`ClusterProgress::should_stop`]) before the end of the
    /// pending articles: what it filed is committed, and the next pass files the rest.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
}

/// Receives progress (articles filed so far and how many there are in all), and may ask
/// the pass to stop.
pub trait ClusterProgress: Sync {
    /// Called after each chunk.
    fn clustered(&self, _done: u64, _total: u64) {}

    /// Asked before each part of a chunk ([`FEATURES_AT_ONCE`] articles): `true` ends the
    /// pass there, committing what it filed.
    fn should_stop(&self) -> bool {
        false
    }
}

impl ClusterProgress for () {}

/// A stop flag set by another thread (a signal handler, a worker stopping).
impl ClusterProgress for AtomicBool {
    fn should_stop(&self) -> bool {
        self.load(Ordering::Relaxed)
    }
}

/// Files every article the store holds that has no story yet, in publication order, and
/// saves the trackers' state with the assignments (one transaction per
/// [`COMMIT_EVERY`] articles): an interrupted pass leaves the store as after its last
/// commit, and the next pass goes on from there with the same decisions. A pass asked to
/// stop ([`ClusterProgress::should_stop`]) commits at the next chunk the same way and
/// returns its report marked [`ClusterReport::stopped`].
///
/// Only one process files articles at a time: on PostgreSQL the pass takes the clustering
/// lock first and answers [`ClusterError::Busy`] when another process holds it (the lock is
/// re-entrant, so a worker that keeps it may call this freely).
pub fn cluster_pending(
    store: &mut Store,
    progress: &dyn ClusterProgress,
) -> Result<ClusterReport, ClusterError> {
    if !store.try_lock_clustering()? {
        return Err(ClusterError::Busy);
    }
    let pass = cluster_locked(store, progress);
    let unlocked = store.unlock_clustering();
    let report = pass?;
    unlocked?;
    Ok(report)
}

fn cluster_locked(
    store: &mut Store,
    progress: &dyn ClusterProgress,
) -> Result<ClusterReport, ClusterError> {
    let started = Instant::now();
    let (mut stories, mut topics, mut clustered) = match store.clustering_state()? {
        Some(state) => (
            Clusterer::restore(Config::default(), &state.stories)?,
            Topics::restore(TopicConfig::default(), &state.topics)?,
            state.articles,
        ),
        None => (Clusterer::new(Config::default()), Topics::new(TopicConfig::default()), 0),
    };
    let total = store.pending_count()?;
    if total >= RESTATE_BACKLOG {
        // Statistics gathered before a large ingest let PostgreSQL take the backlog for a
        // few rows and sort all of it for every chunk read, instead of walking the
        // pending index.
        store.refresh_filing_statistics()?;
    }
    let mut report = ClusterReport::default();
    let mut trackers = Trackers { stories: &mut stories, topics: &mut topics };
    loop {
        let done = store.transaction(|store| -> Result<bool, ClusterError> {
            let mut batch = Batch::default();
            let mut stopping = false;
            while batch.articles < COMMIT_EVERY {
                if progress.should_stop() {
                    stopping = true;
                    report.stopped = true;
                    break;
                }
                let pending = store.pending_articles(CHUNK)?;
                if pending.is_empty() {
                    break;
                }
                let stopped = trackers.file(store, &pending, progress, &mut batch, &mut report)?;
                progress.clustered(report.articles, total);
                if stopped {
                    stopping = true;
                    report.stopped = true;
                    break;
                }
            }
            if batch.articles == 0 {
                return Ok(true);
            }
            // Stopping ends the transaction as at any commit: the stories' rows brought up
            // to date and the trackers' state saved with the assignments.
            clustered += batch.articles as u64;
            batch.finish(store, &mut report)?;
            store.save_clustering_state(&ClusteringState {
                stories: trackers.stories.snapshot(),
                topics: trackers.topics.snapshot(),
                articles: clustered,
            })?;
            Ok(stopping)
        })?;
        if done {
            break;
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

struct Trackers<'a> {
    stories: &'a mut Clusterer,
    topics: &'a mut Topics,
}

/// What one transaction changed, applied to the story and topic rows at its end.
#[derive(Default)]
struct Batch {
    articles: usize,
    stories: BTreeSet<u64>,
    topics: BTreeSet<u64>,
    /// Documents per stem among the batch's articles (the background IDF of pages).
    term_documents: HashMap<String, u64>,
}

impl Trackers<'_> {
    /// Files `pending` in order. Their features are computed on the pool's threads a part at
    /// a time while this thread files the parts already done: filing is serial (one stream
    /// gives the same ids every time), so it need not wait for the whole chunk. The topic
    /// tracker follows on a thread of its own (see [`TopicLane`]).
    ///
    /// A stop asked for ends the filing at the next part, leaving the rest of the chunk
    /// unfiled (the next pass starts from it), and answers `true`.
    fn file(
        &mut self,
        store: &mut Store,
        pending: &[PendingArticle],
        progress: &dyn ClusterProgress,
        batch: &mut Batch,
        report: &mut ClusterReport,
    ) -> Result<bool, ClusterError> {
        // Set once the filing ends early: the parts not yet begun are not worth computing.
        let abandoned = AtomicBool::new(false);
        let abandoned = &abandoned;
        let Trackers { stories, topics } = self;
        rayon::in_place_scope(|scope| {
            let (sender, receiver) = mpsc::channel();
            for (part, articles) in pending.chunks(FEATURES_AT_ONCE).enumerate() {
                let sender = sender.clone();
                // A closed channel means the filing failed and no longer waits.
                scope.spawn(move |_| {
                    if abandoned.load(Ordering::Relaxed) {
                        return;
                    }
                    // A panic is handed back and raised here, with its own message.
                    let analysed = panic::catch_unwind(AssertUnwindSafe(|| Analysed::of(articles)));
                    drop(sender.send((part, analysed)));
                });
            }
            drop(sender);
            std::thread::scope(|threads| {
                let mut lane = TopicLane::start(threads, topics);
                let mut parts = InOrder::new(receiver);
                let mut filing = Filing::default();
                let mut stopped = false;
                for articles in pending.chunks(FEATURES_AT_ONCE) {
                    if progress.should_stop() {
                        stopped = true;
                        break;
                    }
                    let analysed =
                        parts.next().expect("every part is sent before the senders drop");
                    let analysed = analysed.unwrap_or_else(|payload| panic::resume_unwind(payload));
                    batch.add_terms(analysed.terms);
                    let filed = file_part(
                        stories,
                        &mut lane,
                        store,
                        articles,
                        analysed.features,
                        &mut filing,
                        batch,
                        report,
                    );
                    filed.inspect_err(|_| abandoned.store(true, Ordering::Relaxed))?;
                }
                abandoned.store(true, Ordering::Relaxed);
                lane.catch_up(&mut filing, batch, report);
                filing.write(store, batch)?;
                Ok(stopped)
            })
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn file_part(
    stories: &mut Clusterer,
    lane: &mut TopicLane<'_>,
    store: &mut Store,
    pending: &[PendingArticle],
    features: Vec<ArticleFeatures>,
    filing: &mut Filing,
    batch: &mut Batch,
    report: &mut ClusterReport,
) -> Result<(), ClusterError> {
    // The stories of originals filed before this part, read at once (on PostgreSQL one
    // round trip, not one per copy). A merge moves stored articles to another story:
    // after one, copies ask the store again.
    let asked: Vec<&str> = pending
        .iter()
        .filter_map(|a| a.syndicated_of.as_ref())
        .filter(|of| !filing.story_of.contains_key(*of))
        .map(ArticleId::as_str)
        .collect();
    let mut stored = if asked.is_empty() { None } else { Some(store.stories_of(&asked)?) };
    for (article, features) in pending.iter().zip(features) {
        batch.articles += 1;
        report.articles += 1;
        // A syndicated copy is the same report: it goes where its original went,
        // without weighing twice in the story's profile.
        let original = match &article.syndicated_of {
            Some(of) => match (filing.story_of.get(of), &stored) {
                (Some(&story), _) => Some(story),
                (None, Some(stored)) => stored.get(of.as_str()).copied(),
                (None, None) => store.story_of(of)?,
            },
            None => None,
        };
        if let Some(story) = original {
            filing.file(article, story);
            batch.stories.insert(story);
            report.copies += 1;
            continue;
        }
        let assignment: Assignment = stories.add(&features);
        let story = assignment.story.0;
        filing.file(article, story);
        report.new_stories += u64::from(assignment.new_story);
        batch.stories.insert(story);
        let merged = assignment.merged.clone();
        lane.observe(features, assignment);
        if !merged.is_empty() {
            // A merge moves the stored articles of the merged story: those filed so far,
            // and their stories' rows, must be stored first.
            lane.catch_up(filing, batch, report);
            filing.write(store, batch)?;
            stored = None;
        }
        for merged in merged {
            store.merge_story(merged.0, story, &article.id)?;
            batch.stories.insert(merged.0);
            report.merged_stories += 1;
        }
    }
    lane.take_ready(filing, batch, report);
    Ok(())
}

/// The topic tracker on a thread of its own, behind the story clusterer: an article's
/// topic follows from its story's assignment, and nothing the clusterer decides waits for
/// a topic, so the two run at once instead of one after the other on the filing thread
/// (which bounds a pass). The topics come back in the order the articles were sent.
struct TopicLane<'scope> {
    articles: mpsc::Sender<(ArticleFeatures, Assignment)>,
    observed: mpsc::Receiver<std::thread::Result<(u64, TopicAssignment)>>,
    /// Articles sent whose topic has not come back yet.
    in_flight: usize,
    _thread: std::thread::ScopedJoinHandle<'scope, ()>,
}

impl<'scope> TopicLane<'scope> {
    fn start<'env>(
        threads: &'scope std::thread::Scope<'scope, 'env>,
        topics: &'scope mut Topics,
    ) -> TopicLane<'scope> {
        let (articles, incoming) = mpsc::channel::<(ArticleFeatures, Assignment)>();
        let (outgoing, observed) = mpsc::channel();
        let thread = threads.spawn(move || {
            for (features, assignment) in incoming {
                // A panic is handed back and raised on the filing thread, and ends this one.
                let topic = panic::catch_unwind(AssertUnwindSafe(|| {
                    (assignment.story.0, topics.observe(&assignment, &features))
                }));
                let failed = topic.is_err();
                // A closed channel means the filing failed and no longer waits.
                if outgoing.send(topic).is_err() || failed {
                    break;
                }
            }
        });
        TopicLane { articles, observed, in_flight: 0, _thread: thread }
    }

    fn observe(&mut self, features: ArticleFeatures, assignment: Assignment) {
        if self.articles.send((features, assignment)).is_err() {
            // The thread only stops early after a panic, whose payload waits in the
            // channel: raise it here with its own message.
            for topic in self.observed.try_iter() {
                if let Err(payload) = topic {
                    panic::resume_unwind(payload);
                }
            }
            unreachable!("the topic thread stops early only after handing back a panic");
        }
        self.in_flight += 1;
    }

    /// Files the topics that have come back, without waiting.
    fn take_ready(&mut self, filing: &mut Filing, batch: &mut Batch, report: &mut ClusterReport) {
        while self.in_flight > 0 {
            match self.observed.try_recv() {
                Ok(topic) => self.file(topic, filing, batch, report),
                Err(_) => break,
            }
        }
    }

    /// Waits for the topic of every article sent and files them.
    fn catch_up(&mut self, filing: &mut Filing, batch: &mut Batch, report: &mut ClusterReport) {
        while self.in_flight > 0 {
            let topic = self.observed.recv().expect("the topic thread answers every article");
            self.file(topic, filing, batch, report);
        }
    }

    fn file(
        &mut self,
        topic: std::thread::Result<(u64, TopicAssignment)>,
        filing: &mut Filing,
        batch: &mut Batch,
        report: &mut ClusterReport,
    ) {
        let (story, topic) = topic.unwrap_or_else(|payload| panic::resume_unwind(payload));
        self.in_flight -= 1;
        filing.topics.push((story, topic.topic.0));
        report.new_topics += u64::from(topic.new_topic);
        batch.topics.insert(topic.topic.0);
        batch.topics.extend(topic.left.iter().chain(&topic.emptied).map(|t| t.0));
    }
}

/// One part of a chunk, made ready for filing on a pool thread.
struct Analysed {
    features: Vec<ArticleFeatures>,
    /// Documents per stem among the part's articles.
    terms: HashMap<String, u64>,
}

impl Analysed {
    fn of(articles: &[PendingArticle]) -> Analysed {
        let features: Vec<ArticleFeatures> = articles
            .iter()
            .map(|a| {
                ArticleFeatures::from_parts(
                    a.title.as_deref(),
                    &a.text,
                    a.language.as_deref(),
                    a.published,
                )
            })
            .collect();
        let mut terms = HashMap::new();
        for f in &features {
            for stem in f.stems() {
                match terms.get_mut(stem) {
                    Some(n) => *n += 1,
                    None => {
                        terms.insert(stem.to_string(), 1);
                    }
                }
            }
        }
        Analysed { features, terms }
    }
}

/// A part of a chunk made ready on the pool, or the panic that stopped it.
type Part = std::thread::Result<Analysed>;

/// The parts of a chunk in their order, whatever order the pool finishes them in.
struct InOrder {
    receiver: mpsc::Receiver<(usize, Part)>,
    early: HashMap<usize, Part>,
    next: usize,
}

impl InOrder {
    fn new(receiver: mpsc::Receiver<(usize, Part)>) -> InOrder {
        InOrder { receiver, early: HashMap::new(), next: 0 }
    }

    /// The next part, waiting for it; `None` once every part has been taken.
    fn next(&mut self) -> Option<Part> {
        let wanted = self.next;
        self.next += 1;
        if let Some(part) = self.early.remove(&wanted) {
            return Some(part);
        }
        for (part, analysed) in self.receiver.iter() {
            if part == wanted {
                return Some(analysed);
            }
            self.early.insert(part, analysed);
        }
        None
    }
}

/// Where articles and stories went, held back to be written in one batch (on PostgreSQL,
/// one statement each instead of one per article).
#[derive(Default)]
struct Filing {
    /// (article seq, story).
    articles: Vec<(i64, u64)>,
    /// (story, topic), in the order decided.
    topics: Vec<(u64, u64)>,
    /// The stories of the articles held back, for their syndicated copies.
    story_of: HashMap<ArticleId, u64>,
}

impl Filing {
    fn file(&mut self, article: &PendingArticle, story: u64) {
        self.articles.push((article.seq, story));
        self.story_of.insert(article.id.clone(), story);
    }

    fn write(&mut self, store: &mut Store, batch: &mut Batch) -> Result<(), ClusterError> {
        store.assign_stories(&self.articles)?;
        batch.topics.extend(store.set_story_topics(&self.topics)?);
        self.articles.clear();
        self.topics.clear();
        self.story_of.clear();
        Ok(())
    }
}

impl Batch {
    /// Adds a part's document counts to the batch's.
    fn add_terms(&mut self, terms: HashMap<String, u64>) {
        for (stem, n) in terms {
            match self.term_documents.get_mut(&stem) {
                Some(docs) => *docs += n,
                None => {
                    self.term_documents.insert(stem, n);
                }
            }
        }
    }

    /// Recounts the touched stories and topics and rewrites their labels and headlines.
    fn finish(self, store: &mut Store, report: &mut ClusterReport) -> Result<(), ClusterError> {
        report.stories_touched += self.stories.len() as u64;
        if self.articles >= RESTATE_AFTER {
            store.refresh_filing_statistics()?;
        }
        store.add_term_documents(self.articles as u64, &self.term_documents)?;
        let stories: Vec<u64> = self.stories.into_iter().collect();
        // The stories' own topics are recounted with them; the others here.
        let recounted = store.refresh_stories(&stories)?;
        let mut topics = self.topics;
        let others: Vec<u64> =
            topics.iter().copied().filter(|t| recounted.binary_search(t).is_err()).collect();
        store.refresh_topics(&others)?;
        topics.extend(recounted);
        let topics: Vec<u64> = topics.into_iter().collect();
        let stale_stories = store.stale_story_headings(&stories)?;
        let stale_topics = store.stale_topic_headings(&topics)?;
        headings::refresh_headings(store, &stale_stories, &stale_topics)?;
        Ok(())
    }
}
