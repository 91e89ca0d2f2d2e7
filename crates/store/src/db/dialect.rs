//! The little that differs in how the two engines are spoken to: placeholders, and how a
//! database is named in messages.

/// Rewrites SQLite's placeholders (`?1`, and bare `?` numbered after the highest seen so
/// far, as SQLite numbers them) into PostgreSQL's `$1`. Quoted strings, quoted identifiers
/// and comments are copied untouched.
pub(crate) fn postgres_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut highest = 0u32;
    let mut chars = sql.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // A doubled quote inside is an escaped one: the loop sees it as a close
                // followed by a reopen, which copies the same characters.
                for (_, inner) in chars.by_ref() {
                    out.push(inner);
                    if inner == c {
                        break;
                    }
                }
            }
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => {
                out.push(c);
                for (_, inner) in chars.by_ref() {
                    out.push(inner);
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    digits.push(d);
                    chars.next();
                }
                let n = match digits.parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => highest + 1,
                };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

/// A database URL fit for messages: the password, in either the URL or the key-value form,
/// replaced by `***`.
pub(crate) fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            if let Some(colon) = userinfo.find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &userinfo[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_owned();
    }
    url.split_whitespace()
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_as_sqlite_numbers_them() {
        assert_eq!(postgres_placeholders("SELECT ?1, ?2, ?1"), "SELECT $1, $2, $1");
        assert_eq!(postgres_placeholders("a IN (?, ?, ?)"), "a IN ($1, $2, $3)");
        assert_eq!(postgres_placeholders("x = ?3 AND y = ?"), "x = $3 AND y = $4");
        assert_eq!(postgres_placeholders("?12"), "$12");
    }

    #[test]
    fn quoted_text_and_comments_keep_their_question_marks() {
        assert_eq!(
            postgres_placeholders("SELECT '?1 it''s?', \"odd?col\" -- why?\n FROM t WHERE a = ?"),
            "SELECT '?1 it''s?', \"odd?col\" -- why?\n FROM t WHERE a = $1"
        );
        // An unterminated string is copied to the end rather than lost.
        assert_eq!(postgres_placeholders("SELECT 'open ?"), "SELECT 'open ?");
        assert_eq!(postgres_placeholders(""), "");
        assert_eq!(postgres_placeholders("é ? ü"), "é $1 ü");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://ed:s3cr@t@db.example:5432/news?sslmode=require"),
            "postgres://ed:***@db.example:5432/news?sslmode=require"
        );
        assert_eq!(redact("postgresql://ed@db/news"), "postgresql://ed@db/news");
        assert_eq!(redact("postgres:///news"), "postgres:///news");
        assert_eq!(
            redact("host=db user=ed password=hunter2 dbname=news"),
            "host=db user=ed password=*** dbname=news"
        );
    }
}
