//! Deciding, against the store, whether an analysed article is new, a duplicate, a
//! syndicated copy, or the full text of a stored feed summary.

use std::borrow::Cow;
use std::collections::HashMap;

use parallax_analyse::fingerprint::{self, NEAR_DUPLICATE_JACCARD};

use chrono::{DateTime, Utc};
use parallax_model::{Article, ArticleId};
use parallax_store::{
    Candidate, Duplicate, DuplicateReason, Inserted, NewArticle, Store, StoreError, StoredKeys,
};

use crate::report::Outcome;

/// An analysed article with its duplicate-detection keys.
pub(crate) struct Prepared {
    pub article: Article,
    /// The id was given by the source (JSONL), not derived from URL or text: the same id
    /// with other text is then a conflict, not a duplicate.
    pub source_id: bool,
    pub words: usize,
    pub text_hash: u64,
    pub signature: Vec<u32>,
    pub bands: Vec<(u8, i64)>,
}

/// Why a prepared article could not be stored.
pub(crate) enum Refusal {
    /// Its source id is taken by a different article.
    IdConflict(ArticleId),
    /// The store failed.
    Store(StoreError),
    /// It could not be read or analysed; the message names its input.
    Unread(String),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Store(e)
    }
}

/// The duplicate-detection keys a chunk's articles are checked against: those of the stored
/// articles holding any of the chunk's ids, canonical URLs, text hashes and band keys, read
/// in two queries when the chunk begins, and those of the articles the chunk has written
/// since. Asking the store once per chunk instead of twice per article is what an article
/// costs on PostgreSQL, where each question is a round trip.
///
/// The answers are the store's own because the chunk's writer holds the article-writes lock
/// for the whole chunk. A write that changes a stored article's keys or links (a summary
/// completed by its page, an original superseded by an earlier copy, an insert that found
/// its keys taken) leaves them stale: the chunk's remaining articles are then checked
/// against the store one by one, as before.
pub(crate) struct ChunkKeys {
    /// Index into `keys` by id, canonical URL and text hash.
    by_id: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    by_hash: HashMap<u64, usize>,
    keys: Vec<StoredKeys>,
    /// Index into `near` by band key.
    by_band: HashMap<(u8, i64), Vec<usize>>,
    near: Vec<Near>,
    stale: bool,
}

/// A stored article sharing a band key with an incoming one.
#[derive(Clone)]
struct Near {
    candidate: Candidate,
    /// The publication time of the original it copies, when known without asking the store
    /// (`None` when it was not read).
    root_published: Option<Option<DateTime<Utc>>>,
}

impl ChunkKeys {
    /// Reads the stored keys that `chunk`'s articles could match.
    pub(crate) fn read<'p>(
        store: &Store,
        chunk: impl Iterator<Item = &'p Prepared> + Clone,
    ) -> Result<ChunkKeys, StoreError> {
        let ids: Vec<&str> =
            chunk.clone().filter(|p| p.source_id).map(|p| p.article.id.as_str()).collect();
        let urls: Vec<&str> =
            chunk.clone().filter_map(|p| p.article.canonical_url.as_deref()).collect();
        let hashes: Vec<u64> = chunk.clone().map(|p| p.text_hash).collect();
        let bands: Vec<(u8, i64)> = chunk.flat_map(|p| p.bands.iter().copied()).collect();
        let mut keys = ChunkKeys {
            by_id: HashMap::new(),
            by_url: HashMap::new(),
            by_hash: HashMap::new(),
            keys: Vec::new(),
            by_band: HashMap::new(),
            near: Vec::new(),
            stale: false,
        };
        for stored in store.stored_keys(&ids, &urls, &hashes)? {
            keys.add_keys(stored);
        }
        for m in store.band_matches(&bands)? {
            let i = keys.near.len();
            for band in m.bands {
                keys.by_band.entry(band).or_default().push(i);
            }
            keys.near.push(Near { candidate: m.candidate, root_published: Some(m.root_published) });
        }
        Ok(keys)
    }

    fn add_keys(&mut self, stored: StoredKeys) {
        let i = self.keys.len();
        self.by_id.insert(stored.id.0.clone(), i);
        if let Some(url) = &stored.canonical_url {
            self.by_url.insert(url.clone(), i);
        }
        self.by_hash.insert(stored.text_hash, i);
        self.keys.push(stored);
    }

    /// The stored article `p` duplicates, by id, canonical URL or text (in that order).
    fn duplicate(&self, store: &Store, p: &Prepared) -> Result<Option<Duplicate>, StoreError> {
        let id = p.source_id.then_some(p.article.id.as_str());
        let url = p.article.canonical_url.as_deref();
        if self.stale {
            return store.find_duplicate(id, url, p.text_hash);
        }
        let found = [
            (id.and_then(|id| self.by_id.get(id)), DuplicateReason::Id),
            (url.and_then(|url| self.by_url.get(url)), DuplicateReason::Url),
            (self.by_hash.get(&p.text_hash), DuplicateReason::Text),
        ];
        Ok(found.into_iter().find_map(|(i, reason)| {
            let stored = &self.keys[*i?];
            Some(Duplicate {
                id: stored.id.clone(),
                reason,
                text_hash: stored.text_hash,
                summary_only: stored.summary_only,
            })
        }))
    }

    /// The stored articles sharing a band key with `bands`: borrowed from the chunk's keys,
    /// or read from the store when those are stale.
    fn near(&self, store: &Store, bands: &[(u8, i64)]) -> Result<Vec<Cow<'_, Near>>, StoreError> {
        if self.stale {
            let candidates = store.near_duplicate_candidates(bands)?;
            return Ok(candidates
                .into_iter()
                .map(|candidate| Cow::Owned(Near { candidate, root_published: None }))
                .collect());
        }
        let mut found: Vec<usize> =
            bands.iter().filter_map(|band| self.by_band.get(band)).flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        Ok(found.into_iter().map(|i| Cow::Borrowed(&self.near[i])).collect())
    }

    /// Adds an article the chunk has just written.
    fn written(&mut self, p: &Prepared, root_published: Option<DateTime<Utc>>) {
        let a = &p.article;
        self.add_keys(StoredKeys {
            id: a.id.clone(),
            canonical_url: a.canonical_url.clone(),
            text_hash: p.text_hash,
            summary_only: a.summary_only,
        });
        let i = self.near.len();
        self.near.push(Near {
            candidate: Candidate {
                id: a.id.clone(),
                signature: p.signature.clone(),
                published: a.published,
                syndicated_of: a.syndicated_of.clone(),
            },
            root_published: Some(root_published),
        });
        for &band in &p.bands {
            self.by_band.entry(band).or_default().push(i);
        }
    }
}

