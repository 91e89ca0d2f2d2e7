/*!
The outlet registry: which outlet an article comes from, and the facts that decide its side
in a comparison.

[`Registry::builtin`] covers major international outlets with facts only (name, domains,
country, languages, [`Ownership`] type) and no ratings. [`Registry::load`] reads a data
directory's `outlets.toml` over it: users add outlets, replace built-in entries (same name)
and put outlets in groups of their own (`group = "ru-state"`). [`Registry::side`] names the
side an outlet falls on along an [`Axis`]: the outlet itself, its group, its country or its
ownership type.

```
use parallax_outlets::{Axis, Registry};

let registry = Registry::builtin()
    .with_toml(
        r#"
        [[outlet]]
        name = "TASS"
        domains = ["tass.com", "tass.ru"]
        country = "RU"
        ownership = "state-owned"
        group = "ru-state"
        "#,
        "my outlets.toml",
    )
    .unwrap();
let tass = registry.find(Some("tass.ru"), None).unwrap();
assert_eq!(registry.side(Some(tass), "TASS", Axis::Group), "ru-state");
let bbc = registry.find(Some("news.bbc.co.uk"), None).unwrap();
assert_eq!(registry.side(Some(bbc), "BBC", Axis::Ownership), "public-service");
```
*/
#![warn(missing_docs)]

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The built-in registry, compiled in.
const BUILTIN: &str = include_str!("../data/outlets.toml");

/// The registry file a data directory may hold.
pub const FILE_NAME: &str = "outlets.toml";

/// Who owns or funds an outlet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ownership {
    /// Owned or run by a government.
    StateOwned,
    /// Mainly funded by a government without being its property.
    StateFunded,
    /// A public broadcaster under an independent charter or statute.
    PublicService,
    /// Privately owned.
    Private,
    /// A non-profit organisation.
    NonProfit,
    /// Owned by its members (news cooperatives).
    Cooperative,
}

impl Ownership {
    /// The name used in files and output (`state-owned`).
    pub fn as_str(self) -> &'static str {
        match self {
            Ownership::StateOwned => "state-owned",
            Ownership::StateFunded => "state-funded",
            Ownership::PublicService => "public-service",
            Ownership::Private => "private",
            Ownership::NonProfit => "non-profit",
            Ownership::Cooperative => "cooperative",
        }
    }
}

impl fmt::Display for Ownership {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One outlet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// Its name as shown ("BBC").
    pub name: String,
    /// Other names articles may give for it ("BBC News").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Domains it publishes under; subdomains match too.
    #[serde(default)]
    pub domains: Vec<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// ISO 639-1 codes of the languages it publishes in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub language: Vec<String>,
    /// Ownership type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<Ownership>,
    /// The user's group for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// True when it comes from the data directory's file rather than the built-in list.
    #[serde(skip_deserializing, default)]
    pub user: bool,
}

/// What a comparison puts side by side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    /// Each outlet is a side.
    #[default]
    Outlet,
    /// The user's groups; outlets without one are each a side of their own.
    Group,
    /// Country of the outlet.
    Country,
    /// Ownership type.
    Ownership,
}

impl FromStr for Axis {
    type Err = String;

    fn from_str(s: &str) -> Result<Axis, String> {
        match s {
            "outlet" => Ok(Axis::Outlet),
            "group" => Ok(Axis::Group),
            "country" => Ok(Axis::Country),
            "ownership" => Ok(Axis::Ownership),
            _ => Err(format!("{s:?} is not an axis (outlet, group, country or ownership)")),
        }
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Axis::Outlet => "outlet",
            Axis::Group => "group",
            Axis::Country => "country",
            Axis::Ownership => "ownership",
        })
    }
}

