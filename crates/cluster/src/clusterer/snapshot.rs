//! Saving a clusterer's whole state to bytes and restoring it, so that a stream can be
//! clustered across restarts with the same decisions as in one go.
//!
//! Layout: the magic `PXCL`, the format version (u32, little-endian), the state encoded with
//! `postcard` (integers as varints; term ids of each sparse vector as gaps from the previous
//! id, so most take one byte; weights as the exact `f32` bits), and an XXH3-64 checksum of
//! everything before it (u64, little-endian). The inverted index and the time orderings
//! are not stored: they follow from the stories and are rebuilt on restore.

use std::collections::{BTreeMap, VecDeque};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::framing::{open, seal};

use super::{Clusterer, Config, Norms, Sparse, Story, StoryId, Terms};

const MAGIC: &[u8; 4] = b"PXCL";
/// The format written by [`Clusterer::snapshot`]; [`Clusterer::restore`] reads only this.
/// Version 2 added the stories' cached norms.
const VERSION: u32 = 3;

/// Why [`Clusterer::restore`] refused a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Fewer bytes than the smallest possible snapshot.
    #[error("clusterer snapshot truncated: {len} bytes")]
    Truncated {
        /// Bytes given.
        len: usize,
    },
    /// The bytes do not start with the snapshot magic.
    #[error("not a clusterer snapshot")]
    NotASnapshot,
    /// Written by a version of this crate whose format this one does not read.
    #[error(
        "clusterer snapshot format version {found} is not supported (this build reads {supported})"
    )]
    UnsupportedVersion {
        /// The version in the snapshot.
        found: u32,
        /// The version this build reads and writes.
        supported: u32,
    },
    /// The checksum does not match: the snapshot was truncated or altered.
    #[error("clusterer snapshot is corrupt or truncated (checksum mismatch)")]
    Checksum,
    /// The checksum matched but the content does not decode to a consistent state.
    #[error("clusterer snapshot is malformed: {0}")]
    Malformed(String),
}

/// A sparse vector on the wire: ids as gaps from the previous id (the first from 0).
#[derive(Serialize, Deserialize)]
struct WireSparse {
    gaps: Vec<u32>,
    weights: Vec<f32>,
}

/// Counts per id on the wire, ids as gaps.
#[derive(Serialize, Deserialize)]
struct WireCounts {
    gaps: Vec<u32>,
    counts: Vec<u32>,
}

/// A moment as seconds and nanoseconds since the Unix epoch.
type WireTime = (i64, u32);

#[derive(Serialize, Deserialize)]
struct WireStory {
    id: u64,
    text: WireSparse,
    title: WireSparse,
    entities: WireSparse,
    numbers: WireSparse,
    entity_docs: WireCounts,
    years: WireCounts,
    salient_docs: WireCounts,
    members: Vec<WireSparse>,
    first: Option<WireTime>,
    last: Option<WireTime>,
    last_seq: u64,
    size: u32,
    norms: Option<Norms>,
}

#[derive(Serialize, Deserialize)]
struct WireState {
    docs: u64,
    next_story: u64,
    /// Term strings by id; an empty string marks an unused id.
    terms: Vec<String>,
    df: Vec<u32>,
    /// Per term, articles since it was last seen (`docs - 1 - last_seen`).
    age: Vec<u64>,
    stories: Vec<WireStory>,
}

impl Clusterer {
    /// The whole state (vocabulary, document frequencies, open stories) as bytes, for
    /// [`Clusterer::restore`]. The configuration is not included.
    pub fn snapshot(&self) -> Vec<u8> {
        let docs = self.terms.docs;
        let newest = docs.saturating_sub(1);
        let (mut terms, mut df, mut age) = (Vec::new(), Vec::new(), Vec::new());
        for (name, n, last_seen) in self.terms.export() {
            terms.push(name.to_string());
            df.push(n);
            age.push(newest.saturating_sub(last_seen));
        }
        let state = WireState {
            docs,
            next_story: self.next_story,
            terms,
            df,
            age,
            stories: self.stories.iter().map(|(&id, story)| wire_story(id, story)).collect(),
        };
        seal(MAGIC, VERSION, &state)
    }

