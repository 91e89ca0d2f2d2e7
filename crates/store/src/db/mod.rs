//! The one place that knows which engine holds the store. Every query is written once, in
//! SQLite's dialect with `?1` placeholders; on PostgreSQL the placeholders are rewritten
//! once per distinct statement, and the prepared statement is kept for the connection's
//! life, as `prepare_cached` keeps it on SQLite.

mod dialect;
mod value;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

pub(crate) use dialect::redact;
pub(crate) use value::{Column, Param};

use crate::{Result, StoreError};

/// Builds a parameter slice: `params![a.id.as_str(), a.title, 3_i64]`.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::db::Param::from($value)),*] as &[$crate::db::Param<'_>]
    };
}
pub(crate) use params;

/// Statements a PostgreSQL connection keeps prepared; past this many (queries built with
/// varying text) the cache starts afresh rather than grow on the server without bound.
const PG_STATEMENT_CACHE: usize = 512;

/// Rows per multi-row insert (see [`Db::insert_rows`]).
const ROWS_PER_INSERT: usize = 32;

/// SQLite's statement cache: large enough that the ingest path's statements are never
/// evicted by listing queries built on the fly.
const SQLITE_STATEMENT_CACHE: usize = 128;

pub(crate) enum Engine {
    Sqlite(rusqlite::Connection),
    // Boxed: the client and its statement cache are three times a SQLite handle's size.
    Postgres(Box<Pg>),
}

pub(crate) struct Pg {
    // The synchronous client needs `&mut` for every call while the store reads through
    // `&self`; a store handle is used by one thread, so a RefCell suffices.
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
}

/// A connection to either engine.
pub(crate) struct Db {
    engine: Engine,
    /// The database as messages name it (a file path, or a URL without its password).
    name: String,
    /// Open transactions and savepoints, so that nested ones become savepoints.
    depth: Cell<u32>,
}

/// One result row.
pub(crate) enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres { row: &'r postgres::Row, db: &'r str },
}

impl Row<'_> {
    /// Column `idx` as `T`.
    pub(crate) fn get<T: Column>(&self, idx: usize) -> Result<T> {
        match self {
            Row::Sqlite(row) => Ok(T::from_sqlite(row, idx)?),
            Row::Postgres { row, db } => T::from_postgres(row, idx)
                .map_err(|message| StoreError::Postgres { database: db.to_string(), message }),
        }
    }
}

impl Db {
    pub(crate) fn sqlite(conn: rusqlite::Connection, name: String) -> Db {
        conn.set_prepared_statement_cache_capacity(SQLITE_STATEMENT_CACHE);
        Db { engine: Engine::Sqlite(conn), name, depth: Cell::new(0) }
    }

