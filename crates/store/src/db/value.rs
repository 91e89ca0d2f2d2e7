//! The values that cross the engine boundary: parameters (borrowed, so binding an article's
//! text copies nothing) and typed column reads.

use postgres::types::{IsNull, ToSql, Type, private::BytesMut, to_sql_checked};
use rusqlite::types::{ToSqlOutput, ValueRef};

/// One statement parameter. Integers are 64-bit on both engines (the PostgreSQL schema
/// uses BIGINT throughout); booleans are bound as 0/1, as SQLite stores them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// A `BIGINT[]`, for `unnest` on PostgreSQL: a whole batch of rows in one parameter, so
    /// one statement (prepared once, whatever the batch's size) writes them all. SQLite has
    /// no arrays; its callers loop over rows instead, which costs no round trips there.
    Ints(&'a [i64]),
    /// A `TEXT[]`, as [`Param::Ints`].
    Texts(&'a [&'a str]),
    /// A `TEXT[]` with NULLs.
    OptTexts(&'a [Option<&'a str>]),
    /// A `DOUBLE PRECISION[]` with NULLs.
    OptReals(&'a [Option<f64>]),
    /// A `BYTEA[]` with NULLs.
    OptBlobs(&'a [Option<&'a [u8]>]),
}

impl From<i64> for Param<'_> {
    fn from(v: i64) -> Self {
        Param::Int(v)
    }
}

impl From<bool> for Param<'_> {
    fn from(v: bool) -> Self {
        Param::Int(i64::from(v))
    }
}

impl From<f64> for Param<'_> {
    fn from(v: f64) -> Self {
        Param::Real(v)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(v: &'a str) -> Self {
        Param::Text(v)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(v: &'a String) -> Self {
        Param::Text(v)
    }
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(v: &'a [u8]) -> Self {
        Param::Blob(v)
    }
}

impl<'a> From<&'a Vec<u8>> for Param<'a> {
    fn from(v: &'a Vec<u8>) -> Self {
        Param::Blob(v)
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().map_or(Param::Null, Param::Text)
    }
}

impl<'a> From<&'a Option<Vec<u8>>> for Param<'a> {
    fn from(v: &'a Option<Vec<u8>>) -> Self {
        v.as_deref().map_or(Param::Null, Param::Blob)
    }
}

impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Param::Null, Into::into)
    }
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match *self {
            Param::Null => ValueRef::Null,
            Param::Int(v) => ValueRef::Integer(v),
            Param::Real(v) => ValueRef::Real(v),
            Param::Text(v) => ValueRef::Text(v.as_bytes()),
            Param::Blob(v) => ValueRef::Blob(v),
            Param::Ints(_)
            | Param::Texts(_)
            | Param::OptTexts(_)
            | Param::OptReals(_)
            | Param::OptBlobs(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "arrays are bound on PostgreSQL only".into(),
                ));
            }
        }))
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl ToSql for Param<'_> {
    /// Binds to whatever type the server inferred for the placeholder, converting where
    /// SQLite would have accepted the value (an integer for a float column, a flag for a
    /// boolean), and refusing with the types named otherwise.
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => match *ty {
                Type::INT8 => v.to_sql(ty, out),
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                Type::FLOAT8 => (v as f64).to_sql(ty, out),
                _ => Err(format!("an integer cannot be bound to a parameter of type {ty}").into()),
            },
            Param::Real(v) => match *ty {
                Type::FLOAT8 => v.to_sql(ty, out),
                Type::FLOAT4 => (v as f32).to_sql(ty, out),
                _ => Err(format!("a real cannot be bound to a parameter of type {ty}").into()),
            },
            Param::Text(v) => v.to_sql(ty, out),
            Param::Blob(v) => v.to_sql(ty, out),
            Param::Ints(v) => v.to_sql(ty, out),
            Param::Texts(v) => v.to_sql(ty, out),
            Param::OptTexts(v) => v.to_sql(ty, out),
            Param::OptReals(v) => v.to_sql(ty, out),
            Param::OptBlobs(v) => v.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A Rust type a column can be read as, on either engine.
pub(crate) trait Column: Sized {
    fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Self>;
    fn from_postgres(row: &postgres::Row, idx: usize) -> Result<Self, String>;
}

/// Reads a nullable column of a PostgreSQL row, accepting every type the portable schema
/// and its expressions produce for a value SQLite would hand back as `T`.
trait PgNullable: Sized {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<Self>, String>;
}

fn pg_err(row: &postgres::Row, idx: usize, e: impl std::fmt::Display) -> String {
    let ty = row.columns().get(idx).map(|c| c.type_().to_string()).unwrap_or_default();
    format!("column {idx} ({ty}): {e}")
}

fn pg_type(row: &postgres::Row, idx: usize) -> Result<Type, String> {
    row.columns()
        .get(idx)
        .map(|c| c.type_().clone())
        .ok_or_else(|| format!("no column {idx} in a row of {}", row.len()))
}

impl PgNullable for i64 {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<i64>, String> {
        let err = |e| pg_err(row, idx, e);
        Ok(match pg_type(row, idx)? {
            Type::INT8 => row.try_get::<_, Option<i64>>(idx).map_err(err)?,
            Type::INT4 => row.try_get::<_, Option<i32>>(idx).map_err(err)?.map(i64::from),
            Type::INT2 => row.try_get::<_, Option<i16>>(idx).map_err(err)?.map(i64::from),
            Type::BOOL => row.try_get::<_, Option<bool>>(idx).map_err(err)?.map(i64::from),
            other => return Err(pg_err(row, idx, format!("{other} read as an integer"))),
        })
    }
}

impl PgNullable for bool {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<bool>, String> {
        match pg_type(row, idx)? {
            Type::BOOL => row.try_get(idx).map_err(|e| pg_err(row, idx, e)),
            _ => Ok(i64::read(row, idx)?.map(|v| v != 0)),
        }
    }
}

impl PgNullable for f64 {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<f64>, String> {
        let err = |e| pg_err(row, idx, e);
        match pg_type(row, idx)? {
            Type::FLOAT8 => row.try_get(idx).map_err(err),
            Type::FLOAT4 => Ok(row.try_get::<_, Option<f32>>(idx).map_err(err)?.map(f64::from)),
            _ => Ok(i64::read(row, idx)?.map(|v| v as f64)),
        }
    }
}

impl PgNullable for String {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<String>, String> {
        row.try_get(idx).map_err(|e| pg_err(row, idx, e))
    }
}

impl PgNullable for Vec<u8> {
    fn read(row: &postgres::Row, idx: usize) -> Result<Option<Vec<u8>>, String> {
        row.try_get(idx).map_err(|e| pg_err(row, idx, e))
    }
}

macro_rules! column {
    ($($t:ty),*) => {$(
        impl Column for $t {
            fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Self> {
                row.get(idx)
            }
            fn from_postgres(row: &postgres::Row, idx: usize) -> Result<Self, String> {
                <$t as PgNullable>::read(row, idx)?
                    .ok_or_else(|| format!("column {idx}: unexpected NULL"))
            }
        }
        impl Column for Option<$t> {
            fn from_sqlite(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Self> {
                row.get(idx)
            }
            fn from_postgres(row: &postgres::Row, idx: usize) -> Result<Self, String> {
                <$t as PgNullable>::read(row, idx)
            }
        }
    )*};
}

column!(i64, bool, f64, String, Vec<u8>);
