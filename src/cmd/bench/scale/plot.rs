//! The SVG plot of a scale run: microseconds per article against corpus size, both axes
//! logarithmic, one line per stage and engine. Hand-written SVG, no script: it opens in a
//! browser and sits in a README as it is.

use std::fmt::Write;

use super::super::escape;
use super::run::Run;
use crate::cli::BenchEngine;

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 480.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 210.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 58.0;

/// The stages plotted, with their colours (distinguishable in colour-blind palettes).
const STAGES: [(&str, &str); 5] = [
    ("read", "#0072b2"),
    ("analysis", "#e69f00"),
    ("store", "#009e73"),
    ("clustering", "#cc79a7"),
    ("end to end", "#000000"),
];

fn stage_cost(run: &Run, stage: &str) -> f64 {
    match stage {
        "read" => run.stages.read.us_per_article,
        "analysis" => run.stages.analysis.us_per_article,
        "store" => run.stages.store.us_per_article,
        "clustering" => run.stages.clustering.us_per_article,
        _ => run.end_to_end.us_per_article,
    }
}

fn engine_name(engine: BenchEngine) -> &'static str {
    match engine {
        BenchEngine::Sqlite => "sqlite",
        BenchEngine::Postgres => "postgres",
    }
}

/// One line of the plot: its points in corpus-size order (non-positive costs left out:
/// a log axis has no place for them).
struct Series {
    engine: &'static str,
    stage: &'static str,
    colour: &'static str,
    points: Vec<(f64, f64)>,
}

fn series(runs: &[Run]) -> Vec<Series> {
    let mut engines: Vec<BenchEngine> = Vec::new();
    for run in runs {
        if !engines.contains(&run.engine) {
            engines.push(run.engine);
        }
    }
    let mut all = Vec::new();
    for engine in engines {
        for (stage, colour) in STAGES {
            let mut points: Vec<(f64, f64)> = runs
                .iter()
                .filter(|r| r.engine == engine)
                .map(|r| (r.articles as f64, stage_cost(r, stage)))
                .filter(|&(n, us)| n > 0.0 && us > 0.0 && us.is_finite())
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            all.push(Series { engine: engine_name(engine), stage, colour, points });
        }
    }
    all
}

/// A logarithmic axis over whole decades around the data.
struct LogAxis {
    low: f64,
    high: f64,
}

impl LogAxis {
    fn around(values: impl Iterator<Item = f64>) -> LogAxis {
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values {
            min = min.min(v);
            max = max.max(v);
        }
        if !min.is_finite() {
            return LogAxis { low: 0.0, high: 1.0 };
        }
        let low = min.log10().floor();
        let high = max.log10().ceil().max(low + 1.0);
        LogAxis { low, high }
    }

    /// Position in 0..=1 along the axis.
    fn at(&self, value: f64) -> f64 {
        (value.log10() - self.low) / (self.high - self.low)
    }

    /// Tick values: 1, 2 and 5 times each power of ten over a narrow range, powers of ten
    /// only over a wide one.
    fn ticks(&self) -> Vec<f64> {
        let steps: &[f64] = if self.high - self.low <= 3.0 { &[1.0, 2.0, 5.0] } else { &[1.0] };
        let mut ticks = Vec::new();
        let mut decade = self.low;
        while decade <= self.high {
            for step in steps {
                let v = step * 10f64.powf(decade);
                if v.log10() <= self.high + 1e-9 {
                    ticks.push(v);
                }
            }
            decade += 1.0;
        }
        ticks
    }
}

/// A number as a short label: 300, 10k, 2.5M.
fn short(v: f64) -> String {
    let trim = |x: f64| {
        let s = format!("{x:.1}");
        s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
    };
    if v >= 1e6 {
        format!("{}M", trim(v / 1e6))
    } else if v >= 1e3 {
        format!("{}k", trim(v / 1e3))
    } else if v >= 1.0 {
        trim(v)
    } else {
        format!("{v}")
    }
}