/// Articles judged new but not yet written, at most this many: they go to the store in
/// one [`Store::insert_all`], which on PostgreSQL is one statement instead of one each.
const HOLD: usize = 128;

/// An article's fate, once it is written or refused.
pub(crate) struct Done {
    /// Its place in its chunk: fates are settled out of order (held articles later) but
    /// reported in order.
    pub index: usize,
    /// Where it came from, for messages.
    pub origin: String,
    pub summary_only: bool,
    pub result: Result<Outcome, Refusal>,
}

/// New articles judged against the chunk's keys and held back to be written together.
/// Their keys join the chunk's at once, so later articles of the chunk are judged against
/// them; anything that reads the store first writes them ([`Held::write`]).
#[derive(Default)]
pub(crate) struct Held {
    articles: Vec<HeldArticle>,
}

struct HeldArticle {
    p: Prepared,
    index: usize,
    origin: String,
    similarity: Option<f64>,
    /// What the article is once written.
    outcome: Outcome,
}

impl Held {
    /// The chunk index of the first article held, if any: fates after it wait for it.
    pub(crate) fn first_index(&self) -> Option<usize> {
        self.articles.first().map(|h| h.index)
    }

    /// Writes the held articles and answers for each (one that fails is refused alone). An
    /// article that could not be written, or found its keys taken, leaves the chunk's keys
    /// stale: they hold its keys already.
    pub(crate) fn write(&mut self, store: &mut Store, keys: &mut ChunkKeys, done: &mut Vec<Done>) {
        let held = std::mem::take(&mut self.articles);
        if held.is_empty() {
            return;
        }
        let news: Vec<NewArticle> =
            held.iter().map(|h| new_article(&h.p, h.similarity, None)).collect();
        let answers = store.insert_all(&news);
        drop(news);
        for (h, answer) in held.into_iter().zip(answers) {
            let result = match answer {
                Ok(Inserted::New) => Ok(h.outcome),
                Ok(Inserted::AlreadyStored(of)) => {
                    keys.stale = true;
                    Ok(Outcome::Duplicate { of })
                }
                Err(e) => {
                    keys.stale = true;
                    Err(Refusal::Store(e))
                }
            };
            done.push(Done {
                index: h.index,
                origin: h.origin,
                summary_only: h.p.article.summary_only,
                result,
            });
        }
    }
}

/// Stores `p` unless it duplicates a stored article; links syndicated copies to the earliest
/// copy. A new article is held in `held` and written with the next batch; what is settled
/// by this call (this article, and any held ones it had to write first) is added to
/// `done`.
pub(crate) fn store_article(
    store: &mut Store,
    keys: &mut ChunkKeys,
    held: &mut Held,
    p: Prepared,
    index: usize,
    origin: String,
    done: &mut Vec<Done>,
) {
    let summary_only = p.article.summary_only;
    // A stale chunk reads the store for every article: what is held goes first.
    if keys.stale {
        held.write(store, keys, done);
    }
    let result = match judge(store, keys, held, p, done) {
        Ok(Judged::Held(held_article)) => {
            held.articles.push(HeldArticle { index, origin, ..*held_article });
            if held.articles.len() >= HOLD {
                held.write(store, keys, done);
            }
            return;
        }
        Ok(Judged::Settled(outcome)) => Ok(outcome),
        Err(refusal) => Err(refusal),
    };
    done.push(Done { index, origin, summary_only, result });
}

