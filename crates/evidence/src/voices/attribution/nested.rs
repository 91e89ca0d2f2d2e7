//! Reports inside reports: only the outer speaker's voice counts.

use super::super::phrases::Words;
use super::super::tokens::Kind;
use super::{Found, Who};
use crate::Span;

/// "The spokesman said the president had guaranteed that …": a report inside another
/// speaker's statement belongs to the outer speaker only. A cue is nested when its
/// attribution opens the statement of an earlier cue, or follows a "that" inside it.
pub(super) fn drop_nested_reports(words: &Words<'_, '_>, found: &mut Vec<Found>) {
    let outer: Vec<(usize, Span)> =
        found.iter().filter(|f| f.forward).map(|f| (f.anchor, f.span)).collect();
    let mut keep: Vec<bool> = found
        .iter()
        .map(|f| {
            let start_tok = f.attribution_start;
            let start = words.tok(start_tok).start;
            !outer.iter().any(|&(anchor, span)| {
                anchor < f.anchor
                    && start >= span.start
                    && start < span.end
                    && (start == span.start
                        || (start_tok > 0
                            && words.low(start_tok - 1) == "that"
                            && words.kind(start_tok - 1) == Some(Kind::Word)))
            })
        })
        .collect();
    if keep.iter().all(|&k| k) {
        return;
    }
    // A finding sharing the subject of a nested one is nested too; the others are renumbered.
    for i in 0..found.len() {
        if let Who::SameAs(e) = found[i].who
            && !keep.get(e).copied().unwrap_or(false)
        {
            keep[i] = false;
        }
    }
    let mut new_index = Vec::with_capacity(found.len());
    let mut next = 0;
    for &k in &keep {
        new_index.push(next);
        next += usize::from(k);
    }
    let mut index = 0;
    found.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    for f in found.iter_mut() {
        if let Who::SameAs(e) = f.who {
            f.who = Who::SameAs(new_index[e]);
        }
    }
}
