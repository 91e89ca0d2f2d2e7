//! A story's places: mentions counted over its articles.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::{Gazetteer, Place};

/// A place and how much a story talks about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceCount {
    /// The place.
    pub place: Place,
    /// Mentions over all texts.
    pub mentions: usize,
    /// Texts that mention it at least once.
    pub articles: usize,
}

/// The places a story's texts mention, heaviest first: by the number of texts naming the
/// place (what many outlets report outweighs what one repeats), then by mentions, then by
/// name so equal weights come out in a stable order.
pub fn story_places<'t>(
    gazetteer: &Gazetteer,
    texts: impl IntoIterator<Item = &'t str>,
) -> Vec<PlaceCount> {
    let mut counts: HashMap<String, PlaceCount> = HashMap::new();
    for text in texts {
        let mut seen_here: HashSet<String> = HashSet::new();
        let mentions = gazetteer.find_in(text);
        for mention in &mentions {
            let count = counts.entry(mention.place.id.clone()).or_insert_with(|| PlaceCount {
                place: mention.place.clone(),
                mentions: 0,
                articles: 0,
            });
            count.mentions += 1;
            if seen_here.insert(mention.place.id.clone()) {
                count.articles += 1;
            }
        }
    }
    let mut places: Vec<PlaceCount> = counts.into_values().collect();
    places.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(b.mentions.cmp(&a.mentions))
            .then_with(|| a.place.name.cmp(&b.place.name))
            .then_with(|| a.place.id.cmp(&b.place.id))
    });
    places
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_mention_and_per_article_and_ranked() {
        let texts = [
            "Shelling hit Mariupol. Mariupol has no water, Kyiv said.",
            "Evacuees left Mariupol for Zaporizhzhia.",
            "Kyiv asked for help; Mariupol waits.",
            "",
        ];
        let places = story_places(Gazetteer::embedded(), texts);
        let summary: Vec<(&str, usize, usize)> =
            places.iter().map(|p| (p.place.name.as_str(), p.mentions, p.articles)).collect();
        assert_eq!(summary, [("Mariupol", 4, 3), ("Kyiv", 2, 2), ("Zaporizhzhya", 1, 1)]);
    }

    #[test]
    fn no_text_no_places() {
        assert!(story_places(Gazetteer::embedded(), []).is_empty());
        assert!(story_places(Gazetteer::embedded(), ["nothing here", "   "]).is_empty());
    }
}
