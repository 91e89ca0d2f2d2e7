//! Topics: stories grouped by the entities at their centre (a siege, then an evacuation,
//! then a surrender — all "Mariupol").
//!
//! The [`Topics`] tracker follows the story clusterer's decisions article by article. A new
//! story is filed under the open topic whose entity profile its first article matches
//! best, or starts a topic. While a story is alone in its topic it is re-checked as it
//! grows (at 2, 4, 8 and 16 articles), with all its articles' entities: a story whose
//! first report named only a street can still find its city's topic. Like the clusterer,
//! it decides the same way for the same stream, and a topic closes after a quiet window.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::clusterer::{Assignment, StoryId};
use crate::features::ArticleFeatures;
use crate::idf::IdfTable;

mod profile;
mod snapshot;

use profile::Profile;

/// Identifies a topic; handed out in order from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(pub u64);

impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "topic-{}", self.0)
    }
}

/// When stories share a topic.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicConfig {
    /// Cosine between IDF-weighted entity profiles (the story's, the topic's) that a story
    /// needs to join a topic.
    pub threshold: f32,
    /// A topic closes when none of its stories has had an article for this long.
    pub quiet_window: TimeDelta,
    /// At most this many topics stay open; beyond it the least recently active closes.
    pub max_open_topics: usize,
    /// Entities kept per topic profile (the heaviest).
    pub max_topic_entities: usize,
    /// Of the cosine, the part that entities other than the single largest shared one must
    /// bring: a story that shares only one name with a topic (one the outlets put in every
    /// story, as "Biden" in American politics) is not of that topic.
    pub beyond_one_entity: f32,
    /// Entities of an article looked up in the index to find candidate topics.
    pub query_entities: usize,
}

impl Default for TopicConfig {
    /// The threshold was set on the demo corpus's gold events (an election count and the
    /// protests after it, a mine collapse and the rescue, a siege, an evacuation and a
    /// surrender) and checked on five months of AllSides roundups: 0.35 kept every demo
    /// event apart but split half of them (topic B-cubed P 1.00, R 0.72); 0.3 joined most
    /// (P 0.92, R 0.78) while AllSides' 403 stories formed 265 topics, the largest a month
    /// of Afghanistan withdrawal coverage; 0.25 added little on the demo and grew a
    /// 31-story "Biden" topic out of unrelated policy stories.
    ///
    /// `beyond_one_entity` was set on AllSides too, once offices ("Minister", "Force") had
    /// stopped counting as names: the one-name joins had grown that "Biden" topic to 116
    /// articles; 0.10, 0.13 and 0.14 cut it to 100, 90 and 61, and 0.15 began to split the
    /// demo's events again (topic B-cubed F1 0.895 → 0.881). ECB+ topics do not move
    /// (0.833 throughout).
    fn default() -> Self {
        TopicConfig {
            threshold: 0.3,
            beyond_one_entity: 0.13,
            quiet_window: TimeDelta::days(14),
            max_open_topics: 5000,
            max_topic_entities: 100,
            query_entities: 10,
        }
    }
}

/// What [`Topics::observe`] decided for one article's story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicAssignment {
    /// The topic the article's story belongs to now.
    pub topic: TopicId,
    /// True when the story started this topic just now.
    pub new_topic: bool,
    /// The topic the story left (its only story, so that topic is gone), when a re-check
    /// moved it.
    pub left: Option<TopicId>,
    /// Topics left without stories because their only story was merged into another.
    pub emptied: Vec<TopicId>,
}

/// Sparse vector: (entity id, weight), sorted by id.
type Sparse = Vec<(u32, f32)>;

struct Topic {
    /// Accumulated entity mass of its articles (each article's unit vector), before IDF.
    entities: Profile,
    stories: BTreeSet<StoryId>,
    last: Option<DateTime<Utc>>,
    last_seq: u64,
}

struct StoryEntry {
    topic: TopicId,
    entities: Profile,
    size: u32,
}

/// Files stories under topics. See the [module documentation](self).
pub struct Topics {
    config: TopicConfig,
    vocabulary: HashMap<String, u32>,
    df: Vec<u32>,
    docs: u64,
    /// Every candidate topic's norm walks its whole profile: IDFs are looked up, not
    /// computed, for all but a few large frequencies.
    idfs: RefCell<IdfTable>,
    next_topic: u64,
    topics: BTreeMap<TopicId, Topic>,
    postings: HashMap<u32, BTreeSet<TopicId>>,
    /// Stories of open topics.
    stories: HashMap<StoryId, StoryEntry>,
    by_time: BTreeSet<(DateTime<Utc>, TopicId)>,
    by_seq: BTreeSet<(u64, TopicId)>,
}

