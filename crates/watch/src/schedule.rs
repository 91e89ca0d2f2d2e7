//! When to poll a feed next: the regular interval after a success, exponential back-off
//! after failures, never sooner than the server's `Retry-After`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use xxhash_rust::xxh3::xxh3_64;

/// Polling intervals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Between two polls of a healthy feed, and the first back-off step.
    pub interval: Duration,
    /// The longest wait after failures.
    pub max_backoff: Duration,
}

impl Default for Schedule {
    fn default() -> Schedule {
        Schedule {
            interval: Duration::from_secs(15 * 60),
            max_backoff: Duration::from_secs(24 * 3600),
        }
    }
}

impl Schedule {
    /// The next poll of `feed_url` after a poll at `now`. `failures` counts failed polls in a
    /// row including this one (0 after a success). The wait is spread by ±20 % jitter,
    /// derived from the URL and time so that feeds added together drift apart instead of
    /// hitting their hosts in lockstep, and so that the result is reproducible.
    pub fn next_poll(
        &self,
        feed_url: &str,
        now: DateTime<Utc>,
        failures: u32,
        retry_after: Option<Duration>,
    ) -> DateTime<Utc> {
        let base = if failures == 0 {
            self.interval
        } else {
            // interval, 2×, 4×, … capped; the shift is bounded so it cannot overflow.
            let doubled = self.interval.saturating_mul(1 << (failures - 1).min(20));
            doubled.min(self.max_backoff)
        };
        let seed = xxh3_64(format!("{feed_url}\u{0}{}\u{0}{failures}", now.timestamp()).as_bytes());
        let fraction = (seed % 10_000) as f64 / 10_000.0; // [0, 1)
        let jittered = base.mul_f64(0.8 + 0.4 * fraction).min(self.max_backoff.max(self.interval));
        let wait = match retry_after {
            Some(asked) => jittered.max(asked.min(self.max_backoff)),
            None => jittered,
        };
        now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::days(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn wait(s: &Schedule, failures: u32, retry_after: Option<u64>) -> i64 {
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let next = s.next_poll(
            "https://a.example/feed",
            now,
            failures,
            retry_after.map(Duration::from_secs),
        );
        (next - now).num_seconds()
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let s = Schedule::default();
        let base = 900.0;
        for (failures, factor) in [(0u32, 1.0), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0)] {
            let w = wait(&s, failures, None) as f64;
            assert!(
                w >= base * factor * 0.8 - 1.0 && w <= base * factor * 1.2 + 1.0,
                "{failures}: {w}"
            );
        }
        for failures in [10, 40, 1000, u32::MAX] {
            let w = wait(&s, failures, None);
            assert!(w <= 24 * 3600 && w >= (24.0 * 3600.0 * 0.8) as i64 - 1, "{failures}: {w}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let s = Schedule::default();
        assert!(wait(&s, 1, Some(7200)) >= 7200);
        assert!(wait(&s, 1, Some(10)) >= 700, "a short Retry-After does not shorten the back-off");
        assert_eq!(wait(&s, 1, Some(30 * 24 * 3600)), 24 * 3600);
    }

    #[test]
    fn jitter_differs_between_feeds() {
        let s = Schedule::default();
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let waits: std::collections::BTreeSet<i64> = (0..20)
            .map(|i| {
                (s.next_poll(&format!("https://h{i}.example/f"), now, 0, None) - now).num_seconds()
            })
            .collect();
        assert!(waits.len() > 10, "{waits:?}");
    }
}
