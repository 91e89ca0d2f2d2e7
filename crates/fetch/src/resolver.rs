//! Name resolution that drops non-public addresses before reqwest ever connects.
//!
//! Checking a host name once and connecting later is not enough: the name may resolve to a
//! public address at check time and to 127.0.0.1 at connect time (DNS rebinding). Filtering
//! inside the resolver that the connection itself uses closes that gap.

use std::net::SocketAddr;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::address::non_public_reason;
use crate::error::Blocked;

pub(crate) struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let (allowed, refused) = keep_public(found, allow_private);
            if allowed.is_empty() {
                return Err(match refused.first() {
                    Some(&(address, reason)) => {
                        Box::new(Blocked::Address { host, address, reason })
                            as Box<dyn std::error::Error + Send + Sync>
                    }
                    None => format!("{host} resolves to no address").into(),
                });
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

type Refusal = (std::net::IpAddr, &'static str);

/// Splits resolved addresses into those that may be connected to and those refused.
fn keep_public(found: Vec<SocketAddr>, allow_private: bool) -> (Vec<SocketAddr>, Vec<Refusal>) {
    if allow_private {
        return (found, Vec::new());
    }
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for addr in found {
        match non_public_reason(addr.ip()) {
            Some(reason) => refused.push((addr.ip(), reason)),
            None => allowed.push(addr),
        }
    }
    (allowed, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_answers_are_dropped_and_public_ones_kept() {
        let found: Vec<SocketAddr> =
            vec!["127.0.0.1:0".parse().unwrap(), "93.184.215.14:0".parse().unwrap()];
        let (allowed, refused) = keep_public(found.clone(), false);
        assert_eq!(allowed, vec![found[1]]);
        assert_eq!(refused, vec![(found[0].ip(), "loopback")]);
        let (allowed, refused) = keep_public(found.clone(), true);
        assert_eq!(allowed, found);
        assert!(refused.is_empty());
    }

    #[tokio::test]
    async fn localhost_is_refused_by_name() {
        let resolver = GuardedResolver { allow_private: false };
        let err = resolver.resolve("localhost".parse().unwrap()).await.err().expect("refused");
        assert!(err.downcast_ref::<Blocked>().is_some(), "{err}");
        let resolver = GuardedResolver { allow_private: true };
        assert!(resolver.resolve("localhost".parse().unwrap()).await.is_ok());
    }
}
