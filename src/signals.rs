//! Graceful stop on SIGTERM and SIGINT for the long-running commands (`worker`, `ingest`,
//! `watch`, `serve`).
//!
//! Process managers (systemd, Kubernetes, `docker stop`) ask a process to stop with SIGTERM
//! and, after a grace period, kill it; a person at a terminal presses Ctrl-C (SIGINT). Either
//! way the first signal asks the command to finish the work in hand (commit the chunk being
//! written, end the request being served) and stop; the second means "now", and the process
//! exits at once with the status a shell reports for a process the signal killed.
//!
//! The handlers live on a thread of their own with a current-thread runtime, so the commands
//! themselves stay synchronous.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// A signal that asks the process to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGINT: Ctrl-C at the terminal.
    Interrupt,
    /// SIGTERM: a process manager's request.
    Terminate,
}

impl StopSignal {
    /// The signal's conventional name.
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Interrupt => "SIGINT",
            StopSignal::Terminate => "SIGTERM",
        }
    }

    /// 128 plus the signal's number: what a shell reports for a process the signal killed,
    /// so that scripts and process managers read an interrupted run as one.
    pub fn exit_code(self) -> u8 {
        match self {
            StopSignal::Interrupt => 128 + 2,
            StopSignal::Terminate => 128 + 15,
        }
    }
}

/// Set by the first stop signal, and read by the work that is to stop.
#[derive(Clone, Debug, Default)]
pub struct StopFlag(Arc<StopState>);

#[derive(Debug, Default)]
struct StopState {
    stop: AtomicBool,
    signal: OnceLock<StopSignal>,
}

impl StopFlag {
    /// The flag itself, for the pipeline's loops that poll it.
    pub fn as_atomic(&self) -> &AtomicBool {
        &self.0.stop
    }

    /// The signal that set the flag, if one did.
    pub fn signal(&self) -> Option<StopSignal> {
        if self.0.stop.load(Ordering::Relaxed) { self.0.signal.get().copied() } else { None }
    }

    fn set(&self, signal: StopSignal) {
        // The signal first: whoever sees the flag set finds the signal too.
        let _ = self.0.signal.set(signal);
        self.0.stop.store(true, Ordering::Relaxed);
    }
}

/// Handles SIGINT and SIGTERM from now on for `command`: the first prints a line saying the
/// process stops after `in_progress` and returns a flag set by it; the second exits at once.
pub fn stop_flag(command: &str, in_progress: &str) -> anyhow::Result<StopFlag> {
    let flag = StopFlag::default();
    let setter = flag.clone();
    on_stop_signal(command, in_progress, move |signal| setter.set(signal))?;
    Ok(flag)
}

/// Handles SIGINT and SIGTERM from now on for `command`: the first runs `on_first` and
/// prints a line saying the process stops after `in_progress`; the second exits at once.
///
/// The handlers are in place when this returns, so a signal arriving just after cannot
/// kill the process the default way.
pub fn on_stop_signal(
    command: &str,
    in_progress: &str,
    on_first: impl FnOnce(StopSignal) + Send + 'static,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("setting up the signal handlers")?;
    let signals = {
        // Signal streams register with the runtime they are made in.
        let _entered = runtime.enter();
        Signals {
            interrupt: signal(SignalKind::interrupt()).context("handling SIGINT")?,
            terminate: signal(SignalKind::terminate()).context("handling SIGTERM")?,
        }
    };
    let command = command.to_owned();
    let in_progress = in_progress.to_owned();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            runtime.block_on(async move {
                let mut signals = signals;
                let Some(first) = signals.next().await else { return };
                eprintln!(
                    "parallax {command}: {} received: stopping after {in_progress} \
                     (a second signal stops at once)",
                    first.name()
                );
                on_first(first);
                let Some(second) = signals.next().await else { return };
                eprintln!("parallax {command}: {} received again: stopping now", second.name());
                std::process::exit(i32::from(second.exit_code()));
            });
        })
        .context("starting the signal handler thread")?;
    Ok(())
}

struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    /// The next stop signal; `None` once the runtime can deliver no more (it never stops
    /// while the thread runs, but a closed stream must not spin).
    async fn next(&mut self) -> Option<StopSignal> {
        tokio::select! {
            Some(()) = self.interrupt.recv() => Some(StopSignal::Interrupt),
            Some(()) = self.terminate.recv() => Some(StopSignal::Terminate),
            else => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell_convention() {
        assert_eq!(StopSignal::Interrupt.exit_code(), 130);
        assert_eq!(StopSignal::Terminate.exit_code(), 143);
    }

    #[test]
    fn a_flag_names_its_signal_only_once_set() {
        let flag = StopFlag::default();
        assert_eq!(flag.signal(), None);
        assert!(!flag.as_atomic().load(Ordering::Relaxed));
        flag.clone().set(StopSignal::Terminate);
        // A later signal does not rename the stop: the first one decided it.
        flag.set(StopSignal::Interrupt);
        assert_eq!(flag.signal(), Some(StopSignal::Terminate));
        assert!(flag.as_atomic().load(Ordering::Relaxed));
    }
}
