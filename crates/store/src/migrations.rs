//! Versioned schema migrations. Each entry moves the schema one version up and runs in its
//! own transaction together with the version bump (`user_version` on SQLite, the
//! `schema_version` table on PostgreSQL), so a crash mid-migration leaves the previous
//! version intact. Never edit a released migration: add a new one.
//!
//! Each version has its SQLite text and its PostgreSQL text. They differ only where the
//! dialects must: SQLite's rowid aliases (`INTEGER PRIMARY KEY`) are `BIGSERIAL` where the
//! database numbers rows and `BIGINT` where the code gives ids, every integer is `BIGINT`
//! (SQLite's are 64-bit), `BLOB` is `BYTEA`, `REAL` is `DOUBLE PRECISION`, `WITHOUT ROWID`
//! and `COLLATE NOCASE` go (case-insensitive look-ups index `lower(col)`), and the column
//! `end`, a reserved word there, is quoted on both. Timestamps are RFC 3339 TEXT on both.

/// One schema version in both dialects.
pub(crate) struct Migration {
    pub(crate) sqlite: &'static str,
    pub(crate) postgres: &'static str,
}

/// Migrations in order; the schema version is the number applied.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration { sqlite: SQLITE[0], postgres: POSTGRES[0] },
    Migration { sqlite: SQLITE[1], postgres: POSTGRES[1] },
    Migration { sqlite: SQLITE[2], postgres: POSTGRES[2] },
    Migration { sqlite: SQLITE[3], postgres: POSTGRES[3] },
    Migration { sqlite: SQLITE[4], postgres: POSTGRES[4] },
    Migration { sqlite: SQLITE[5], postgres: POSTGRES[5] },
    Migration { sqlite: SQLITE[6], postgres: POSTGRES[6] },
    Migration { sqlite: SQLITE[7], postgres: POSTGRES[7] },
];

const SQLITE: [&str; 8] = [
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
    // 5: per-input checkpoints (resumable backfills) and the job queue of `parallax worker`.
    r#"
    CREATE TABLE input_checkpoints (
        input      TEXT    PRIMARY KEY,
        size       INTEGER NOT NULL,
        modified   TEXT,
        items      INTEGER NOT NULL,
        bytes      INTEGER NOT NULL,
        finished   INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT    NOT NULL
    );

    CREATE TABLE workers (
        id         INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL,
        started_at TEXT    NOT NULL,
        stopped_at TEXT
    );

    CREATE TABLE jobs (
        id              INTEGER PRIMARY KEY,
        input           TEXT    NOT NULL,
        options         TEXT    NOT NULL DEFAULT '{}',
        state           TEXT    NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'running', 'done', 'failed')),
        worker          INTEGER REFERENCES workers(id),
        claims          INTEGER NOT NULL DEFAULT 0,
        new_articles    INTEGER NOT NULL DEFAULT 0,
        duplicates      INTEGER NOT NULL DEFAULT 0,
        near_duplicates INTEGER NOT NULL DEFAULT 0,
        completed       INTEGER NOT NULL DEFAULT 0,
        failures        INTEGER NOT NULL DEFAULT 0,
        last_error      TEXT,
        created_at      TEXT    NOT NULL,
        started_at      TEXT,
        finished_at     TEXT
    );
    CREATE INDEX jobs_queued ON jobs(id) WHERE state = 'queued';
    CREATE INDEX jobs_running ON jobs(worker) WHERE state = 'running';
    "#,
    // 6: nothing: see PostgreSQL's version 6 (a foreign-key check here is an index probe in
    // the same process, and the tables keep their cascades).
    "",
    // 7: nothing: SQLite plans a statement once, when it is prepared.
    "",
    // 8: band keys ordered by block of 2^17 consecutive articles first (the near-duplicate
    // window, `NEAR_DUPLICATE_BLOCK_BITS`): new keys then land in the newest block's part
    // of the index instead of on random pages of all of it.
    r#"
    CREATE TABLE minhash_bands_by_block (
        block       INTEGER NOT NULL,
        band        INTEGER NOT NULL,
        key         INTEGER NOT NULL,
        article_seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        PRIMARY KEY (block, band, key, article_seq)
    ) WITHOUT ROWID;
    INSERT INTO minhash_bands_by_block (block, band, key, article_seq)
        SELECT article_seq >> 17, band, key, article_seq FROM minhash_bands ORDER BY 1, 2, 3, 4;
    DROP TABLE minhash_bands;
    ALTER TABLE minhash_bands_by_block RENAME TO minhash_bands;
    "#,
];