impl Topics {
    /// A tracker with no topics yet.
    pub fn new(config: TopicConfig) -> Self {
        Topics {
            config,
            vocabulary: HashMap::new(),
            df: Vec::new(),
            docs: 0,
            idfs: RefCell::new(IdfTable::new(IDF_MEMO)),
            next_topic: 0,
            topics: BTreeMap::new(),
            postings: HashMap::new(),
            stories: HashMap::new(),
            by_time: BTreeSet::new(),
            by_seq: BTreeSet::new(),
        }
    }

    /// Topics still open.
    pub fn open_topics(&self) -> usize {
        self.topics.len()
    }

    /// Follows one decision of the story clusterer: `assignment` is what
    /// [`Clusterer::add`](crate::Clusterer::add) returned for `article`.
    pub fn observe(
        &mut self,
        assignment: &Assignment,
        article: &ArticleFeatures,
    ) -> TopicAssignment {
        let seq = self.docs;
        self.docs += 1;
        if let Some(now) = article.published() {
            self.close_quiet(now);
        }
        let raw = self.intern(article);
        let mut emptied = Vec::new();
        for &merged in &assignment.merged {
            if let Some(old) = self.stories.remove(&merged) {
                let target = self.stories.get_mut(&assignment.story);
                if let Some(entry) = target {
                    entry.entities.add(old.entities.iter(), |m| m);
                    entry.size += old.size;
                }
                if self.leave(old.topic, merged) {
                    emptied.push(old.topic);
                }
            }
        }

        let story = assignment.story;
        let Some(entry) = self.stories.get_mut(&story) else {
            // A story we have not seen (new, or its topic closed while it went on).
            let weighted = self.weigh(&raw);
            let found = self.best_topic(&weighted, None);
            let (topic, new_topic) = match found {
                Some(t) => (t, false),
                None => (self.open_topic(seq), true),
            };
            let mut entities = Profile::default();
            add_unit(&mut entities, &raw);
            self.stories.insert(story, StoryEntry { topic, entities, size: 1 });
            self.join(topic, story, &raw, article.published(), seq);
            return TopicAssignment { topic, new_topic, left: None, emptied };
        };
        add_unit(&mut entry.entities, &raw);
        entry.size += 1;
        let (topic, size) = (entry.topic, entry.size);
        self.join(topic, story, &raw, article.published(), seq);

        let alone = self.topics.get(&topic).is_some_and(|t| t.stories.len() == 1);
        if alone && matches!(size, 2 | 4 | 8 | 16) {
            let profile: Sparse = self.stories[&story].entities.iter().collect();
            let weighted = self.weigh(&profile);
            if let Some(other) = self.best_topic(&weighted, Some(topic)) {
                let entry = self.stories.get_mut(&story).expect("story is tracked");
                entry.topic = other;
                let mass = entry.entities.clone();
                let closed = self.close(topic);
                let when = closed.and_then(|t| t.last);
                let target = self.topics.get_mut(&other).expect("candidate topics are open");
                let added = target.entities.add(mass.iter(), |m| m);
                target.stories.insert(story);
                self.touch(other, when, seq);
                self.reindex(other, &added);
                return TopicAssignment {
                    topic: other,
                    new_topic: false,
                    left: Some(topic),
                    emptied,
                };
            }
        }
        TopicAssignment { topic, new_topic: false, left: None, emptied }
    }

    /// Raw entity vector of an article (sublinear counts), interning entities by their
    /// [`entity_key`] and counting their document frequency.
    fn intern(&mut self, article: &ArticleFeatures) -> Sparse {
        let mut counts: BTreeMap<u32, f32> = BTreeMap::new();
        for (entity, count) in article.entities() {
            let key = entity_key(entity);
            let id = match self.vocabulary.get(&key) {
                Some(&id) => id,
                None => {
                    let id = self.df.len() as u32;
                    self.vocabulary.insert(key, id);
                    self.df.push(0);
                    id
                }
            };
            *counts.entry(id).or_insert(0.0) += count;
        }
        for &id in counts.keys() {
            self.df[id as usize] += 1;
        }
        counts.into_iter().map(|(id, n)| (id, 1.0 + n.ln())).collect()
    }

    fn idf(&self, id: u32) -> f32 {
        self.idfs.borrow_mut().get(self.df[id as usize], self.docs)
    }

