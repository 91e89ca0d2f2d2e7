use super::*;

fn check(text: &str, ranges: &[Range<usize>]) {
    let mut last = 0;
    for r in ranges {
        assert!(r.start < r.end, "empty range {r:?} in {text:?}");
        assert!(r.start >= last, "overlap/out of order at {r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let s = &text[r.clone()];
        assert_eq!(s, s.trim(), "untrimmed {s:?}");
        last = r.end;
    }
    assert!(last <= text.len());
}

fn sentences_in<'t>(text: &'t str, lang: Option<&str>) -> Vec<&'t str> {
    let ranges = split(text, lang);
    check(text, &ranges);
    ranges.into_iter().map(|r| &text[r]).collect()
}

fn sentences(text: &str) -> Vec<&str> {
    sentences_in(text, Some("en"))
}

#[test]
fn splits_on_terminators_and_paragraphs() {
    assert_eq!(
        sentences("Dr. Smith arrived at 7 p.m. on Monday. He left.\n\nA new paragraph"),
        ["Dr. Smith arrived at 7 p.m. on Monday.", "He left.", "A new paragraph"]
    );
    assert_eq!(sentences("No terminator here\n \nnor here"), ["No terminator here", "nor here"]);
}

#[test]
fn crate_notes_probe() {
    assert_eq!(
        sentences(
            "Dr. Smith arrived in the U.S. on Monday at 7 p.m. He said: \"We will rebuild.\" \
             The damage is est. at $3.5 million. Mr. J. R. Jones disagreed! Really? Yes."
        ),
        [
            "Dr. Smith arrived in the U.S. on Monday at 7 p.m.",
            "He said: \"We will rebuild.\"",
            "The damage is est. at $3.5 million.",
            "Mr. J. R. Jones disagreed!",
            "Really?",
            "Yes."
        ]
    );
}

#[test]
fn titles_months_and_reference_abbreviations() {
    assert_eq!(
        sentences("Gen. Mark Milley met Sen. Warren on Jan. 6 in St. Louis. It went well."),
        ["Gen. Mark Milley met Sen. Warren on Jan. 6 in St. Louis.", "It went well."]
    );
    assert_eq!(sentences("Please turn to p. 55."), ["Please turn to p. 55."]);
    assert_eq!(sentences("He wore No. 5 for years."), ["He wore No. 5 for years."]);
    assert_eq!(
        sentences("The answer was no. Then he left."),
        ["The answer was no.", "Then he left."]
    );
    assert_eq!(
        sentences(
            "A fire broke out on Elm St. The crew came from St. Paul. Mount St. Helens erupted."
        ),
        [
            "A fire broke out on Elm St.",
            "The crew came from St. Paul.",
            "Mount St. Helens erupted."
        ]
    );
    assert_eq!(
        sentences("Sales fell. iPhone demand was weak. eBay said so."),
        ["Sales fell.", "iPhone demand was weak.", "eBay said so."]
    );
    assert_eq!(
        sentences("Apple Inc. The company said. Apple Inc. Chief Executive Tim Cook spoke."),
        ["Apple Inc.", "The company said.", "Apple Inc. Chief Executive Tim Cook spoke."]
    );
}

#[test]
fn us_and_am_pm_can_end_a_sentence() {
    assert_eq!(
        sentences("I live in the U.S. How about you? I work for the U.S. Government in Virginia."),
        ["I live in the U.S.", "How about you?", "I work for the U.S. Government in Virginia."]
    );
    assert_eq!(
        sentences(
            "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then \
             went to the store."
        ),
        [
            "At 5 a.m. Mr. Smith went to the bank.",
            "He left the bank at 6 P.M.",
            "Mr. Smith then went to the store."
        ]
    );
    assert_eq!(
        sentences("The vote is at 10 a.m. ET on Friday. It will be close."),
        ["The vote is at 10 a.m. ET on Friday.", "It will be close."]
    );
}

#[test]
fn initials() {
    assert_eq!(
        sentences(
            "J. R. R. Tolkien wrote it. We make a good team, you and I. Did you see Albert I. Jones?"
        ),
        [
            "J. R. R. Tolkien wrote it.",
            "We make a good team, you and I.",
            "Did you see Albert I. Jones?"
        ]
    );
    assert_eq!(
        sentences("It was written by science fiction writer L. Ron Hubbard in 1950."),
        ["It was written by science fiction writer L. Ron Hubbard in 1950."]
    );
    assert_eq!(
        sentences("John C. Smith and Franklin D. Roosevelt met Cpl. P. Jones. They talked."),
        ["John C. Smith and Franklin D. Roosevelt met Cpl. P. Jones.", "They talked."]
    );
    assert_eq!(
        sentences("They chose Plan B. The vote was close. Take vitamin D. It helps."),
        ["They chose Plan B.", "The vote was close.", "Take vitamin D.", "It helps."]
    );
}

