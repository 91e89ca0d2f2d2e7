//! `parallax worker`: one of many processes sharing the reading of a PostgreSQL store's job
//! queue, and taking turns at filing articles under stories.
//!
//! Each worker runs two loops on two connections. The job loop claims queued inputs
//! (`FOR UPDATE SKIP LOCKED`) and reads them with the [`Ingester`] under the job's lease:
//! every chunk of articles commits with the input's checkpoint and the job's counts, so a
//! worker killed at any instant leaves the store as after its last chunk, and whoever takes
//! the job over reads on from there. The clustering loop tries for the clustering lock and,
//! holding it, files new articles as they arrive; only one worker holds it, and when that
//! worker dies the lock goes with its connection and the next worker's loop takes it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use parallax_ingest::{Input, Limits};
use parallax_store::{ClaimedJob, NewJob, Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::checkpoint::Checkpoints;
use crate::clustering::{ClusterError, ClusterReport, cluster_pending};
use crate::ingester::{IngestOptions, Ingester};
use crate::report::IngestReport;

/// How a queued input is to be read: the options of `parallax ingest` that travel with
/// the job.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobOptions {
    /// Outlet for documents that name none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Publication time for undated documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
    /// The largest single document read into memory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_bytes: Option<u64>,
}

impl JobOptions {
    fn ingest_options(&self) -> IngestOptions {
        let mut limits = Limits::default();
        if let Some(bytes) = self.document_bytes {
            limits.document_bytes = bytes;
        }
        IngestOptions {
            outlet: self.outlet.clone(),
            published: self.published,
            limits,
            checkpoints: Checkpoints::Every,
            ..IngestOptions::default()
        }
    }
}

/// What [`enqueue`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Enqueued {
    /// Ids of the jobs added.
    pub jobs: Vec<i64>,
    /// Inputs that already had a queued or running job.
    pub already_queued: usize,
}

/// Why inputs could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    /// Workers read files by path: standard input cannot be shared.
    #[error("standard input cannot be queued for workers: give files")]
    Stdin,
    /// The input cannot be found, so no worker could read it either.
    #[error("{path}: {message}")]
    Input {
        /// The input as given.
        path: String,
        /// Why.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Queues one job per input file, by absolute path: every worker must see the files at the
/// same paths (a shared file system).
pub fn enqueue(
    store: &mut Store,
    inputs: &[Input],
    options: &JobOptions,
) -> Result<Enqueued, EnqueueError> {
    let options = serde_json::to_string(options).expect("job options serialise");
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let Input::File(path) = input else { return Err(EnqueueError::Stdin) };
        let absolute = std::fs::canonicalize(path).map_err(|e| EnqueueError::Input {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        jobs.push(NewJob { input: absolute.display().to_string(), options: options.clone() });
    }
    let added = store.enqueue_jobs(&jobs)?;
    Ok(Enqueued { already_queued: jobs.len() - added.len(), jobs: added })
}

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    /// Shown in `parallax jobs`.
    pub name: String,
    /// How long to wait when there is nothing to do.
    pub idle: Duration,
    /// Stop once no job is queued or running and (unless `cluster` is off) every article
    /// is filed.
    pub drain: bool,
    /// Take part in filing articles under stories.
    pub cluster: bool,
    /// Documents per transaction at most ([`IngestOptions::commit_documents`]): a job's
    /// progress shows, and a killed worker's job resumes, at a commit.
    pub commit_documents: usize,
}

/// What a worker tells its caller as it goes.
pub trait WorkerEvents: Sync {
    /// A job was claimed.
    fn job_started(&self, _job: &ClaimedJob) {}
    /// A job ended (or was lost to another worker: `report.lease_lost`).
    fn job_ended(&self, _job: &ClaimedJob, _report: &IngestReport) {}
    /// Running jobs of dead workers were queued again.
    fn requeued(&self, _jobs: u64) {}
    /// This worker took the clustering lock.
    fn clustering_taken(&self) {}
    /// A clustering pass filed articles.
    fn clustered(&self, _report: &ClusterReport) {}
}

impl WorkerEvents for () {}

/// What a worker did before it stopped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct WorkerReport {
    /// Its id in the store.
    pub worker: i64,
    /// Jobs it finished.
    pub jobs: u64,
    /// Jobs it lost to another worker.
    pub jobs_lost: u64,
    /// Articles it stored (new, copies and completed summaries).
    pub articles: u64,
    /// Articles it filed under stories.
    pub clustered: u64,
}

/// Why a worker stopped early.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The store failed; the job in hand goes back to the queue when the connection drops.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Clustering failed.
    #[error("filing articles under stories: {0}")]
    Cluster(#[from] ClusterError),
    /// An input's read was cut short by a store failure.
    #[error("job {job} ({input}): {message}")]
    Job {
        /// The job.
        job: i64,
        /// Its input.
        input: String,
        /// What stopped it.
        message: String,
    },
}

