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
];
