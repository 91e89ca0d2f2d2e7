//! The hand-made evidence gold: one JSON object per article, naming the article by file
//! (relative to the gold file) and record, with the figures, voices and dates a careful
//! reader finds in it. The annotation rules are in `demo/README.md`.

use std::path::Path;

use parallax_analyse::Analyser;
use parallax_ingest::{Input, Item, Limits};
use parallax_model::Document;
use serde::Deserialize;

use crate::EvalError;
use crate::gold::parse_error;

/// One annotated article.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldArticle {
    /// The input file, relative to the gold file's folder.
    pub file: String,
    /// The URL or id of the record in a feed, JSON Lines or WARC file; null for a file
    /// holding one article.
    #[serde(default)]
    pub record: Option<String>,
    /// A remark for the annotators; ignored.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
    #[serde(default)]
    pub figures: Vec<GoldFigure>,
    #[serde(default)]
    pub voices: Vec<GoldVoice>,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
}

/// A quantity as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldFigure {
    /// Words of the article covering the number ("Forty-six civilians").
    pub text: String,
    pub value: f64,
    /// What it counts, lower-cased; null when the article does not say.
    #[serde(default)]
    pub counts: Option<String>,
}

/// An attributed statement.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldVoice {
    /// The fullest name the article gives the speaker.
    pub speaker: String,
    /// Other names the article uses for the same speaker ("ministry").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// A short verbatim snippet of the sentence holding the statement.
    pub text: String,
}

/// A date mention with the fields it writes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GoldDate {
    pub text: String,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub month: Option<u32>,
    #[serde(default)]
    pub day: Option<u32>,
}

/// An annotated article read and analysed the way the pipeline does it.
pub(crate) struct Loaded {
    /// How the article is named in messages: `file` or `file record`.
    pub name: String,
    /// The title (if any) followed by the body sentences.
    pub sentences: Vec<String>,
    /// The publication date, for resolving "on Saturday".
    pub published: Option<chrono::NaiveDate>,
    pub gold: GoldArticle,
}

/// Reads a gold file and the articles it points at.
pub(crate) fn load(path: &Path) -> Result<Vec<Loaded>, EvalError> {
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let analyser = Analyser::new();
    let mut out = Vec::new();
    for (line, object) in crate::gold::objects(path)? {
        let gold: GoldArticle = serde_json::from_value(serde_json::Value::Object(object))
            .map_err(|e| parse_error(path, line, e.to_string()))?;
        let input = base.join(&gold.file);
        let doc = find_document(&input, gold.record.as_deref())
            .map_err(|message| parse_error(path, line, message))?;
        let analysis = analyser.analyse(&doc);
        let mut sentences: Vec<String> = analysis.title.into_iter().collect();
        sentences.extend(analysis.sentences.into_iter().map(|s| s.text));
        // A file without a headline (a topic page, one key sentence per line) starts with
        // its label line, which thus takes index 0 like a title would.
        let name = match &gold.record {
            Some(r) => format!("{} {r}", gold.file),
            None => gold.file.clone(),
        };
        out.push(Loaded {
            name,
            sentences,
            published: doc.published.map(|d| d.date_naive()),
            gold,
        });
    }
    Ok(out)
}

/// The article of `input` named by `record` (its URL or id), or its only article.
fn find_document(input: &Path, record: Option<&str>) -> Result<Document, String> {
    let mut documents = Vec::new();
    let mut failures = Vec::new();
    parallax_ingest::read(&Input::File(input.to_path_buf()), &Limits::default(), &mut |item| {
        match item {
            Item::Document(doc) => documents.push(*doc),
            Item::Failed(e) => failures.push(e.to_string()),
            Item::Subscription(_) | Item::Page(_) => {}
        }
    });
    if documents.is_empty() {
        // The reader's messages already name the input.
        return Err(failures
            .into_iter()
            .next()
            .unwrap_or_else(|| format!("{}: no article in it", input.display())));
    }
    let Some(record) = record else {
        if documents.len() > 1 {
            return Err(format!(
                "{} holds {} articles: give a \"record\" (URL or id)",
                input.display(),
                documents.len()
            ));
        }
        return Ok(documents.remove(0));
    };
    let canonical = parallax_analyse::urls::canonical_url(record);
    let position = documents.iter().position(|d| {
        d.id.as_deref() == Some(record)
            || d.url.as_deref() == Some(record)
            || (canonical.is_some()
                && d.url.as_deref().and_then(parallax_analyse::urls::canonical_url) == canonical)
    });
    position
        .map(|i| documents.swap_remove(i))
        .ok_or_else(|| format!("{} has no article with URL or id {record:?}", input.display()))
}