    /// A clusterer in the state saved by [`Clusterer::snapshot`], with `config` (normally
    /// the one it ran with). Fed the rest of a stream, it decides exactly as the clusterer
    /// that wrote the snapshot would have.
    ///
    /// # Errors
    ///
    /// A [`SnapshotError`] when the bytes are not a snapshot, come from an unsupported
    /// format version, or are truncated or corrupt; never panics on bad input.
    pub fn restore(config: Config, bytes: &[u8]) -> Result<Clusterer, SnapshotError> {
        let state: WireState = open(MAGIC, VERSION, bytes)?;
        from_wire(config, state)
    }
}

fn malformed(message: impl Into<String>) -> SnapshotError {
    SnapshotError::Malformed(message.into())
}

fn wire_sparse(v: &Sparse) -> WireSparse {
    let mut prev = 0;
    let (mut gaps, mut weights) = (Vec::with_capacity(v.len()), Vec::with_capacity(v.len()));
    for &(id, w) in v {
        gaps.push(id - prev);
        weights.push(w);
        prev = id;
    }
    WireSparse { gaps, weights }
}

fn wire_counts(v: &BTreeMap<u32, u32>) -> WireCounts {
    let mut prev = 0;
    let (mut gaps, mut counts) = (Vec::new(), Vec::new());
    for (&id, &n) in v {
        gaps.push(id - prev);
        counts.push(n);
        prev = id;
    }
    WireCounts { gaps, counts }
}

fn wire_time(t: Option<DateTime<Utc>>) -> Option<WireTime> {
    t.map(|t| (t.timestamp(), t.timestamp_subsec_nanos()))
}

fn wire_story(id: StoryId, s: &Story) -> WireStory {
    WireStory {
        id: id.0,
        text: wire_sparse(&s.text),
        title: wire_sparse(&s.title),
        entities: wire_sparse(&s.entities),
        numbers: wire_sparse(&s.numbers),
        entity_docs: wire_counts(&s.entity_docs),
        years: wire_counts(&s.years),
        salient_docs: wire_counts(&s.salient_docs),
        members: s.members.iter().map(wire_sparse).collect(),
        first: wire_time(s.first),
        last: wire_time(s.last),
        last_seq: s.last_seq,
        size: s.size,
        norms: s.norms.clone(),
    }
}

/// Checks term ids against the vocabulary while decoding.
struct Decoder<'a> {
    terms: &'a Terms,
}

impl Decoder<'_> {
    /// Absolute ids from gaps: strictly increasing, each a term in use.
    fn ids(&self, gaps: &[u32]) -> Result<Vec<u32>, SnapshotError> {
        let mut out = Vec::with_capacity(gaps.len());
        let mut prev: Option<u32> = None;
        for &gap in gaps {
            let id = match prev {
                None => gap,
                Some(p) if gap > 0 => {
                    p.checked_add(gap).ok_or_else(|| malformed("term id overflows"))?
                }
                Some(_) => return Err(malformed("term ids not strictly increasing")),
            };
            if !self.terms.in_use(id) {
                return Err(malformed(format!("unknown term id {id}")));
            }
            out.push(id);
            prev = Some(id);
        }
        Ok(out)
    }

    fn sparse(&self, v: WireSparse) -> Result<Sparse, SnapshotError> {
        if v.gaps.len() != v.weights.len() {
            return Err(malformed("sparse vector lengths differ"));
        }
        Ok(self.ids(&v.gaps)?.into_iter().zip(v.weights).collect())
    }

    fn counts(&self, v: WireCounts) -> Result<BTreeMap<u32, u32>, SnapshotError> {
        if v.gaps.len() != v.counts.len() {
            return Err(malformed("count vector lengths differ"));
        }
        Ok(self.ids(&v.gaps)?.into_iter().zip(v.counts).collect())
    }
}

fn time(t: Option<WireTime>) -> Result<Option<DateTime<Utc>>, SnapshotError> {
    match t {
        None => Ok(None),
        Some((secs, nanos)) => DateTime::from_timestamp(secs, nanos)
            .map(Some)
            .ok_or_else(|| malformed("time out of range")),
    }
}

