//! The job queue `parallax worker` processes share, and the locks that keep their writes
//! consistent.
//!
//! A job is one input to read into the store. A worker claims the oldest queued job with
//! `FOR UPDATE SKIP LOCKED` (workers never wait on each other's claims) and owns it by a
//! [`Lease`]: the job id, the worker, and how many times the job has been claimed. Each
//! chunk of articles is stored in one transaction together with the job's counts and the
//! input's checkpoint, and that transaction first checks the lease ([`Store::record_job_chunk`]).
//! A worker that lost its job, because it was taken for dead, cannot commit anything more.
//!
//! A worker is alive while it holds a session-level advisory lock keyed by its id. The
//! lock lives exactly as long as the worker's connection, so when the process dies,
//! whether killed, crashed or cut off, PostgreSQL drops it. The next worker looking for
//! work ([`Store::requeue_orphaned_jobs`]) then sees the job's owner gone and queues the
//! job again. No lease timeout has to expire, and a slow worker is never taken for a dead
//! one.
//!
//! On SQLite the queue works within one machine, but workers cannot see each other die:
//! `parallax worker` requires PostgreSQL.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::articles::{parse_time, timestamp};
use crate::db::{Row, params};
use crate::{Result, Store, StoreError};

/// Advisory lock namespaces (the first of the two 32-bit keys). Arbitrary but fixed: "PX"
/// and a number, unlikely to collide with another application's locks in a shared database.
const WORKER_LOCKS: i32 = 0x5058_0001;
const CLUSTER_LOCK: i32 = 0x5058_0002;
const ARTICLE_WRITES_LOCK: i32 = 0x5058_0003;

/// A job's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for a worker.
    Queued,
    /// A worker holds it.
    Running,
    /// Read to the end.
    Done,
    /// Given up: the input could not be read at all.
    Failed,
}

impl JobState {
    /// The state's name, as the store and `parallax jobs` give it.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }

    fn parse(raw: &str) -> Result<JobState> {
        Ok(match raw {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "done" => JobState::Done,
            "failed" => JobState::Failed,
            other => {
                return Err(StoreError::Corrupt {
                    what: "job state".into(),
                    message: format!("unknown state {other:?}"),
                });
            }
        })
    }
}

/// A job to add to the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJob {
    /// The input's absolute path, as every worker sees it (a shared file system).
    pub input: String,
    /// How to read it (JSON the pipeline defines; the store keeps it as text).
    pub options: String,
}

/// A claim on a job: valid until the job is claimed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lease {
    /// The job.
    pub job: i64,
    /// The worker holding it.
    pub worker: i64,
    /// The job's claim count when this worker claimed it.
    pub claim: i64,
}

/// A claimed job: what to read and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedJob {
    /// The claim, to present with every write.
    pub lease: Lease,
    /// The input's path.
    pub input: String,
    /// The reading options, as enqueued.
    pub options: String,
}

/// What a job stored: what one chunk added ([`Store::record_job_chunk`]), or the job's
/// totals ([`JobStatus`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct JobCounts {
    /// New articles stored.
    pub new_articles: u64,
    /// Articles already stored.
    pub duplicates: u64,
    /// Syndicated copies stored.
    pub near_duplicates: u64,
    /// Summary-only articles completed.
    pub completed: u64,
    /// Records that could not be read or stored.
    pub failures: u64,
    /// The last of those failures.
    pub last_error: Option<String>,
}

/// One job as `parallax jobs` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JobStatus {
    /// Its id.
    pub id: i64,
    /// The input's path.
    pub input: String,
    /// Its state.
    pub state: JobState,
    /// The worker holding it (running jobs) or that finished it.
    pub worker: Option<String>,
    /// Times it was claimed (more than one: a worker died or stopped holding it).
    pub claims: u64,
    /// Items read so far (the input's checkpoint).
    pub items: u64,
    /// Bytes read so far.
    pub bytes: u64,
    /// The input's size.
    pub size: Option<u64>,
    /// What it stored so far.
    #[serde(flatten)]
    pub counts: JobCounts,
    /// When it was queued.
    pub created_at: Option<DateTime<Utc>>,
    /// When it was first claimed.
    pub started_at: Option<DateTime<Utc>>,
    /// When it finished.
    pub finished_at: Option<DateTime<Utc>>,
}

