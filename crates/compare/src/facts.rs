//! Facts: sentences aligned across sides.
//!
//! Two sentences of different articles state the same fact when their stem TF-IDF vectors
//! are close (cosine ≥ [`SAME_FACT`]) and they share at least [`SHARED_STEMS`] content
//! stems — a paraphrase keeps the names, numbers and key words while reordering and
//! rewording the rest. Linked sentences form a fact; a fact carried by several sides is
//! shared, one carried by a single side is one-sided. One-sided facts are ranked by
//! importance: how central the sentence is to the whole story (cosine with the story's
//! centroid), how many of the side's articles carry it, and whether it is in a lead.
//!
//! Hand-written rather than a library: this is the heart of the comparison, and it needs
//! an inverted index over a few thousand short sentences, not a search engine.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::evidence::{Evidence, Field};
use crate::reading::Reading;
use crate::{Article, Options};

/// Cosine at or above which two sentences state the same fact.
const SAME_FACT: f32 = 0.35;
/// Content stems (or numbers) two sentences must share to state the same fact.
const SHARED_STEMS: usize = 3;
/// A looser cosine that still links two sentences when they share more words.
const LOOSE_FACT: f32 = 0.22;
/// Shared content stems (or numbers) the looser link needs.
const LOOSE_SHARED: usize = 4;
/// A sentence needs this many distinct content stems to state a fact at all (shorter ones
/// are furniture: "Ambulances can also be seen.").
const MIN_STEMS: usize = 5;
/// Sentences longer than this many words are run-ons or lists, not facts to show.
const MAX_WORDS: usize = 70;
/// A stem in more sentences than this is too common to tell facts apart; skipping it
/// keeps the alignment linear in practice (its weight is small anyway).
const MAX_POSTINGS: usize = 400;
/// Evidence sentences kept per fact (one per outlet).
const MAX_EVIDENCE: usize = 8;

/// Whether several sides carry a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// Carried by two sides or more.
    Shared,
    /// Carried by one side only.
    OneSided,
}

/// One fact and who carries it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    /// Shared or one-sided.
    pub kind: FactKind,
    /// The sentence that states it best (the most central one), as a page shows it
    /// ([`parallax_summarise::as_shown`]).
    pub text: String,
    /// The sides that carry it.
    pub sides: Vec<String>,
    /// The outlets that carry it.
    pub outlets: Vec<String>,
    /// Articles that carry it.
    pub articles: usize,
    /// How much it matters to the story (comparable within one comparison).
    pub importance: f64,
    /// The sentences that state it, the best first, one per outlet.
    pub sentences: Vec<Evidence>,
}

struct Unit {
    article: usize,
    unit: usize,
    /// (term id, weight), sorted by term id, unit length.
    vector: Vec<(u32, f32)>,
    centrality: f32,
    lead: bool,
}

/// Aligns the sentences of the articles and returns shared facts, then one-sided ones.
pub(crate) fn facts(
    articles: &[Article],
    readings: &[Reading],
    sides: &[String],
    options: &Options,
) -> Vec<Fact> {
    let units = vectors(readings);
    if units.is_empty() {
        return Vec::new();
    }
    let groups = align(&units);
    let mut shared = Vec::new();
    let mut one_sided: HashMap<&str, Vec<Fact>> = HashMap::new();
    for members in groups {
        let fact = fact(articles, readings, &units, &members);
        match fact.kind {
            FactKind::Shared => shared.push(fact),
            FactKind::OneSided if sides.len() > 1 => {
                let side = articles[units[members[0]].article].side;
                one_sided.entry(side).or_default().push(fact);
            }
            FactKind::OneSided => {}
        }
    }
    let by_weight = |a: &Fact, b: &Fact| {
        b.sides
            .len()
            .cmp(&a.sides.len())
            .then(b.importance.total_cmp(&a.importance))
            .then(a.text.cmp(&b.text))
    };
    shared.sort_by(by_weight);
    shared.truncate(options.shared_facts);
    for side in sides {
        if let Some(mut facts) = one_sided.remove(side.as_str()) {
            facts.sort_by(by_weight);
            facts.truncate(options.one_sided_facts);
            shared.extend(facts);
        }
    }
    shared
}

/// TF-IDF vectors of every body sentence that can state a fact.
fn vectors(readings: &[Reading]) -> Vec<Unit> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    // (article, unit, term counts)
    type Counted = (usize, usize, Vec<(u32, f32)>);
    let mut raw: Vec<Counted> = Vec::new();
    for (a, reading) in readings.iter().enumerate() {
        for (u, terms) in reading.terms.iter().enumerate() {
            let unit = &reading.units[u];
            if unit.field == Field::Title
                || unit.text.split_whitespace().count() > MAX_WORDS
                || parallax_summarise::is_furniture(unit.text)
            {
                continue;
            }
            let mut counts: HashMap<u32, f32> = HashMap::new();
            for t in terms {
                let next = ids.len() as u32;
                *counts.entry(*ids.entry(t.stem.as_str()).or_insert(next)).or_default() += 1.0;
            }
            if counts.len() >= MIN_STEMS {
                let mut v: Vec<(u32, f32)> = counts.into_iter().collect();
                v.sort_unstable_by_key(|&(t, _)| t);
                raw.push((a, u, v));
            }
        }
    }
    let mut df = vec![0u32; ids.len()];
    for (_, _, v) in &raw {
        for &(t, _) in v {
            df[t as usize] += 1;
        }
    }
    let n = raw.len() as f32;
    let mut centroid = vec![0f32; ids.len()];
    let mut units: Vec<Unit> = raw
        .into_iter()
        .map(|(article, unit, mut vector)| {
            for (t, w) in &mut vector {
                *w = (1.0 + w.ln()) * ((n + 1.0) / (df[*t as usize] as f32 + 1.0)).ln().max(0.0);
            }
            normalise(&mut vector);
            for &(t, w) in &vector {
                centroid[t as usize] += w;
            }
            let index = readings[article].units[unit].index.unwrap_or(0);
            Unit { article, unit, vector, centrality: 0.0, lead: index < 3 }
        })
        .collect();
    let norm = centroid.iter().map(|w| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
    for u in &mut units {
        u.centrality = u.vector.iter().map(|&(t, w)| w * centroid[t as usize]).sum::<f32>() / norm;
    }
    units
}

