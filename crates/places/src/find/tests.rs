use crate::{Gazetteer, PlaceKind};

/// (name as written, place id) of every mention.
fn found(text: &str) -> Vec<(String, String)> {
    Gazetteer::embedded().find_in(text).into_iter().map(|m| (m.written, m.place.id)).collect()
}

fn ids(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(_, id)| id).collect()
}

const MARIUPOL: &str = "geonames:701822";
const KYIV: &str = "geonames:703448";
const KHARKIV: &str = "geonames:706483";
const ODESA: &str = "geonames:698740";

#[test]
fn the_embedded_gazetteer_holds_countries_cities_and_regions() {
    let g = Gazetteer::embedded();
    assert!(g.len() > 6_000, "{} places", g.len());
    let ukraine = g.place("country:UA").expect("Ukraine");
    assert_eq!((ukraine.kind, ukraine.country.as_deref()), (PlaceKind::Country, Some("UA")));
    assert!((44.0..53.0).contains(&ukraine.lat) && (22.0..41.0).contains(&ukraine.lon));
    assert_eq!(g.place(MARIUPOL).map(|p| p.name.as_str()), Some("Mariupol"));
    assert_eq!(g.place("region:donbas").map(|p| p.kind), Some(PlaceKind::Region));
    let georgias: Vec<&str> = g.lookup("Georgia").iter().map(|p| p.id.as_str()).collect();
    assert_eq!(georgias, ["country:GE", "region:US-GA"]);
    assert!(g.lookup("Ukrainian").is_empty(), "demonyms are not places");
    assert!(std::ptr::eq(g, Gazetteer::embedded()), "built once");
}

#[test]
fn names_in_latin_and_cyrillic_spellings_resolve_to_one_place() {
    let text = "Маріуполь і Київ; Мариуполь и Киев; Kiev, Kyiv, Kharkov, Kharkiv, Odessa, Odesa.";
    assert_eq!(
        ids(text),
        [MARIUPOL, KYIV, MARIUPOL, KYIV, KYIV, KYIV, KHARKIV, KHARKIV, ODESA, ODESA]
    );
}

#[test]
fn spans_count_characters_not_bytes() {
    let text = "«Обстріл» — Маріуполь, 24 лютого; then Kyiv.";
    let mentions = Gazetteer::embedded().find_in(text);
    assert_eq!(mentions.len(), 2);
    assert_eq!((mentions[0].span.start, mentions[0].span.end), (12, 21));
    for m in &mentions {
        assert_eq!(m.span.text(text), m.written);
    }
}

#[test]
fn the_longest_name_wins() {
    assert_eq!(
        found("Strikes on the Gaza Strip; Gaza City; New York State and New York."),
        [
            ("Gaza Strip".to_string(), "region:gaza-strip".to_string()),
            ("Gaza City".to_string(), "geonames:281133".to_string()),
            ("New York State".to_string(), "region:US-NY".to_string()),
            ("New York".to_string(), "geonames:5128581".to_string()),
        ]
    );
}

#[test]
fn names_inside_longer_words_do_not_count() {
    assert!(ids("Parisian cafés and Omanis and Kyivstar subscribers.").is_empty());
    assert_eq!(ids("Romania and Oman"), ["country:RO", "country:OM"]);
}

#[test]
fn georgia_is_the_country_or_the_state_by_what_else_the_text_names() {
    assert_eq!(
        ids("Protests in Georgia grew, police in Tbilisi said."),
        ["country:GE", "geonames:611717"]
    );
    assert_eq!(ids("Voters in Georgia queued in Atlanta.")[0], "region:US-GA");
    assert_eq!(ids("Georgia and Russia fought in 2008."), ["country:GE", "country:RU"]);
    // With nothing else to go by, a country outranks a state of the same name.
    assert_eq!(ids("Georgia will vote."), ["country:GE"]);
}

#[test]
fn a_name_after_a_comma_says_which_place_is_meant() {
    let places = ids("Alexandria, Virginia, is not Alexandria in Egypt.");
    assert_eq!(places, ["geonames:4744091", "region:US-VA", "geonames:361058", "country:EG"]);
}

#[test]
fn turkey_the_bird_is_not_turkey_the_country() {
    assert!(ids("We ate turkey. The turkey was dry.").is_empty(), "lower case never matches");
    assert!(ids("Turkey prices rose before Thanksgiving.").is_empty(), "opening a sentence");
    assert_eq!(ids("Exports from Turkey fell."), ["country:TR"]);
    // Once the text names the country plainly, the sentence-opening mention counts too.
    assert_eq!(ids("Exports from Turkey fell. Turkey disputes it."), ["country:TR"; 2]);
    assert_eq!(ids("Turkey and Syria signed a deal."), ["country:TR", "country:SY"]);
}

