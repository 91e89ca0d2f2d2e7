//! Throwaway PostgreSQL clusters, for tests and benchmarks that need a real server and
//! must not touch anyone's: `initdb` into a temporary directory, a Unix socket there only
//! (no TCP), trust authentication. A watchdog process stops the cluster and deletes its
//! files when the process that started it ends, however it ends; dropping the handle does
//! it at once.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::db::redact;

/// A running throwaway cluster.
pub struct ScratchCluster {
    bin: PathBuf,
    root: PathBuf,
    owner: &'static str,
    /// PostgreSQL refuses to run as root: as root, the cluster belongs to `postgres`.
    as_postgres: bool,
}

impl ScratchCluster {
    /// The directory holding `initdb` and `pg_ctl`: on `PATH`, else the newest of
    /// Debian's `/usr/lib/postgresql/*/bin`.
    pub fn binaries() -> Option<PathBuf> {
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

    /// Starts a cluster with the binaries in `bin` and the server `settings` given
    /// (`name=value`, e.g. `synchronous_commit=off`).
    pub fn start(bin: &Path, settings: &[&str]) -> Result<ScratchCluster, String> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let root = std::env::temp_dir().join(format!(
            "parallax-pg-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root)
            .map_err(|e| format!("creating {} for a PostgreSQL cluster: {e}", root.display()))?;
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let owner = if as_postgres { "postgres" } else { "parallax" };
        let cluster = ScratchCluster { bin: bin.to_path_buf(), root, owner, as_postgres };
        if as_postgres {
            let mut chown = Command::new("chown");
            chown.args(["-R", "postgres:"]).arg(&cluster.root);
            run(chown, "chown of the cluster directory")?;
        }
        let data = cluster.data();
        let mut initdb = cluster.tool("initdb");
        initdb.arg("-D").arg(&data).args(["-A", "trust", "-U", owner, "-E", "UTF8", "--locale=C"]);
        initdb.arg("-N");
        run(initdb, "initdb")?;
        cluster.watch_over()?;
        let mut options = format!("-c listen_addresses='' -k {}", cluster.root.display());
        for setting in settings {
            options.push_str(" -c ");
            options.push_str(setting);
        }
        let mut start = cluster.tool("pg_ctl");
        start.arg("-D").arg(&data).args(["-w", "-l"]).arg(cluster.root.join("log"));
        start.args(["-o", &options, "start"]);
        run(start, "pg_ctl start")?;
        Ok(cluster)
    }

    /// A connection string to the cluster's maintenance database.
    pub fn admin_url(&self) -> String {
        format!("host={} user={} dbname=postgres", self.root.display(), self.owner)
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
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

    /// Should this process end without dropping the handle (killed, or the handle kept in
    /// a static), a watchdog that waits for it stops the cluster and deletes its files.
    // The watchdog is never waited for: it must outlive this process.
    #[allow(clippy::zombie_processes)]
    fn watch_over(&self) -> Result<(), String> {
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
            root = quote(&self.root),
        );
        Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("starting the PostgreSQL cluster's watchdog: {e}"))?;
        Ok(())
    }
}

impl Drop for ScratchCluster {
    fn drop(&mut self) {
        let mut stop = self.tool("pg_ctl");
        stop.arg("-D").arg(self.data()).args(["-m", "fast", "-w", "stop"]);
        if let Err(e) = run(stop, "pg_ctl stop") {
            eprintln!("warning: a throwaway PostgreSQL cluster did not stop: {e}");
        }
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Creates an empty database `name` with byte-wise collation and character classes, as
/// SQLite compares and lower-cases (what the store expects), and returns its URL. A
/// database of that name left by an earlier run is dropped first.
pub fn create_database(admin_url: &str, name: &str) -> Result<String, String> {
    let shown = redact(admin_url);
    let mut admin = postgres::Client::connect(admin_url, postgres::NoTls)
        .map_err(|e| format!("cannot connect to {shown}: {e}"))?;
    // Two statements: several in one string run as one transaction, which DROP DATABASE
    // refuses.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .map_err(|e| format!("cannot drop the old database {name}: {e}"))?;
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        ))
        .map_err(|e| format!("cannot create the database {name} (the role needs CREATEDB): {e}"))?;
    Ok(with_dbname(admin_url, name))
}

/// `url` with `dbname` set, in either form of connection string.
pub fn with_dbname(url: &str, name: &str) -> String {
    if url.contains("://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}dbname={name}")
    } else {
        format!("{url} dbname={name}")
    }
}

fn run(mut cmd: Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: cannot run it: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
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
