//! Versioned schema migrations. Each entry moves the schema one version up and runs in its
//! own transaction together with the `user_version` bump, so a crash mid-migration leaves
//! the previous version intact. Never edit a released migration: add a new one.

/// Migrations in order; the schema version is the number applied.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles, their sentences, near-duplicate band keys, feed subscriptions.
    r#"
    CREATE TABLE articles (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        title          TEXT,
        outlet         TEXT,
        domain         TEXT,
        url            TEXT,
        canonical_url  TEXT    UNIQUE,
        published      TEXT,
        captured       TEXT,
        language       TEXT,
        byline         TEXT,
        text           TEXT    NOT NULL,
        text_hash      INTEGER NOT NULL UNIQUE,
        words          INTEGER NOT NULL,
        summary_only   INTEGER NOT NULL DEFAULT 0,
        syndicated_of  TEXT    REFERENCES articles(id),
        similarity     REAL,
        format         TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        ingested_at    TEXT    NOT NULL,
        extra          TEXT    NOT NULL DEFAULT '{}',
        signature      BLOB,
        sentence_count INTEGER NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_syndicated_of ON articles(syndicated_of);
    CREATE INDEX articles_domain ON articles(domain);

    -- The name an outlet gives itself, learned from articles that state it, for articles
    -- from the same domain that do not (feed items, crawled pages).
    CREATE TABLE outlet_names (
        domain TEXT PRIMARY KEY,
        name   TEXT NOT NULL
    );

    CREATE TABLE sentences (
        article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        start       INTEGER NOT NULL,
        end         INTEGER NOT NULL,
        text        TEXT    NOT NULL,
        PRIMARY KEY (article_seq, idx)
    ) WITHOUT ROWID;

    CREATE TABLE minhash_bands (
        band        INTEGER NOT NULL,
        key         INTEGER NOT NULL,
        article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        PRIMARY KEY (band, key, article_seq)
    ) WITHOUT ROWID;

    CREATE TABLE subscriptions (
        feed_url  TEXT PRIMARY KEY,
        title     TEXT,
        site_url  TEXT,
        category  TEXT,
        source    TEXT NOT NULL,
        added_at  TEXT NOT NULL
    );
    "#,
    // 2: stories and topics, each article's story, the clusterer's saved state, and
    // document frequencies of stems (the background IDF of story pages).
    r#"
    ALTER TABLE articles ADD COLUMN story INTEGER;
    CREATE INDEX articles_story ON articles(story);
    -- Articles still to cluster, in the order the clusterer takes them: undated ones first
    -- (they may belong to any story, so they should meet the stories before any closes),
    -- then by publication time (capture time for crawled pages), then ingest order.
    CREATE INDEX articles_pending ON articles(coalesce(published, captured), seq)
        WHERE story IS NULL;

    CREATE TABLE topics (
        id              INTEGER PRIMARY KEY,
        label           TEXT    NOT NULL DEFAULT '',
        headline        TEXT    NOT NULL DEFAULT '',
        stories         INTEGER NOT NULL DEFAULT 0,
        articles        INTEGER NOT NULL DEFAULT 0,
        outlets         INTEGER NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published  TEXT,
        -- Articles when the label and headline were last chosen.
        heading_size    INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE stories (
        id              INTEGER PRIMARY KEY,
        topic           INTEGER NOT NULL,
        label           TEXT    NOT NULL DEFAULT '',
        headline        TEXT    NOT NULL DEFAULT '',
        articles        INTEGER NOT NULL DEFAULT 0,
        outlets         INTEGER NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published  TEXT,
        merged_into     INTEGER REFERENCES stories(id),
        heading_size    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_topic ON stories(topic);
    CREATE INDEX stories_last_published ON stories(last_published);

    -- Two stories found to be one: `story` was folded into `into` when `article` came.
    CREATE TABLE story_merges (
        story   INTEGER PRIMARY KEY REFERENCES stories(id),
        into_story INTEGER NOT NULL REFERENCES stories(id),
        article TEXT    NOT NULL REFERENCES articles(id)
    );

    -- The streaming clusterer's state after the last committed pass, so the next pass goes
    -- on exactly where it stopped. One row.
    CREATE TABLE clustering (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        stories   BLOB    NOT NULL,
        topics    BLOB    NOT NULL,
        articles  INTEGER NOT NULL
    );

    CREATE TABLE term_documents (
        term TEXT PRIMARY KEY,
        docs INTEGER NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 3: saved searches (alerts), the articles each has matched, and the webhook delivery of
    // each match.
    r#"
    CREATE TABLE alerts (
        id             INTEGER PRIMARY KEY,
        name           TEXT    NOT NULL,
        query          TEXT    NOT NULL,
        -- JSON array of outlet names or domains (any of them matches).
        outlets        TEXT    NOT NULL DEFAULT '[]',
        -- An outlet group of outlets.toml, resolved when the alert runs.
        outlet_group   TEXT,
        language       TEXT,
        since          TEXT,
        until          TEXT,
        webhook_url    TEXT,
        webhook_secret TEXT,
        created_at     TEXT    NOT NULL,
        -- The highest search-index seq already looked at: the alert only ever sees newer
        -- articles.
        cursor         INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE alert_matches (
        id           INTEGER PRIMARY KEY,
        alert        INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article      TEXT    NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        matched_at   TEXT    NOT NULL,
        snippet      TEXT    NOT NULL,
        -- NULL when the alert has no webhook.
        delivery     TEXT CHECK (delivery IN ('pending', 'delivered', 'failed')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_error   TEXT,
        next_attempt TEXT,
        UNIQUE (alert, article)
    );
    CREATE INDEX alert_matches_article ON alert_matches(article);
    CREATE INDEX alert_matches_due ON alert_matches(next_attempt) WHERE delivery = 'pending';
    "#,
    // 4: polling state of each feed subscription (`parallax watch`): the validators for the
    // next conditional GET, when it was last polled and with what result, the back-off
    // (failures in a row, next poll) and running counts.
    r#"
    ALTER TABLE subscriptions ADD COLUMN etag TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_modified TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_polled TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_success TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_error TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_result TEXT;
    ALTER TABLE subscriptions ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN next_poll TEXT;
    ALTER TABLE subscriptions ADD COLUMN items_seen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN articles_added INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN page_failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN last_page_error TEXT;
    -- Never-polled feeds (NULL) sort first and are due at once.
    CREATE INDEX subscriptions_next_poll ON subscriptions(next_poll);
    "#,
];
