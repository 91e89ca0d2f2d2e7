//! What the pipeline's integration tests share.

/// Made-up words from syllables, the same on every run for the same seed.
pub fn words(seed: u64) -> impl FnMut() -> String {
    let syllables = ["ka", "lo", "mi", "ter", "van", "sul", "dro", "pen", "ri", "gos", "bel", "un"];
    let mut state = seed;
    move || {
        (0..3)
            .map(|_| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                syllables[((state >> 33) % syllables.len() as u64) as usize]
            })
            .collect()
    }
}
