//! The PostgreSQL server a scale run measures: the one `--database` names, or a throwaway
//! cluster started here with `initdb` and `pg_ctl` (from `PATH` or
//! `/usr/lib/postgresql/*/bin`), stopped and deleted when the run ends. Each measurement
//! gets a fresh database, dropped once its size is read.

use anyhow::Context;
use parallax_store::scratch::{ScratchCluster, create_database};

/// Where the measured databases are created.
pub(in crate::cmd::bench) struct Server {
    /// A connection string to the maintenance database, to create and drop databases.
    admin_url: String,
    /// A description for the report, without any password.
    pub shown: String,
    /// The throwaway cluster, if this process started one.
    cluster: Option<ScratchCluster>,
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
        let Some(bin) = ScratchCluster::binaries() else { return Ok(None) };
        let cluster = ScratchCluster::start(&bin, &[SETTINGS])
            .map_err(|e| anyhow::anyhow!("the benchmark's PostgreSQL cluster: {e}"))?;
        Ok(Some(Server {
            admin_url: cluster.admin_url(),
            shown: format!("a throwaway cluster ({})", bin.display()),
            cluster: Some(cluster),
        }))
    }

    /// True when PostgreSQL binaries to start a throwaway cluster are installed.
    pub fn available() -> bool {
        ScratchCluster::binaries().is_some()
    }

    fn admin(&self) -> anyhow::Result<postgres::Client> {
        postgres::Client::connect(&self.admin_url, postgres::NoTls).map_err(|e| {
            let place = if self.cluster.is_some() { "the throwaway cluster" } else { "--database" };
            anyhow::anyhow!("cannot connect to {place}: {e}")
        })
    }

    /// Creates an empty database for one measurement and returns its URL.
    pub fn create(&self, name: &str) -> anyhow::Result<String> {
        create_database(&self.admin_url, name).map_err(anyhow::Error::msg)
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
