//! The word lists the finder decides with. Every list is a `match` on a lower-cased word:
//! no allocation, no compiled pattern, and easy to read and extend. The lists are kept out of
//! rustfmt's reach (`#[rustfmt::skip]`) so that they stay dense enough to read.

/// How a speech verb is inflected where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// "said", "says", "told": stands on its own after or before a subject.
    Finite,
    /// "say", "claim": a plural subject must stand right before it.
    Base,
    /// "saying", "adding": after a comma, its subject is the sentence's.
    Ing,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct SpeechVerb {
    pub form: Form,
    /// Its hearer or target usually follows ("told reporters", "urged partners").
    pub takes_object: bool,
    /// A speech act only with a "that" clause or a quotation after it: "declared that …",
    /// but not "declared a ceasefire".
    pub needs_clause: bool,
    /// Known only after a quotation and a comma (the non-English verbs).
    pub inversion_only: bool,
    /// Only a speech act with one of these words after it ("called for", "called on").
    pub particle: Option<&'static [&'static str]>,
    /// A verb of belief or estimate ("believe", "fear", "estimate"): a voice only when a
    /// claim follows it ("officials fear that …", "experts believe the toll is higher"), not
    /// an object alone ("residents fear reprisals").
    pub cognition: bool,
}

const FOR_ON: &[&str] = &["for", "on", "upon"];
const OF_ABOUT: &[&str] = &["of", "about"];

