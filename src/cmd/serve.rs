//! `parallax serve`: the web UI and the JSON API over the store (the data directory's, or
//! the `--database` one).

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use parallax_serve::{AppState, router};

use crate::cli::{Cli, ServeArgs};

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let addr: SocketAddr =
        args.addr.parse().with_context(|| format!("--addr {:?} is not host:port", args.addr))?;
    let watching = if args.watch {
        let mut watcher = super::watch::watcher(cli, &args.poll, false)?;
        let shutdown = watcher.shutdown_handle();
        let thread = std::thread::Builder::new().name("watch".into()).spawn(move || {
            // A quiet cycle (nothing due) says nothing: the server's log stays readable.
            watcher.run(|report| {
                if report.polled > 0 {
                    let _ = super::watch::print_cycle_line(report, false);
                }
            })
        })?;
        Some((shutdown, thread))
    } else {
        None
    };
    let served = serve(&cli.data_dir(), cli.database.as_deref(), &[addr], args.token.clone());
    if let Some((shutdown, thread)) = watching {
        shutdown.trigger();
        match thread.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("error: feed polling stopped: {e}"),
            Err(_) => eprintln!("error: the feed polling thread panicked"),
        }
    }
    served?;
    Ok(ExitCode::SUCCESS)
}

/// How long a stop signal leaves open connections to end by themselves. Page and API
/// requests take far less; the live update streams (`/api/events`) never end, and would
/// otherwise hold the server up until a process manager gives up and kills it (`docker
/// stop` waits 10 s).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves the store (`database` when given, else the one in `data`) on the first of `addrs`
/// that is free, until Ctrl-C or SIGTERM. `data` holds the configuration and the search index
/// either way.
pub fn serve(
    data: &Path,
    database: Option<&str>,
    addrs: &[SocketAddr],
    token: Option<String>,
) -> anyhow::Result<()> {
    // Opened before the runtime starts: a PostgreSQL connection blocks on a runtime of its own.
    let state = AppState::open_with(data, database, token).with_context(|| match database {
        // The store's own error names the database, its password hidden.
        Some(_) => "opening the --database store".to_owned(),
        None => format!("opening the data directory {}", data.display()),
    })?;
    let serving = match database {
        Some(_) => {
            format!("{} (data directory {})", state.store_location().display(), data.display())
        }
        None => data.display().to_string(),
    };
    let (stop, stopping) = tokio::sync::watch::channel(false);
    crate::signals::on_stop_signal(
        "serve",
        &format!("the requests in progress ({} s at most)", SHUTDOWN_GRACE.as_secs()),
        move |_| {
            stop.send_replace(true);
        },
    )?;
    let stopped = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let served = runtime.block_on(async move {
        let mut last_error = None;
        let mut listener = None;
        for addr in addrs {
            match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => {
                    listener = Some(l);
                    break;
                }
                Err(e) => last_error = Some((addr, e)),
            }
        }
        let listener = match (listener, last_error) {
            (Some(l), _) => l,
            (None, Some((addr, e))) => return Err(e).with_context(|| format!("listening on {addr}")),
            (None, None) => anyhow::bail!("no address to listen on"),
        };
        let bound = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "Parallax is serving {serving} at http://{bound}/ (Ctrl-C stops it)")?;
        if !bound.ip().is_loopback() {
            writeln!(
                out,
                "warning: listening beyond this machine ({bound}); anyone who can reach it can read the store"
            )?;
        }
        out.flush()?;
        drop(out);
        let serving = axum::serve(listener, router(state)).with_graceful_shutdown(stopped());
        let grace_over = async {
            stopped().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            served = serving => served.context("serving"),
            () = grace_over => {
                eprintln!("parallax serve: closing the connections still open");
                Ok(())
            }
        }
    });
    // Tasks still running (the streams just cut off, the live poller) are dropped; work a
    // handler handed to a blocking thread gets a moment to end.
    runtime.shutdown_timeout(Duration::from_secs(1));
    served
}
