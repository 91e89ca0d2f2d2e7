//! Running a search: parsing what the user typed, filtering, ranking, and snippets.

use std::ops::{Bound, RangeInclusive};

use chrono::{DateTime, Utc};
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::{SnippetGenerator, collapse_overlapped_ranges};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::html::{lead, marked};
use crate::index::{Fields, SearchIndex};
use crate::{Hit, MAX_LIMIT, SearchError, SearchQuery};

/// Characters of body a snippet shows.
const SNIPPET_CHARS: usize = 220;
/// A title's matches count double a body's.
const TITLE_BOOST: f32 = 2.0;

impl SearchIndex {
    /// The best-ranked articles for `query`, best first. An empty query, or a limit of 0,
    /// finds nothing.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>, SearchError> {
        self.search_filtered(query, None)
    }

    /// Like [`SearchIndex::search`], but only among the articles whose store seq lies in
    /// `seqs`: what saved searches use to look at the articles indexed since they last ran.
    /// An empty range finds nothing.
    pub fn search_seqs(
        &self,
        query: &SearchQuery,
        seqs: RangeInclusive<u64>,
    ) -> Result<Vec<Hit>, SearchError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let (low, high) = seqs.into_inner();
        let at = |seq| Term::from_field_u64(self.fields.seq, seq);
        let within = RangeQuery::new(Bound::Included(at(low)), Bound::Included(at(high)));
        self.search_filtered(query, Some(Box::new(within)))
    }

    fn search_filtered(
        &self,
        query: &SearchQuery,
        extra: Option<Box<dyn Query>>,
    ) -> Result<Vec<Hit>, SearchError> {
        let limit = query.limit.min(MAX_LIMIT);
        if query.text.trim().is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        for text_query in self.readings(&query.text) {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, text_query.box_clone())];
            for filter in
                self.filters(query).into_iter().chain(extra.as_ref().map(|q| q.box_clone()))
            {
                // Filters must not change the ranking: they score nothing.
                clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
            }
            let top = searcher
                .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit).order_by_score())
                .map_err(|e| self.failed(e))?;
            if top.is_empty() {
                continue;
            }
            let snippets =
                Snippets::new(&searcher, &*text_query, &self.fields).map_err(|e| self.failed(e))?;
            let mut hits = Vec::with_capacity(top.len());
            for (score, address) in top {
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.failed(e))?;
                hits.push(snippets.hit(&doc, score, &self.fields));
            }
            return Ok(hits);
        }
        Ok(Vec::new())
    }

    /// Why the query syntax rejects `text` (which [`SearchIndex::search`] then reads
    /// leniently, word by word), or `None` when it is accepted. For saved searches, which run
    /// unattended: a lenient reading may match far more than was meant.
    pub fn query_error(&self, text: &str) -> Option<String> {
        let f = &self.fields;
        let parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.parse_query(text).err().map(|e| e.to_string())
    }

    /// The ways to read what was typed, tried in order until one finds something: the
    /// query syntax when the parser accepts it; otherwise (unbalanced quotes, a bare `AND`,
    /// an unknown field) the lenient parser's best effort, then all the words alone, then any
    /// of them, since the lenient reading of `flood AND` requires the word "and".
    fn readings(&self, text: &str) -> Vec<Box<dyn Query>> {
        let f = &self.fields;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, TITLE_BOOST);
        if let Ok(query) = parser.parse_query(text) {
            return vec![query];
        }
        let mut readings = Vec::new();
        let (lenient, _errors) = parser.parse_query_lenient(text);
        if has_terms(&*lenient) {
            readings.push(lenient);
        }
        // Lower-cased words only: `AND`, `OR` and `NOT` are operators only in upper case.
        let words: String = text
            .chars()
            .flat_map(|c| {
                let keep = if c.is_alphanumeric() { Some(c) } else { Some(' ') };
                keep.into_iter().flat_map(char::to_lowercase)
            })
            .collect();
        let (plain, _errors) = parser.parse_query_lenient(&words);
        if has_terms(&*plain) {
            readings.push(plain);
            // A stray operator read as a word (`flood AND`) should not hide every match.
            let mut any_word = QueryParser::for_index(&self.index, vec![f.title, f.body]);
            any_word.set_field_boost(f.title, TITLE_BOOST);
            readings.push(any_word.parse_query_lenient(&words).0);
        }
        readings
    }

    fn filters(&self, query: &SearchQuery) -> Vec<Box<dyn Query>> {
        let f = &self.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let term = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if !query.outlets.is_empty() {
            let mut any = Vec::new();
            for outlet in &query.outlets {
                let key = outlet.trim().to_lowercase();
                any.push((Occur::Should, term(f.outlet_key, &key)));
                any.push((Occur::Should, term(f.domain, &key)));
            }
            filters.push(Box::new(BooleanQuery::new(any)));
        }
        if let Some(language) = &query.language {
            filters.push(term(f.language, &language.trim().to_lowercase()));
        }
        if query.since.is_some() || query.until.is_some() {
            let at = |t: &DateTime<Utc>| Term::from_field_i64(f.published, t.timestamp());
            let lower = query.since.as_ref().map_or(Bound::Unbounded, |t| Bound::Included(at(t)));
            let upper = query.until.as_ref().map_or(Bound::Unbounded, |t| Bound::Excluded(at(t)));
            filters.push(Box::new(RangeQuery::new(lower, upper)));
        }
        filters
    }
}

fn has_terms(query: &dyn Query) -> bool {
    let mut any = false;
    query.query_terms(&mut |_, _| any = true);
    any
}

/// Snippet generators for one search: one per field, as each weighs the query's terms by
/// their frequency in that field.
struct Snippets {
    body: SnippetGenerator,
    title: SnippetGenerator,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, f: &Fields) -> tantivy::Result<Snippets> {
        let mut body = SnippetGenerator::create(searcher, query, f.body)?;
        body.set_max_num_chars(SNIPPET_CHARS);
        let mut title = SnippetGenerator::create(searcher, query, f.title)?;
        // Wide enough that a headline is one fragment: it is shown whole.
        title.set_max_num_chars(10_000);
        Ok(Snippets { body, title })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, f: &Fields) -> Hit {
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned);
        let title = text(f.title);
        let body = text(f.body).unwrap_or_default();

        let found = self.body.snippet(&body);
        let snippet_html = if found.is_empty() {
            marked(&body, lead(&body, SNIPPET_CHARS), &[])
        } else {
            let start = found.fragment_range().start;
            let marks: Vec<_> = collapse_overlapped_ranges(found.highlighted())
                .into_iter()
                .map(|r| r.start + start..r.end + start)
                .collect();
            marked(&body, found.fragment_range(), &marks)
        };
        let title_text = title.as_deref().unwrap_or_default();
        let found = self.title.snippet(title_text);
        let start = found.fragment_range().start;
        let marks: Vec<_> = collapse_overlapped_ranges(found.highlighted())
            .into_iter()
            .map(|r| r.start + start..r.end + start)
            .collect();
        let title_html = marked(title_text, 0..title_text.len(), &marks);

        Hit {
            id: text(f.id).unwrap_or_default(),
            seq: doc.get_first(f.seq).and_then(|v| v.as_u64()).unwrap_or(0),
            title,
            outlet: text(f.outlet),
            published: doc
                .get_first(f.published)
                .and_then(|v| v.as_i64())
                .and_then(|s| DateTime::from_timestamp(s, 0)),
            score,
            snippet_html,
            title_html,
        }
    }
}