/// A registry file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The file could not be read.
    #[error("cannot read the outlet registry {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid registry.
    #[error("the outlet registry {origin} is not valid: {message}")]
    Invalid {
        /// The file (or other origin) it came from.
        origin: String,
        /// What is wrong, with the line where TOML gives one.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// Outlets by name and by domain.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    outlets: Vec<Outlet>,
    by_domain: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl Registry {
    /// The built-in registry.
    pub fn builtin() -> Registry {
        Registry::default()
            .with_toml(BUILTIN, "the built-in outlet registry")
            .expect("the built-in outlet registry is valid (tested)")
    }

    /// The built-in registry with `dir/outlets.toml` read over it when that file exists.
    pub fn load(dir: &Path) -> Result<Registry, RegistryError> {
        let path = dir.join(FILE_NAME);
        let registry = Registry::builtin();
        match std::fs::read_to_string(&path) {
            Ok(text) => registry.with_toml(&text, &path.display().to_string()).map(|mut r| {
                r.mark_user(&text);
                r
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(registry),
            Err(source) => Err(RegistryError::Read { path, source }),
        }
    }

    /// This registry with the outlets of a TOML document read over it: an outlet with the
    /// name of one already present replaces it. `origin` names the document in errors.
    pub fn with_toml(mut self, text: &str, origin: &str) -> Result<Registry, RegistryError> {
        let invalid =
            |message: String| RegistryError::Invalid { origin: origin.to_owned(), message };
        let file: RegistryFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        for mut outlet in file.outlet {
            outlet.name = outlet.name.trim().to_owned();
            if outlet.name.is_empty() {
                return Err(invalid("an outlet has an empty name".into()));
            }
            outlet.domains = outlet.domains.iter().map(|d| normalise_domain(d)).collect();
            if let Some(bad) = outlet.domains.iter().find(|d| !is_domain(d)) {
                return Err(invalid(format!("{:?}: {bad:?} is not a domain", outlet.name)));
            }
            if let Some(country) = &mut outlet.country {
                *country = country.trim().to_ascii_uppercase();
            }
            self.insert(outlet);
        }
        Ok(self)
    }

    fn mark_user(&mut self, text: &str) {
        let Ok(file) = toml::from_str::<RegistryFile>(text) else { return };
        for outlet in file.outlet {
            if let Some(&i) = self.by_name.get(&name_key(&outlet.name)) {
                self.outlets[i].user = true;
            }
        }
    }

    fn insert(&mut self, outlet: Outlet) {
        let key = name_key(&outlet.name);
        let index = match self.by_name.get(&key) {
            Some(&i) => {
                // A replaced entry gives up its domains and aliases: the new one says
                // everything about the outlet.
                let old = std::mem::replace(&mut self.outlets[i], outlet);
                for d in &old.domains {
                    if self.by_domain.get(d) == Some(&i) {
                        self.by_domain.remove(d);
                    }
                }
                for a in &old.aliases {
                    if self.by_name.get(&name_key(a)) == Some(&i) {
                        self.by_name.remove(&name_key(a));
                    }
                }
                i
            }
            None => {
                self.outlets.push(outlet);
                self.outlets.len() - 1
            }
        };
        let outlet = &self.outlets[index];
        self.by_name.insert(key, index);
        for alias in &outlet.aliases {
            self.by_name.insert(name_key(alias), index);
        }
        for domain in &outlet.domains {
            self.by_domain.insert(domain.clone(), index);
        }
    }

    /// Every outlet, in file order (built-in first).
    pub fn outlets(&self) -> &[Outlet] {
        &self.outlets
    }

    /// The outlet of an article, by its domain (or any parent domain of it), else by the
    /// outlet name the article gives (which, for articles that name no outlet, is their
    /// domain).
    pub fn find(&self, domain: Option<&str>, name: Option<&str>) -> Option<&Outlet> {
        let domain = domain.or(name.filter(|n| is_domain(&normalise_domain(n))));
        if let Some(domain) = domain {
            let domain = normalise_domain(domain);
            let mut rest = domain.as_str();
            loop {
                if let Some(&i) = self.by_domain.get(rest) {
                    return Some(&self.outlets[i]);
                }
                match rest.split_once('.') {
                    Some((_, parent)) if parent.contains('.') => rest = parent,
                    _ => break,
                }
            }
        }
        let name = name?;
        self.by_name.get(&name_key(name)).map(|&i| &self.outlets[i])
    }

    /// The side an outlet falls on along `axis`. `shown` is the outlet's name as articles
    /// give it, used when the registry does not know the outlet (or for the outlet axis).
    pub fn side(&self, outlet: Option<&Outlet>, shown: &str, axis: Axis) -> String {
        let unknown = |what: &str| format!("{what} unknown");
        match axis {
            Axis::Outlet => outlet.map_or_else(|| shown.to_owned(), |o| o.name.clone()),
            Axis::Group => outlet
                .and_then(|o| o.group.clone())
                .unwrap_or_else(|| outlet.map_or_else(|| shown.to_owned(), |o| o.name.clone())),
            Axis::Country => {
                outlet.and_then(|o| o.country.clone()).unwrap_or_else(|| unknown("country"))
            }
            Axis::Ownership => outlet
                .and_then(|o| o.ownership)
                .map_or_else(|| unknown("ownership"), |o| o.as_str().to_owned()),
        }
    }
}

fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn normalise_domain(domain: &str) -> String {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    d.strip_prefix("www.").map(str::to_owned).unwrap_or(d)
}

fn is_domain(d: &str) -> bool {
    d.contains('.')
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !label.starts_with('-')
        })
}

#[cfg(test)]
mod tests;
