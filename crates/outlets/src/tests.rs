use super::*;

#[test]
fn builtin_registry_is_valid_and_has_no_duplicate_domains() {
    let text = BUILTIN;
    let file: RegistryFile = toml::from_str(text).unwrap();
    let registry = Registry::builtin();
    assert_eq!(registry.outlets().len(), file.outlet.len(), "no name twice");
    let domains: usize = file.outlet.iter().map(|o| o.domains.len()).sum();
    assert_eq!(registry.by_domain.len(), domains, "no domain twice");
    for o in registry.outlets() {
        assert!(o.ownership.is_some() && o.country.is_some(), "{} lacks facts", o.name);
        assert!(!o.language.is_empty(), "{} lacks languages", o.name);
        assert!(o.group.is_none(), "groups are the user's: {}", o.name);
    }
}

#[test]
fn domains_match_subdomains_and_www_but_not_lookalikes() {
    let r = Registry::builtin();
    assert_eq!(r.find(Some("www.bbc.co.uk"), None).unwrap().name, "BBC");
    assert_eq!(r.find(Some("news.BBC.co.uk."), None).unwrap().name, "BBC");
    assert!(r.find(Some("notbbc.co.uk"), None).is_none());
    assert!(r.find(Some("co.uk"), None).is_none());
    assert_eq!(r.find(None, Some("  reuters ")).unwrap().name, "Reuters");
    assert!(r.find(None, None).is_none());
}

#[test]
fn user_file_adds_replaces_and_groups() {
    let r = Registry::builtin()
        .with_toml(
            r#"
            [[outlet]]
            name = "Volga Herald"
            aliases = ["The Volga Herald"]
            domains = ["VolgaHerald.ru"]
            country = "ru"
            language = ["en", "ru"]
            ownership = "state-owned"
            group = "ru-state"

            [[outlet]]
            name = "RT"
            domains = ["rt.com"]
            country = "RU"
            ownership = "state-owned"
            group = "ru-state"
            "#,
            "test",
        )
        .unwrap();
    let herald = r.find(Some("volgaherald.ru"), None).unwrap();
    assert_eq!(herald.country.as_deref(), Some("RU"));
    assert_eq!(r.find(None, Some("the volga herald")).unwrap().name, "Volga Herald");
    let rt = r.find(Some("rt.com"), None).unwrap();
    assert_eq!(rt.group.as_deref(), Some("ru-state"));
    assert_eq!(r.outlets().iter().filter(|o| o.name == "RT").count(), 1);
    assert_eq!(r.side(Some(rt), "RT", Axis::Group), "ru-state");
    assert_eq!(r.side(Some(herald), "x", Axis::Country), "RU");
    let bbc = r.find(Some("bbc.com"), None);
    assert_eq!(r.side(bbc, "BBC", Axis::Group), "BBC", "ungrouped outlets stand alone");
    assert_eq!(r.side(None, "Unknown Daily", Axis::Outlet), "Unknown Daily");
    assert_eq!(r.side(None, "Unknown Daily", Axis::Ownership), "ownership unknown");
}

#[test]
fn bad_files_are_refused_with_the_origin_named() {
    for (text, needle) in [
        ("[[outlet]]\nname = \"X\"\nownership = \"owned-by-aliens\"", "ownership"),
        ("[[outlet]]\nname = \"X\"\ndomains = [\"not a domain\"]", "not a domain"),
        ("[[outlet]]\nname = \"  \"", "empty name"),
        ("[[outlet]]\nname = \"X\"\nrating = 3", "rating"),
        ("[[outlet]\nname = ", "line"),
    ] {
        let err = Registry::builtin().with_toml(text, "/data/outlets.toml").unwrap_err();
        let message = err.to_string();
        assert!(message.contains("/data/outlets.toml"), "{message}");
        assert!(message.contains(needle), "{needle:?} not in {message}");
    }
}

#[test]
fn load_reads_the_data_directory_file_and_marks_user_entries() {
    let dir = std::env::temp_dir().join(format!("parallax-outlets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(Registry::load(&dir).unwrap().outlets().len(), Registry::builtin().outlets().len());
    std::fs::write(
        dir.join(FILE_NAME),
        "[[outlet]]\nname = \"Local Bee\"\ndomains = [\"bee.example.org\"]\n",
    )
    .unwrap();
    let r = Registry::load(&dir).unwrap();
    let bee = r.find(Some("bee.example.org"), None).unwrap();
    assert!(bee.user);
    assert!(!r.find(Some("bbc.com"), None).unwrap().user);
    std::fs::write(dir.join(FILE_NAME), "not toml at all [").unwrap();
    assert!(Registry::load(&dir).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn axis_parses_its_names_only() {
    assert_eq!("group".parse::<Axis>().unwrap(), Axis::Group);
    assert!("party".parse::<Axis>().unwrap_err().contains("outlet, group, country"));
}