/// Speech acts, English and a few common forms in German, Spanish, French, Russian and
/// Ukrainian (the reporting verb after a quotation is the usual pattern there).
#[rustfmt::skip]
pub(crate) fn speech_verb(lower: &str) -> Option<SpeechVerb> {
    let verb = |form, takes_object| {
        Some(SpeechVerb { form, takes_object, needs_clause: false, inversion_only: false, particle: None, cognition: false })
    };
    let finite = |takes_object| verb(Form::Finite, takes_object);
    let base = |takes_object| verb(Form::Base, takes_object);
    let ing = |takes_object| verb(Form::Ing, takes_object);
    let particle_of = |form, particles| {
        Some(SpeechVerb { form, takes_object: true, needs_clause: false, inversion_only: false, particle: Some(particles), cognition: false })
    };
    let particle = |form| particle_of(form, FOR_ON);
    let cognition = |form| {
        Some(SpeechVerb { form, takes_object: false, needs_clause: false, inversion_only: false, particle: None, cognition: true })
    };
    match lower {
        "said" | "says" | "added" | "adds" | "stated" | "states" | "claimed" | "claims"
        | "insisted" | "insists" | "maintained" | "maintains" | "demanded" | "demands"
        | "denied" | "denies" | "announced" | "announces" | "agreed" | "agrees" | "confirmed"
        | "confirms" | "reported" | "reports" | "noted" | "notes" | "argued" | "argues"
        | "vowed" | "vows" | "admitted" | "admits" | "explained" | "explains" | "stressed"
        | "stresses" | "emphasised" | "emphasized" | "emphasises" | "emphasizes" | "asserted"
        | "asserts" | "alleged" | "alleges" | "acknowledged" | "acknowledges" | "conceded"
        | "concedes" | "predicted" | "predicts" | "pledged" | "pledges" | "replied" | "replies"
        | "responded" | "responds" | "wrote" | "writes" | "revealed" | "reveals" | "suggested"
        | "suggests" | "reiterated" | "reiterates" | "recalled" | "recalls" | "remarked"
        | "remarks" | "commented" | "comments" | "countered" | "counters" | "contended"
        | "contends" | "complained" | "complains" | "proposed" | "proposes" | "tweeted"
        | "tweets" | "guaranteed" | "guarantees" | "estimated" | "cautioned" | "cautions"
        | "objected" | "acknowleged" | "affirmed" | "affirms" | "specified" | "clarified"
        | "elaborated" | "signalled" | "signaled" | "swore" | "swears" | "boasted" | "boasts"
        | "crowed" | "bragged" => finite(false),
        "told" | "tells" | "urged" | "urges" | "warned" | "warns" | "accused" | "accuses"
        | "offered" | "offers" | "assured" | "assures" | "informed" | "informs" | "asked"
        | "asks" | "reminded" | "reminds" | "promised" | "promises" | "blamed" | "blames"
        | "advised" | "advises" | "briefed" | "rejected" | "rejects" | "described"
        | "describes" | "praised" | "praises" | "cited" | "cites" | "disputed" | "disputes"
        | "welcomed" | "welcomes" | "condemned" | "condemns" | "criticised" | "criticized"
        | "criticises" | "criticizes" => finite(true),
        "called" | "calls" => particle(Form::Finite),
        "spoke" | "spoken" | "speaks" => particle_of(Form::Finite, OF_ABOUT),
        "believes" | "believed" | "fears" | "feared" | "estimates" => cognition(Form::Finite),
        "believe" | "fear" => cognition(Form::Base),
        "say" | "claim" | "insist" | "maintain" | "demand" | "deny" | "announce" | "agree"
        | "confirm" | "report" | "note" | "argue" | "vow" | "admit" | "explain" | "stress"
        | "assert" | "allege" | "acknowledge" | "predict" | "pledge" | "reply" | "respond"
        | "write" | "suggest" | "contend" | "complain" | "estimate" | "caution" | "swear" => {
            base(false)
        }
        "tell" | "urge" | "warn" | "accuse" | "promise" | "blame" | "ask" | "reject"
        | "describe" | "praise" | "cite" | "dispute" | "welcome" | "condemn" | "criticise"
        | "criticize" => base(true),
        "call" => particle(Form::Base),
        "saying" | "adding" | "insisting" | "claiming" | "maintaining" | "demanding" | "denying"
        | "announcing" | "noting" | "arguing" | "vowing" | "admitting" | "explaining"
        | "stressing" | "asserting" | "alleging" | "acknowledging" | "predicting" | "pledging"
        | "proposing" | "suggesting" | "stating" | "confirming"
        | "contending" | "complaining" => ing(false),
        "telling" | "urging" | "warning" | "accusing" | "promising" | "blaming" | "assuring"
        | "rejecting" | "describing" | "praising" | "citing" | "disputing" | "welcoming"
        | "condemning" | "criticising" | "criticizing" => ing(true),
        "calling" => particle(Form::Ing),
        "declared" | "declares" | "declare" | "declaring" | "disclosed" | "discloses" | "repeated"
        | "repeats" | "repeat" | "repeating" | "reaffirmed" | "reaffirms" => {
            Some(SpeechVerb {
                form: if lower.ends_with("ing") {
                    Form::Ing
                } else if lower.ends_with('e') {
                    Form::Base
                } else {
                    Form::Finite
                },
                takes_object: false,
                needs_clause: true,
                inversion_only: false,
                particle: None,
                cognition: false,
            })
        }
        // German, Spanish, French, Russian, Ukrainian: the past forms reporting a quotation.
        "sagte" | "sagten" | "sagt" | "erklärte" | "erklärten" | "betonte" | "warnte" 
        | "dijo" | "afirmó" | "explicó" | "señaló" | "aseguró" | "indicó" | "declaró"
        | "advirtió" | "a-t-il" | "a-t-elle" | "déclaré" | "заявил" | "заявила" | "заявили"
        | "сказал" | "сказала" | "сказали" | "сообщил" | "сообщила" | "сообщили" | "отметил"
        | "отметила" | "подчеркнул" | "заявив" | "заявила́" | "сказав" | "повідомив"
        | "повідомила" | "повідомили" | "зазначив" | "зазначила" | "наголосив" | "додав"
        | "додала" => Some(SpeechVerb {
            form: Form::Finite, takes_object: false, needs_clause: false, inversion_only: true, particle: None,
            cognition: false,
        }),
        _ => None,
    }
}

/// "according to X" and its equivalents: how many words the cue takes when `first` and
/// `second` (lower-cased) start one.
#[rustfmt::skip]
pub(crate) fn according_cue(first: &str, second: &str) -> Option<usize> {
    match (first, second) {
        ("according", "to")
        | ("as", "per")
        | ("nach", "angaben")
        | ("по", "словам")
        | ("по", "данным")
        | ("за", "словами")
        | ("за", "даними") => Some(2),
        ("laut", _) | ("según", _) | ("selon", _) => Some(1),
        _ => None,
    }
}

