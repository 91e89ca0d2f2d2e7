//! Stores for tests, on both engines. Each PostgreSQL test gets a database of its own, in
//! the server `PARALLAX_TEST_DATABASE_URL` names or else in a throwaway cluster started once
//! per test process (`initdb` into a temporary directory, a Unix socket only, trust
//! authentication), which a watchdog stops and deletes when the process exits. Without
//! PostgreSQL binaries the PostgreSQL half of each test is skipped with a message, except
//! under CI (`CI` set), where that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::Store;

/// Runs `test` on a fresh SQLite store, then on a fresh PostgreSQL one.
pub fn on_each_engine(test: impl Fn(&mut Store)) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    eprintln!("-- engine: sqlite");
    test(&mut store);
    if let Some(url) = fresh_database() {
        eprintln!("-- engine: postgres");
        let mut store = Store::connect(&url).unwrap();
        test(&mut store);
    }
}

/// The URL of a new, empty PostgreSQL database, or `None` (after saying why) when there is
/// no PostgreSQL to test against.
pub fn fresh_database() -> Option<String> {
    let server = SERVER.get_or_init(Server::find).as_ref()?;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name =
        format!("parallax_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    let mut admin =
        postgres::Client::connect(&server.admin_url, postgres::NoTls).unwrap_or_else(|e| {
            panic!(
                "cannot reach the test PostgreSQL ({}): {e}",
                crate::db::redact(&server.admin_url)
            )
        });
    // Byte-wise collation and ctype, as SQLite compares and lower-cases.
    admin
        .batch_execute(&format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        ))
        .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
    Some(with_dbname(&server.admin_url, &name))
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

struct Server {
    /// Where databases are created (the maintenance database).
    admin_url: String,
}

fn with_dbname(url: &str, name: &str) -> String {
    if url.contains("://") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}dbname={name}")
    } else {
        format!("{url} dbname={name}")
    }
}

impl Server {
    fn find() -> Option<Server> {
        if let Ok(url) = std::env::var("PARALLAX_TEST_DATABASE_URL") {
            return Some(Server { admin_url: url });
        }
        let Some(bin) = postgres_bin() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no PostgreSQL binaries (initdb, pg_ctl) were found: install \
                 postgresql or set PARALLAX_TEST_DATABASE_URL"
            );
            eprintln!("-- no PostgreSQL found: the PostgreSQL half of store tests is skipped");
            return None;
        };
        Some(start_cluster(&bin))
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

/// PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
fn as_cluster_owner(bin: &Path, tool: &str) -> Command {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if is_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(bin.join(tool));
        cmd
    } else {
        Command::new(bin.join(tool))
    }
}

// The watchdog is spawned and never waited for: it must outlive this process.
#[allow(clippy::zombie_processes)]
fn start_cluster(bin: &Path) -> Server {
    let root = std::env::temp_dir().join(format!("parallax-pg-{}", std::process::id()));
    let data = root.join("data");
    std::fs::create_dir_all(&root).unwrap();
    let run = |mut cmd: Command, what: &str| {
        let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let owner = if as_cluster_owner(bin, "initdb").get_program() == "runuser" {
        let mut chown = Command::new("chown");
        chown.args(["-R", "postgres:"]).arg(&root);
        run(chown, "chown of the test cluster directory");
        "postgres"
    } else {
        "parallax"
    };
    let mut initdb = as_cluster_owner(bin, "initdb");
    initdb.arg("-D").arg(&data).args([
        "-A",
        "trust",
        "-U",
        owner,
        "-E",
        "UTF8",
        "--locale=C",
        "-N",
    ]);
    run(initdb, "initdb of the test cluster");
    // No TCP at all: the socket lives in the temporary directory, so clusters of
    // concurrent test processes never meet. fsync off: a test cluster need not survive a
    // power cut.
    let options = format!(
        "-c listen_addresses='' -k {} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        root.display()
    );
    let mut start = as_cluster_owner(bin, "pg_ctl");
    start
        .arg("-D")
        .arg(&data)
        .args(["-w", "-l"])
        .arg(root.join("log"))
        .args(["-o", &options, "start"]);
    run(start, "pg_ctl start of the test cluster");
    // The watchdog outlives this process by design: it waits for it to end (however it
    // ends), then stops the cluster and deletes its files.
    let stop = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {ctl} -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{root}'",
        pid = std::process::id(),
        ctl = if owner == "postgres" {
            format!("runuser -u postgres -- '{}'", bin.join("pg_ctl").display())
        } else {
            format!("'{}'", bin.join("pg_ctl").display())
        },
        data = data.display(),
        root = root.display(),
    );
    Command::new("sh")
        .args(["-c", &stop])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start the test cluster's watchdog");
    Server { admin_url: format!("host={} user={owner} dbname=postgres", root.display()) }
}
