//! Live updates: `GET /api/events`, a server-sent event stream of the stories that change.
//!
//! One poller per server reads the store's changes after its watermark every
//! [`POLL_INTERVAL`] (the store may be written by another process, a `parallax ingest` or
//! `parallax watch`, so polling the database is what sees every writer) and broadcasts each
//! change, its river entries already rendered, to every open stream. It runs only while
//! someone listens. A stream that falls behind, or resumes after a dropped connection with
//! `Last-Event-ID`, is caught up from the store instead, so no change is lost.
//!
//! Events: `story` with `{"id", "html"}` (the river entry, escaped like every page) and
//! `merged` with `{"id", "into"}`. Each change's last event carries the watermark as its
//! id.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use parallax_outlets::Axis;
use parallax_pipeline::Subject;
use parallax_store::Store;
use serde::Deserialize;
use tokio::sync::broadcast;

use crate::api::comparison_json;
use crate::cache::Form;
use crate::error::{ApiError, ServeError};
use crate::pages::subject_html;
use crate::river::{item_html, river_items};
use crate::state::AppState;

/// How often the poller reads the store's changes.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// Changes a slow stream may fall behind by before it is caught up from the store.
const BACKLOG: usize = 64;

/// A change to the stories: what the poller broadcasts.
#[derive(Debug)]
pub(crate) struct Change {
    /// The watermark the change starts from.
    after: i64,
    /// The watermark it reaches.
    up_to: i64,
    /// Stories that gained articles, with their river entries.
    stories: Vec<(u64, String)>,
    /// Stories folded into another (story, into).
    merged: Vec<(u64, u64)>,
    /// The stories that changed and their topics, whose kept pages are now stale.
    subjects: Vec<Subject>,
}

/// The broadcast side, shared by the server's handlers.
pub(crate) struct Live {
    sender: broadcast::Sender<Arc<Change>>,
    /// Whether a poller runs; changed only with the lock held, together with subscribing,
    /// so that a poller never stops just as a listener arrives.
    polling: Mutex<bool>,
}

impl Default for Live {
    fn default() -> Live {
        Live { sender: broadcast::channel(BACKLOG).0, polling: Mutex::new(false) }
    }
}

impl AppState {
    /// Subscribes to changes, starting the poller if none runs.
    fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        let live = self.live();
        let mut polling = live.polling.lock().unwrap_or_else(|e| e.into_inner());
        let receiver = live.sender.subscribe();
        if !*polling {
            *polling = true;
            tokio::spawn(poll(self.clone()));
        }
        receiver
    }
}

async fn poll(state: AppState) {
    let mut watermark = match state.read(|store, _| Ok(store.clustered_up_to()?)).await {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: live updates are off: {e}");
            *state.live().polling.lock().unwrap_or_else(|e| e.into_inner()) = false;
            return;
        }
    };
    let mut ticks = tokio::time::interval(POLL_INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        ticks.tick().await;
        {
            let live = state.live();
            let mut polling = live.polling.lock().unwrap_or_else(|e| e.into_inner());
            if live.sender.receiver_count() == 0 {
                *polling = false;
                return;
            }
        }
        match state.read(move |store, state| changes_after(store, state, watermark)).await {
            Ok(Some(change)) => {
                watermark = change.up_to;
                failing = false;
                let subjects = change.subjects.clone();
                // No receiver left is not an error: the next tick stops the poller.
                let _ = state.live().sender.send(Arc::new(change));
                warm(&state, subjects).await;
            }
            Ok(None) => failing = false,
            // A busy or briefly unreadable store is retried next tick; said once.
            Err(e) if !failing => {
                failing = true;
                eprintln!("warning: live updates could not read the store: {e}");
            }
            Err(_) => {}
        }
    }
}

/// The change after `watermark`, if anything changed.
fn changes_after(
    store: &Store,
    state: &AppState,
    watermark: i64,
) -> Result<Option<Change>, ServeError> {
    let changes = store.story_changes(watermark)?;
    if changes.clustered_up_to == watermark {
        return Ok(None);
    }
    let mut stories = Vec::with_capacity(changes.stories.len());
    let mut merged = Vec::new();
    for id in &changes.merged {
        if let Some(into) = store.story(*id)?.and_then(|s| s.merged_into) {
            merged.push((*id, into));
        }
    }
    for id in changes.stories {
        if let Some(story) = store.story(id)?.filter(|s| s.merged_into.is_none()) {
            stories.push(story);
        }
    }
    let mut subjects: Vec<Subject> = Vec::new();
    for s in &stories {
        subjects.extend([Subject::Story(s.id), Subject::Topic(s.topic)]);
    }
    let registry = state.setup(Axis::Group)?.registry;
    let items = river_items(store, &registry, stories)?;
    Ok(Some(Change {
        after: watermark,
        up_to: changes.clustered_up_to,
        stories: items.iter().map(|item| (item.id(), item_html(item))).collect(),
        merged,
        subjects,
    }))
}