fn from_wire(config: Config, state: WireState) -> Result<Clusterer, SnapshotError> {
    let n = state.terms.len();
    if state.df.len() != n || state.age.len() != n {
        return Err(malformed("vocabulary lengths differ"));
    }
    if u32::try_from(n).is_err() {
        return Err(malformed("vocabulary too large"));
    }
    let newest = state.docs.saturating_sub(1);
    let entries = state
        .terms
        .into_iter()
        .zip(state.df)
        .zip(state.age)
        .map(|((name, df), age)| (name, df, newest.saturating_sub(age)));
    let terms =
        Terms::import(entries, state.docs).ok_or_else(|| malformed("a term appears twice"))?;
    let mut clusterer = Clusterer::new(config);
    clusterer.terms = terms;
    clusterer.next_story = state.next_story;
    let decoder = Decoder { terms: &clusterer.terms };
    let mut prev: Option<u64> = None;
    for w in state.stories {
        if prev.is_some_and(|p| w.id <= p) || w.id >= state.next_story {
            return Err(malformed(format!("story id {} out of order or range", w.id)));
        }
        prev = Some(w.id);
        let id = StoryId(w.id);
        let mut members: VecDeque<Sparse> =
            w.members.into_iter().map(|m| decoder.sparse(m)).collect::<Result<_, _>>()?;
        let mut norms = match w.norms {
            Some(n) if n.at > state.docs || n.members.len() != members.len() => {
                return Err(malformed("story norms do not fit the story"));
            }
            n => n,
        };
        if members.len() > clusterer.config.max_members {
            // Restored with a smaller member count than it ran with.
            norms = None;
            while members.len() > clusterer.config.max_members {
                members.pop_front();
            }
        }
        let story = Story {
            text: decoder.sparse(w.text)?,
            title: decoder.sparse(w.title)?,
            entities: decoder.sparse(w.entities)?,
            numbers: decoder.sparse(w.numbers)?,
            entity_docs: decoder.counts(w.entity_docs)?,
            years: decoder.counts(w.years)?,
            salient_docs: decoder.counts(w.salient_docs)?,
            members,
            first: time(w.first)?,
            last: time(w.last)?,
            last_seq: w.last_seq,
            size: w.size,
            norms,
        };
        if story.first.is_some() != story.last.is_some() {
            return Err(malformed("story with only one of its first and last times"));
        }
        for &(term, _) in &story.text {
            clusterer.postings.entry(term).or_default().push(id);
        }
        clusterer.by_seq.insert((story.last_seq, id));
        if let (Some(first), Some(last)) = (story.first, story.last) {
            clusterer.by_time.insert((last, id));
            clusterer.by_first.insert((first, id));
        }
        clusterer.stories.insert(id, story);
    }
    Ok(clusterer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArticleFeatures, Assignment, TimeDelta};
    use chrono::TimeZone;
    use xxhash_rust::xxh3::xxh3_64;

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    const PLACES: &[&str] = &[
        "Tarnby",
        "Oskarby",
        "Halvard",
        "Brenna",
        "Kessel",
        "Lindqvist",
        "Marsh",
        "Aalst",
        "Varga",
        "Ilse",
        "Pieter",
        "Mira",
        "Dresden",
        "Elbe",
        "Okafor",
        "Ruth",
        "Ames",
    ];
    const EVENTS: &[&str] = &[
        "flood",
        "strike",
        "election",
        "fire",
        "trial",
        "merger",
        "storm",
        "protest",
        "crash",
        "summit",
        "outbreak",
        "drought",
        "verdict",
        "rescue",
        "blackout",
        "landslide",
    ];
    const FILLER: &[&str] = &[
        "officials",
        "said",
        "residents",
        "week",
        "police",
        "council",
        "report",
        "city",
        "government",
        "people",
        "according",
        "statement",
        "local",
        "minister",
        "news",
        "agency",
        "morning",
        "hundreds",
        "region",
        "emergency",
        "crews",
        "court",
        "market",
    ];

    /// Articles about a rotating set of events over two months: stories open, grow, close
    /// after the quiet window or the maximum span, and some are reported in two phrasings
    /// that only later articles bridge.
    fn stream(n: usize, seed: u64) -> Vec<ArticleFeatures> {
        let mut rng = Rng(seed);
        let start = Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap();
        (0..n)
            .map(|i| {
                let hours = (i as i64 * 60 * 24 * 60) / n as i64; // two months, in minutes
                let published = start + TimeDelta::minutes(hours);
                // The event of the day, a few days each, with neighbours overlapping.
                let slot = (hours / (60 * 24 * 3)) as usize + (rng.next() % 3) as usize;
                let event = EVENTS[slot % EVENTS.len()];
                let place = PLACES[slot % PLACES.len()];
                let other = PLACES[(slot * 7 + 3) % PLACES.len()];
                let side = rng.next() % 3;
                let mut text = String::new();
                let title = match side {
                    0 => format!("{event} hits {place}"),
                    1 => format!("{other} officials respond to {event}"),
                    _ => format!("{event} in {place} and {other}"),
                };
                for s in 0..4 {
                    text.push_str(&format!(
                        "The {event} in {place} {} {} {} {} {} on day {}. ",
                        rng.pick(FILLER),
                        rng.pick(FILLER),
                        if side == 1 { other } else { place },
                        rng.pick(FILLER),
                        rng.pick(FILLER),
                        slot + s
                    ));
                }
                if i % 17 == 0 {
                    // Undated articles now and then.
                    ArticleFeatures::from_parts(Some(&title), &text, Some("en"), None)
                } else {
                    ArticleFeatures::from_parts(Some(&title), &text, Some("en"), Some(published))
                }
            })
            .collect()
    }

    fn run(config: &Config, articles: &[ArticleFeatures], split: Option<usize>) -> Vec<Assignment> {
        run_open(config, articles, split).0
    }

    /// The assignments and the stories still open at the end.
    fn run_open(
        config: &Config,
        articles: &[ArticleFeatures],
        split: Option<usize>,
    ) -> (Vec<Assignment>, usize) {
        let mut c = Clusterer::new(config.clone());
        let mut out = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            if split == Some(i) {
                let bytes = c.snapshot();
                c = Clusterer::restore(config.clone(), &bytes).unwrap();
                assert_eq!(c.snapshot(), bytes, "restoring and saving again changes nothing");
            }
            out.push(c.add(a));
        }
        (out, c.open_stories())
    }

    #[test]
    fn a_stream_split_by_snapshot_and_restore_decides_the_same() {
        let articles = stream(400, 0x9E37_79B9_7F4A_7C15);
        let merging = Config {
            threshold: 1.0,
            merge_threshold: Some(0.8),
            max_story_terms: 40,
            max_members: 2,
            max_open_stories: 12,
            ..Config::default()
        };
        for config in [Config::default(), merging] {
            let (whole, open) = run_open(&config, &articles, None);
            let merges = whole.iter().filter(|a| !a.merged.is_empty()).count();
            let stories = whole.iter().filter(|a| a.new_story).count();
            let joins = whole.len() - stories;
            assert!(stories > 10 && joins > 50, "{stories} stories, {joins} joins");
            assert!(open + 10 < stories, "stories should close on the way: {open} open");
            if config.merge_threshold.is_some() {
                assert!(merges > 0, "the stream should exercise merges");
            }
            for split in [0, 1, 2, 17, 50, 133, 200, 257, 399, 400] {
                assert_eq!(run(&config, &articles, Some(split)), whole, "split at {split}");
            }
        }
    }

    /// Past [`EXACT_UNTIL`](super::super::EXACT_UNTIL) articles, story norms are reused for
    /// a while: the snapshot must carry them for the restored clusterer to decide the same.
    #[test]
    fn a_long_stream_split_decides_the_same() {
        let articles = stream(4700, 0x2545_F491_4F6C_DD1D);
        let config = Config { max_story_terms: 60, ..Config::default() };
        let whole = run(&config, &articles, None);
        for split in [4200, 4500] {
            assert_eq!(run(&config, &articles, Some(split)), whole, "split at {split}");
        }
    }

    /// A member gate of 0 never rules a story out but turns off the bound that skips
    /// member comparisons: the decisions must be the same either way.
    #[test]
    fn skipping_hopeless_member_comparisons_changes_nothing() {
        let articles = stream(400, 99);
        let merging = Config { threshold: 1.0, merge_threshold: Some(0.8), ..Config::default() };
        for config in [Config::default(), merging] {
            let gated = Config { member_threshold: Some(0.0), ..config.clone() };
            assert_eq!(run(&config, &articles, None), run(&gated, &articles, None));
        }
    }

    #[test]
    fn stories_closed_before_the_snapshot_stay_closed() {
        let config = Config::default();
        let articles = stream(300, 7);
        let mut c = Clusterer::new(config.clone());
        let first: Vec<Assignment> = articles[..250].iter().map(|a| c.add(a)).collect();
        let open = c.open_stories();
        assert!(open < first.iter().filter(|a| a.new_story).count(), "some stories closed");
        let restored = Clusterer::restore(config, &c.snapshot()).unwrap();
        assert_eq!(restored.open_stories(), open);
        assert_eq!(restored.index_size(), c.index_size());
    }

    fn filled() -> Vec<u8> {
        let config = Config::default();
        let mut c = Clusterer::new(config);
        for a in stream(120, 3) {
            c.add(&a);
        }
        c.snapshot()
    }

    #[test]
    fn bad_bytes_are_refused_without_panicking() {
        let good = filled();
        let restore = |b: &[u8]| Clusterer::restore(Config::default(), b);
        assert!(restore(&good).is_ok());
        assert!(matches!(restore(&[]), Err(SnapshotError::Truncated { len: 0 })));
        assert!(matches!(restore(b"PXCL"), Err(SnapshotError::Truncated { .. })));
        assert!(matches!(restore(b"hello, this is not it"), Err(SnapshotError::NotASnapshot)));
        // Every truncation.
        for len in 0..good.len() {
            assert!(restore(&good[..len]).is_err(), "truncated to {len}");
        }
        // Extra bytes.
        let mut longer = good.clone();
        longer.push(0);
        assert!(restore(&longer).is_err());
        // Single flipped bits all over.
        for i in (0..good.len()).step_by(7) {
            let mut bad = good.clone();
            bad[i] ^= 1 << (i % 8);
            assert!(restore(&bad).is_err(), "bit flipped at {i}");
        }
        // Another version.
        let mut other = good.clone();
        other[4..8].copy_from_slice(&1u32.to_le_bytes());
        let err = restore(&other).err().unwrap();
        assert_eq!(err, SnapshotError::UnsupportedVersion { found: 1, supported: VERSION });
        assert!(err.to_string().contains("version 1"));
        let _: &dyn std::error::Error = &err;
        // Garbage with a valid header and checksum must still be refused, not trusted.
        let mut rng = Rng(11);
        for len in [0usize, 1, 5, 40, 300, 5000] {
            let mut forged = Vec::from(&MAGIC[..]);
            forged.extend_from_slice(&VERSION.to_le_bytes());
            forged.extend((0..len).map(|_| rng.next() as u8));
            let sum = xxh3_64(&forged);
            forged.extend_from_slice(&sum.to_le_bytes());
            assert!(restore(&forged).is_err(), "forged {len}");
        }
    }

    #[test]
    fn forged_states_with_bad_ids_are_refused() {
        let encode = |state: &WireState| {
            let mut out = Vec::from(&MAGIC[..]);
            out.extend_from_slice(&VERSION.to_le_bytes());
            let mut out = postcard::to_extend(state, out).unwrap();
            let sum = xxh3_64(&out);
            out.extend_from_slice(&sum.to_le_bytes());
            out
        };
        let story = |gaps: Vec<u32>| WireStory {
            id: 0,
            text: WireSparse { weights: vec![1.0; gaps.len()], gaps },
            title: WireSparse { gaps: vec![], weights: vec![] },
            entities: WireSparse { gaps: vec![], weights: vec![] },
            numbers: WireSparse { gaps: vec![], weights: vec![] },
            entity_docs: WireCounts { gaps: vec![], counts: vec![] },
            years: WireCounts { gaps: vec![], counts: vec![] },
            salient_docs: WireCounts { gaps: vec![], counts: vec![] },
            members: vec![],
            first: None,
            last: None,
            last_seq: 0,
            size: 1,
            norms: None,
        };
        let state = |stories: Vec<WireStory>| WireState {
            docs: 1,
            next_story: 1,
            terms: vec!["flood".into(), "dam".into()],
            df: vec![1, 1],
            age: vec![0, 0],
            stories,
        };
        let restore = |s: &WireState| Clusterer::restore(Config::default(), &encode(s));
        assert!(restore(&state(vec![story(vec![0, 1])])).is_ok());
        for gaps in [vec![2], vec![0, 0], vec![1, u32::MAX]] {
            assert!(
                matches!(
                    restore(&state(vec![story(gaps.clone())])),
                    Err(SnapshotError::Malformed(_))
                ),
                "{gaps:?}"
            );
        }
        let mut twice = state(vec![]);
        twice.terms[1] = "flood".into();
        assert!(matches!(restore(&twice), Err(SnapshotError::Malformed(_))));
        let mut short = state(vec![]);
        short.df.pop();
        assert!(matches!(restore(&short), Err(SnapshotError::Malformed(_))));
    }
}
