//! `parallax serve`: the web UI and the JSON API over the data directory.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use parallax_serve::{AppState, router};

use crate::cli::{Cli, ServeArgs};

pub fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let data = cli.data_dir();
    let state = AppState::open(&data, args.token.clone())
        .with_context(|| format!("opening the data directory {}", data.display()))?;
    let addr: SocketAddr =
        args.addr.parse().with_context(|| format!("--addr {:?} is not host:port", args.addr))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("listening on {addr}"))?;
        let bound = listener.local_addr()?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "Parallax is serving {} at http://{bound}/ (Ctrl-C stops it)", data.display())?;
        if !bound.ip().is_loopback() {
            writeln!(out, "warning: listening beyond this machine ({bound}); anyone who can reach it can read the store")?;
        }
        drop(out);
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
