//! The HTML pages. Handlers gather view models (plain strings and numbers, formatted here)
//! and askama templates lay them out; every interpolation is escaped.

use std::collections::BTreeSet;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, Utc};
use parallax_compare::Evidence;
use parallax_compare::facts::FactKind;
use parallax_compare::figures::display_value;
use parallax_outlets::Axis;
use parallax_pipeline::{
    ComparisonPage, Length, Page, Subject, compare_subject, story_page, topic_page,
};
use parallax_places::PlaceCount;
use parallax_places::map::MapOptions;
use parallax_store::Store;

use crate::api::{CompareQuery, PAGE_SENTENCES, outlet_rows};
use crate::cache::{Form, Key, Stamp};
use crate::error::{PageError, ServeError};
use crate::highlight::{Run, highlight};
use crate::state::AppState;
use crate::timeline::{Chart, chart};

/// Side columns shown on a story page; more sides are listed in the tables only.
const COLUMNS: usize = 6;

pub(crate) fn render(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| format!("template error: {e}"))
}

fn day(t: Option<&DateTime<Utc>>) -> String {
    t.map_or_else(|| "undated".to_owned(), |t| t.format("%Y-%m-%d").to_string())
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub title: String,
    pub message: String,
}

pub(crate) async fn not_found() -> PageError {
    PageError(ServeError::NotFound("There is no such page.".into()))
}

pub(crate) async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../static/style.css"))
        .into_response()
}

pub(crate) fn span(first: Option<&DateTime<Utc>>, last: Option<&DateTime<Utc>>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a.date_naive() == b.date_naive() => day(Some(a)),
        (Some(a), Some(b)) => format!("{} – {}", day(Some(a)), day(Some(b))),
        _ => "undated".to_owned(),
    }
}

struct KeySentence {
    text: String,
    article: String,
    outlet: String,
    date: String,
    support: usize,
}

struct FactView {
    text: String,
    sides: String,
    source: String,
    article: String,
    outlets: usize,
}

struct SideColumn {
    side: String,
    class: String,
    articles: usize,
    first: String,
    outlets: String,
    facts: Vec<FactView>,
    speakers: Vec<String>,
    words: Vec<String>,
}

struct FigureRow {
    value: String,
    counts: String,
    event: String,
    text: String,
    side: String,
    source: String,
    article: String,
    attribution: String,
    conflict: bool,
}

struct ConflictView {
    counts: String,
    values: Vec<(String, String, String)>,
}

struct SumView {
    text: String,
    consistent: bool,
    article: String,
}

struct VoiceRow {
    speaker: String,
    statements: usize,
    quotes: usize,
    by_side: String,
}

struct VariantRow {
    canonical: String,
    forms: String,
    split: bool,
}

struct FramingRow {
    side: String,
    frames: String,
    indicators: String,
}