#[rustfmt::skip]
pub(crate) fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "the" | "a" | "an" | "its" | "his" | "her" | "their" | "our" | "this" | "these"
        | "those" | "some" | "several" | "many" | "other" | "another" | "both" | "all" | "one"
        | "two" | "three" | "most" | "few" | "no" | "each" | "any" | "der" | "die" | "das"
        | "ein" | "eine" | "el" | "la" | "los" | "las" | "le" | "les" | "una"
    )
}

/// Leading articles dropped from a speaker's name.
#[rustfmt::skip]
pub(crate) fn is_article(lower: &str) -> bool {
    matches!(
        lower,
        "the" | "a" | "an" | "der" | "die" | "das" | "ein" | "eine" | "el" | "la" | "los"
        | "las" | "le" | "les" | "una"
    )
}

/// Prepositions that may continue a noun phrase ("Volyna from the 36th Brigade", "Ministry of
/// Defence", "teams in British Columbia").
#[rustfmt::skip]
pub(crate) fn is_inner_preposition(lower: &str) -> bool {
    matches!(lower, "of" | "from" | "at" | "in" | "for" | "de" | "del" | "von" | "van" | "der")
}

/// Words after which a subject may start: the start of a clause.
#[rustfmt::skip]
pub(crate) fn is_clause_opener(lower: &str) -> bool {
    matches!(
        lower,
        "and" | "but" | "or" | "while" | "whereas" | "as" | "where" | "when" | "because"
        | "after" | "before" | "since" | "although" | "though" | "if" | "that" | "so" | "yet"
        | "then" | "meanwhile" | "however" | "also" | "once" | "until" | "whether" | "unless"
        | "now" | "still" | "instead" | "here" | "there" | "thus" | "but," | "nor" | "whilst"
    )
}

/// Adverbs and auxiliaries that may stand between a subject and its verb ("has also said",
/// "claimed earlier").
#[rustfmt::skip]
pub(crate) fn is_verb_companion(lower: &str) -> bool {
    matches!(
        lower,
        "has" | "have" | "had" | "also" | "earlier" | "later" | "previously" | "repeatedly"
        | "again" | "would" | "will" | "did" | "does" | "do" | "could" | "may" | "might"
        | "should" | "shall" | "can" | "then" | "now" | "further" | "separately" | "reportedly"
        | "publicly" | "openly" | "recently" | "already" | "always" | "often" | "once"
        | "subsequently" | "yesterday" | "today" | "tonight" | "initially" | "first" | "firmly"
        | "flatly" | "strongly" | "still" | "not" | "never" | "officially" | "allegedly"
        | "has also" | "just" | "too"
    )
}

/// "was said", "is reported": a passive speech verb has no speaker in front of it.
#[rustfmt::skip]
pub(crate) fn is_passive_auxiliary(lower: &str) -> bool {
    matches!(
        lower,
        "was" | "were" | "is" | "are" | "been" | "being" | "be" | "get" | "got" | "gets"
    )
}

#[rustfmt::skip]
pub(crate) fn is_weekday_or_month(lower: &str) -> bool {
    matches!(
        lower,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        | "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" | "jan." | "feb." | "aug." | "sept."
        | "oct." | "nov." | "dec."
    )
}

/// Time words in "last night", "this week", "on Sunday".
#[rustfmt::skip]
pub(crate) fn is_time_noun(lower: &str) -> bool {
    matches!(
        lower,
        "night" | "week" | "month" | "year" | "morning" | "evening" | "afternoon" | "weekend"
    ) || is_weekday_or_month(lower)
}