/// A live worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkerStatus {
    /// Its id.
    pub id: i64,
    /// Its name (host and process id unless given).
    pub name: String,
    /// When it started.
    pub started_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Queues jobs, skipping inputs that already have a queued or running job. Returns the
    /// ids of the jobs added.
    pub fn enqueue_jobs(&mut self, jobs: &[NewJob]) -> Result<Vec<i64>> {
        let now = timestamp(&Utc::now());
        self.conn.transaction(|| {
            let mut added = Vec::new();
            for job in jobs {
                let pending: Option<i64> = self.conn.query_opt(
                    "SELECT id FROM jobs WHERE input = ?1 AND state IN ('queued', 'running')",
                    params![job.input.as_str()],
                    |r| r.get(0),
                )?;
                if pending.is_some() {
                    continue;
                }
                added.push(self.conn.query_one(
                    "INSERT INTO jobs (input, options, created_at) VALUES (?1, ?2, ?3) RETURNING id",
                    params![job.input.as_str(), job.options.as_str(), now.as_str()],
                    |r| r.get(0),
                )?);
            }
            Ok(added)
        })
    }

    /// Registers a worker and, on PostgreSQL, takes the lock that shows it alive for as long
    /// as this connection lasts. Returns its id.
    pub fn register_worker(&mut self, name: &str) -> Result<i64> {
        let now = timestamp(&Utc::now());
        let id: i64 = self.conn.query_one(
            "INSERT INTO workers (name, started_at) VALUES (?1, ?2) RETURNING id",
            params![name, now.as_str()],
            |r| r.get(0),
        )?;
        if self.conn.is_postgres() {
            self.conn.query_one(
                &format!(
                    "SELECT pg_try_advisory_lock({WORKER_LOCKS}, CAST(CAST(?1 AS BIGINT) AS INTEGER))"
                ),
                params![id],
                |r| r.get::<bool>(0),
            )?;
        }
        Ok(id)
    }

    /// Marks a worker stopped and queues again the jobs it still holds; their checkpoints
    /// tell the next worker where to go on.
    pub fn stop_worker(&mut self, worker: i64) -> Result<()> {
        let now = timestamp(&Utc::now());
        self.conn.transaction(|| {
            self.conn.execute(
                "UPDATE jobs SET state = 'queued', worker = NULL
                 WHERE worker = ?1 AND state = 'running'",
                params![worker],
            )?;
            self.conn.execute(
                "UPDATE workers SET stopped_at = ?2 WHERE id = ?1",
                params![worker, now.as_str()],
            )?;
            Ok(())
        })
    }

    /// Queues again the running jobs whose worker is gone (its lock was dropped with its
    /// connection). Returns how many. Nothing to do on SQLite, where workers are not
    /// watched.
    pub fn requeue_orphaned_jobs(&mut self) -> Result<u64> {
        if !self.conn.is_postgres() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE jobs SET state = 'queued', worker = NULL
             WHERE state = 'running' AND worker NOT IN ({})",
            live_workers_sql()
        );
        Ok(self.conn.execute(&sql, &[])? as u64)
    }

    /// Claims the oldest queued job for `worker`, skipping jobs other workers are claiming
    /// at this instant.
    pub fn claim_job(&mut self, worker: i64) -> Result<Option<ClaimedJob>> {
        let now = timestamp(&Utc::now());
        let skip_locked = if self.conn.is_postgres() { "FOR UPDATE SKIP LOCKED" } else { "" };
        let sql = format!(
            "UPDATE jobs SET state = 'running', worker = ?1, claims = claims + 1,
                 started_at = coalesce(started_at, ?2)
             WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1 {skip_locked})
             RETURNING id, claims, input, options"
        );
        self.conn.transaction(|| {
            self.conn.query_opt(&sql, params![worker, now.as_str()], |r| {
                Ok(ClaimedJob {
                    lease: Lease { job: r.get(0)?, worker, claim: r.get(1)? },
                    input: r.get(2)?,
                    options: r.get(3)?,
                })
            })
        })
    }

    /// Adds a chunk's counts to its job, if the lease still holds; call it in the
    /// transaction that stores the chunk, and roll back when it returns `false`.
    pub fn record_job_chunk(&mut self, lease: &Lease, counts: &JobCounts) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE jobs SET new_articles = new_articles + ?4, duplicates = duplicates + ?5,
                 near_duplicates = near_duplicates + ?6, completed = completed + ?7,
                 failures = failures + ?8, last_error = coalesce(?9, last_error)
             WHERE id = ?1 AND worker = ?2 AND claims = ?3 AND state = 'running'",
            params![
                lease.job,
                lease.worker,
                lease.claim,
                counts.new_articles as i64,
                counts.duplicates as i64,
                counts.near_duplicates as i64,
                counts.completed as i64,
                counts.failures as i64,
                counts.last_error.as_deref(),
            ],
        )?;
        Ok(changed == 1)
    }

    /// Ends a job: done, or failed with `error`. `false` when the lease no longer held.
    pub fn finish_job(&mut self, lease: &Lease, error: Option<&str>) -> Result<bool> {
        let now = timestamp(&Utc::now());
        let state = if error.is_some() { JobState::Failed } else { JobState::Done };
        let changed = self.conn.execute(
            "UPDATE jobs SET state = ?4, finished_at = ?5, last_error = coalesce(?6, last_error)
             WHERE id = ?1 AND worker = ?2 AND claims = ?3 AND state = 'running'",
            params![lease.job, lease.worker, lease.claim, state.as_str(), now.as_str(), error],
        )?;
        Ok(changed == 1)
    }

    /// Every job, oldest first, with its input's progress.
    pub fn jobs(&self) -> Result<Vec<JobStatus>> {
        self.conn.query(
            "SELECT j.id, j.input, j.state, w.name, j.claims, c.items, c.bytes, c.size,
                    j.new_articles, j.duplicates, j.near_duplicates, j.completed, j.failures,
                    j.last_error, j.created_at, j.started_at, j.finished_at
             FROM jobs j
             LEFT JOIN workers w ON w.id = j.worker
             LEFT JOIN input_checkpoints c ON c.input = j.input
             ORDER BY j.id",
            &[],
            job_status,
        )
    }

    /// Jobs not yet done or failed.
    pub fn unfinished_jobs(&self) -> Result<u64> {
        let n: i64 = self.conn.query_one(
            "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')",
            &[],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// Workers alive now (on SQLite: those registered and not stopped).
    pub fn live_workers(&self) -> Result<Vec<WorkerStatus>> {
        let sql = if self.conn.is_postgres() {
            format!(
                "SELECT id, name, started_at FROM workers WHERE id IN ({}) ORDER BY id",
                live_workers_sql()
            )
        } else {
            "SELECT id, name, started_at FROM workers WHERE stopped_at IS NULL ORDER BY id".into()
        };
        self.conn.query(&sql, &[], |r| {
            Ok(WorkerStatus { id: r.get(0)?, name: r.get(1)?, started_at: parse_time(r.get(2)?)? })
        })
    }

    /// Tries to become the one process that files articles under stories. On PostgreSQL the
    /// lock is held by this connection until it closes or [`Store::unlock_clustering`];
    /// SQLite has no such lock and always answers `true`.
    pub fn try_lock_clustering(&mut self) -> Result<bool> {
        if !self.conn.is_postgres() {
            return Ok(true);
        }
        self.conn.query_one(&format!("SELECT pg_try_advisory_lock({CLUSTER_LOCK}, 0)"), &[], |r| {
            r.get(0)
        })
    }

    /// Gives up the clustering lock taken by [`Store::try_lock_clustering`].
    pub fn unlock_clustering(&mut self) -> Result<()> {
        if self.conn.is_postgres() {
            self.conn.query_one(
                &format!("SELECT pg_advisory_unlock({CLUSTER_LOCK}, 0)"),
                &[],
                |r| r.get::<bool>(0),
            )?;
        }
        Ok(())
    }

    /// Serialises article writes across processes until the open transaction ends. On
    /// PostgreSQL sequence numbers are drawn when rows are written but become visible when
    /// their transaction commits, so two writers could make a reader that follows `seq`
    /// (the search index, alerts, the live river) skip a row committed late with a lower
    /// number. Writers taking turns keep `seq` in commit order. SQLite has one writer at a
    /// time anyway.
    pub fn lock_article_writes(&mut self) -> Result<()> {
        if self.conn.is_postgres() {
            self.conn.query_one(
                &format!("SELECT 1 FROM (SELECT pg_advisory_xact_lock({ARTICLE_WRITES_LOCK}, 0)) AS locked"),
                &[],
                |r| r.get::<i64>(0),
            )?;
        }
        Ok(())
    }
}

/// The ids of workers whose liveness lock is held, in this database.
fn live_workers_sql() -> String {
    format!(
        "SELECT CAST(objid AS BIGINT) FROM pg_locks
         WHERE locktype = 'advisory' AND classid = {WORKER_LOCKS} AND objsubid = 2 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
}

fn job_status(r: &Row<'_>) -> Result<JobStatus> {
    let count =
        |i: usize| -> Result<u64> { Ok(r.get::<Option<i64>>(i)?.unwrap_or(0).max(0) as u64) };
    Ok(JobStatus {
        id: r.get(0)?,
        input: r.get(1)?,
        state: JobState::parse(&r.get::<String>(2)?)?,
        worker: r.get(3)?,
        claims: count(4)?,
        items: count(5)?,
        bytes: count(6)?,
        size: r.get::<Option<i64>>(7)?.map(|s| s.max(0) as u64),
        counts: JobCounts {
            new_articles: count(8)?,
            duplicates: count(9)?,
            near_duplicates: count(10)?,
            completed: count(11)?,
            failures: count(12)?,
            last_error: r.get(13)?,
        },
        created_at: parse_time(r.get(14)?)?,
        started_at: parse_time(r.get(15)?)?,
        finished_at: parse_time(r.get(16)?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdb::{fresh_database, on_each_engine};

    fn job(input: &str) -> NewJob {
        NewJob { input: input.into(), options: "{}".into() }
    }

    #[test]
    fn jobs_are_claimed_once_and_fenced_by_their_lease() {
        on_each_engine(|store| {
            let added = store.enqueue_jobs(&[job("/in/a.warc"), job("/in/b.warc")]).unwrap();
            assert_eq!(added.len(), 2);
            // The same input again while it waits is not queued twice.
            assert!(store.enqueue_jobs(&[job("/in/a.warc")]).unwrap().is_empty());
            let first = store.register_worker("one").unwrap();
            let second = store.register_worker("two").unwrap();
            let a = store.claim_job(first).unwrap().unwrap();
            let b = store.claim_job(second).unwrap().unwrap();
            assert_eq!((a.input.as_str(), b.input.as_str()), ("/in/a.warc", "/in/b.warc"));
            assert_eq!(store.claim_job(first).unwrap(), None);
            let counts = JobCounts {
                new_articles: 3,
                failures: 1,
                last_error: Some("x".into()),
                ..Default::default()
            };
            assert!(store.record_job_chunk(&a.lease, &counts).unwrap());
            // The first worker stops: its job goes back to the queue with a new claim, and
            // the old lease can write nothing more.
            store.stop_worker(first).unwrap();
            assert!(!store.record_job_chunk(&a.lease, &counts).unwrap());
            let again = store.claim_job(second).unwrap().unwrap();
            assert_eq!(again.lease.job, a.lease.job);
            assert_eq!(again.lease.claim, 2);
            assert!(!store.finish_job(&a.lease, None).unwrap());
            assert!(store.finish_job(&again.lease, None).unwrap());
            assert!(store.finish_job(&b.lease, Some("unreadable")).unwrap());
            let jobs = store.jobs().unwrap();
            assert_eq!(jobs[0].state, JobState::Done);
            assert_eq!(
                (jobs[0].counts.new_articles, jobs[0].counts.failures, jobs[0].claims),
                (3, 1, 2)
            );
            assert_eq!(jobs[1].state, JobState::Failed);
            assert_eq!(jobs[1].counts.last_error.as_deref(), Some("unreadable"));
            assert_eq!(store.unfinished_jobs().unwrap(), 0);
            // Done inputs can be queued again (their checkpoint makes the rerun cheap).
            assert_eq!(store.enqueue_jobs(&[job("/in/a.warc")]).unwrap().len(), 1);
        });
    }

    #[test]
    fn a_dead_workers_job_is_queued_again_and_its_locks_are_freed() {
        let Some(url) = fresh_database() else { return };
        let mut watcher = Store::connect(&url).unwrap();
        watcher.enqueue_jobs(&[job("/in/c.jsonl")]).unwrap();
        {
            let mut doomed = Store::connect(&url).unwrap();
            let id = doomed.register_worker("doomed").unwrap();
            assert!(doomed.claim_job(id).unwrap().is_some());
            assert!(doomed.try_lock_clustering().unwrap());
            assert!(!watcher.try_lock_clustering().unwrap());
            assert_eq!(watcher.live_workers().unwrap().len(), 1);
            // Alive: nothing to take over.
            assert_eq!(watcher.requeue_orphaned_jobs().unwrap(), 0);
        } // The connection closes as a killed process's would.
        let mut requeued = 0;
        for _ in 0..100 {
            requeued = watcher.requeue_orphaned_jobs().unwrap();
            if requeued > 0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(requeued, 1);
        assert!(watcher.live_workers().unwrap().is_empty());
        assert!(watcher.try_lock_clustering().unwrap());
        let heir = watcher.register_worker("heir").unwrap();
        assert_eq!(watcher.claim_job(heir).unwrap().unwrap().lease.claim, 2);
    }
}