struct IndicatorView {
    kind: String,
    text: String,
    source: String,
    article: String,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    kind: &'static str,
    id: u64,
    label: String,
    headline: String,
    axis: String,
    axes: Vec<(&'static str, bool)>,
    topic: Option<u64>,
    stories: Vec<(u64, String, u64)>,
    sentences: Vec<KeySentence>,
    articles: usize,
    compared: usize,
    chart: Option<Chart>,
    map: Option<MapView>,
    columns: Vec<SideColumn>,
    hidden_sides: usize,
    blindspots: Vec<String>,
    shared: Vec<FactView>,
    figures: Vec<FigureRow>,
    conflicts: Vec<ConflictView>,
    sums: Vec<SumView>,
    voices: Vec<VoiceRow>,
    variants: Vec<VariantRow>,
    scare_quotes: Vec<(String, String)>,
    framing: Vec<FramingRow>,
    indicators: Vec<IndicatorView>,
}

/// Places listed under the map; the map itself draws more.
const MAP_LEGEND: usize = 12;

struct MapView {
    /// A self-contained SVG built by `parallax_places::map`, which escapes every name.
    svg: String,
    places: Vec<String>,
    more: usize,
}

fn map_view(places: &[PlaceCount], label: &str) -> Option<MapView> {
    if places.is_empty() {
        return None;
    }
    let options =
        MapOptions { title: format!("Places named in reports on {label}"), ..Default::default() };
    Some(MapView {
        svg: parallax_places::map::render(places, &options),
        places: places
            .iter()
            .take(MAP_LEGEND)
            .map(|p| {
                let articles = if p.articles == 1 {
                    "1 article".to_owned()
                } else {
                    format!("{} articles", p.articles)
                };
                format!("{} ({articles})", p.place.name)
            })
            .collect(),
        more: places.len().saturating_sub(MAP_LEGEND),
    })
}

fn source(e: &Evidence) -> String {
    format!("{}, {}", e.outlet, day(e.published.as_ref()))
}

pub(crate) async fn story(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(q): Query<CompareQuery>,
) -> Result<Html<String>, PageError> {
    subject_page(state, Subject::Story(id), q).await
}

pub(crate) async fn topic(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(q): Query<CompareQuery>,
) -> Result<Html<String>, PageError> {
    subject_page(state, Subject::Topic(id), q).await
}

async fn subject_page(
    state: AppState,
    subject: Subject,
    q: CompareQuery,
) -> Result<Html<String>, PageError> {
    let axis = q.axis()?;
    let html = state.read(move |store, state| subject_html(store, state, subject, axis)).await?;
    Ok(Html(Arc::unwrap_or_clone(html)))
}

/// The page of a story or topic compared along `axis`: the kept rendering while the story
/// and the configuration are unchanged, else a fresh one (then kept).
pub(crate) fn subject_html(
    store: &Store,
    state: &AppState,
    subject: Subject,
    axis: Axis,
) -> Result<Arc<String>, ServeError> {
    let key = Key { form: Form::Page, subject, axis };
    let stamp = Stamp::read(store, state.data_dir(), subject)?;
    if let Some(html) = stamp.as_ref().and_then(|s| state.cache().get(&key, s)) {
        return Ok(html);
    }
    let setup = state.setup(axis)?;
    let length = Length::Sentences(PAGE_SENTENCES);
    let (page, kind, id) = match subject {
        Subject::Story(id) => (story_page(store, id, length)?, "story", id),
        Subject::Topic(id) => (topic_page(store, id, length)?, "topic", id),
    };
    let Some(page) = page else {
        return Err(ServeError::NotFound(format!("There is no {kind} {id}.")));
    };
    let Some(comparison) = compare_subject(store, subject, &setup)? else {
        return Err(ServeError::NotFound(format!("There is no {kind} {id}.")));
    };
    let points: Vec<(String, Option<DateTime<Utc>>)> =
        comparison.articles.iter().map(|a| (a.side.clone(), a.published)).collect();
    let view = story_view(kind, id, axis, page, comparison, &points, &setup.registry);
    let html = Arc::new(render(&view));
    if let Some(stamp) = stamp {
        state.cache().put(key, stamp, html.clone());
    }
    Ok(html)
}

fn story_view(
    kind: &'static str,
    id: u64,
    axis: Axis,
    page: Page,
    cp: ComparisonPage,
    points: &[(String, Option<DateTime<Utc>>)],
    registry: &parallax_outlets::Registry,
) -> StoryPage {
    let c = &cp.comparison;
    let class_of =
        |side: &str| format!("s{}", c.sides.iter().position(|s| s == side).unwrap_or(0) % 8);
    let fact_view = |f: &parallax_compare::facts::Fact| FactView {
        text: f.text.clone(),
        sides: f.sides.join(" · "),
        source: f.sentences.first().map(source).unwrap_or_default(),
        article: f.sentences.first().map(|e| e.article.clone()).unwrap_or_default(),
        outlets: f.outlets.len(),
    };
    let columns = c
        .coverage
        .sides
        .iter()
        .take(COLUMNS)
        .map(|s| SideColumn {
            side: s.side.clone(),
            class: class_of(&s.side),
            articles: s.articles,
            first: day(s.first_published.as_ref()),
            outlets: s
                .outlets
                .iter()
                .map(|o| format!("{} ({})", o.outlet, o.articles))
                .collect::<Vec<_>>()
                .join(", "),
            facts: c
                .facts
                .iter()
                .filter(|f| f.kind == FactKind::OneSided && f.sides.first() == Some(&s.side))
                .take(4)
                .map(fact_view)
                .collect(),
            speakers: c
                .speakers
                .iter()
                .filter_map(|sp| sp.by_side.get(&s.side).map(|n| (sp.speaker.clone(), *n)))
                .take(5)
                .map(|(sp, n)| format!("{sp} ({n})"))
                .collect(),
            words: c
                .wording
                .iter()
                .find(|w| w.side == s.side)
                .map(|w| w.terms.iter().take(8).map(|t| t.term.clone()).collect())
                .unwrap_or_default(),
        })
        .collect();
    let in_conflict: BTreeSet<(String, usize)> = c
        .conflicts
        .iter()
        .flat_map(|k| k.figures.iter().map(|f| (f.evidence.article.clone(), f.evidence.start)))
        .collect();
    StoryPage {
        kind,
        id,
        label: page.label.clone(),
        headline: page.headline.clone(),
        axis: axis.to_string(),
        axes: ["outlet", "group", "country", "ownership"]
            .into_iter()
            .map(|a| (a, a == axis.to_string()))
            .collect(),
        topic: page.topic,
        stories: page.stories.as_ref().map_or_else(Vec::new, |s| {
            s.iter().map(|s| (s.id, s.headline.clone(), s.articles)).collect()
        }),
        sentences: page
            .sentences
            .iter()
            .map(|s| KeySentence {
                text: s.text.clone(),
                article: s.article.to_string(),
                outlet: registry
                    .find(None, s.outlet.as_deref())
                    .map(|o| o.name.clone())
                    .or_else(|| s.outlet.clone())
                    .unwrap_or_else(|| "(unknown outlet)".into()),
                date: day(s.published.as_ref()),
                support: s.support,
            })
            .collect(),
        articles: c.coverage.articles,
        compared: cp.compared_articles,
        chart: chart(points, &c.sides),
        map: map_view(&cp.places, &page.label),
        columns,
        hidden_sides: c.sides.len().saturating_sub(COLUMNS),
        blindspots: c
            .coverage
            .blindspots
            .iter()
            .map(|b| {
                format!(
                    "{} ({}; {} articles in the period)",
                    b.outlet, b.side, b.articles_in_period
                )
            })
            .collect(),
        shared: c
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Shared)
            .take(10)
            .map(fact_view)
            .collect(),
        figures: c
            .figures
            .iter()
            .take(60)
            .map(|f| FigureRow {
                value: display_value(f.value),
                counts: f.counts.clone().unwrap_or_default(),
                event: f.event.map(|e| format!("{e:?}").to_lowercase()).unwrap_or_default(),
                text: f.text.clone(),
                side: f.evidence.side.clone(),
                source: source(&f.evidence),
                article: f.evidence.article.clone(),
                attribution: f.attribution.clone().unwrap_or_default(),
                conflict: in_conflict.contains(&(f.evidence.article.clone(), f.evidence.start)),
            })
            .collect(),
        conflicts: c
            .conflicts
            .iter()
            .map(|k| ConflictView {
                counts: k.counts.clone(),
                values: k
                    .figures
                    .iter()
                    .map(|f| (f.evidence.side.clone(), f.text.clone(), source(&f.evidence)))
                    .collect(),
            })
            .collect(),
        sums: c
            .sums
            .iter()
            .map(|s| SumView {
                text: format!(
                    "{} = {} ({})",
                    display_value(s.total.value),
                    s.parts.iter().map(|p| display_value(p.value)).collect::<Vec<_>>().join(" + "),
                    source(&s.total.evidence)
                ),
                consistent: s.consistent,
                article: s.total.evidence.article.clone(),
            })
            .collect(),
        voices: c
            .speakers
            .iter()
            .take(20)
            .map(|s| VoiceRow {
                speaker: s.speaker.clone(),
                statements: s.statements,
                quotes: s.quotes,
                by_side: s
                    .by_side
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        variants: c
            .variants
            .iter()
            .map(|v| VariantRow {
                canonical: v.canonical.clone(),
                forms: v
                    .forms
                    .iter()
                    .map(|(form, sides)| {
                        let per: Vec<String> =
                            sides.iter().map(|(s, n)| format!("{s} {n}")).collect();
                        format!("“{form}”: {}", per.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
                split: v.split,
            })
            .collect(),
        scare_quotes: c
            .scare_quotes
            .iter()
            .map(|q| (q.term.clone(), source(&q.evidence)))
            .collect(),
        framing: c
            .framing
            .iter()
            .map(|f| {
                let mut frames: Vec<_> = f.frames.iter().collect();
                frames.sort_by(|a, b| b.1.total_cmp(a.1));
                FramingRow {
                    side: f.side.clone(),
                    frames: frames
                        .iter()
                        .take(3)
                        .map(|(fr, share)| {
                            format!("{} {:.0}%", fr.name().replace('_', " "), *share * 100.0)
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    indicators: f
                        .indicators_per_1000_words
                        .iter()
                        .map(|(k, n)| format!("{} {n:.1}", k.name().replace('_', " ")))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            })
            .collect(),
        indicators: c
            .indicators
            .iter()
            .take(20)
            .map(|i| IndicatorView {
                kind: i.kind.name().replace('_', " "),
                text: i.text.clone(),
                source: source(&i.evidence),
                article: i.evidence.article.clone(),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    id: String,
    title: Vec<Run>,
    outlet: String,
    date: String,
    url: Option<String>,
    language: String,
    story: Option<u64>,
    paragraphs: Vec<Vec<Run>>,
}

pub(crate) async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let view = state
        .read(move |store, state| {
            let Some(article) = store.article(&id)? else {
                return Err(ServeError::NotFound(format!("There is no article {id:?}.")));
            };
            let story = store.story_of(&article.id)?;
            let lexicon = state.setup(Axis::Outlet)?.lexicon;
            let (title, sentences) = highlight(&article, &lexicon);
            Ok(ArticlePage {
                id: article.id.to_string(),
                title,
                outlet: article.outlet.clone().unwrap_or_else(|| "(unknown outlet)".into()),
                date: day(article.published.as_ref()),
                url: article
                    .url
                    .clone()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
                language: article.language.clone().unwrap_or_default(),
                story,
                paragraphs: paragraphs(&article, sentences),
            })
        })
        .await?;
    Ok(Html(render(&view)))
}

/// Groups sentence runs back into the article's paragraphs (a blank line between two
/// sentences in the text starts a new one).
fn paragraphs(article: &parallax_model::Article, sentences: Vec<Vec<Run>>) -> Vec<Vec<Run>> {
    let chars: Vec<char> = article.text.chars().collect();
    let mut out: Vec<Vec<Run>> = vec![Vec::new()];
    let mut previous_end = 0;
    for (sentence, runs) in article.sentences.iter().zip(sentences) {
        let gap: String =
            chars[previous_end.min(chars.len())..sentence.start.min(chars.len())].iter().collect();
        if gap.contains("\n\n") && !out.last().is_some_and(Vec::is_empty) {
            out.push(Vec::new());
        }
        let paragraph = out.last_mut().expect("one paragraph at least");
        if !paragraph.is_empty() {
            paragraph.push(Run { text: " ".into(), class: String::new(), note: String::new() });
        }
        paragraph.extend(runs);
        previous_end = sentence.end;
    }
    out
}

struct OutletView {
    name: String,
    country: String,
    ownership: String,
    languages: String,
    group: String,
    domains: String,
    articles: u64,
    registered: bool,
}

#[derive(Template)]
#[template(path = "outlets.html")]
struct OutletsPage {
    outlets: Vec<OutletView>,
}

pub(crate) async fn outlets(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let rows = state.read(outlet_rows).await?;
    let mut outlets: Vec<OutletView> = rows
        .into_iter()
        .map(|r| OutletView {
            name: r.outlet.name,
            country: r.outlet.country.unwrap_or_default(),
            ownership: r.outlet.ownership.map(|o| o.to_string()).unwrap_or_default(),
            languages: r.outlet.language.join(", "),
            group: r.outlet.group.unwrap_or_default(),
            domains: r.outlet.domains.join(", "),
            articles: r.stored_articles,
            registered: r.registered,
        })
        .collect();
    outlets.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
    Ok(Html(render(&OutletsPage { outlets })))
}
