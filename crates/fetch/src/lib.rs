/*!
A guarded HTTP client for fetching feeds and article pages named by someone else.

[`Fetcher::get`] enforces a [`FetchPolicy`]:

* only `http` and `https`;
* no connection to a non-public address (loopback, private, link-local, CGNAT, unique-local,
  multicast, documentation, unspecified, and IPv4 addresses hidden in IPv6 forms) unless
  `allow_private` is set — checked on IP-literal URLs, on every redirect target, and on the
  addresses a name resolves to, inside the resolver the connection uses (so a name that
  rebinds to 127.0.0.1 is refused too);
* at most `max_redirects` redirects (5 by default);
* a body read in chunks up to `max_bytes` (an error beyond, never a silent truncation), and
  one deadline for the whole exchange.

Requests are conditional when [`Validators`] are given: an unchanged resource answers
[`Fetched::NotModified`]. Every [`FetchError`] names the URL and what happened, and says
whether retrying later may help.

[`test_server`] is a small scriptable loopback server for tests and benchmarks.
*/
#![warn(missing_docs)]

mod address;
mod client;
mod error;
mod resolver;
pub mod test_server;

pub use crate::address::non_public_reason;
pub use crate::client::{FetchPolicy, Fetched, Fetcher, Validators};
pub use crate::error::FetchError;

#[cfg(test)]
mod tests;
