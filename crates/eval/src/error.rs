//! The error type shared by the evaluation readers.

use std::path::PathBuf;

/// Why an evaluation could not run. Every message names the file (and line, where known).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvalError {
    /// A file or folder could not be read.
    #[error("reading {path}: {source}", path = .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// A file's content does not have the expected shape.
    #[error("reading {path}{at}: {message}", path = .path.display(), at = line_suffix(*.line))]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number, where known.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The pipeline run over the data failed.
    #[error("evaluating {path}: {message}", path = .path.display())]
    Run {
        /// The data file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The folder holds none of the data sets the evaluation reads.
    #[error("no evaluation data in {path}: expected {expected}", path = .path.display())]
    NoData {
        /// The folder.
        path: PathBuf,
        /// What was looked for.
        expected: String,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(" line {l}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_line() {
        let e = EvalError::Parse {
            path: "/x/gum-news.jsonl".into(),
            line: Some(7),
            message: "expected value".into(),
        };
        assert_eq!(e.to_string(), "reading /x/gum-news.jsonl line 7: expected value");
        let e = EvalError::Parse { path: "/x/a.json".into(), line: None, message: "bad".into() };
        assert_eq!(e.to_string(), "reading /x/a.json: bad");
        let e = EvalError::Io {
            path: "/x/missing".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
        };
        assert_eq!(e.to_string(), "reading /x/missing: not found");
        assert!(std::error::Error::source(&e).is_some());
    }
}
