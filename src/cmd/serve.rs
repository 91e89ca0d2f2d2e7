//! `parallax serve`: the web UI and the JSON API over the data directory.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use parallax_serve::{AppState, router};

use crate::cli::{Cli, ServeArgs};

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    super::sqlite_only(cli, "serve")?;
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
    let served = serve(&cli.data_dir(), &[addr], args.token.clone());
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

/// Serves `data` on the first of `addrs` that is free, until Ctrl-C.
pub fn serve(data: &Path, addrs: &[SocketAddr], token: Option<String>) -> anyhow::Result<()> {
    let state = AppState::open(data, token)
        .with_context(|| format!("opening the data directory {}", data.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
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
        writeln!(out, "Parallax is serving {} at http://{bound}/ (Ctrl-C stops it)", data.display())?;
        if !bound.ip().is_loopback() {
            writeln!(
                out,
                "warning: listening beyond this machine ({bound}); anyone who can reach it can read the store"
            )?;
        }
        out.flush()?;
        drop(out);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })
}