const POSTGRES: [&str; 8] = [
    // 1
    r#"
    CREATE TABLE articles (
        seq            BIGSERIAL PRIMARY KEY,
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
        text_hash      BIGINT  NOT NULL UNIQUE,
        words          BIGINT  NOT NULL,
        summary_only   BIGINT  NOT NULL DEFAULT 0,
        syndicated_of  TEXT    REFERENCES articles(id),
        similarity     DOUBLE PRECISION,
        format         TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        ingested_at    TEXT    NOT NULL,
        extra          TEXT    NOT NULL DEFAULT '{}',
        signature      BYTEA,
        sentence_count BIGINT  NOT NULL
    );
    CREATE INDEX articles_outlet ON articles(lower(outlet));
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_syndicated_of ON articles(syndicated_of);
    CREATE INDEX articles_domain ON articles(domain);

    CREATE TABLE outlet_names (
        domain TEXT PRIMARY KEY,
        name   TEXT NOT NULL
    );

    CREATE TABLE sentences (
        article_seq BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        idx         BIGINT NOT NULL,
        start       BIGINT NOT NULL,
        "end"       BIGINT NOT NULL,
        text        TEXT   NOT NULL,
        PRIMARY KEY (article_seq, idx)
    );

    CREATE TABLE minhash_bands (
        band        BIGINT NOT NULL,
        key         BIGINT NOT NULL,
        article_seq BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
        PRIMARY KEY (band, key, article_seq)
    );
    -- SQLite's WITHOUT ROWID tables are clustered by key; here the cascade from articles
    -- needs its own index.
    CREATE INDEX minhash_bands_article ON minhash_bands(article_seq);

    CREATE TABLE subscriptions (
        feed_url  TEXT PRIMARY KEY,
        title     TEXT,
        site_url  TEXT,
        category  TEXT,
        source    TEXT NOT NULL,
        added_at  TEXT NOT NULL
    );
    "#,
    // 2
    r#"
    ALTER TABLE articles ADD COLUMN story BIGINT;
    CREATE INDEX articles_story ON articles(story);
    -- NULLS FIRST: undated articles are clustered first (SQLite sorts NULLs first anyway).
    CREATE INDEX articles_pending ON articles(coalesce(published, captured) NULLS FIRST, seq)
        WHERE story IS NULL;

    CREATE TABLE topics (
        id              BIGINT  PRIMARY KEY,
        label           TEXT    NOT NULL DEFAULT '',
        headline        TEXT    NOT NULL DEFAULT '',
        stories         BIGINT  NOT NULL DEFAULT 0,
        articles        BIGINT  NOT NULL DEFAULT 0,
        outlets         BIGINT  NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published  TEXT,
        heading_size    BIGINT  NOT NULL DEFAULT 0
    );

    CREATE TABLE stories (
        id              BIGINT  PRIMARY KEY,
        topic           BIGINT  NOT NULL,
        label           TEXT    NOT NULL DEFAULT '',
        headline        TEXT    NOT NULL DEFAULT '',
        articles        BIGINT  NOT NULL DEFAULT 0,
        outlets         BIGINT  NOT NULL DEFAULT 0,
        first_published TEXT,
        last_published  TEXT,
        merged_into     BIGINT  REFERENCES stories(id),
        heading_size    BIGINT  NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_topic ON stories(topic);
    CREATE INDEX stories_last_published ON stories(last_published);

    CREATE TABLE story_merges (
        story      BIGINT PRIMARY KEY REFERENCES stories(id),
        into_story BIGINT NOT NULL REFERENCES stories(id),
        article    TEXT   NOT NULL REFERENCES articles(id)
    );

    CREATE TABLE clustering (
        id        BIGINT PRIMARY KEY CHECK (id = 1),
        stories   BYTEA  NOT NULL,
        topics    BYTEA  NOT NULL,
        articles  BIGINT NOT NULL
    );

    CREATE TABLE term_documents (
        term TEXT PRIMARY KEY,
        docs BIGINT NOT NULL
    );
    "#,
    // 3
    r#"
    CREATE TABLE alerts (
        id             BIGSERIAL PRIMARY KEY,
        name           TEXT    NOT NULL,
        query          TEXT    NOT NULL,
        outlets        TEXT    NOT NULL DEFAULT '[]',
        outlet_group   TEXT,
        language       TEXT,
        since          TEXT,
        until          TEXT,
        webhook_url    TEXT,
        webhook_secret TEXT,
        created_at     TEXT    NOT NULL,
        cursor         BIGINT  NOT NULL DEFAULT 0
    );

    CREATE TABLE alert_matches (
        id           BIGSERIAL PRIMARY KEY,
        alert        BIGINT  NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        article      TEXT    NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        matched_at   TEXT    NOT NULL,
        snippet      TEXT    NOT NULL,
        delivery     TEXT CHECK (delivery IN ('pending', 'delivered', 'failed')),
        attempts     BIGINT  NOT NULL DEFAULT 0,
        last_error   TEXT,
        next_attempt TEXT,
        UNIQUE (alert, article)
    );
    CREATE INDEX alert_matches_article ON alert_matches(article);
    CREATE INDEX alert_matches_due ON alert_matches(next_attempt) WHERE delivery = 'pending';
    "#,
    // 4
    r#"
    ALTER TABLE subscriptions ADD COLUMN etag TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_modified TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_polled TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_success TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_error TEXT;
    ALTER TABLE subscriptions ADD COLUMN last_result TEXT;
    ALTER TABLE subscriptions ADD COLUMN consecutive_failures BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN next_poll TEXT;
    ALTER TABLE subscriptions ADD COLUMN items_seen BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN articles_added BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN page_failures BIGINT NOT NULL DEFAULT 0;
    ALTER TABLE subscriptions ADD COLUMN last_page_error TEXT;
    -- NULLS FIRST: never-polled feeds are due at once.
    CREATE INDEX subscriptions_next_poll ON subscriptions(next_poll NULLS FIRST);
    "#,
    // 5
    r#"
    CREATE TABLE input_checkpoints (
        input      TEXT    PRIMARY KEY,
        size       BIGINT  NOT NULL,
        modified   TEXT,
        items      BIGINT  NOT NULL,
        bytes      BIGINT  NOT NULL,
        finished   BIGINT  NOT NULL DEFAULT 0,
        updated_at TEXT    NOT NULL
    );

    CREATE TABLE workers (
        id         BIGSERIAL PRIMARY KEY,
        name       TEXT    NOT NULL,
        started_at TEXT    NOT NULL,
        stopped_at TEXT
    );

    CREATE TABLE jobs (
        id              BIGSERIAL PRIMARY KEY,
        input           TEXT    NOT NULL,
        options         TEXT    NOT NULL DEFAULT '{}',
        state           TEXT    NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'running', 'done', 'failed')),
        worker          BIGINT  REFERENCES workers(id),
        claims          BIGINT  NOT NULL DEFAULT 0,
        new_articles    BIGINT  NOT NULL DEFAULT 0,
        duplicates      BIGINT  NOT NULL DEFAULT 0,
        near_duplicates BIGINT  NOT NULL DEFAULT 0,
        completed       BIGINT  NOT NULL DEFAULT 0,
        failures        BIGINT  NOT NULL DEFAULT 0,
        last_error      TEXT,
        created_at      TEXT    NOT NULL,
        started_at      TEXT,
        finished_at     TEXT
    );
    CREATE INDEX jobs_queued ON jobs(id) WHERE state = 'queued';
    CREATE INDEX jobs_running ON jobs(worker) WHERE state = 'running';
    "#,
    // 6: sentences and band keys no longer check their article on PostgreSQL. Each check
    // was a query with a row lock on the article, one per sentence and per band key (some
    // 45 per article), and the largest
    // share of the ingest's time on the server; they guarded nothing, since an article's
    // rows are written with it in one statement and articles are never deleted (replacing
    // a summary deletes its rows by hand, as any future deletion must).
    r#"
    ALTER TABLE sentences DROP CONSTRAINT IF EXISTS sentences_article_seq_fkey;
    ALTER TABLE minhash_bands DROP CONSTRAINT IF EXISTS minhash_bands_article_seq_fkey;
    "#,
    // 7: the near-duplicate look-up, run for every incoming article, as a function that
    // keeps one generic plan for the session. As a prepared statement PostgreSQL planned it
    // afresh for every article (its estimates favour a custom plan for each set of band
    // keys), and planning cost more than running it: 0.31 ms against 0.20 ms an article.
    // The statement's plan is the same: one index probe per band key.
    r#"
    CREATE FUNCTION near_duplicate_candidates(bands BIGINT[], keys BIGINT[])
    RETURNS TABLE (seq BIGINT, id TEXT, signature BYTEA, published TEXT, syndicated_of TEXT)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    AS $body$
    BEGIN
        RETURN QUERY
        SELECT a.seq, a.id, a.signature, a.published, a.syndicated_of FROM articles a
        WHERE a.seq IN (
            SELECT m.article_seq FROM minhash_bands m
            JOIN unnest(bands, keys) AS q(band, key) ON m.band = q.band AND m.key = q.key)
        ORDER BY a.seq;
    END
    $body$;
    "#,
    // 8: band keys ordered by block first (see SQLite's version 8); the look-up finds the
    // window's two blocks from the newest article and the block size it is given.
    r#"
    CREATE TABLE minhash_bands_by_block (
        block       BIGINT NOT NULL,
        band        BIGINT NOT NULL,
        key         BIGINT NOT NULL,
        article_seq BIGINT NOT NULL,
        PRIMARY KEY (block, band, key, article_seq)
    );
    INSERT INTO minhash_bands_by_block (block, band, key, article_seq)
        SELECT article_seq >> 17, band, key, article_seq FROM minhash_bands;
    DROP TABLE minhash_bands;
    ALTER TABLE minhash_bands_by_block RENAME TO minhash_bands;
    ALTER INDEX minhash_bands_by_block_pkey RENAME TO minhash_bands_pkey;
    CREATE INDEX minhash_bands_article ON minhash_bands(article_seq);
    DROP FUNCTION near_duplicate_candidates(BIGINT[], BIGINT[]);
    CREATE FUNCTION near_duplicate_candidates(block_bits INT, bands BIGINT[], keys BIGINT[])
    RETURNS TABLE (seq BIGINT, id TEXT, signature BYTEA, published TEXT, syndicated_of TEXT)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
    AS $body$
    DECLARE
        newest BIGINT := (SELECT coalesce(max(n.seq), 0) FROM articles n) >> block_bits;
    BEGIN
        RETURN QUERY
        SELECT a.seq, a.id, a.signature, a.published, a.syndicated_of FROM articles a
        WHERE a.seq IN (
            SELECT m.article_seq FROM minhash_bands m
            JOIN unnest(bands, keys) AS q(band, key)
                ON m.block IN (newest, newest - 1) AND m.band = q.band AND m.key = q.key)
        ORDER BY a.seq;
    END
    $body$;
    "#,
];
