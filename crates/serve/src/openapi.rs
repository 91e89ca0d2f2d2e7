//! The OpenAPI 3.1 document of the JSON API, written by hand next to the routes it
//! describes (a test checks that every API route is in it).

use axum::Json;
use serde_json::{Value, json};

fn get(summary: &str, params: Value, schema: &str, not_found: bool) -> Value {
    let mut responses = json!({
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
        },
        "400": {"$ref": "#/components/responses/Error"}
    });
    if not_found {
        responses["404"] = json!({"$ref": "#/components/responses/Error"});
    }
    json!({"get": {"summary": summary, "parameters": params, "responses": responses}})
}

fn query(name: &str, kind: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "required": false, "schema": {"type": kind}, "description": description})
}

fn path(name: &str, kind: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": kind}})
}

/// Loose object schemas: the field lists live in the Rust types (see the repository's
/// README for the contracts); each schema names its required keys.
fn object(required: &[&str]) -> Value {
    json!({"type": "object", "required": required})
}

fn array_of(schema: &str) -> Value {
    json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{schema}")}})
}

pub(crate) fn spec() -> Value {
    let limit = query("limit", "integer", "at most this many (default 100, at most 1000)");
    let since = query("since", "string", "on or after this date (2022-04-30 or RFC 3339)");
    let sentences = query("sentences", "integer", "key sentences (default 12)");
    let words = query("words", "integer", "key sentences until this many words");
    let by = query("by", "string", "what a side is: outlet (default), group, country, ownership");
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Parallax API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Stories, topics, articles and the side-by-side comparison of a story's outlets."
        },
        "paths": {
            "/api/stats": get("Counts over the store", json!([]), "Stats", false),
            "/api/articles": get("Stored articles, newest first", json!([
                query("outlet", "string", "only this outlet"),
                query("language", "string", "only this language (ISO 639-1)"),
                since.clone(),
                query("until", "string", "before this date"),
                limit.clone()
            ]), "ArticleList", false),
            "/api/articles/{id}": get("One article with its sentences", json!([path("id", "string")]), "Article", true),
            "/api/stories": get("Stories, most recently active first", json!([
                query("topic", "integer", "only stories of this topic"),
                query("min_articles", "integer", "only stories with at least this many articles"),
                since,
                limit.clone()
            ]), "StoryList", false),
            "/api/stories/{id}": get("A story's page", json!([path("id", "integer"), sentences.clone(), words.clone()]), "Page", true),
            "/api/topics": get("Topics, most recently active first", json!([limit]), "TopicList", false),
            "/api/topics/{id}": get("A topic's page", json!([path("id", "integer"), sentences, words]), "Page", true),
            "/api/compare/{kind}/{id}": get(
                "The sides of a story or topic side by side",
                json!([path("kind", "string"), path("id", "integer"), by]),
                "Comparison",
                true
            ),
            "/api/search": get("Full-text search over stored articles (BM25), best first", json!([
                query("q", "string", "words (all required), \"a phrase\", -excluded, a OR b, title:word; syntax errors are read leniently"),
                query("outlet", "string", "only this outlet (name or domain, case-insensitive)"),
                query("group", "string", "only outlets of this group (outlets.toml)"),
                query("language", "string", "only this language (ISO 639-1)"),
                query("since", "string", "published on or after this date (2022-04-30 or RFC 3339)"),
                query("until", "string", "published before this date"),
                query("limit", "integer", "at most this many (default 20, at most 1000)")
            ]), "SearchHits", false),
            "/api/feeds": crate::feeds::openapi(),
            "/api/alerts": crate::alerts::openapi_list_and_create(),
            "/api/alerts/{id}": crate::alerts::openapi_delete(),
            "/api/alerts/{id}/matches": get("An alert's matches, newest first", json!([path("id", "integer"), query("limit", "integer", "at most this many (default 100, at most 1000)")]), "AlertMatches", true),
            "/api/outlets": get("The outlet registry and what the store holds from each outlet", json!([]), "OutletList", false),
            "/api/events": {"get": {
                "summary": "Server-sent events: each story that gains articles (`story`: {id, html}, its river entry) and each story merged into another (`merged`: {id, into}). The last event of each change carries the store watermark as its id; reconnecting with Last-Event-ID resumes after it.",
                "parameters": [
                    {"name": "after", "in": "query", "required": false, "schema": {"type": "integer"}, "description": "watermark to resume after (the river page gives its own); Last-Event-ID takes precedence"}
                ],
                "responses": {"200": {"description": "an event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}}
            }},
            "/api/outlets/{name}": get("One outlet (by name, alias or domain): registry facts, what the store holds, its latest articles and the stories they are filed under", json!([path("name", "string")]), "OutletProfile", true),
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OK"}}}}
        },
        "components": {
            "schemas": {
                "Stats": object(&["articles", "stories", "topics"]),
                "ArticleSummary": object(&["id", "title", "outlet", "published"]),
                "ArticleList": array_of("ArticleSummary"),
                "Article": object(&["id", "title", "outlet", "text", "sentences"]),
                "StorySummary": object(&["id", "label", "headline", "topic", "articles", "outlets", "first_published", "last_published"]),
                "StoryList": array_of("StorySummary"),
                "TopicSummary": object(&["id", "label", "headline", "stories", "articles", "outlets"]),
                "TopicList": array_of("TopicSummary"),
                "Page": object(&["id", "label", "headline", "sentences", "articles"]),
                "Comparison": object(&["coverage", "facts", "figures", "voices", "wording", "variants", "framing", "indicators"]),
                "Outlet": object(&["name", "domains", "registered", "stored_articles"]),
                "OutletList": array_of("Outlet"),
                "OutletProfile": object(&["name", "registered", "stored_articles", "articles", "stories"]),
                "SearchHit": object(&["id", "title", "outlet", "published", "score", "snippet_html", "title_html", "story"]),
                "SearchHits": array_of("SearchHit"),
                "Alert": object(&["id", "name", "query", "outlets", "group", "language", "since", "until", "webhook", "signed", "created", "cursor", "matches"]),
                "AlertList": array_of("Alert"),
                "NewAlert": object(&["name", "query"]),
                "AlertMatch": object(&["id", "alert", "article", "title", "outlet", "url", "published", "matched_at", "snippet", "delivery", "attempts"]),
                "AlertMatches": array_of("AlertMatch"),
                "Feed": object(&["feed_url", "status", "last_polled", "last_error", "consecutive_failures", "next_poll", "articles_added"]),
                "FeedList": array_of("Feed"),
                "Error": object(&["error"])
            },
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "The request failed; `error` says why",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
                }
            }
        }
    })
}

pub(crate) async fn document() -> Json<Value> {
    Json(spec())
}
