//! Per-host politeness: at most `per_host` requests in flight to one host, and at least
//! `gap` between the end of one request and the start of the next to that host.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Turns to talk to each host.
pub(crate) struct HostGate {
    gap: Duration,
    per_host: usize,
    hosts: Mutex<HashMap<String, Arc<Host>>>,
}

struct Host {
    slots: Arc<Semaphore>,
    /// When the last request to this host finished.
    last_done: Mutex<Option<Instant>>,
}

/// The right to send one request to a host; the gap is counted from when it is dropped.
pub(crate) struct HostTurn {
    host: Arc<Host>,
    _slot: OwnedSemaphorePermit,
}

impl Drop for HostTurn {
    fn drop(&mut self) {
        *self.host.last_done.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
    }
}

/// Hosts remembered before idle ones are forgotten (their gap has long passed).
const PRUNE_ABOVE: usize = 4096;

impl HostGate {
    pub(crate) fn new(gap: Duration, per_host: usize) -> HostGate {
        HostGate { gap, per_host: per_host.max(1), hosts: Mutex::new(HashMap::new()) }
    }

    /// Waits for a turn at `url`'s host (`host:port`; a URL without one shares a turn
    /// with every other such URL).
    pub(crate) async fn turn(&self, url: &str) -> HostTurn {
        let key = url::Url::parse(url)
            .ok()
            .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port_or_known_default()?)))
            .unwrap_or_default();
        let host = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            if hosts.len() > PRUNE_ABOVE {
                let gap = self.gap;
                hosts.retain(|_, h| {
                    Arc::strong_count(h) > 1
                        || h.last_done
                            .lock()
                            .map(|t| t.is_some_and(|t| t.elapsed() < gap))
                            .unwrap_or(true)
                });
            }
            hosts
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(Host {
                        slots: Arc::new(Semaphore::new(self.per_host)),
                        last_done: Mutex::new(None),
                    })
                })
                .clone()
        };
        let slot = host.slots.clone().acquire_owned().await.expect("the semaphore is never closed");
        let last = *host.last_done.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(last) = last {
            tokio::time::sleep_until((last + self.gap).into()).await;
        }
        HostTurn { host, _slot: slot }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_to_one_host_are_spaced_and_other_hosts_are_not_held_up() {
        let gate = Arc::new(HostGate::new(Duration::from_millis(150), 1));
        let started = Instant::now();
        for _ in 0..3 {
            drop(gate.turn("http://a.example/feed").await);
        }
        assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
        let other = Instant::now();
        drop(gate.turn("http://b.example/feed").await);
        assert!(other.elapsed() < Duration::from_millis(100));
        // Same host, other port: another service, its own turns.
        let other = Instant::now();
        drop(gate.turn("http://a.example:8080/feed").await);
        assert!(other.elapsed() < Duration::from_millis(100));
    }

    #[tokio::test]
    async fn one_request_in_flight_per_host() {
        let gate = Arc::new(HostGate::new(Duration::ZERO, 1));
        let first = gate.turn("http://a.example/1").await;
        let waiting = {
            let gate = gate.clone();
            tokio::spawn(async move {
                gate.turn("http://a.example/2").await;
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!waiting.is_finished(), "a second request went in while the first was in flight");
        drop(first);
        tokio::time::timeout(Duration::from_secs(1), waiting).await.unwrap().unwrap();
    }
}