    /// IDF-weighted unit vector.
    fn weigh(&self, raw: &Sparse) -> Sparse {
        let mut v: Sparse = raw.iter().map(|&(id, w)| (id, w * self.idf(id))).collect();
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        v
    }

    /// The best open topic (other than `except`) reaching the threshold; ties to the older.
    fn best_topic(&self, v: &Sparse, except: Option<TopicId>) -> Option<TopicId> {
        let mut top: Vec<&(u32, f32)> = v.iter().collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut candidates = BTreeSet::new();
        for (id, _) in top.into_iter().take(self.config.query_entities) {
            if let Some(list) = self.postings.get(id) {
                candidates.extend(list.iter().copied().filter(|&t| Some(t) != except));
            }
        }
        let mut best: Option<(f32, TopicId)> = None;
        for t in candidates {
            let (score, top) = self.cosine(v, &self.topics[&t].entities);
            let joins =
                score >= self.config.threshold && score - top >= self.config.beyond_one_entity;
            if joins && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, t));
            }
        }
        best.map(|(_, t)| t)
    }

    /// The cosine of `v` with the IDF-weighted `mass`, and the part of it that the single
    /// largest shared entity contributes.
    fn cosine(&self, v: &Sparse, mass: &Profile) -> (f32, f32) {
        let mut table = self.idfs.borrow_mut();
        let mut idf = |id: u32| table.get(self.df[id as usize], self.docs);
        let mut dot = 0.0;
        let mut top = 0.0f32;
        for &(id, w) in v {
            if let Some(m) = mass.get(id) {
                let c = w * m * idf(id);
                dot += c;
                top = top.max(c);
            }
        }
        if dot == 0.0 {
            return (0.0, 0.0);
        }
        let norm: f32 = mass.iter().map(|(id, m)| (m * idf(id)).powi(2)).sum();
        if norm == 0.0 { (0.0, 0.0) } else { (dot / norm.sqrt(), top / norm.sqrt()) }
    }

    fn open_topic(&mut self, seq: u64) -> TopicId {
        let id = TopicId(self.next_topic);
        self.next_topic += 1;
        self.topics.insert(
            id,
            Topic {
                entities: Profile::default(),
                stories: BTreeSet::new(),
                last: None,
                last_seq: seq,
            },
        );
        self.by_seq.insert((seq, id));
        id
    }

    /// Adds an article of `story` to topic `topic`.
    fn join(
        &mut self,
        topic: TopicId,
        story: StoryId,
        raw: &Sparse,
        published: Option<DateTime<Utc>>,
        seq: u64,
    ) {
        let t = self.topics.get_mut(&topic).expect("a tracked story's topic is open");
        let added = add_unit(&mut t.entities, raw);
        t.stories.insert(story);
        self.touch(topic, published, seq);
        self.reindex(topic, &added);
        self.evict_over_capacity();
    }

    /// Records activity: the topic's latest time and its place in the eviction order.
    fn touch(&mut self, id: TopicId, published: Option<DateTime<Utc>>, seq: u64) {
        let t = self.topics.get_mut(&id).expect("topic is open");
        if let Some(last) = t.last {
            self.by_time.remove(&(last, id));
        }
        self.by_seq.remove(&(t.last_seq, id));
        t.last = match (t.last, published) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        t.last_seq = seq;
        if let Some(last) = t.last {
            self.by_time.insert((last, id));
        }
        self.by_seq.insert((seq, id));
    }

    /// Trims a topic's profile to size after `added` entered it, and keeps the postings
    /// in step: every entity of an open topic's profile is posted, so only the ones that
    /// entered and stayed are posted here.
    fn reindex(&mut self, id: TopicId, added: &[u32]) {
        let max = self.config.max_topic_entities;
        let t = self.topics.get(&id).expect("topic is open");
        let mut dropped = Vec::new();
        if t.entities.len() > max {
            let mut ranked: Vec<(u32, f32)> =
                t.entities.iter().map(|(e, m)| (e, m * self.idf(e))).collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            dropped = ranked[max..].iter().map(|&(e, _)| e).collect();
            dropped.sort_unstable();
        }
        let t = self.topics.get_mut(&id).expect("topic is open");
        t.entities.remove_all(&dropped);
        for &e in added {
            if dropped.binary_search(&e).is_err() {
                self.postings.entry(e).or_default().insert(id);
            }
        }
        for e in dropped {
            self.unpost(e, id);
        }
    }

    fn unpost(&mut self, entity: u32, id: TopicId) {
        if let Some(list) = self.postings.get_mut(&entity) {
            list.remove(&id);
            if list.is_empty() {
                self.postings.remove(&entity);
            }
        }
    }

    /// Takes `story` out of `topic`; closes the topic when it has no story left, and says so.
    fn leave(&mut self, topic: TopicId, story: StoryId) -> bool {
        let Some(t) = self.topics.get_mut(&topic) else { return false };
        t.stories.remove(&story);
        if t.stories.is_empty() {
            self.close(topic);
            return true;
        }
        false
    }

    /// Removes a topic, its index entries and its stories' entries.
    fn close(&mut self, id: TopicId) -> Option<Topic> {
        let t = self.topics.remove(&id)?;
        if let Some(last) = t.last {
            self.by_time.remove(&(last, id));
        }
        self.by_seq.remove(&(t.last_seq, id));
        for e in t.entities.ids() {
            self.unpost(e, id);
        }
        for s in &t.stories {
            if self.stories.get(s).is_some_and(|entry| entry.topic == id) {
                self.stories.remove(s);
            }
        }
        Some(t)
    }

    fn close_quiet(&mut self, now: DateTime<Utc>) {
        let Some(cutoff) = now.checked_sub_signed(self.config.quiet_window) else { return };
        while let Some(&(last, id)) = self.by_time.first() {
            if last >= cutoff {
                break;
            }
            self.close(id);
        }
    }

    fn evict_over_capacity(&mut self) {
        while self.topics.len() > self.config.max_open_topics.max(1) {
            let Some(&(_, id)) = self.by_seq.first() else { break };
            self.close(id);
        }
    }
}

