//! The envelope of a saved state: a four-byte magic, a format version, the state in
//! `postcard`, and an XXH3-64 checksum of everything before it, so that a truncated or
//! altered snapshot is refused instead of decoded into nonsense.

use serde::Serialize;
use serde::de::DeserializeOwned;
use xxhash_rust::xxh3::xxh3_64;

use crate::SnapshotError;

const HEADER: usize = 8;
const TRAILER: usize = 8;

/// `state` in the envelope.
pub(crate) fn seal(magic: &[u8; 4], version: u32, state: &impl Serialize) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + TRAILER + 64);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    let mut out = postcard::to_extend(state, out).expect("writing to a Vec cannot fail");
    let sum = xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// The state in an envelope written by [`seal`] with the same magic and version.
pub(crate) fn open<T: DeserializeOwned>(
    magic: &[u8; 4],
    version: u32,
    bytes: &[u8],
) -> Result<T, SnapshotError> {
    if bytes.len() < HEADER + TRAILER {
        return Err(if bytes.len() >= 4 && &bytes[..4] != magic {
            SnapshotError::NotASnapshot
        } else {
            SnapshotError::Truncated { len: bytes.len() }
        });
    }
    if &bytes[..4] != magic {
        return Err(SnapshotError::NotASnapshot);
    }
    let found = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes"));
    if found != version {
        return Err(SnapshotError::UnsupportedVersion { found, supported: version });
    }
    let (body, sum) = bytes.split_at(bytes.len() - TRAILER);
    if xxh3_64(body) != u64::from_le_bytes(sum.try_into().expect("eight bytes")) {
        return Err(SnapshotError::Checksum);
    }
    let (state, rest): (T, &[u8]) = postcard::take_from_bytes(&body[HEADER..])
        .map_err(|e| SnapshotError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(SnapshotError::Malformed(format!("{} trailing bytes", rest.len())));
    }
    Ok(state)
}