/// The SVG document for `runs`; `context` (machine, settings) goes into its description.
pub(super) fn svg(runs: &[Run], context: &str) -> String {
    let series = series(runs);
    let x = LogAxis::around(series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    let y = LogAxis::around(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    let (plot_w, plot_h) = (WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    let px = |n: f64| LEFT + x.at(n) * plot_w;
    let py = |us: f64| TOP + (1.0 - y.at(us)) * plot_h;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title desc">"#
    );
    let _ = writeln!(
        out,
        r#"<title id="title">Parallax: cost per article against corpus size</title>"#
    );
    let _ = writeln!(
        out,
        r#"<desc id="desc">Microseconds per article of each stage (reading, analysis, store, clustering) and end to end, against the number of articles in the corpus; both axes logarithmic. Solid lines SQLite, dashed PostgreSQL. A flat line is a cost that does not grow with the corpus. {}</desc>"#,
        escape(context)
    );
    let _ = writeln!(out, r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="{}" y="28" font-size="15" font-weight="bold">Cost per article against corpus size</text>"#,
        LEFT
    );

    // Grid, ticks and their labels.
    let _ = writeln!(out, r##"<g class="axes" stroke="#ccc" stroke-width="1">"##);
    for t in x.ticks() {
        let _ = writeln!(
            out,
            r#"<line x1="{0:.1}" y1="{TOP}" x2="{0:.1}" y2="{1:.1}"/>"#,
            px(t),
            TOP + plot_h
        );
    }
    for t in y.ticks() {
        let _ = writeln!(
            out,
            r#"<line x1="{LEFT}" y1="{0:.1}" x2="{1:.1}" y2="{0:.1}"/>"#,
            py(t),
            LEFT + plot_w
        );
    }
    let _ = writeln!(
        out,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#333"/>"##
    );
    let _ = writeln!(out, "</g>");
    let _ = writeln!(out, r##"<g class="labels" fill="#333">"##);
    for t in x.ticks() {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            px(t),
            TOP + plot_h + 18.0,
            short(t)
        );
    }
    for t in y.ticks() {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            py(t) + 4.0,
            short(t)
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">articles in the corpus (log scale)</text>"#,
        LEFT + plot_w / 2.0,
        HEIGHT - 16.0
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate(20 {:.1}) rotate(-90)" text-anchor="middle">µs per article (log scale)</text>"#,
        TOP + plot_h / 2.0
    );
    let _ = writeln!(out, "</g>");

    // The lines, each a group named by its engine and stage, with a tooltip per point.
    for (i, s) in series.iter().enumerate() {
        let dash = if s.engine == "postgres" { r#" stroke-dasharray="6 4""# } else { "" };
        let _ = writeln!(
            out,
            r#"<g class="series" data-engine="{}" data-stage="{}" stroke="{}" fill="{}">"#,
            s.engine, s.stage, s.colour, s.colour
        );
        let _ = writeln!(out, "<title>{}, {}</title>", s.engine, s.stage);
        let points: Vec<String> =
            s.points.iter().map(|&(n, us)| format!("{:.1},{:.1}", px(n), py(us))).collect();
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke-width="2"{dash}/>"#,
            points.join(" ")
        );
        for &(n, us) in &s.points {
            let _ = writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3"><title>{} {}: {} articles, {:.1} µs per article</title></circle>"#,
                px(n),
                py(us),
                s.engine,
                s.stage,
                n,
                us
            );
        }
        let _ = writeln!(out, "</g>");
        // The legend, one row per line.
        let ly = TOP + 8.0 + i as f64 * 18.0;
        let lx = LEFT + plot_w + 16.0;
        let _ = writeln!(
            out,
            r#"<g class="legend"><line x1="{lx}" y1="{ly}" x2="{:.1}" y2="{ly}" stroke="{}" stroke-width="2"{dash}/><text x="{:.1}" y="{:.1}">{} {}</text></g>"#,
            lx + 28.0,
            s.colour,
            lx + 34.0,
            ly + 4.0,
            s.engine,
            s.stage
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels() {
        assert_eq!(short(300.0), "300");
        assert_eq!(short(10_000.0), "10k");
        assert_eq!(short(2_500_000.0), "2.5M");
        assert_eq!(short(0.5), "0.5");
    }

    #[test]
    fn axis_spans_whole_decades_and_ticks_stay_inside() {
        let axis = LogAxis::around([300.0, 600.0].into_iter());
        assert_eq!((axis.low, axis.high), (2.0, 3.0));
        let ticks = axis.ticks();
        assert_eq!(ticks, vec![100.0, 200.0, 500.0, 1000.0]);
        assert!(ticks.iter().all(|&t| (0.0..=1.0).contains(&axis.at(t))));
        let empty = LogAxis::around(std::iter::empty());
        assert!(empty.high > empty.low);
    }

    #[test]
    fn context_is_escaped() {
        let svg = svg(&[], "<script>alert(1)</script> & more");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