    pub(crate) fn postgres(client: postgres::Client, name: String) -> Db {
        let pg = Pg { client: RefCell::new(client), statements: RefCell::new(HashMap::new()) };
        Db { engine: Engine::Postgres(Box::new(pg)), name, depth: Cell::new(0) }
    }

    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self.engine, Engine::Postgres(_))
    }

    /// The SQLite connection, for what only SQLite has (pragmas, its integrity check).
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.engine {
            Engine::Sqlite(conn) => Some(conn),
            Engine::Postgres(_) => None,
        }
    }

    pub(crate) fn pg_error(&self, e: postgres::Error) -> StoreError {
        StoreError::Postgres { database: self.name.clone(), message: describe_pg_error(&e) }
    }

    fn pg_statement(&self, pg: &Pg, sql: &str) -> Result<postgres::Statement> {
        if let Some(stmt) = pg.statements.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let text = dialect::postgres_placeholders(sql);
        let stmt = pg.client.borrow_mut().prepare(&text).map_err(|e| self.pg_error(e))?;
        let mut cache = pg.statements.borrow_mut();
        if cache.len() >= PG_STATEMENT_CACHE {
            cache.clear();
        }
        cache.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    fn pg_params<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn postgres::types::ToSql + Sync)> {
        params.iter().map(|p| p as &(dyn postgres::types::ToSql + Sync)).collect()
    }

    /// Runs a statement; returns the rows it changed.
    pub(crate) fn execute(&self, sql: &str, params: &[Param<'_>]) -> Result<usize> {
        match &self.engine {
            Engine::Sqlite(conn) => {
                Ok(conn.prepare_cached(sql)?.execute(rusqlite::params_from_iter(params.iter()))?)
            }
            Engine::Postgres(pg) => {
                let stmt = self.pg_statement(pg, sql)?;
                let n = pg
                    .client
                    .borrow_mut()
                    .execute(&stmt, &Self::pg_params(params))
                    .map_err(|e| self.pg_error(e))?;
                Ok(n as usize)
            }
        }
    }

    /// Runs a query and maps every row.
    pub(crate) fn query<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut map: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match &self.engine {
            Engine::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(map(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Engine::Postgres(pg) => {
                let stmt = self.pg_statement(pg, sql)?;
                let rows = pg
                    .client
                    .borrow_mut()
                    .query(&stmt, &Self::pg_params(params))
                    .map_err(|e| self.pg_error(e))?;
                rows.iter().map(|row| map(&Row::Postgres { row, db: &self.name })).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        map: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match &self.engine {
            Engine::Sqlite(conn) => {
                let mut stmt = conn.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
                match rows.next()? {
                    Some(row) => Ok(Some(map(&Row::Sqlite(row))?)),
                    None => Ok(None),
                }
            }
            Engine::Postgres(pg) => {
                let stmt = self.pg_statement(pg, sql)?;
                let row = pg
                    .client
                    .borrow_mut()
                    .query_opt(&stmt, &Self::pg_params(params))
                    .map_err(|e| self.pg_error(e))?;
                row.map(|row| map(&Row::Postgres { row: &row, db: &self.name })).transpose()
            }
        }
    }

    /// The first row of a query, which must exist.
    pub(crate) fn query_one<T>(
        &self,
        sql: &str,
        params: &[Param<'_>],
        map: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, map)?.ok_or_else(|| match self.engine {
            Engine::Sqlite(_) => rusqlite::Error::QueryReturnedNoRows.into(),
            Engine::Postgres(_) => StoreError::Postgres {
                database: self.name.clone(),
                message: "query returned no rows".into(),
            },
        })
    }

    /// Inserts `rows` (each `width` parameters) with multi-row `INSERT … VALUES (…), (…)`
    /// statements of up to [`ROWS_PER_INSERT`] rows: one round trip per group on PostgreSQL
    /// instead of one per row. Groups have few distinct sizes, so the prepared statements
    /// stay few. `head` is `INSERT INTO t (a, b)`, `tail` what follows the rows.
    pub(crate) fn insert_rows(
        &self,
        head: &str,
        tail: &str,
        width: usize,
        params: &[Param<'_>],
    ) -> Result<()> {
        debug_assert!(width > 0 && params.len().is_multiple_of(width));
        for group in params.chunks(width * ROWS_PER_INSERT) {
            let mut sql = String::with_capacity(head.len() + tail.len() + group.len() * 5);
            sql.push_str(head);
            sql.push_str(" VALUES ");
            for (i, _) in group.iter().enumerate() {
                let first = i % width == 0;
                if first {
                    sql.push_str(if i == 0 { "(" } else { "), (" });
                } else {
                    sql.push_str(", ");
                }
                sql.push('?');
                sql.push_str(&(i + 1).to_string());
            }
            sql.push_str(") ");
            sql.push_str(tail);
            self.execute(&sql, group)?;
        }
        Ok(())
    }

    /// Runs several statements without parameters (schema changes).
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Engine::Postgres(pg) => {
                pg.client.borrow_mut().batch_execute(sql).map_err(|e| self.pg_error(e))
            }
        }
    }

    /// Opens a transaction, or a savepoint inside an open one. `immediate` takes SQLite's
    /// write lock at once (a batch of writes should not fail half-way on a busy lock).
    pub(crate) fn begin(&self, immediate: bool) -> Result<()> {
        let depth = self.depth.get();
        let sql = match (&self.engine, depth) {
            (Engine::Sqlite(_), 0) if immediate => "BEGIN IMMEDIATE".to_owned(),
            (_, 0) => "BEGIN".to_owned(),
            _ => format!("SAVEPOINT parallax_{depth}"),
        };
        self.execute_batch(&sql)?;
        self.depth.set(depth + 1);
        Ok(())
    }

    /// Commits the innermost transaction or savepoint.
    pub(crate) fn commit(&self) -> Result<()> {
        let Some(depth) = self.depth.get().checked_sub(1) else {
            return Ok(());
        };
        let sql = match depth {
            0 => "COMMIT".to_owned(),
            _ => format!("RELEASE parallax_{depth}"),
        };
        self.execute_batch(&sql)?;
        self.depth.set(depth);
        Ok(())
    }

    /// Rolls back the innermost transaction or savepoint. Errors are ignored: this runs
    /// after a failure, and the first error is the one worth reporting.
    pub(crate) fn rollback(&self) {
        let Some(depth) = self.depth.get().checked_sub(1) else { return };
        let sql = match depth {
            0 => "ROLLBACK".to_owned(),
            _ => format!("ROLLBACK TO parallax_{depth}; RELEASE parallax_{depth}"),
        };
        let _ = self.execute_batch(&sql);
        self.depth.set(depth);
    }

    /// Runs `work` atomically: in a transaction, or a savepoint when one is open. Rolled
    /// back when `work` fails (or panics).
    pub(crate) fn transaction<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        struct Guard<'d>(&'d Db, bool);
        impl Drop for Guard<'_> {
            fn drop(&mut self) {
                if !self.1 {
                    self.0.rollback();
                }
            }
        }
        self.begin(false)?;
        let mut guard = Guard(self, false);
        let out = work()?;
        guard.1 = true;
        if let Err(e) = self.commit() {
            self.rollback();
            return Err(e);
        }
        Ok(out)
    }
}

/// A PostgreSQL error with what the server said (its message, SQLSTATE and detail), or
/// the client's chain of causes when it never got that far.
pub(crate) fn describe_pg_error(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = format!("{} ({})", db.message(), db.code().code());
        if let Some(detail) = db.detail() {
            m.push_str(": ");
            m.push_str(detail);
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(": ");
        m.push_str(&s.to_string());
        source = s.source();
    }
    m
}
