use std::path::PathBuf;

/// Why the store could not do what was asked. Messages name the database file or the
/// article concerned.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory or database file could not be created or opened.
    #[error("cannot open the store at {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// The cause.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The database was written by a newer Parallax.
    #[error(
        "the store at {path} has schema version {found}, newer than this build's {supported}; upgrade Parallax"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// An id given by the source is already used by a different article.
    #[error("article id {id:?} is already used by a different article")]
    IdConflict {
        /// The id.
        id: String,
    },
    /// A stored value could not be read back.
    #[error("corrupt value in the store ({what}): {message}")]
    Corrupt {
        /// Which value.
        what: String,
        /// What is wrong with it.
        message: String,
    },
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL reported an error, or a value it returned could not be read.
    #[error("database error in {database}: {message}")]
    Postgres {
        /// The database, its URL without the password.
        database: String,
        /// What went wrong.
        message: String,
    },
    /// The database URL names no engine this build speaks.
    #[error("cannot open the store at {url}: {message}")]
    Url {
        /// The URL, without its password.
        url: String,
        /// What is wrong with it.
        message: String,
    },
}
