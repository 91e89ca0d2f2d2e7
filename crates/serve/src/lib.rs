/*!
Parallax's web face: a JSON API under `/api/` (described by the OpenAPI document at
`/api/openapi.json`) and server-rendered HTML pages that read fine without JavaScript.

- `/` — the river: the latest stories with their label, headline, outlets and sides, kept
  current by server-sent events from `/api/events`;
- `/story/{id}` and `/topic/{id}` — the page (label, headline, key sentences with their
  outlet and date), then the sides side by side: coverage with a timeline chart, a map of
  the places the reports name, the facts only each side reports, the facts they share,
  figures with conflicts highlighted, voices, wording and framing
  (`?by=outlet|group|country|ownership`); rendered pages are kept while the story is
  unchanged;
- `/article/{id}` — an article with its evidence highlighted (figures, dates, voices, naming
  variants, terms in quotation marks, persuasion indicators);
- `/outlets` — the outlet registry and what the store holds from each outlet; `/outlet/{name}`
  — one outlet's facts, the stories it reported and its latest articles;
- `/search?q=` — full-text search over stored articles, with filters and highlighted
  passages (the index in `<data dir>/search/` is brought up to date at start);
- `/feeds` — the polled feeds and the health of each; `/alerts` — saved searches, each with
  an Atom feed at `/alerts/{id}.atom`.

Write endpoints (following feeds, saving alerts) take `Authorization: Bearer TOKEN` when the
server was given a token, and their forms refuse posts from other sites.

Every page is self-contained: one stylesheet served from `/static/`, no external assets, no
CDN. All article text is escaped by the templates (askama escapes every interpolation).
Handlers run their store reads on the blocking pool, each with a store connection of its
own from a small pool (SQLite in WAL mode serves concurrent readers; with
[`AppState::open_with`] the store is a PostgreSQL database and the pool holds its connections).

```no_run
# async fn run() -> Result<(), Box<dyn std::error::Error>> {
let state = parallax_serve::AppState::open("parallax-data".as_ref(), None)?;
let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
axum::serve(listener, parallax_serve::router(state)).await?;
# Ok(()) }
```
*/
#![warn(missing_docs)]

mod alerts;
mod api;
mod auth;
mod cache;
mod error;
mod feeds;
mod highlight;
mod live;
mod openapi;
mod outlet;
mod pages;
mod river;
mod search;
mod state;
mod timeline;

use axum::Router;
use axum::routing::get;

pub use crate::error::ServeError;
pub use crate::state::AppState;

/// The whole application: API, pages and the stylesheet.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(river::river))
        .route("/story/{id}", get(pages::story))
        .route("/topic/{id}", get(pages::topic))
        .route("/article/{id}", get(pages::article))
        .route("/outlets", get(pages::outlets))
        .route("/outlet/{name}", get(outlet::page))
        .route("/search", get(search::page))
        .route("/static/style.css", get(pages::stylesheet))
        .route("/static/live.js", get(live::script))
        .merge(alerts::page_routes())
        .merge(feeds::page_routes())
        .nest("/api", api::routes().merge(alerts::api_routes()).merge(feeds::api_routes()))
        .fallback(pages::not_found)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// What every response tells the browser: load nothing from elsewhere, run no inline
/// script, never be framed or sniffed, tell other sites nothing of what was read (but keep
/// the origin on our own form posts, which the write guard checks). Article text is escaped already; this is the second
/// wall should an escape ever be missed.
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::HeaderValue;
    let headers = response.headers_mut();
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

#[cfg(test)]
mod tests;