#[test]
fn numbers_and_decimals() {
    assert_eq!(
        sentences("Rates rose 3.5 percent to 1,200.50 dollars. She has $100.00. It is in her bag."),
        ["Rates rose 3.5 percent to 1,200.50 dollars.", "She has $100.00.", "It is in her bag."]
    );
    assert_eq!(
        sentences("It happened in 2008. 2009 was worse."),
        ["It happened in 2008.", "2009 was worse."]
    );
}

#[test]
fn ellipses() {
    assert_eq!(
        sentences("I never meant that.... She left the store."),
        ["I never meant that....", "She left the store."]
    );
    assert_eq!(
        sentences("We will … rebuild, he said… Then he left."),
        ["We will … rebuild, he said…", "Then he left."]
    );
    assert_eq!(
        sentences(
            "I wasn’t really ... well, what I mean...see . . . the thing is . . . I didn’t mean it."
        ),
        ["I wasn’t really ... well, what I mean...see . . . the thing is . . . I didn’t mean it."]
    );
    assert_eq!(
        sentences(
            "It was weakened . . . was that of combining words. . . . The practice was not abandoned. . . ."
        ),
        [
            "It was weakened . . . was that of combining words.",
            ". . . The practice was not abandoned. . . ."
        ]
    );
    assert_eq!(
        sentences("Yields would improve [...] Ozone is something we understand [...] the rest."),
        ["Yields would improve [...]", "Ozone is something we understand [...] the rest."]
    );
}

#[test]
fn quotations() {
    assert_eq!(
        sentences("He said: \"We will rebuild.\" Then he left."),
        ["He said: \"We will rebuild.\"", "Then he left."]
    );
    assert_eq!(
        sentences("She turned to him, \"This is great.\" she said."),
        ["She turned to him, \"This is great.\" she said."]
    );
    assert_eq!(
        sentences("She turned to him, 'This is great.' she said."),
        ["She turned to him, 'This is great.' she said."]
    );
    // Multi-sentence quotations are split, as in GUM's news gold.
    assert_eq!(
        sentences(
            "He said, “It was a very emotional day. This is my fifth World Cup.” Then he left."
        ),
        ["He said, “It was a very emotional day.", "This is my fifth World Cup.”", "Then he left."]
    );
    assert_eq!(
        sentences("“Help!” she cried. “Why?” He shrugged."),
        ["“Help!” she cried.", "“Why?”", "He shrugged."]
    );
}

#[test]
fn parentheses() {
    assert_eq!(
        sentences(
            "He teaches science (He previously worked for 5 years as an engineer.) at the local University."
        ),
        [
            "He teaches science (He previously worked for 5 years as an engineer.) at the local University."
        ]
    );
    assert_eq!(
        sentences("The plan failed. (The vote was 5-4.) Critics were pleased."),
        ["The plan failed.", "(The vote was 5-4.)", "Critics were pleased."]
    );
}

#[test]
fn lists() {
    assert_eq!(
        sentences("1.) The first item 2.) The second item"),
        ["1.) The first item", "2.) The second item"]
    );
    assert_eq!(
        sentences("1) The first item. 2) The second item."),
        ["1) The first item.", "2) The second item."]
    );
    assert_eq!(
        sentences("1. The first item 2. The second item"),
        ["1. The first item", "2. The second item"]
    );
    assert_eq!(
        sentences("• 9. The first item • 10. The second item"),
        ["• 9. The first item", "• 10. The second item"]
    );
    assert_eq!(
        sentences("⁃9. The first item ⁃10. The second item"),
        ["⁃9. The first item", "⁃10. The second item"]
    );
    assert_eq!(
        sentences("a. The first item b. The second item c. The third list item"),
        ["a. The first item", "b. The second item", "c. The third list item"]
    );
    // An inline enumeration that does not open the sentence is not a list.
    assert_eq!(sentences("He wants 1) money and 2) power."), ["He wants 1) money and 2) power."]);
}

#[test]
fn urls_emails_and_domains() {
    assert_eq!(
        sentences("Her email is Jane.Doe@example.com. I sent her an email."),
        ["Her email is Jane.Doe@example.com.", "I sent her an email."]
    );
    assert_eq!(
        sentences(
            "The site is: https://www.example.50.com/new-site/awesome_content.html. Please check it out."
        ),
        [
            "The site is: https://www.example.50.com/new-site/awesome_content.html.",
            "Please check it out."
        ]
    );
    assert_eq!(
        sentences("Visit www.flag.govt.nz and Secunia.com, or https://x.org/a?b=c!d. Done."),
        ["Visit www.flag.govt.nz and Secunia.com, or https://x.org/a?b=c!d.", "Done."]
    );
}