/// What [`judge`] made of an article.
enum Judged {
    /// New, and to be written with the held batch (its place and origin not yet filled in).
    Held(Box<HeldArticle>),
    /// Written, or not to be written.
    Settled(Outcome),
}

/// Decides what `p` is, and writes it now or hands it back to be held. Each write is one
/// transaction (a savepoint inside the chunk's).
fn judge(
    store: &mut Store,
    keys: &mut ChunkKeys,
    held: &mut Held,
    mut p: Prepared,
    done: &mut Vec<Done>,
) -> Result<Judged, Refusal> {
    if let Some(dup) = keys.duplicate(store, &p)? {
        if dup.summary_only && !p.article.summary_only && dup.reason != DuplicateReason::Text {
            held.write(store, keys, done);
            let new = new_article(&p, None, None);
            store.complete_summary(&dup.id, &new)?;
            keys.stale = true;
            return Ok(Judged::Settled(Outcome::Completed { id: dup.id }));
        }
        if dup.reason == DuplicateReason::Id && dup.text_hash != p.text_hash {
            return Err(Refusal::IdConflict(dup.id));
        }
        return Ok(Judged::Settled(Outcome::Duplicate { of: dup.id }));
    }

    let near = keys.near(store, &p.bands)?;
    let best = best_match(&p.signature, near.iter().map(|n| &n.candidate));
    let mut supersedes = None;
    let mut similarity = None;
    let mut root_published = None;
    if let Some((i, sim)) = best {
        let Near { candidate, root_published: known } = near[i].as_ref();
        let root = candidate.syndicated_of.clone().unwrap_or_else(|| candidate.id.clone());
        let published = match known {
            _ if root == candidate.id => candidate.published,
            Some(known) => *known,
            None => store.published_of(&root)?,
        };
        similarity = Some(sim);
        match (p.article.published, published) {
            // Published before the stored original: this one is the original now.
            (Some(mine), Some(theirs)) if mine < theirs => supersedes = Some(root),
            _ => {
                p.article.syndicated_of = Some(root);
                root_published = published;
            }
        }
    }
    let outcome = match (&p.article.syndicated_of, &supersedes, similarity) {
        (Some(original), _, Some(similarity)) => Outcome::NearDuplicate {
            id: p.article.id.clone(),
            original: original.clone(),
            similarity,
        },
        (None, Some(_), Some(similarity)) => Outcome::NearDuplicate {
            id: p.article.id.clone(),
            original: p.article.id.clone(),
            similarity,
        },
        _ => Outcome::New { id: p.article.id.clone() },
    };
    if supersedes.is_none() && !keys.stale {
        // Held: its keys serve the chunk's next articles at once.
        keys.written(&p, root_published);
        return Ok(Judged::Held(Box::new(HeldArticle {
            p,
            index: 0,
            origin: String::new(),
            similarity,
            outcome,
        })));
    }
    // Re-linking an original, or a stale chunk: written now, after what is held.
    held.write(store, keys, done);
    let new = new_article(&p, similarity, supersedes.as_ref());
    match store.insert(&new)? {
        Inserted::AlreadyStored(of) => {
            keys.stale = true;
            Ok(Judged::Settled(Outcome::Duplicate { of }))
        }
        Inserted::New => {
            if supersedes.is_some() {
                keys.stale = true;
            }
            Ok(Judged::Settled(outcome))
        }
    }
}

fn new_article<'a>(
    p: &'a Prepared,
    similarity: Option<f64>,
    supersedes: Option<&'a ArticleId>,
) -> NewArticle<'a> {
    NewArticle {
        article: &p.article,
        words: p.words,
        text_hash: p.text_hash,
        signature: &p.signature,
        bands: &p.bands,
        similarity,
        supersedes,
    }
}

/// The index of the most similar candidate at or above the near-duplicate threshold, with
/// its similarity; ties go to the earliest published, then the smallest id, so the choice
/// does not depend on look-up order.
fn best_match<'c>(
    signature: &[u32],
    candidates: impl Iterator<Item = &'c Candidate>,
) -> Option<(usize, f64)> {
    candidates
        .enumerate()
        .map(|(i, c)| (i, c, fingerprint::similarity(signature, &c.signature)))
        .filter(|(_, _, s)| *s >= NEAR_DUPLICATE_JACCARD)
        .min_by(|(_, a, sa), (_, b, sb)| {
            sb.total_cmp(sa).then(a.published.cmp(&b.published)).then(a.id.cmp(&b.id))
        })
        .map(|(i, _, s)| (i, s))
}