/// Pages renderable again per change, most recently read first: enough to keep the pages
/// people are reading fresh, bounded so that a busy stream cannot keep the server busy.
const WARM_PER_CHANGE: usize = 4;

/// Renders again the kept pages of subjects that just changed, before anyone asks: a reader
/// of a live story then gets it at once rather than after a comparison.
async fn warm(state: &AppState, subjects: Vec<Subject>) {
    let keys = state.cache().kept_for(&subjects, WARM_PER_CHANGE);
    if keys.is_empty() {
        return;
    }
    let result = state
        .read(move |store, state| {
            for key in keys {
                match key.form {
                    Form::Page => drop(subject_html(store, state, key.subject, key.axis)),
                    Form::ComparisonJson => {
                        drop(comparison_json(store, state, key.subject, key.axis))
                    }
                }
            }
            Ok(())
        })
        .await;
    if let Err(e) = result {
        eprintln!("warning: could not render changed pages ahead: {e}");
    }
}

#[derive(Deserialize)]
pub(crate) struct EventsQuery {
    /// The watermark to go on from (the river page gives its own); without it, or a
    /// `Last-Event-ID`, the stream starts with what changes next.
    after: Option<i64>,
}

/// `GET /api/events`.
pub(crate) async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Response {
    // Subscribe before reading the store, so nothing lands between the two unseen.
    let receiver = state.subscribe();
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.after);
    let start = match resume {
        Some(after) => after.max(0),
        None => match state.read(|store, _| Ok(store.clustered_up_to()?)).await {
            Ok(w) => w,
            Err(e) => return ApiError(e).into_response(),
        },
    };
    let mut listener = Listener { state, receiver, watermark: start, queued: VecDeque::new() };
    // A resumed stream first gets what it missed.
    if resume.is_some() {
        listener.catch_up().await;
    }
    Sse::new(listener.events()).keep_alive(KeepAlive::default()).into_response()
}

/// One open stream's place in the changes.
struct Listener {
    state: AppState,
    receiver: broadcast::Receiver<Arc<Change>>,
    watermark: i64,
    queued: VecDeque<Event>,
}

impl Listener {
    fn events(self) -> impl Stream<Item = Result<Event, Infallible>> {
        stream::unfold(self, |mut me| async move {
            loop {
                if let Some(event) = me.queued.pop_front() {
                    return Some((Ok(event), me));
                }
                // Catch up from the store first when behind the broadcast (a resumed or
                // lagging stream), then follow it.
                match me.receiver.try_recv() {
                    Ok(change) if change.after == me.watermark => me.queue(&change),
                    Ok(change) if change.up_to <= me.watermark => {}
                    Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => me.catch_up().await,
                    Err(broadcast::error::TryRecvError::Empty) => match me.receiver.recv().await {
                        Ok(change) if change.after == me.watermark => me.queue(&change),
                        Ok(change) if change.up_to <= me.watermark => {}
                        Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => me.catch_up().await,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    Err(broadcast::error::TryRecvError::Closed) => return None,
                }
            }
        })
    }

    /// Reads what changed after this stream's watermark from the store.
    async fn catch_up(&mut self) {
        let watermark = self.watermark;
        match self.state.read(move |store, state| changes_after(store, state, watermark)).await {
            Ok(Some(change)) => self.queue(&change),
            Ok(None) => {}
            Err(e) => {
                // Retried with the next change; the client keeps its place meanwhile.
                eprintln!("warning: live updates could not catch up: {e}");
                tokio::time::sleep(POLL_INTERVAL).await;
            }
        }
    }

    fn queue(&mut self, change: &Change) {
        let mut events: Vec<Event> = Vec::new();
        for (id, into) in &change.merged {
            let data = serde_json::json!({ "id": id, "into": into });
            events.push(Event::default().event("merged").data(data.to_string()));
        }
        for (id, html) in &change.stories {
            let data = serde_json::json!({ "id": id, "html": html });
            events.push(Event::default().event("story").data(data.to_string()));
        }
        // The watermark goes with the change's last event: a client that reconnects
        // having seen it resumes after the whole change.
        let last = events.pop().unwrap_or_else(|| Event::default().comment("nothing to show"));
        events.push(last.id(change.up_to.to_string()));
        self.queued.extend(events);
        self.watermark = change.up_to;
    }
}

pub(crate) async fn script() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../static/live.js"),
    )
        .into_response()
}
