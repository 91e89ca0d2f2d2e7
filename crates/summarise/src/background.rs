//! Document frequencies of stems in a background corpus, for inverse document frequency.

use std::collections::HashMap;

use crate::text::Vocabulary;

/// How many documents of a background corpus contain each stem: the inverse document
/// frequency that tells a story's own words ("Mariupol", "evacuation") from words every
/// story uses ("people", "week").
///
/// Stems are those of [`parallax_analyse::tokens::tokenize`] (Snowball, per language). An
/// empty background (`Background::default()`) is valid: the page then takes document
/// frequencies from the story's own articles alone. The story's articles are always counted
/// on top of the background, so a stem the background never saw still gets a finite IDF.
///
/// ```
/// use parallax_summarise::Background;
///
/// let mut bg = Background::from_texts([
///     ("The ferry sank near the harbour.", Some("en")),
///     ("The harbour reopened on Monday.", Some("en")),
/// ]);
/// assert_eq!(bg.documents(), 2);
/// assert_eq!(bg.docs("harbour"), 2);
/// assert_eq!(bg.docs("ferri"), 1); // the Snowball stem of "ferry"
/// bg.insert("velmar", 1);
/// assert_eq!(bg.docs("velmar"), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Background {
    documents: u64,
    docs: HashMap<String, u64>,
}

impl Background {
    /// An empty table for a corpus of `documents` documents; fill it with
    /// [`insert`](Background::insert).
    pub fn new(documents: u64) -> Background {
        Background { documents, docs: HashMap::new() }
    }

    /// A table for a corpus of `documents` documents, with the number of them that contain
    /// each stem.
    pub fn from_counts(documents: u64, docs: HashMap<String, u64>) -> Background {
        Background { documents, docs }
    }

    /// Sets the number of documents that contain `stem`.
    pub fn insert(&mut self, stem: impl Into<String>, docs: u64) {
        self.docs.insert(stem.into(), docs);
    }

    /// Counts a corpus: each `(text, language)` is one document (`language` an ISO 639-1
    /// code, English stemming when `None`).
    pub fn from_texts<'t>(
        texts: impl IntoIterator<Item = (&'t str, Option<&'t str>)>,
    ) -> Background {
        let mut vocab = Vocabulary::new();
        let mut counts: Vec<u64> = Vec::new();
        let mut seen: Vec<u64> = Vec::new();
        let mut documents = 0u64;
        for (text, language) in texts {
            documents += 1;
            vocab.for_each_word(text, language, |t, _, _, _| {
                let t = t as usize;
                if t >= counts.len() {
                    counts.resize(t + 1, 0);
                    seen.resize(t + 1, 0);
                }
                if seen[t] != documents {
                    seen[t] = documents;
                    counts[t] += 1;
                }
            });
        }
        let docs = vocab.stems.into_iter().zip(counts).filter(|(_, n)| *n > 0).collect();
        Background { documents, docs }
    }

    /// Documents in the corpus.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Documents that contain `stem` (0 when unknown).
    pub fn docs(&self, stem: &str) -> u64 {
        self.docs.get(stem).copied().unwrap_or(0)
    }

    /// Distinct stems counted.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when the background counts no document.
    pub fn is_empty(&self) -> bool {
        self.documents == 0
    }
}