fn normalise(v: &mut [(u32, f32)]) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

/// Groups of units that state the same fact. Every pair that passes [`same_fact`] is a
/// link; then, most central sentence first, each sentence joins the group of its closest
/// linked group leader, or leads a group of its own. Joining leaders rather than linked
/// sentences keeps groups from chaining ("police fired tear gas" – "police detained 87" –
/// "87 people were arrested" are not one fact).
fn align(units: &[Unit]) -> Vec<Vec<usize>> {
    let terms =
        units.iter().flat_map(|u| u.vector.iter().map(|&(t, _)| t as usize + 1)).max().unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); terms];
    let mut links: Vec<Vec<(usize, f32)>> = vec![Vec::new(); units.len()];
    // Dense accumulators over earlier units, reset through the list of those touched:
    // cheaper than a hash map in this innermost loop.
    let mut cosine = vec![0f32; units.len()];
    let mut shared = vec![0u16; units.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        for &(t, w) in &u.vector {
            let list = &mut postings[t as usize];
            if list.len() >= MAX_POSTINGS {
                continue;
            }
            for &(j, weight) in list.iter() {
                let j = j as usize;
                if units[j].article != u.article {
                    if shared[j] == 0 {
                        touched.push(j);
                    }
                    cosine[j] += w * weight;
                    shared[j] += 1;
                }
            }
            list.push((i as u32, w));
        }
        for &j in &touched {
            if same_fact(cosine[j], usize::from(shared[j])) {
                links[i].push((j, cosine[j]));
                links[j].push((i, cosine[j]));
            }
            cosine[j] = 0.0;
            shared[j] = 0;
        }
        touched.clear();
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| units[b].centrality.total_cmp(&units[a].centrality).then(a.cmp(&b)));
    let mut leader_of: Vec<Option<usize>> = vec![None; units.len()];
    for &u in &order {
        let best = links[u]
            .iter()
            .filter(|&&(v, _)| leader_of[v] == Some(v))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        leader_of[u] = Some(best.map_or(u, |&(v, _)| v));
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (u, leader) in leader_of.iter().enumerate() {
        groups.entry(leader.unwrap_or(u)).or_default().push(u);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|g| g[0]);
    groups
}

/// Whether two sentences with this cosine and this many shared stems state the same fact:
/// a close match, or a looser one held together by more shared words (a paraphrase that
/// adds its own context keeps the names, numbers and key words of the fact).
fn same_fact(cosine: f32, shared: usize) -> bool {
    (cosine >= SAME_FACT && shared >= SHARED_STEMS)
        || (cosine >= LOOSE_FACT && shared >= LOOSE_SHARED)
}

fn fact(articles: &[Article], readings: &[Reading], units: &[Unit], members: &[usize]) -> Fact {
    let mut ranked: Vec<usize> = members.to_vec();
    ranked.sort_by(|&a, &b| {
        let (ua, ub) = (&units[a], &units[b]);
        ub.centrality.total_cmp(&ua.centrality).then(a.cmp(&b))
    });
    let sides: BTreeSet<&str> = members.iter().map(|&m| articles[units[m].article].side).collect();
    let outlets: BTreeSet<&str> =
        members.iter().map(|&m| articles[units[m].article].outlet).collect();
    let article_count = members.iter().map(|&m| units[m].article).collect::<BTreeSet<_>>().len();
    let mut seen = BTreeSet::new();
    let sentences: Vec<Evidence> = ranked
        .iter()
        .filter(|&&m| seen.insert(articles[units[m].article].outlet))
        .take(MAX_EVIDENCE)
        .map(|&m| {
            let (a, u) = (units[m].article, units[m].unit);
            Evidence::sentence(&articles[a], &readings[a].units[u])
        })
        .collect();
    let best = &units[ranked[0]];
    let lead_bonus = if best.lead { 0.1 } else { 0.0 };
    let importance = (f64::from(best.centrality) + lead_bonus)
        * (1.0 + (outlets.len() as f64).ln())
        * (1.0 + (article_count as f64).ln() / 2.0);
    Fact {
        kind: if sides.len() > 1 { FactKind::Shared } else { FactKind::OneSided },
        text: parallax_summarise::as_shown(readings[best.article].units[best.unit].text).to_owned(),
        sides: sides.into_iter().map(str::to_owned).collect(),
        outlets: outlets.into_iter().map(str::to_owned).collect(),
        articles: article_count,
        importance: (importance * 1000.0).round() / 1000.0,
        sentences,
    }
}
