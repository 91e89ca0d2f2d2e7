//! Tests of the general rules measured against the evidence gold: more speech acts,
//! beliefs, refusals and documents, nested reports, speaker names, pronouns.

use super::tests::speakers;
use super::*;

#[test]
fn more_speech_acts_rejections_descriptions_praise_and_citations() {
    assert_eq!(speakers(&["Lisbon rejected that account."]), vec!["Lisbon"]);
    assert_eq!(
        speakers(&["Farmers described weeks of drought that ruined the harvest."]),
        vec!["Farmers"]
    );
    assert_eq!(
        speakers(&["Governor Amelia Brandt praised the volunteers who filled sandbags."]),
        vec!["Amelia Brandt"]
    );
    assert_eq!(
        speakers(&["The union called a strike on Friday, citing unpaid overtime."]),
        vec!["union"]
    );
    assert_eq!(
        speakers(&["Opposition leaders had spoken of \"a stolen vote\" before the count."]),
        vec!["Opposition leaders"]
    );
    assert_eq!(
        speakers(&["The prime minister repeated that no troops would be sent."]),
        vec!["prime minister"]
    );
}

#[test]
fn beliefs_and_estimates_with_a_claim_are_voices_without_one_are_not() {
    assert_eq!(
        speakers(&["Aid groups believe thousands remain without shelter."]),
        vec!["Aid groups"]
    );
    assert_eq!(speakers(&["Villagers fear that the dam will give way."]), vec!["Villagers"]);
    assert_eq!(
        speakers(&["The regional council estimates that 4,000 homes were damaged."]),
        vec!["regional council"]
    );
    assert!(extract(&["Villagers fear reprisals."]).is_empty());
    assert!(extract(&["Many fear for their jobs."]).is_empty());
    assert!(extract(&["Two hikers were believed to be missing."]).is_empty());
}

#[test]
fn refusals_additions_documents_and_data_are_not_voices() {
    assert!(extract(&["The airline has not said how many flights were cancelled."]).is_empty());
    assert!(extract(&["The mayor didn't say when the bridge would reopen."]).is_empty());
    assert!(extract(&["A fuel shortage has added to the strain on hospitals."]).is_empty());
    assert!(extract(&["The neighbours argued over the fence for years."]).is_empty());
    assert_eq!(speakers(&["The neighbours argued that the fence was theirs."]), vec!["neighbours"]);
    assert!(
        extract(&["Ticket sales fell by a third, according to booking data seen by the paper."])
            .is_empty()
    );
    assert!(extract(&["Analyst estimates suggest the deal is worth $3 billion."]).is_empty());
    assert!(
        extract(&["Detainees must be housed according to international law, lawyers argue."])
            .iter()
            .all(|v| v.speaker == "lawyers"),
    );
}

#[test]
fn a_report_inside_a_statement_belongs_to_the_outer_speaker() {
    assert_eq!(
        speakers(&[
            "The palace spokesman said the king had promised that the prisoners would be freed."
        ]),
        vec!["palace spokesman"]
    );
    assert_eq!(
        speakers(&["The coach said that the captain told him the team was ready."]),
        vec!["coach"]
    );
}

#[test]
fn speaker_names_leave_out_places_relative_clauses_and_quoted_verbs() {
    assert_eq!(
        speakers(&["A Red Cross spokeswoman in Vienna said the convoy was ready."]),
        vec!["Red Cross spokeswoman"]
    );
    assert_eq!(
        speakers(&["Shopkeepers in the old quarter of the city said sales had halved."]),
        vec!["Shopkeepers"]
    );
    // A capital alone says whose officials they are.
    assert_eq!(
        speakers(&["Officials in Ankara say the talks will resume."]),
        vec!["Officials in Ankara"]
    );
    assert_eq!(
        speakers(&["Dairy farmers who sell to the cooperative said prices had fallen."]),
        vec!["Dairy farmers"]
    );
    assert_eq!(
        speakers(&["The deal was close, according to people familiar with the talks."]),
        vec!["people familiar with the talks"]
    );
    assert_eq!(speakers(&["One shopkeeper said the looters came at night."]), vec!["shopkeeper"]);
    // The speaker of "said" does not swallow the subject of the reported clause.
    assert_eq!(
        speakers(&["The club's chairman, Tom Reyes, said Coach Ann Miller had promised a bonus."]),
        vec!["Tom Reyes"]
    );
}

#[test]
fn a_pronoun_prefers_the_subject_opening_its_own_or_the_previous_sentence() {
    let article = [
        "The port authority gave new figures: it said 300 ships were waiting.",
        "Coast guard chief Anna Lind said the channel was clear.",
        "Near the harbour, one fisherman showed the damage to his boat.",
        "\"We lost everything,\" he said.",
        "One widow, holding a photograph, wept as she told reporters her son was missing.",
    ];
    assert_eq!(speakers(&article), vec!["port authority", "Anna Lind", "fisherman", "widow"]);
}

#[test]
fn relative_clause_subjects_and_numbered_groups() {
    assert_eq!(
        speakers(&[
            "The summit, at which Finance Minister Lars Berg announced that taxes would rise, ended early."
        ]),
        vec!["Lars Berg"]
    );
    assert_eq!(
        speakers(&["Rebels seized the bridge, which the army described as a minor setback."]),
        vec!["army"]
    );
    assert_eq!(
        speakers(&["The two unions have blamed each other for the delay."]),
        vec!["two unions"]
    );
}
