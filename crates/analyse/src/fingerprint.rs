//! Fingerprints for duplicate and near-duplicate detection.
//!
//! Exact duplicates share a [`Fingerprint::text_hash`]: a hash of the lower-cased word
//! sequence, so markup, punctuation and spacing differences do not matter.
//!
//! Near-duplicates (a wire story lightly edited by another outlet) are found with MinHash
//! over word 4-shingles and locality-sensitive hashing: the signature of
//! [`SIGNATURE_LEN`] minima is cut into [`BANDS`] bands; two articles become candidates
//! when any band matches exactly, so the store finds them with indexed look-ups whose cost
//! does not grow with the corpus. With 32 bands of 4 rows, pairs with Jaccard similarity
//! 0.6 become candidates 98.8 % of the time and pairs at 0.2 only 5 %; candidates are then
//! confirmed on the estimated similarity.
//!
//! Hand-written rather than taken from a crate because the band keys have to live in the
//! store (SQLite now, PostgreSQL later) to survive restarts and be shared by workers; the
//! in-memory LSH indexes of the MinHash crates cannot be.

use xxhash_rust::xxh3::xxh3_64;

/// Number of hash functions in a signature.
pub const SIGNATURE_LEN: usize = 128;
/// Number of LSH bands.
pub const BANDS: usize = 32;
/// Rows (signature entries) per band.
pub const ROWS: usize = SIGNATURE_LEN / BANDS;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// Estimated Jaccard similarity at and above which a candidate is a near-duplicate.
pub const NEAR_DUPLICATE_JACCARD: f64 = 0.5;

/// What duplicate detection knows of one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the lower-cased word sequence.
    pub text_hash: u64,
    /// MinHash signature; empty for texts too short to shingle meaningfully.
    pub signature: Vec<u32>,
}

impl Fingerprint {
    /// Fingerprints a text from its lower-cased words.
    pub fn of_words<'a>(words: impl IntoIterator<Item = &'a str>) -> Fingerprint {
        let words: Vec<&str> = words.into_iter().collect();
        let mut joined = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        for w in &words {
            joined.push_str(w);
            joined.push(' ');
        }
        let text_hash = xxh3_64(joined.as_bytes());
        Fingerprint { text_hash, signature: minhash(&words) }
    }

    /// The LSH band keys: one 64-bit key per band, the band's index mixed in so equal rows in
    /// different bands do not collide.
    pub fn band_keys(&self) -> Vec<(u8, i64)> {
        if self.signature.len() != SIGNATURE_LEN {
            return Vec::new();
        }
        self.signature
            .chunks(ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = [0u8; ROWS * 4 + 1];
                bytes[0] = band as u8;
                for (i, r) in rows.iter().enumerate() {
                    bytes[1 + i * 4..5 + i * 4].copy_from_slice(&r.to_le_bytes());
                }
                (band as u8, xxh3_64(&bytes) as i64)
            })
            .collect()
    }

    /// The Jaccard similarity of the two shingle sets, estimated from the signatures.
    pub fn similarity(&self, other: &[u32]) -> f64 {
        similarity(&self.signature, other)
    }
}

/// The Jaccard similarity of two texts' shingle sets, estimated from their signatures (0
/// when either has none).
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != SIGNATURE_LEN || b.len() != SIGNATURE_LEN {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE_LEN as f64
}

/// Texts with fewer words than this get no signature: a two-line feed summary would match
/// every other article that shares its one shingle.
const MIN_WORDS: usize = 20;

fn minhash(words: &[&str]) -> Vec<u32> {
    if words.len() < MIN_WORDS {
        return Vec::new();
    }
    let mut mins = [u32::MAX; SIGNATURE_LEN];
    let mut buf = String::new();
    for window in words.windows(SHINGLE_WORDS) {
        buf.clear();
        for w in window {
            buf.push_str(w);
            buf.push(' ');
        }
        let h = xxh3_64(buf.as_bytes());
        // One base hash per shingle, permuted by cheap odd multipliers: the standard
        // 2-universal family h_i(x) = a_i * x + b_i, keeping the high 32 bits.
        for (i, m) in mins.iter_mut().enumerate() {
            let (a, b) = PERMUTATIONS[i];
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            if v < *m {
                *m = v;
            }
        }
    }
    mins.to_vec()
}

/// Fixed multipliers (odd) and offsets: signatures must be identical across runs, versions
/// and machines, because they are stored.
const PERMUTATIONS: [(u64, u64); SIGNATURE_LEN] = {
    let mut out = [(0u64, 0u64); SIGNATURE_LEN];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut i = 0;
    while i < SIGNATURE_LEN {
        state = splitmix(state);
        let a = state | 1;
        state = splitmix(state);
        out[i] = (a, state);
        i += 1;
    }
    out
};

const fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(text: &str) -> Fingerprint {
        let lower = text.to_lowercase();
        Fingerprint::of_words(
            lower.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())),
        )
    }

    const WIRE: &str = "Rescue teams pulled two more survivors from the collapsed shaft on Tuesday \
        evening, the regional emergency service said, raising the number of miners brought \
        out alive to nineteen. Eleven workers remain unaccounted for and pumps were brought \
        in overnight to lower the water level in the lower galleries. The company said it \
        had suspended operations at its two other pits in the valley pending an inspection \
        by the national mining authority, which is due to report within a week.";

    #[test]
    fn identical_text_modulo_punctuation_has_one_hash() {
        assert_eq!(fp(WIRE).text_hash, fp(&WIRE.replace(',', "")).text_hash);
        assert_ne!(fp(WIRE).text_hash, fp(&WIRE.replace("nineteen", "twenty")).text_hash);
    }

    #[test]
    fn lightly_edited_copy_is_similar_and_shares_a_band() {
        let edited = format!(
            "{} The mayor declared a day of mourning.",
            WIRE.replace("Rescue teams pulled", "Emergency crews pulled")
        );
        let a = fp(WIRE);
        let b = fp(&edited);
        assert!(
            a.similarity(&b.signature) >= NEAR_DUPLICATE_JACCARD,
            "{}",
            a.similarity(&b.signature)
        );
        let keys_a = a.band_keys();
        assert_eq!(keys_a.len(), BANDS);
        assert!(b.band_keys().iter().any(|k| keys_a.contains(k)));
    }

    #[test]
    fn unrelated_texts_are_dissimilar() {
        let other = "The central bank left its benchmark rate unchanged at 3.5 percent on \
            Thursday, saying inflation was easing more slowly than expected and that wage \
            growth in the services sector remained a concern for the board, which will meet \
            again in six weeks to review the outlook for the second half of the year.";
        assert!(fp(WIRE).similarity(&fp(other).signature) < 0.1);
    }

    #[test]
    fn short_texts_get_no_signature() {
        let f = fp("Forty-six civilians evacuated, ministry says.");
        assert!(f.signature.is_empty());
        assert!(f.band_keys().is_empty());
    }
}
