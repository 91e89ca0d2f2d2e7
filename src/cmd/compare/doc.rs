//! A small document model the comparison is written into, printed as terminal text or as
//! Markdown: one description of the report, two renderings that cannot drift apart.

use std::fmt::Write;

pub enum Block {
    Heading(u8, String),
    Para(String),
    Bullets(Vec<String>),
    Table { headers: Vec<String>, rows: Vec<Vec<String>> },
}

#[derive(Default)]
pub struct Doc {
    blocks: Vec<Block>,
}

/// Widest a text-mode table cell gets before it is cut.
const TEXT_CELL: usize = 48;

impl Doc {
    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading(level, text.into()));
    }

    pub fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Para(text.into()));
    }

    pub fn bullets(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }

    pub fn table(&mut self, headers: &[&str], rows: Vec<Vec<String>>) {
        if !rows.is_empty() {
            let headers = headers.iter().map(|h| (*h).to_owned()).collect();
            self.blocks.push(Block::Table { headers, rows });
        }
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Heading(level, text) => {
                    let _ = writeln!(out, "{} {}\n", "#".repeat(usize::from(*level)), md(text));
                }
                Block::Para(text) => {
                    let _ = writeln!(out, "{}\n", md(text));
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", md(item));
                    }
                    out.push('\n');
                }
                Block::Table { headers, rows } => {
                    let cells =
                        |row: &[String]| row.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ");
                    let _ = writeln!(out, "| {} |", cells(headers));
                    let _ = writeln!(out, "|{}|", vec!["---"; headers.len()].join("|"));
                    for row in rows {
                        let _ = writeln!(out, "| {} |", cells(row));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Heading(1, text) => {
                    let _ = writeln!(out, "{text}\n{}\n", "═".repeat(text.chars().count().min(78)));
                }
                Block::Heading(_, text) => {
                    let _ = writeln!(out, "── {text}\n");
                }
                Block::Para(text) => {
                    let _ = writeln!(out, "{text}\n");
                }
                Block::Bullets(items) => {
                    for item in items {
                        let _ = writeln!(out, "  • {item}");
                    }
                    out.push('\n');
                }
                Block::Table { headers, rows } => {
                    // The last column runs on (the terminal wraps it); the others are cut
                    // so that the columns line up.
                    let last = headers.len().saturating_sub(1);
                    let clipped: Vec<Vec<String>> = std::iter::once(headers)
                        .chain(rows)
                        .map(|row| {
                            row.iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    if i == last {
                                        c.clone()
                                    } else {
                                        super::super::clip(c, TEXT_CELL)
                                    }
                                })
                                .collect()
                        })
                        .collect();
                    let mut widths = vec![0; headers.len()];
                    for row in &clipped {
                        for (w, c) in widths.iter_mut().zip(row).take(last) {
                            *w = (*w).max(c.chars().count());
                        }
                    }
                    for (i, row) in clipped.iter().enumerate() {
                        let line: Vec<String> = row
                            .iter()
                            .zip(&widths)
                            .enumerate()
                            .map(
                                |(i, (c, &w))| {
                                    if i == last { c.clone() } else { format!("{c:<w$}") }
                                },
                            )
                            .collect();
                        let _ = writeln!(out, "  {}", line.join("  ").trim_end());
                        if i == 0 {
                            let rule: Vec<String> = widths
                                .iter()
                                .enumerate()
                                .map(|(i, &w)| {
                                    "─".repeat(if i == last { row[i].chars().count() } else { w })
                                })
                                .collect();
                            let _ = writeln!(out, "  {}", rule.join("  "));
                        }
                    }
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Text that Markdown must not read as markup.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_and_pipes_in_cells() {
        let mut doc = Doc::default();
        doc.heading(2, "Voices <script>");
        doc.table(&["speaker", "text"], vec![vec!["A|B".into(), "*bold* [link](x)".into()]]);
        let md = doc.markdown();
        assert!(md.contains("## Voices \\<script\\>"));
        assert!(md.contains("| A\\|B | \\*bold\\* \\[link\\](x) |"));
    }

    #[test]
    fn text_tables_align_and_cut_long_cells() {
        let mut doc = Doc::default();
        let long = "y".repeat(100);
        doc.table(
            &["a", "b"],
            vec![vec![long.clone(), "z".into()], vec!["x".into(), long.clone()]],
        );
        let text = doc.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].trim_end(), format!("  a{}b", " ".repeat(TEXT_CELL + 1)));
        assert!(lines[2].starts_with("  yyy") && lines[2].contains("…  z"));
        assert!(lines[3].ends_with(&long), "the last column is not cut");
    }
}
