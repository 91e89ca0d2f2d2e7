//! Reading the generic gold files that `../shared/tools/convert.py` writes: JSON Lines, one
//! object per line, with articles as `{id, title, text, outlet, url, published, language}`.

use std::path::Path;

use parallax_model::{Document, Format, Origin};
use serde_json::{Map, Value};

use crate::EvalError;

/// A JSON object of a gold file with its 1-based line number.
pub(crate) type Line = (usize, Map<String, Value>);

/// The JSON objects of a JSON Lines file; blank lines are skipped, anything else that is
/// not an object is an error naming the line.
pub(crate) fn objects(path: &Path) -> Result<Vec<Line>, EvalError> {
    let content = std::fs::read_to_string(path)
        .map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let mut out = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| parse_error(path, i + 1, message);
        match serde_json::from_str(line).map_err(|e| bad(e.to_string()))? {
            Value::Object(obj) => out.push((i + 1, obj)),
            _ => return Err(bad("not a JSON object".into())),
        }
    }
    Ok(out)
}

/// A parse error at a line of `path`.
pub(crate) fn parse_error(path: &Path, line: usize, message: String) -> EvalError {
    EvalError::Parse { path: path.to_path_buf(), line: Some(line), message }
}

/// An article object of `path`, at `line`, as the document a reader would have produced.
pub(crate) fn document(
    path: &Path,
    line: usize,
    article: &Map<String, Value>,
) -> Result<Document, EvalError> {
    let bad = |message: String| parse_error(path, line, message);
    let string = |key: &str| article.get(key).and_then(Value::as_str).map(str::to_string);
    let mut doc = Document::new(Origin::file(path.display().to_string(), Format::Jsonl));
    doc.id = string("id");
    doc.title = string("title");
    doc.text = string("text").ok_or_else(|| bad("an article has no \"text\"".into()))?;
    doc.outlet = string("outlet");
    doc.url = string("url");
    doc.language = string("language");
    if let Some(p) = string("published") {
        doc.published = Some(
            parallax_ingest::parse_date(&p)
                .ok_or_else(|| bad(format!("\"published\" is not a date: {p:?}")))?,
        );
    }
    Ok(doc)
}