/// Words never part of a speaker's noun phrase: pronouns, conjunctions, verbs-only words,
/// prepositions that do not continue a name.
#[rustfmt::skip]
pub(crate) fn is_function_word(lower: &str) -> bool {
    is_clause_opener(lower)
        || is_passive_auxiliary(lower)
        || matches!(
            lower,
            "to" | "on" | "with" | "by" | "into" | "onto" | "over" | "under" | "about"
            | "against" | "between" | "through" | "during" | "without" | "within" | "than"
            | "like" | "not" | "which" | "who" | "whom" | "whose" | "what" | "how" | "why"
            | "it" | "he" | "she" | "they" | "we" | "i" | "you" | "him" | "them" | "us" | "me"
            | "there" | "has" | "have" | "had" | "would" | "will" | "did" | "does" | "do"
            | "could" | "should" | "can" | "must" | "very" | "just" | "only" | "even" | "more"
            | "less" | "up" | "down" | "out" | "off" | "per" | "amid" | "despite" | "toward"
            | "towards" | "across" | "around" | "near" | "via" | "upon" | "among"
        )
}

/// Personal pronouns that can stand for a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pronoun {
    /// he, she: a person.
    Person,
    /// it: an institution, a country, a company.
    Thing,
    /// they: a group or several.
    Plural,
    /// I, we, you: the writer or a quoted speaker talking; never resolved.
    Deictic,
}

#[rustfmt::skip]
pub(crate) fn pronoun(lower: &str) -> Option<Pronoun> {
    match lower {
        "he" | "she" | "er" | "sie" | "él" | "ella" | "он" | "она" | "він" | "вона" => {
            Some(Pronoun::Person)
        }
        "it" => Some(Pronoun::Thing),
        "they" | "они" | "вони" => Some(Pronoun::Plural),
        "i" | "we" | "you" | "ich" | "wir" => Some(Pronoun::Deictic),
        _ => None,
    }
}

/// Courtesy titles and ranks, dropped before a name ("Mr.", "Dr.", "Maj.").
#[rustfmt::skip]
pub(crate) fn is_honorific(lower: &str) -> bool {
    matches!(
        lower.trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "dr" | "prof" | "professor" | "maj" | "major" | "gen"
        | "general" | "col" | "colonel" | "lt" | "lieutenant" | "sgt" | "sergeant" | "capt"
        | "captain" | "cpl" | "corporal" | "adm" | "admiral" | "rev" | "reverend" | "sen"
        | "senator" | "rep" | "gov" | "pres" | "sir" | "dame" | "lord" | "lady" | "hon" | "insp"
        | "supt" | "herr" | "frau" | "señor" | "señora" | "sr" | "sra" | "mme" | "m" | "pan"
        | "pani"
    )
}

/// Words of an office or a role, written before a name ("Defense Minister Sergey Shoigu",
/// "UN chief Antonio Guterres") or instead of it ("the mayor").
#[rustfmt::skip]
pub(crate) fn is_role_word(lower: &str) -> bool {
    is_honorific(lower)
        || matches!(
            lower,
            "president" | "vice" | "prime" | "minister" | "secretary" | "secretary-general"
            | "chief" | "head" | "leader" | "spokesman" | "spokeswoman" | "spokesperson"
            | "governor" | "mayor" | "deputy" | "chairman" | "chairwoman" | "chair" | "director"
            | "director-general" | "executive" | "ceo" | "commander" | "ambassador" | "envoy"
            | "adviser" | "advisor" | "aide" | "officer" | "official" | "chancellor" | "king"
            | "queen" | "prince" | "princess" | "pope" | "premier" | "speaker" | "lawmaker"
            | "mp" | "judge" | "justice" | "attorney" | "prosecutor" | "councillor"
            | "councilor" | "founder" | "analyst" | "economist" | "researcher" | "expert"
            | "professor" | "lawyer" | "counsel" | "coach" | "manager" | "editor"
            | "correspondent" | "candidate" | "commissioner" | "inspector" | "sheriff" | "mum"
            | "mom" | "dad" | "father" | "mother" | "son" | "daughter" | "wife" | "husband"
            | "brother" | "sister" | "colonel" | "general" | "marshal" | "representative"
            | "delegate" | "patriarch" | "emir" | "sheikh" | "sultan" | "foreign" | "interior"
            | "defense" | "defence" | "finance" | "health" | "revenue" | "economy" | "economic"
            | "justice," | "acting" | "former" | "then" | "opposition" | "regional" | "state"
            | "federal" | "senior" | "top" | "un" | "eu" | "nato" | "white" | "house" | "press"
            | "kremlin" | "pentagon"
                // People named by what they are or do: "the observer", "a resident".
                | "observer" | "witness" | "resident" | "survivor" | "student" | "doctor"
                | "nurse" | "worker" | "farmer" | "soldier" | "activist" | "protester"
                | "volunteer" | "victim" | "teacher" | "engineer" | "backpacker" | "tourist"
                | "physician" | "scientist" | "historian" | "priest" | "pilot" | "driver"
                | "marine" | "fighter" | "medic" | "paramedic" | "firefighter" | "miner"
                | "rescuer" | "evacuee" | "refugee" | "grandmother" | "grandfather" | "grandson"
                | "granddaughter" | "uncle" | "aunt" | "nephew" | "niece" | "cousin" | "widow"
                | "widower" | "man" | "woman" | "boy" | "girl" | "neighbour" | "neighbor"
                | "shopkeeper" | "passenger" | "commuter" | "voter" | "fan" | "parent"
        )
}

