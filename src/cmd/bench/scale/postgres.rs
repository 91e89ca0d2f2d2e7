//! The PostgreSQL server a scale run measures: the one `--database` names, or a throwaway
//! cluster started here with `initdb` and `pg_ctl` (from `PATH` or
//! `/usr/lib/postgresql/*/bin`), stopped and deleted when the run ends. Each measurement
//! gets a fresh database, dropped once its size is read.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Context;

/// Where the measured databases are created.
pub(in crate::cmd::bench) struct Server {
    /// A connection string to the maintenance database, to create and drop databases.
    admin_url: String,
    /// A description for the report, without any password.
    pub shown: String,
    /// The throwaway cluster, if this process started one.
    cluster: Option<Cluster>,
}

impl Server {
    /// The user's server (`database`), else a new throwaway cluster; `None` when neither
    /// is possible.
    pub fn find(database: Option<&str>) -> anyhow::Result<Option<Server>> {
        if let Some(url) = database {
            return Ok(Some(Server {
                admin_url: url.to_string(),
                shown: "the --database server".into(),
                cluster: None,
            }));
        }
        let Some(bin) = postgres_bin() else { return Ok(None) };
        let cluster = Cluster::start(&bin)?;
        Ok(Some(Server {
            admin_url: cluster.admin_url(),
            shown: format!("a throwaway cluster ({})", bin.display()),
            cluster: Some(cluster),
        }))
    }

    /// True when PostgreSQL binaries to start a throwaway cluster are installed.
    pub fn available() -> bool {
        postgres_bin().is_some()
    }

    fn admin(&self) -> anyhow::Result<postgres::Client> {
        postgres::Client::connect(&self.admin_url, postgres::NoTls).map_err(|e| {
            let place = if self.cluster.is_some() { "the throwaway cluster" } else { "--database" };
            anyhow::anyhow!("cannot connect to {place}: {e}")
        })
    }

    /// Creates an empty database for one measurement and returns its URL.
    pub fn create(&self, name: &str) -> anyhow::Result<String> {
        let mut admin = self.admin()?;
        // Byte-wise collation, as SQLite compares: what the store expects.
        // Left over by a run that was killed: two statements, since several in one string
        // run as one transaction, which DROP DATABASE refuses.
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .with_context(|| format!("cannot drop the old database {name}"))?;
        admin
            .batch_execute(&format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            ))
            .with_context(|| {
                format!("cannot create the database {name} (the role needs CREATEDB)")
            })?;
        Ok(with_dbname(&self.admin_url, name))
    }

    /// The database's size on disk, then drops it.
    pub fn size_and_drop(&self, name: &str) -> anyhow::Result<u64> {
        let mut admin = self.admin()?;
        let row = admin
            .query_one("SELECT pg_database_size($1::text)", &[&name])
            .with_context(|| format!("reading the size of the database {name}"))?;
        let bytes: i64 = row.get(0);
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .with_context(|| format!("dropping the database {name}"))?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    /// The throwaway cluster's settings that differ from PostgreSQL's defaults.
    pub fn settings(&self) -> Option<&'static str> {
        self.cluster.as_ref().map(|_| SETTINGS)
    }
}

/// A commit returns before the write-ahead log reaches the disk, as SQLite's
/// `synchronous=NORMAL` in WAL mode does; everything else is PostgreSQL's default.
const SETTINGS: &str = "synchronous_commit=off";

/// `dbname` set in either form of connection string.
fn with_dbname(url: &str, name: &str) -> String {
    if url.contains("://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}dbname={name}")
    } else {
        format!("{url} dbname={name}")
    }
}

fn postgres_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versioned.sort();
    versioned.reverse();
    on_path
        .into_iter()
        .chain(versioned)
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
}

/// A cluster in a temporary directory, reachable on a Unix socket there only.
struct Cluster {
    bin: PathBuf,
    root: tempfile::TempDir,
    owner: String,
    as_postgres: bool,
}

impl Cluster {
    fn start(bin: &Path) -> anyhow::Result<Cluster> {
        let root = tempfile::Builder::new()
            .prefix("parallax-bench-pg-")
            .tempdir()
            .context("creating a directory for the PostgreSQL cluster")?;
        // PostgreSQL refuses to run as root: then the cluster belongs to `postgres`.
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let owner = if as_postgres { "postgres" } else { "parallax" };
        let cluster = Cluster { bin: bin.to_path_buf(), root, owner: owner.into(), as_postgres };
        if as_postgres {
            let mut chown = Command::new("chown");
            chown.args(["-R", "postgres:"]).arg(cluster.root.path());
            run(chown, "chown of the cluster directory")?;
        }
        let data = cluster.data();
        let mut initdb = cluster.tool("initdb");
        initdb.arg("-D").arg(&data).args(["-A", "trust", "-U", owner, "-E", "UTF8", "--locale=C"]);
        run(initdb, "initdb")?;
        let options =
            format!("-c listen_addresses='' -k {} -c {SETTINGS}", cluster.root.path().display());
        let mut start = cluster.tool("pg_ctl");
        start
            .arg("-D")
            .arg(&data)
            .args(["-w", "-l"])
            .arg(cluster.root.path().join("log"))
            .args(["-o", &options, "start"]);
        run(start, "pg_ctl start")?;
        cluster.watch_over()?;
        Ok(cluster)
    }

    /// Should this process die without dropping the cluster (killed, aborted), a watchdog
    /// that waits for it to end stops the cluster and deletes its files.
    // The watchdog is never waited for: it must outlive this process.
    #[allow(clippy::zombie_processes)]
    fn watch_over(&self) -> anyhow::Result<()> {
        let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
        let ctl = if self.as_postgres {
            format!("runuser -u postgres -- {}", quote(&self.bin.join("pg_ctl")))
        } else {
            quote(&self.bin.join("pg_ctl"))
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             {ctl} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {root}",
            pid = std::process::id(),
            data = quote(&self.data()),
            root = quote(self.root.path()),
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the PostgreSQL cluster's watchdog")?;
        Ok(())
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn admin_url(&self) -> String {
        format!("host={} user={} dbname=postgres", self.root.path().display(), self.owner)
    }

    fn tool(&self, name: &str) -> Command {
        let mut cmd = if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(self.bin.join(name));
            cmd
        } else {
            Command::new(self.bin.join(name))
        };
        cmd.stdin(Stdio::null());
        cmd
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut stop = self.tool("pg_ctl");
        stop.arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]);
        if let Err(e) = run(stop, "pg_ctl stop") {
            eprintln!("warning: the benchmark's PostgreSQL cluster did not stop: {e:#}");
        }
    }
}

fn run(mut cmd: Command, what: &str) -> anyhow::Result<()> {
    let out = cmd.output().with_context(|| format!("{what}: cannot run it"))?;
    anyhow::ensure!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout).trim(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dbname_is_added_to_both_forms() {
        assert_eq!(with_dbname("postgres://u@h/db", "x"), "postgres://u@h/db?dbname=x");
        assert_eq!(
            with_dbname("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/db?sslmode=disable&dbname=x"
        );
        assert_eq!(with_dbname("host=/tmp user=u", "x"), "host=/tmp user=u dbname=x");
    }
}
