//! End-to-end tests of the `parallax` binary, one module per topic. Each test gets its own
//! temporary data directory; fixtures are written by the tests themselves.

mod alerts;
mod backfill;
mod bad_input;
mod bench_scale;
mod compare;
mod crash;
mod demo;
mod eval_bias;
mod evidence;
mod formats;
mod postgres;
mod search;
mod serve_watch;
mod signals;
mod stories;
mod util;
mod watch;
mod workers;