/// Head words of institutions, companies and groups: a name with one of these is not a
/// person.
#[rustfmt::skip]
pub(crate) fn is_org_word(lower: &str) -> bool {
    matches!(
        lower,
        "ministry" | "ministries" | "office" | "council" | "agency" | "commission" | "committee"
        | "bank" | "union" | "government" | "kremlin" | "department" | "service" | "services"
        | "police" | "army" | "forces" | "force" | "military" | "navy" | "company"
        | "corporation" | "corp" | "corp." | "inc" | "inc." | "ltd" | "ltd." | "plc" | "llc"
        | "group" | "labs" | "lab" | "resources" | "biologics" | "university" | "institute"
        | "centre" | "center" | "network" | "mission" | "organization" | "organisation"
        | "association" | "federation" | "party" | "court" | "parliament" | "assembly"
        | "administration" | "authority" | "authorities" | "inspectorate" | "embassy"
        | "brigade" | "regiment" | "battalion" | "guard" | "nations" | "fund" | "programme"
        | "program" | "board" | "bureau" | "secretariat" | "directorate" | "municipality"
        | "cross" | "crescent" | "coalition" | "alliance" | "foundation" | "society" | "club"
        | "league" | "times" | "post" | "news" | "press" | "wire" | "tv" | "radio" | "herald"
        | "journal" | "courier" | "dispatch" | "media" | "airlines" | "bloc" | "cabinet"
        | "presidency" | "staff" | "headquarters" | "ministerium" | "regierung" | "polizei"
        | "verbraucherzentrale" | "ministerio" | "gobierno" | "министерство" | "міністерство"
        | "exchange" | "pentagon" | "congress" | "senate" | "duma" | "rada" | "house" | "school"
        | "hospital" | "clinic" | "team" | "teams" | "works" | "plant" | "mine" | "square"
        | "street" | "creek" | "river" | "basin" | "province" | "region" | "city" | "district"
        | "state" | "republic" | "republics" | "kingdom" | "islands" | "museum" | "stadium"
        | "airport" | "station" | "port" | "bay" | "sea" | "ocean" | "mountains" | "valley"
        | "county" | "village" | "town"
    )
}