/// Runs a worker on the store at `url` until `stop` is set, or, with `config.drain`, until
/// there is nothing left to do. `connect` opens a connection (the worker needs two).
pub fn run_worker(
    connect: &(dyn Fn() -> Result<Store, StoreError> + Sync),
    config: &WorkerConfig,
    stop: &AtomicBool,
    events: &dyn WorkerEvents,
) -> Result<WorkerReport, WorkerError> {
    let mut store = connect()?;
    let id = store.register_worker(&config.name)?;
    let mut report = WorkerReport { worker: id, ..WorkerReport::default() };
    // Set when this worker stops, so the clustering loop ends too.
    let done = AtomicBool::new(false);
    let outcome = std::thread::scope(|scope| {
        let clustering = config.cluster.then(|| {
            scope.spawn(|| {
                let result = clustering_loop(connect, config, stop, &done, events);
                // Without a clusterer, a drained queue would wait forever.
                done.store(true, Ordering::Relaxed);
                result
            })
        });
        let jobs = job_loop(&mut store, id, config, stop, &done, events, &mut report);
        done.store(true, Ordering::Relaxed);
        let clustered = match clustering {
            Some(handle) => handle.join().expect("the clustering thread panicked"),
            None => Ok(0),
        };
        jobs.and(clustered.map(|n| report.clustered = n))
    });
    // A worker that fails leaves its job running: its connection goes with it, which is
    // how the others find the job and queue it again. One that stops cleanly says so.
    if outcome.is_ok() {
        store.stop_worker(id)?;
    }
    outcome.map(|()| report)
}

fn job_loop(
    store: &mut Store,
    worker: i64,
    config: &WorkerConfig,
    stop: &AtomicBool,
    done: &AtomicBool,
    events: &dyn WorkerEvents,
    report: &mut WorkerReport,
) -> Result<(), WorkerError> {
    // The clustering loop ends first only when it failed: the worker then stops as a whole.
    let clusterer_gone = || config.cluster && done.load(Ordering::Relaxed);
    while !(stop.load(Ordering::Relaxed) || clusterer_gone()) {
        let requeued = store.requeue_orphaned_jobs()?;
        if requeued > 0 {
            events.requeued(requeued);
        }
        let Some(job) = store.claim_job(worker)? else {
            // A worker that files no articles has drained once the queue is empty.
            if config.drain
                && store.unfinished_jobs()? == 0
                && (!config.cluster || store.pending_count()? == 0)
            {
                return Ok(());
            }
            wait(config.idle, stop);
            continue;
        };
        events.job_started(&job);
        let ingested = run_job(store, &job, config.commit_documents, stop)?;
        events.job_ended(&job, &ingested);
        if ingested.lease_lost {
            report.jobs_lost += 1;
            continue;
        }
        let stored = (ingested.new + ingested.near_duplicates + ingested.completed) as u64;
        if ingested.stopped {
            // Cut short by the stop: the job is not finished but goes back to the queue with
            // its checkpoint (`stop_worker`), and the next worker reads on from there. A job
            // read to its end before the stop was seen is finished as any other.
            report.articles += stored;
            return Ok(());
        }
        if let Some(why) = &ingested.interrupted {
            return Err(WorkerError::Job {
                job: job.lease.job,
                input: job.input.clone(),
                message: why.clone(),
            });
        }
        report.articles += stored;
        // An input of which nothing could be read failed as a whole (missing, unreadable).
        let failed = ingested.documents() == 0 && ingested.already_read == 0;
        let error = ingested.failed.first().filter(|_| failed).map(String::as_str);
        if store.finish_job(&job.lease, error)? {
            report.jobs += 1;
        } else {
            report.jobs_lost += 1;
        }
    }
    Ok(())
}

fn run_job(
    store: &mut Store,
    job: &ClaimedJob,
    commit_documents: usize,
    stop: &AtomicBool,
) -> Result<IngestReport, WorkerError> {
    let options: JobOptions = match serde_json::from_str(&job.options) {
        Ok(options) => options,
        Err(e) => {
            let mut report = IngestReport::default();
            report.failed.push(format!("{}: the job's options cannot be read: {e}", job.input));
            return Ok(report);
        }
    };
    let input = [Input::File(PathBuf::from(&job.input))];
    // A stop request reaches the ingester, which then commits the chunk in hand and reads
    // no further.
    let options = IngestOptions { commit_documents, ..options.ingest_options() };
    Ok(Ingester::new(store, options).with_lease(job.lease).with_stop(stop).run(&input, &(), None))
}

/// Waits for the clustering lock, then files articles as they arrive until the worker
/// stops. Returns the articles filed.
fn clustering_loop(
    connect: &(dyn Fn() -> Result<Store, StoreError> + Sync),
    config: &WorkerConfig,
    stop: &AtomicBool,
    done: &AtomicBool,
    events: &dyn WorkerEvents,
) -> Result<u64, WorkerError> {
    let mut store = connect()?;
    let mut holding = false;
    let mut filed = 0;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Ok(filed);
        }
        if !holding {
            holding = store.try_lock_clustering()?;
            if holding {
                events.clustering_taken();
            }
        }
        let mut idle = true;
        if holding && store.pending_count()? > 0 {
            // A stop ends the pass at its next chunk, with what it filed committed.
            let report = cluster_pending(&mut store, stop)?;
            filed += report.articles;
            idle = report.articles == 0;
            events.clustered(&report);
        }
        if done.load(Ordering::Relaxed) && idle {
            // The job loop has stopped. Jobs finished by others may still have left
            // articles behind; with `drain` the clusterer stays until none are left.
            if !config.drain || (store.unfinished_jobs()? == 0 && store.pending_count()? == 0) {
                return Ok(filed);
            }
        }
        if idle {
            wait(config.idle, stop);
        }
    }
}

/// Sleeps for `period`, waking early when `stop` is set.
fn wait(period: Duration, stop: &AtomicBool) {
    let step = Duration::from_millis(50);
    let mut waited = Duration::ZERO;
    while waited < period && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(step);
        waited += step;
    }
}