/// Letters of each word kept in an entity key.
const KEY_LETTERS: usize = 6;

/// Entity document frequencies below this have their IDF memoised (16 bytes each): nearly
/// all of them, since an entity in more articles than this is rare.
const IDF_MEMO: usize = 1 << 16;

/// What makes two mentions of a name the same entity across languages and inflections: the
/// name in Latin letters without diacritics ("Маріуполь", "Mariupol" → "mariupol"), each
/// word cut to its first [`KEY_LETTERS`] letters, which absorbs case endings and
/// demonyms ("Азовстали", "Azovstal"; "Lavrania", "Lavranian"); a possessive is the name
/// ("Lumenstack's" → "lumens").
fn entity_key(entity: &str) -> String {
    let latin = deunicode::deunicode(entity).to_lowercase();
    let mut key = String::with_capacity(latin.len());
    let mut rest = latin.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        let possessive = rest[..start].ends_with('\'');
        rest = &rest[start..];
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if possessive && word == "s" {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().take(KEY_LETTERS));
    }
    key
}

/// Adds the unit vector of `raw` (sorted by id) to `mass`; answers the entities new to it.
fn add_unit(mass: &mut Profile, raw: &Sparse) -> Vec<u32> {
    let norm = raw.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm == 0.0 {
        return Vec::new();
    }
    mass.add(raw.iter().copied(), |w| w / norm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Clusterer, Config};
    use chrono::TimeZone;

    fn day(d: u32) -> Option<DateTime<Utc>> {
        Some(Utc.with_ymd_and_hms(2024, 3, d, 9, 0, 0).unwrap())
    }

    fn art(title: &str, text: &str, d: u32) -> ArticleFeatures {
        ArticleFeatures::from_parts(Some(title), text, Some("en"), day(d))
    }

    /// Runs both trackers over a stream; returns (story, topic) per article.
    fn run(articles: &[ArticleFeatures]) -> Vec<(StoryId, TopicId)> {
        run_split(articles, None).into_iter().map(|(s, t)| (s, t.topic)).collect()
    }

    /// The same, saving both trackers and restoring them before article `split`.
    pub(super) fn run_split(
        articles: &[ArticleFeatures],
        split: Option<usize>,
    ) -> Vec<(StoryId, TopicAssignment)> {
        let mut clusterer = Clusterer::new(Config::default());
        let mut topics = Topics::new(TopicConfig::default());
        let mut out = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            if Some(i) == split {
                clusterer = Clusterer::restore(Config::default(), &clusterer.snapshot()).unwrap();
                topics = Topics::restore(TopicConfig::default(), &topics.snapshot()).unwrap();
            }
            let s = clusterer.add(a);
            let t = topics.observe(&s, a);
            out.push((s.story, t));
        }
        out
    }

    pub(super) fn stream() -> Vec<ArticleFeatures> {
        vec![
            art(
                "Siege of Veltrava tightens as shelling hits port",
                "Shelling hit the port of Veltrava on Monday as the siege entered its third \
                 week. Governor Anna Brisk said the Drovny Steelworks was surrounded and \
                 that water had run out in the Veltrava old town.",
                1,
            ),
            art(
                "Veltrava port shelled again, governor says",
                "Governor Anna Brisk said the port of Veltrava was shelled again overnight \
                 and that the Drovny Steelworks was cut off from the rest of the city.",
                2,
            ),
            art(
                "Tarnby council approves tram line",
                "Councillors in Tarnby voted to build a tram line linking the harbour to the \
                 university. Mayor Ola Fenn called it a historic day for Tarnby.",
                3,
            ),
            art(
                "Buses carry civilians out of Veltrava",
                "Twelve buses carried civilians out of Veltrava on Saturday under a local \
                 ceasefire, Governor Anna Brisk said. Families sheltering under the Drovny \
                 Steelworks were among the first to leave Veltrava.",
                9,
            ),
            art(
                "Evacuation from Veltrava continues",
                "More civilians left Veltrava on Sunday as the evacuation went on. Anna Brisk \
                 said the Drovny Steelworks still sheltered hundreds of families in Veltrava.",
                10,
            ),
        ]
    }

    #[test]
    fn one_shared_name_does_not_make_a_topic() {
        let mut articles = stream();
        articles.push(art(
            "Veltrava lifts the cup",
            "Veltrava won the cup final with a late goal from a corner kick. The \
             goalkeeper saved a penalty before half-time, and the captain scored twice. \
             Supporters sang for Veltrava until dawn, and the coach praised a young squad \
             that had lost only one league match all season.",
            11,
        ));
        let topic_of_last = |config: TopicConfig| {
            let mut clusterer = Clusterer::new(Config::default());
            let mut topics = Topics::new(config);
            let mut out = Vec::new();
            for a in &articles {
                let s = clusterer.add(a);
                out.push(topics.observe(&s, a).topic);
            }
            (out[4], out[5])
        };
        // The match rests on "Veltrava" alone: without the rule the cup final would join the
        // siege's topic.
        let (siege, cup) = topic_of_last(TopicConfig::default());
        assert_ne!(siege, cup);
        let (siege, cup) =
            topic_of_last(TopicConfig { beyond_one_entity: 0.0, ..TopicConfig::default() });
        assert_eq!(siege, cup);
    }

    #[test]
    fn entity_keys_match_across_scripts_and_inflections() {
        assert_eq!(entity_key("маріуполь"), entity_key("mariupol"));
        assert_eq!(entity_key("азовстали"), entity_key("azovstal"));
        assert_eq!(entity_key("lavranian"), entity_key("lavrania"));
        assert_eq!(entity_key("são paulo"), "sao paulo");
        assert_eq!(entity_key("lumenstack’s"), entity_key("lumenstack"));
        assert_eq!(entity_key("port-vellin's"), "port vellin");
        assert_eq!(entity_key("o'sullivan"), "o sulliv");
        assert_ne!(entity_key("harlow bay"), entity_key("harlow"));
    }

    #[test]
    fn stories_of_one_place_share_a_topic() {
        let out = run(&stream());
        // The siege (0, 1) and the evacuation (3, 4) are separate stories...
        assert_eq!(out[0].0, out[1].0);
        assert_eq!(out[3].0, out[4].0);
        assert_ne!(out[0].0, out[3].0);
        // ...of one topic; the tram line is a topic of its own.
        assert_eq!(out[0].1, out[3].1);
        assert_eq!(out[3].1, out[4].1);
        assert_ne!(out[2].1, out[0].1);
    }

    #[test]
    fn same_stream_same_topics_and_quiet_topics_close() {
        let mut articles = stream();
        assert_eq!(run(&articles), run(&articles));
        // The same siege reported two months later is a new topic: the old one closed.
        articles.push(art(
            "Veltrava siege remembered",
            "Two months after the siege of Veltrava, Governor Anna Brisk visited the Drovny \
             Steelworks and the port of Veltrava.",
            31,
        ));
        let mut later = articles.clone();
        later.last_mut().unwrap().published =
            Some(Utc.with_ymd_and_hms(2024, 5, 20, 9, 0, 0).unwrap());
        let out = run(&later);
        assert_ne!(out[5].1, out[0].1);
    }
}