/// Country and capital names (and a few blocs) that stand for a state when they speak
/// ("Kiev insists", "Russia says"). A small general list, not a gazetteer.
#[rustfmt::skip]
pub(crate) fn is_state_name(lower: &str) -> bool {
    matches!(
        lower,
        "russia" | "ukraine" | "moscow" | "kyiv" | "kiev" | "washington" | "beijing" | "china"
        | "london" | "britain" | "uk" | "us" | "u.s." | "usa" | "america" | "paris" | "france"
        | "berlin" | "germany" | "brussels" | "eu" | "nato" | "un" | "tokyo" | "japan" | "india"
        | "delhi" | "pakistan" | "islamabad" | "iran" | "tehran" | "israel" | "turkey"
        | "ankara" | "poland" | "warsaw" | "belarus" | "minsk" | "canada" | "ottawa"
        | "australia" | "canberra" | "italy" | "rome" | "spain" | "madrid" | "brazil" | "mexico"
        | "argentina" | "egypt" | "cairo" | "syria" | "damascus" | "iraq" | "baghdad" | "korea"
        | "seoul" | "pyongyang" | "taiwan" | "taipei" | "georgia" | "tbilisi" | "armenia"
        | "azerbaijan" | "baku" | "moldova" | "hungary" | "budapest" | "romania" | "serbia"
        | "belgrade" | "sweden" | "finland" | "norway" | "denmark" | "estonia" | "latvia"
        | "lithuania" | "qatar" | "saudi" | "riyadh" | "afghanistan" | "kabul" | "venezuela"
        | "cuba" | "havana" | "nigeria" | "kenya" | "ethiopia" | "sudan" | "libya" | "lebanon"
        | "jordan" | "yemen" | "kazakhstan" | "indonesia" | "jakarta" | "vietnam" | "hanoi"
        | "thailand" | "bangkok" | "philippines" | "manila" | "singapore" | "switzerland"
        | "geneva" | "austria" | "vienna" | "greece" | "athens" | "netherlands" | "hague"
        | "belgium"
    )
}

/// A nationality adjective and the country it names, so that keys of "Russian Defense
/// Ministry" and "Russia's Defence Ministry" meet.
#[rustfmt::skip]
pub(crate) fn demonym_country(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "russian" => "russia",
        "ukrainian" => "ukraine",
        "american" | "u.s." | "us" | "usa" => "united states",
        "british" | "uk" | "u.k." => "britain",
        "french" => "france",
        "german" => "germany",
        "chinese" => "china",
        "indian" => "india",
        "polish" => "poland",
        "belarusian" => "belarus",
        "canadian" => "canada",
        "australian" => "australia",
        "italian" => "italy",
        "spanish" => "spain",
        "turkish" => "turkey",
        "iranian" => "iran",
        "israeli" => "israel",
        "japanese" => "japan",
        "korean" => "korea",
        "syrian" => "syria",
        "georgian" => "georgia",
        "swedish" => "sweden",
        "finnish" => "finland",
        "soviet" => "soviet union",
        _ => return None,
    })
}

/// Words written before a noun that describe rather than name: a speaker "Russian officials"
/// is a group, not a person called Russian.
#[rustfmt::skip]
pub(crate) fn is_demonym(lower: &str) -> bool {
    demonym_country(lower).is_some()
        || matches!(
            lower,
            "western" | "eastern" | "northern" | "southern" | "international" | "national"
        )
}

/// Documents, data and other things that are not speakers: "according to pricing data",
/// "industry estimates suggest", "treated according to international law".
#[rustfmt::skip]
pub(crate) fn is_document_noun(lower: &str) -> bool {
    matches!(
        lower,
        "data" | "figures" | "statistics" | "estimates" | "estimate" | "law" | "laws" | "rules"
        | "transcript" | "transcripts" | "document" | "documents" | "records" | "record"
        | "footage" | "video" | "videos" | "images" | "photos" | "photographs" | "pictures"
        | "analysis" | "survey" | "surveys" | "poll" | "polls" | "study" | "studies"
        | "research" | "census" | "tally" | "calculations" | "plan" | "plans" | "schedule"
        | "timetable" | "regulations" | "guidelines" | "agreement" | "treaty" | "contract"
        | "terms" | "filing" | "filings" | "website" | "contracts" | "numbers" | "totals"
        | "results" | "tallies" | "counts"
    )
}

/// Words that, right after a verb of belief, show a clause follows: an auxiliary, a modal or
/// a common verb of state ("believe hundreds remain", "fear the toll will rise").
#[rustfmt::skip]
pub(crate) fn is_clause_verb(lower: &str) -> bool {
    matches!(
        lower,
        "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would" | "could"
        | "can" | "may" | "might" | "must" | "should" | "remain" | "remains" | "remained"
        | "died" | "exceeds" | "exceed" | "stands" | "stand" | "lies" | "lie"
    )
}