#[test]
fn missing_space_after_a_terminator() {
    assert_eq!(
        sentences(
            "Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is a lot."
        ),
        [
            "Hello world.",
            "Today is Tuesday.",
            "Mr. Smith went to the store and bought 1,000.",
            "That is a lot."
        ]
    );
    assert_eq!(
        sentences(
            "Really?Yes. See example.Com, Jane.Doe@x.org, U.S.Army, ASP.NET and https://a.b/c.Html now."
        ),
        [
            "Really?",
            "Yes.",
            "See example.Com, Jane.Doe@x.org, U.S.Army, ASP.NET and https://a.b/c.Html now."
        ]
    );
}

#[test]
fn news_battery() {
    let cases: &[(&str, &[&str])] = &[
        (
            "The company, Acme Corp., said it would. Shares of XYZ Inc. rose 5%.",
            &["The company, Acme Corp., said it would.", "Shares of XYZ Inc. rose 5%."],
        ),
        (
            "He was born Jan. 1, 1990, in Ohio. Mt. Everest is high.",
            &["He was born Jan. 1, 1990, in Ohio.", "Mt. Everest is high."],
        ),
        (
            "The Fed raised rates by 0.25 percentage points. Markets fell.",
            &["The Fed raised rates by 0.25 percentage points.", "Markets fell."],
        ),
        (
            "\"Are you sure?\" she asked. What?! No way!",
            &["\"Are you sure?\" she asked.", "What?!", "No way!"],
        ),
        (
            "The ship, the U.S.S. Enterprise, sailed. Sgt. Maj. John Doe spoke.",
            &["The ship, the U.S.S. Enterprise, sailed.", "Sgt. Maj. John Doe spoke."],
        ),
        (
            "The meeting is at 9 a.m. Tuesday. He arrived at 9 a.m. The meeting began.",
            &["The meeting is at 9 a.m. Tuesday.", "He arrived at 9 a.m.", "The meeting began."],
        ),
        (
            "The score was 2-1. Fans cheered. It cost $1.5 billion. That's a lot.",
            &["The score was 2-1.", "Fans cheered.", "It cost $1.5 billion.", "That's a lot."],
        ),
        (
            "Sen. Chuck Schumer (D-N.Y.) said no. The bill, H.R. 1, passed.",
            &["Sen. Chuck Schumer (D-N.Y.) said no.", "The bill, H.R. 1, passed."],
        ),
        (
            "It was the 1980s. He did too, i.e. twice, e.g. In May. Smith et al. The end.",
            &[
                "It was the 1980s.",
                "He did too, i.e. twice, e.g. In May.",
                "Smith et al.",
                "The end.",
            ],
        ),
        (
            "Roe v. Wade stands. Apples, pears etc. Farmers sold them. Prices fell in Nov. Analysts knew.",
            &[
                "Roe v. Wade stands.",
                "Apples, pears etc.",
                "Farmers sold them.",
                "Prices fell in Nov.",
                "Analysts knew.",
            ],
        ),
        (
            "Prices rose 3.2% in Nov. The Labor Dept. said. It sold 1,200.50 units vs. 900 in Q3.",
            &[
                "Prices rose 3.2% in Nov.",
                "The Labor Dept. said.",
                "It sold 1,200.50 units vs. 900 in Q3.",
            ],
        ),
        (
            "He said—\"No.\" Then: “We’re done.” The talks ended.",
            &["He said—\"No.\"", "Then: “We’re done.”", "The talks ended."],
        ),
        (
            "LONDON (Reuters) - Britain's economy grew 0.1%. Analysts had expected 0.2%.",
            &["LONDON (Reuters) - Britain's economy grew 0.1%.", "Analysts had expected 0.2%."],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&sentences(text), expected, "{text}");
    }
}

#[test]
fn question_and_exclamation_runs() {
    assert_eq!(
        sentences("Hello!? Is that you?! Yes!! She works at Yahoo! in the city."),
        ["Hello!?", "Is that you?!", "Yes!!", "She works at Yahoo! in the city."]
    );
}

#[test]
fn datelines() {
    assert_eq!(
        sentences("KYIV, May 3 (Reuters) - The mayor said. WASHINGTON — The U.S. Senate voted."),
        ["KYIV, May 3 (Reuters) - The mayor said.", "WASHINGTON — The U.S. Senate voted."]
    );
    assert_eq!(
        sentences("ST. LOUIS, Mo. (AP) — A man was arrested. Police said."),
        ["ST. LOUIS, Mo. (AP) — A man was arrested.", "Police said."]
    );
}

