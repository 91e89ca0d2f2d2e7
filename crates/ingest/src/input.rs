//! Naming inputs (files, directories, globs, standard input) and opening them, with
//! transparent gzip decompression.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;

use crate::error::{Bytes, IngestError};

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input, named `-`.
    Stdin,
}

impl Input {
    /// The name used in messages and provenance.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }

    /// The file's size on disk, if it is a file.
    pub fn size(&self) -> Option<u64> {
        match self {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Stdin => None,
        }
    }
}

/// Expands what the user typed into inputs: `-` is standard input, a directory is every
/// non-hidden file under it (recursively, in sorted order, so runs are repeatable), a
/// pattern with `*`, `?` or `[` is a glob. Arguments that name nothing become errors; the
/// rest are still returned.
pub fn expand(args: &[String]) -> (Vec<Input>, Vec<IngestError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            walk(path, &mut inputs, &mut errors);
        } else if path.exists() {
            inputs.push(Input::File(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            glob_into(arg, &mut inputs, &mut errors);
        } else {
            errors.push(IngestError::Io {
                input: arg.clone(),
                source: io::Error::new(io::ErrorKind::NotFound, "no such file or directory"),
            });
        }
    }
    (inputs, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<IngestError>) {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => inputs.push(Input::File(e.into_path())),
            Ok(_) => {}
            Err(e) => errors.push(IngestError::Io {
                input: e.path().unwrap_or(dir).display().to_string(),
                source: e.into_io_error().unwrap_or_else(|| io::Error::other("filesystem loop")),
            }),
        }
    }
}

fn glob_into(pattern: &str, inputs: &mut Vec<Input>, errors: &mut Vec<IngestError>) {
    let paths = match glob::glob(pattern) {
        Ok(paths) => paths,
        Err(e) => {
            errors.push(IngestError::malformed(pattern, None, format!("bad glob pattern: {e}")));
            return;
        }
    };
    let before = inputs.len();
    for path in paths {
        match path {
            Ok(p) if p.is_dir() => walk(&p, inputs, errors),
            Ok(p) => inputs.push(Input::File(p)),
            Err(e) => errors
                .push(IngestError::Io { input: e.path().display().to_string(), source: e.into() }),
        }
    }
    if inputs.len() == before {
        errors.push(IngestError::Io {
            input: pattern.to_string(),
            source: io::Error::new(io::ErrorKind::NotFound, "no files match this pattern"),
        });
    }
}

/// An opened input: decompressed if it was gzip, with its first bytes already read so the
/// format can be told without consuming them.
pub(crate) struct Opened {
    pub name: String,
    /// The file name's extension(s), lower-case, `.gz` removed (`warc`, `html`…).
    pub extension: Option<String>,
    pub gzip: bool,
    pub head: Vec<u8>,
    pub reader: Box<dyn BufRead>,
}

/// Bytes read before the format is decided.
const HEAD_BYTES: usize = 8192;

pub(crate) fn open(input: &Input, counter: Option<Arc<AtomicU64>>) -> Result<Opened, IngestError> {
    let name = input.name();
    let io_err = |source| IngestError::Io { input: name.clone(), source };
    let raw: Box<dyn Read> = match input {
        Input::File(p) => Box::new(File::open(p).map_err(io_err)?),
        Input::Stdin => Box::new(io::stdin()),
    };
    let raw: Box<dyn Read> = match counter {
        Some(counter) => Box::new(Counting { inner: raw, counter }),
        None => raw,
    };
    let mut raw = BufReader::with_capacity(64 * 1024, raw);
    let gzip = raw.fill_buf().map_err(io_err)?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> =
        if gzip { Box::new(MultiGzDecoder::new(raw)) } else { Box::new(raw) };
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut reader).take(HEAD_BYTES as u64).read_to_end(&mut head).map_err(|e| {
        if gzip {
            IngestError::malformed(&name, None, format!("truncated or corrupt gzip data: {e}"))
        } else {
            IngestError::Io { input: name.clone(), source: e }
        }
    })?;
    let reader: Box<dyn BufRead> =
        Box::new(BufReader::with_capacity(64 * 1024, Cursor::new(head.clone()).chain(reader)));
    Ok(Opened { extension: extension_of(input), name, gzip, head, reader })
}

/// Counts the raw (still compressed) bytes read, for progress reporting.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn extension_of(input: &Input) -> Option<String> {
    let Input::File(path) = input else { return None };
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Some(name.rsplit_once('.')?.1.to_string())
}

impl Opened {
    /// Reads the whole (decompressed) input, refusing more than `limit` bytes: a gzip bomb or
    /// a 200 MB page stops at the limit instead of filling memory.
    pub fn read_all(self, limit: u64) -> Result<(String, Vec<u8>), IngestError> {
        let Opened { name, mut reader, gzip, .. } = self;
        let mut bytes = Vec::new();
        (&mut reader).take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
            if gzip {
                IngestError::malformed(&name, None, format!("truncated or corrupt gzip data: {e}"))
            } else {
                IngestError::Io { input: name.clone(), source: e }
            }
        })?;
        if bytes.len() as u64 > limit {
            return Err(IngestError::TooLarge { input: name, record: None, limit: Bytes(limit) });
        }
        Ok((name, bytes))
    }
}

/// Reads one line of at most `limit` bytes (newline excluded) into `buf`. A longer line is
/// skipped to its end and reported as `Ok(Some(false))`; end of input is `Ok(None)`.
pub(crate) fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut over = false;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if any { Some(!over) } else { None });
        }
        any = true;
        let (piece, done) = match memchr_newline(chunk) {
            Some(i) => (&chunk[..i], Some(i + 1)),
            None => (chunk, None),
        };
        if !over {
            if (buf.len() + piece.len()) as u64 > limit {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(piece);
            }
        }
        let consumed = done.unwrap_or(chunk.len());
        reader.consume(consumed);
        if done.is_some() {
            return Ok(Some(!over));
        }
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_skip_long_records() {
        let data = b"short\nthis line is far too long\nok\nlast-without-newline";
        let mut r: &[u8] = data;
        let mut buf = Vec::new();
        let mut seen = Vec::new();
        while let Some(ok) = read_line_capped(&mut r, &mut buf, 10).unwrap() {
            seen.push((ok, String::from_utf8(buf.clone()).unwrap()));
        }
        assert_eq!(
            seen,
            [
                (true, "short".to_string()),
                (false, String::new()),
                (true, "ok".to_string()),
                (false, String::new())
            ]
        );
    }

    #[test]
    fn expand_reports_missing_and_walks_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "b").unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "a").unwrap();
        std::fs::write(dir.path().join(".hidden"), "h").unwrap();
        let (inputs, errors) = expand(&[
            dir.path().display().to_string(),
            dir.path().join("nope.txt").display().to_string(),
            dir.path().join("*.none").display().to_string(),
        ]);
        let names: Vec<_> = inputs
            .iter()
            .map(|i| i.name().trim_start_matches(&dir.path().display().to_string()).to_string())
            .collect();
        assert_eq!(names, ["/b.txt", "/sub/a.txt"]);
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().contains("nope.txt"));
        assert!(errors[1].to_string().contains("no files match"));
    }
}
