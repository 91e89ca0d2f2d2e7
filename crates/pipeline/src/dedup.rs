//! Deciding, against the store, whether an analysed article is new, a duplicate, a
//! syndicated copy, or the full text of a stored feed summary.

use parallax_analyse::fingerprint::NEAR_DUPLICATE_JACCARD;
use parallax_model::{Article, ArticleId};
use parallax_store::{Candidate, DuplicateReason, Inserted, NewArticle, Store, StoreError};

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
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Store(e)
    }
}

/// Stores `p` unless it duplicates a stored article; links syndicated copies to the earliest
/// copy. Each write is one transaction.
pub(crate) fn store_article(store: &mut Store, mut p: Prepared) -> Result<Outcome, Refusal> {
    if let Some(dup) = store.find_duplicate(
        p.source_id.then_some(p.article.id.as_str()),
        p.article.canonical_url.as_deref(),
        p.text_hash,
    )? {
        if dup.summary_only && !p.article.summary_only && dup.reason != DuplicateReason::Text {
            let new = new_article(&p, None, None);
            store.complete_summary(&dup.id, &new)?;
            return Ok(Outcome::Completed { id: dup.id });
        }
        if dup.reason == DuplicateReason::Id && dup.text_hash != p.text_hash {
            return Err(Refusal::IdConflict(dup.id));
        }
        return Ok(Outcome::Duplicate { of: dup.id });
    }

    let candidates = store.near_duplicate_candidates(&p.bands)?;
    let best = best_match(&p.signature, &candidates);
    let mut supersedes = None;
    let mut similarity = None;
    if let Some((candidate, sim)) = best {
        let root = candidate.syndicated_of.clone().unwrap_or_else(|| candidate.id.clone());
        let root_published =
            if root == candidate.id { candidate.published } else { store.published_of(&root)? };
        similarity = Some(sim);
        match (p.article.published, root_published) {
            // Published before the stored original: this one is the original now.
            (Some(mine), Some(theirs)) if mine < theirs => supersedes = Some(root),
            _ => p.article.syndicated_of = Some(root),
        }
    }
    let new = new_article(&p, similarity, supersedes.as_ref());
    match store.insert(&new)? {
        Inserted::AlreadyStored(of) => Ok(Outcome::Duplicate { of }),
        Inserted::New => Ok(match (&p.article.syndicated_of, &supersedes, similarity) {
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
        }),
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

/// The most similar candidate at or above the near-duplicate threshold; ties go to the
/// earliest published, then the smallest id, so the choice does not depend on look-up order.
fn best_match<'c>(signature: &[u32], candidates: &'c [Candidate]) -> Option<(&'c Candidate, f64)> {
    let fp = parallax_analyse::Fingerprint { text_hash: 0, signature: signature.to_vec() };
    candidates
        .iter()
        .map(|c| (c, fp.similarity(&c.signature)))
        .filter(|(_, s)| *s >= NEAR_DUPLICATE_JACCARD)
        .min_by(|(a, sa), (b, sb)| {
            sb.total_cmp(sa).then(a.published.cmp(&b.published)).then(a.id.cmp(&b.id))
        })
}