#[test]
fn line_breaks() {
    assert_eq!(
        sentences(
            "US President Barack Obama tweet to student Ahmed Mohamed\nImage: Twitter / Barack Obama."
        ),
        [
            "US President Barack Obama tweet to student Ahmed Mohamed",
            "Image: Twitter / Barack Obama."
        ]
    );
    // Hard-wrapped prose: a line starting in lower case shows line breaks are not breaks.
    assert_eq!(
        sentences("The minister met with\nJohn Smith and\nthe rest of the team. They agreed."),
        ["The minister met with\nJohn Smith and\nthe rest of the team.", "They agreed."]
    );
}

#[test]
fn other_languages() {
    assert_eq!(
        sentences_in("你好。我很好！你呢？好。", Some("zh")),
        ["你好。", "我很好！", "你呢？", "好。"]
    );
    assert_eq!(
        sentences_in("यह एक वाक्य है। यह दूसरा है।", Some("hi")),
        ["यह एक वाक्य है।", "यह दूसरा है।"]
    );
    assert_eq!(sentences_in("كيف حالك؟ أنا بخير.", Some("ar")), ["كيف حالك؟", "أنا بخير."]);
    assert_eq!(
        sentences_in(
            "Am 3. Oktober kam Dr. Müller z.B. nach Berlin. Er blieb bzw. wohnte dort.",
            Some("de")
        ),
        ["Am 3. Oktober kam Dr. Müller z.B. nach Berlin.", "Er blieb bzw. wohnte dort."]
    );
    assert_eq!(
        sentences_in("M. Dupont habite av. Foch. Il est parti.", Some("fr")),
        ["M. Dupont habite av. Foch.", "Il est parti."]
    );
    assert_eq!(
        sentences_in(
            "Il a dit : « Bonjour. » Puis il est parti. « Non ! » a-t-il crié.",
            Some("fr")
        ),
        ["Il a dit : « Bonjour. »", "Puis il est parti.", "« Non ! » a-t-il crié."]
    );
    assert_eq!(
        sentences_in("La Sra. García llegó. ¿Qué pasa? ¡Hola!", Some("es")),
        ["La Sra. García llegó.", "¿Qué pasa?", "¡Hola!"]
    );
    assert_eq!(
        sentences_in(
            "Он живёт на ул. Ленина в г. Москва. В 2020 г. В городе было тихо.",
            Some("ru")
        ),
        ["Он живёт на ул. Ленина в г. Москва.", "В 2020 г.", "В городе было тихо."]
    );
    assert_eq!(
        sentences_in("Він живе у м. Київ на вул. Хрещатик. Це центр.", Some("uk")),
        ["Він живе у м. Київ на вул. Хрещатик.", "Це центр."]
    );
    assert_eq!(
        sentences_in("А. С. Пушкин родился в Москве. Это известно.", Some("ru")),
        ["А. С. Пушкин родился в Москве.", "Это известно."]
    );
}

#[test]
fn hostile_input_never_panics() {
    assert!(split("", None).is_empty());
    assert!(split("   \n\n \n ", Some("en")).is_empty());
    for text in [
        ".",
        "?!",
        "...",
        ". . .",
        "!?!?!?.?!",
        "\"\"''))((",
        "1.",
        "a.",
        "I.",
        "U.S.",
        "•",
        "• •",
        "1) 2) 3)",
        "…",
        "。",
        "\n",
        "\n\n\n.\n\n\n",
        "x. . .",
        "word. .",
        "🎉🎉. 🎉! 🎉? done",
        "Привет. 你好。 مرحبا؟ नमस्ते। Hello! שלום.",
        "e\u{301}. É\u{301}. \u{301}.",
    ] {
        for lang in [None, Some("en"), Some("de"), Some("ru"), Some("zz")] {
            let ranges = split(text, lang);
            check(text, &ranges);
        }
    }
    let dots = ".".repeat(10_000);
    assert_eq!(sentences(&dots), [dots.as_str()]);
    let spaced = ". ".repeat(5_000);
    check(&spaced, &split(&spaced, None));
    let long = "word ".repeat(20_000);
    assert_eq!(sentences(&long).len(), 1);
    let no_space = "a.".repeat(50_000);
    assert_eq!(sentences(&no_space).len(), 1);
    let emoji = "😀 Yes. 👍🏽 No! ".repeat(1_000);
    check(&emoji, &split(&emoji, Some("en")));
}

#[test]
fn pseudo_random_input_keeps_invariants() {
    let alphabet: Vec<&str> = vec![
        "a", "I", "J", "The", "U.S", ".", ".", "!", "?", " ", " ", " ", "\n", "\n\n", "\"", "”",
        "(", ")", "1", "2.", "…", "。", "।", "é", "Ж", "😀", "Dr", "p.m", "•", "-", "\u{301}",
        "[...]", "a.m.", "\t", "\u{a0}", "¿",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..60 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        for lang in [None, Some("en"), Some("de"), Some("uk")] {
            check(&s, &split(&s, lang));
        }
    }
}
