//! Labels and headlines of the stories and topics a clustering pass touched, chosen anew
//! and stored.
//!
//! A heading is a summary of up to [`HEADING_SOURCES`] articles, and the pass makes one
//! for every story and topic it touched, so the work is a pipeline: this thread does the
//! store's reads and writes (the store is not shared between threads) while the pool
//! tokenises the groups already read (once: the stems found are those whose document
//! frequencies this thread then reads) and chooses their headings.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;

use parallax_store::{Members, Store, StoreError};
use parallax_summarise::{Background, Config, Length, Tokenised};

use crate::pages::sources;

/// Sentences per article that decide a label and headline (the lead states the event).
const HEADING_SENTENCES: usize = 3;

/// Articles a label and headline are chosen from at most (evenly spaced): the central name
/// and the most representative title show in a few dozen reports.
const HEADING_SOURCES: usize = 50;

/// Stories or topics handed to the pool as one task.
const GROUP: usize = 64;

/// Groups read but not yet stored: enough to keep the pool busy while this thread reads
/// the next, few enough that what they are chosen from stays small in memory.
const IN_FLIGHT: usize = 4;

/// Whose label and headline.
#[derive(Clone, Copy, Debug)]
enum Headed {
    Story,
    Topic,
}

/// Chooses and stores the label and headline of every story and topic of `stories` and
/// `topics` (one with no article keeps what it has).
///
/// Stories go first: a topic whose articles all belong to one story has that story's
/// articles exactly, so it takes the heading just chosen for the story instead of choosing
/// it again (most topics hold a single story).
pub(crate) fn refresh_headings(
    store: &mut Store,
    stories: &[u64],
    topics: &[u64],
) -> Result<(), StoreError> {
    let mut of_stories = HashMap::new();
    choose_and_store(store, Headed::Story, stories, &mut of_stories)?;
    choose_and_store(store, Headed::Topic, topics, &mut of_stories)
}

/// Chooses and stores the headings of `ids`, in groups handed to the pool. For stories,
/// `of_stories` gains each heading chosen; for topics, it is where a single-story topic
/// takes its heading from.
fn choose_and_store(
    store: &mut Store,
    of: Headed,
    ids: &[u64],
    of_stories: &mut HashMap<u64, Heading>,
) -> Result<(), StoreError> {
    let mut groups = ids.chunks(GROUP);
    rayon::in_place_scope(|scope| {
        let (sender, ready) = mpsc::channel::<Ready>();
        let run = |work: Box<dyn FnOnce() -> Ready + Send>| {
            let sender = sender.clone();
            scope.spawn(move |_| {
                // A panic is handed back, so that this thread does not wait for ever.
                let done = panic::catch_unwind(AssertUnwindSafe(work));
                drop(sender.send(done.unwrap_or_else(Ready::Panicked)));
            });
        };
        let mut in_flight = 0;
        loop {
            if in_flight < IN_FLIGHT
                && let Some(ids) = groups.next()
            {
                let (group, known) = Group::read(store, of, ids, of_stories)?;
                store_headings(store, of, &known)?;
                // A group answered whole from its stories has nothing left to choose.
                if !group.members.is_empty() {
                    run(Box::new(move || Ready::Gathered(group.gather())));
                    in_flight += 1;
                }
                continue;
            }
            if in_flight == 0 {
                return Ok(());
            }
            match ready.recv().expect("this thread holds a sender") {
                Ready::Gathered(gathered) => {
                    let stems = gathered.read.iter().flat_map(Tokenised::stems);
                    let (documents, docs) = store.term_documents(stems)?;
                    let background = Background::from_counts(documents, docs);
                    run(Box::new(move || gathered.choose(&background)));
                }
                Ready::Chosen(chosen) => {
                    store_headings(store, of, &chosen)?;
                    if let Headed::Story = of {
                        of_stories.extend(chosen);
                    }
                    in_flight -= 1;
                }
                Ready::Panicked(payload) => panic::resume_unwind(payload),
            }
        }
    })
}

fn store_headings(
    store: &mut Store,
    of: Headed,
    chosen: &[(u64, Heading)],
) -> Result<(), StoreError> {
    let pages: Vec<(u64, &str, &str)> =
        chosen.iter().map(|(id, h)| (*id, h.label.as_str(), h.headline.as_str())).collect();
    match of {
        Headed::Story => store.set_story_pages(&pages),
        Headed::Topic => store.set_topic_pages(&pages),
    }
}

/// What a pool task hands back.
enum Ready {
    Gathered(Gathered),
    Chosen(Vec<(u64, Heading)>),
    Panicked(Box<dyn std::any::Any + Send>),
}

#[derive(Clone)]
struct Heading {
    label: String,
    headline: String,
}

/// Stories or topics with their members, as read from the store.
struct Group {
    members: Vec<(u64, Members)>,
}

/// A group with each member set's text read.
struct Gathered {
    group: Group,
    read: Vec<Tokenised>,
}

impl Group {
    /// Reads the members of `ids`; topics whose articles are exactly those of a story in
    /// `of_stories` are answered from it, unread, and returned apart.
    fn read(
        store: &Store,
        of: Headed,
        ids: &[u64],
        of_stories: &HashMap<u64, Heading>,
    ) -> Result<(Group, Vec<(u64, Heading)>), StoreError> {
        match of {
            Headed::Story => {
                let found =
                    store.story_members_of(ids, Some(HEADING_SENTENCES), HEADING_SOURCES)?;
                Ok((Group::of(ids, found), Vec::new()))
            }
            Headed::Topic => {
                let single = store.single_story_topics(ids)?;
                let (mut unread, mut known) = (Vec::new(), Vec::new());
                for &id in ids {
                    match single.get(&id).and_then(|story| of_stories.get(story)) {
                        Some(heading) => known.push((id, heading.clone())),
                        None => unread.push(id),
                    }
                }
                let found =
                    store.topic_members_of(&unread, Some(HEADING_SENTENCES), HEADING_SOURCES)?;
                Ok((Group::of(&unread, found), known))
            }
        }
    }

    /// The sets of members read for `ids` (one with no article keeps what it has).
    fn of(ids: &[u64], found: Vec<Members>) -> Group {
        let members = ids
            .iter()
            .zip(found)
            .filter(|(_, found)| !found.all.is_empty())
            .map(|(&id, found)| (id, found))
            .collect();
        Group { members }
    }

    fn gather(self) -> Gathered {
        let config = Config::default();
        let read = self
            .members
            .iter()
            .map(|(_, members)| Tokenised::new(&sources(&members.sample()), &config))
            .collect();
        Gathered { group: self, read }
    }
}

impl Gathered {
    /// `background`: the store's document frequencies of the group's stems (each page asks
    /// it about its own stems only).
    fn choose(self, background: &Background) -> Ready {
        let config = Config::default();
        let chosen = self
            .group
            .members
            .iter()
            .zip(self.read)
            .map(|((id, members), read)| {
                let sample = members.sample();
                // One key sentence stands in for the headline when no article has a title.
                let page = read.page(&sources(&sample), Length::Sentences(1), background, &config);
                (*id, Heading { label: page.label, headline: page.headline })
            })
            .collect();
        Ready::Chosen(chosen)
    }
}