#[test]
fn jordan_and_chad_next_to_another_capitalised_word_are_people() {
    assert!(ids("Michael Jordan scored 30 points.").is_empty());
    assert!(ids("Jordan Henderson signed for another club.").is_empty(), "nor the surname");
    assert_eq!(ids("King Abdullah of Jordan met officials."), ["country:JO"]);
    assert_eq!(ids("Jordan's king met officials in Amman.")[0], "country:JO");
    assert_eq!(ids("In Jordan, refugees wait."), ["country:JO"]);
    assert!(ids("Chad Smith played drums.").is_empty());
    assert_eq!(ids("Chad Smith played drums. Chad borders Sudan."), ["country:TD", "country:SD"]);
    assert_eq!(ids("Fighting spread to Chad."), ["country:TD"]);
    assert!(ids("Chad said nothing.").is_empty(), "a chad opening a sentence needs context");
}

#[test]
fn common_word_city_names_need_their_country() {
    assert!(ids("Nice work. Reading is fun. Mobile phones. Split decision. Bath time.").is_empty());
    assert!(ids("It was a Nice day, a Mobile world.").is_empty());
    assert_eq!(ids("A truck hit a crowd in Nice, French police said."), ["geonames:2990440"]);
    assert_eq!(
        ids("Nice and Paris, France."),
        ["geonames:2990440", "geonames:2988507", "country:FR"]
    );
    assert_eq!(ids("Flooding in Reading, England.")[0], "geonames:2639577");
}

#[test]
fn demonyms_are_evidence_not_mentions() {
    assert!(ids("Ukrainian and Russian officials met.").is_empty());
    assert_eq!(ids("A Georgian delegation visited Georgia."), ["country:GE"]);
}

#[test]
fn demonyms_are_known_as_written_and_in_the_plural() {
    let g = Gazetteer::embedded();
    for word in ["French", "Ukrainian", "Ukrainians", "Americans", "British", "Dutch"] {
        assert!(g.is_demonym(word), "{word}");
    }
    for word in ["France", "Mariupol", "french", "Paris", "Azovstal", "s", ""] {
        assert!(!g.is_demonym(word), "{word}");
    }
}

#[test]
fn personal_names_that_are_places_only_count_as_places() {
    assert!(ids("Paris Hilton arrived.").is_empty());
    assert_eq!(ids("She flew to Paris on Monday."), ["geonames:2988507"]);
    assert!(ids("The Washington Post reported it.").is_empty());
}

#[test]
fn country_abbreviations_and_other_names() {
    assert_eq!(
        ids("The US, the U.S., the UK, Britain, Türkiye, Burma and DR Congo."),
        [
            "country:US",
            "country:US",
            "country:GB",
            "country:GB",
            "country:TR",
            "country:MM",
            "country:CD"
        ]
    );
}

#[test]
fn news_words_that_geonames_lists_as_other_names_are_not_places() {
    // "Hamas" is an alternate name of Hamm, "White House" of Casablanca, "Hanna" of Khanna.
    assert!(ids("Hamas said the White House had not replied.").is_empty());
    assert!(ids("Deputy minister Hanna Maliar said so.").is_empty());
    assert!(ids("Celebrations on Independence Day.").is_empty());
    // "Mexico by" is Mexico City in Danish: the name stops at "Mexico".
    assert_eq!(ids("They crossed into Mexico by night."), ["country:MX"]);
}

#[test]
fn the_country_named_most_decides_between_namesakes() {
    let text = "Drones hit Odessa. Ukraine said Odessa port was closed; Ukrainian grain waits. \
                A Texas senator commented.";
    assert_eq!(ids(text)[0], ODESA);
    assert_eq!(ids("Odessa, Texas, had a storm.")[0], "geonames:5527554");
    assert_eq!(ids("The Odessa Region and Kiev Oblast."), [ODESA, KYIV]);
}

#[test]
fn hostile_text_never_panics_and_spans_stay_on_characters() {
    let g = Gazetteer::embedded();
    let texts = [
        String::new(),
        " \n\t ".to_string(),
        "“Kyiv".to_string(),
        "Kyiv”".to_string(),
        "\"\"\"'''((([[[Mariupol".to_string(),
        "Kyiv\u{0}Odesa\u{0}".to_string(),
        "👍Kyiv👍 Kyiv🇺🇦".to_string(),
        "K\u{301}yiv Kyiv\u{301}".to_string(),
        "مدينة غزة و ماريوبول".to_string(),
        "<script>alert('Kyiv')</script><b>Odesa</b>".to_string(),
        "K".repeat(100_000),
        "Kyiv ".repeat(20_000),
        "é".repeat(50_000) + " Odesa",
        "Turkey".to_string(),
        ".".to_string(),
    ];
    for text in &texts {
        // Span::text walks the text from its start: check a sample of long texts' mentions.
        for m in g.find_in(text).into_iter().take(50) {
            assert_eq!(m.span.text(text), m.written, "in {:?}", &text[..text.len().min(40)]);
        }
    }
    assert_eq!(g.find_in(&texts[3]).len(), 1, "a closing quote is a boundary");
    assert_eq!(g.find_in(&texts[6]).len(), 2, "emoji are boundaries");
    assert!(g.find_in(&texts[7]).is_empty(), "a combining accent makes another word");
    assert_eq!(g.find_in(&texts[9]).len(), 2, "markup is not letters");
    assert_eq!(g.find_in(&texts[11]).len(), 20_000);
    assert_eq!(g.find_in(&texts[12])[0].span.start, 50_001);
}
