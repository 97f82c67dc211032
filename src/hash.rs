//! Hashing. SHA-256 as lowercase hex identifies files and archives
//! (import, the ledger, idempotency keys). A fast non-cryptographic hasher
//! serves the small in-memory maps on the hot path (element paths of one
//! document, codes of a table): the keys come from files being checked,
//! but a collision flood could only slow one local run down, so SipHash's
//! protection is not worth its cost there.

use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use sha2::Digest;

/// Lowercase hexadecimal SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// SHA-256 of some bytes.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(bytes).into()
}

/// The identity of a file's content within one run (identical-file
/// check): XXH3-128 of its bytes. Equal bytes give the same identity;
/// different bytes the same one with probability about 2^-128 per pair
/// (XXH3-128 passes SMHasher's collision tests; no adversary gains
/// anything by colliding two files of their own run), far cheaper than
/// SHA-256 on every file read.
pub fn content_id(bytes: &[u8]) -> [u8; 16] {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// Lowercase hexadecimal SHA-256 of a file, read in blocks (an archive can
/// be larger than memory).
pub fn file_sha256(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = sha2::Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lowercase hexadecimal of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 15)] as char);
    }
    out
}

/// The multiply-rotate hash of rustc's `FxHasher`.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        // The last 1 to 7 bytes as a little-endian word padded with zeros,
        // read in two overlapping halves rather than copied (a copy of a
        // variable length is a call to memcpy, on every key hashed).
        let rest = chunks.remainder();
        let word = match *rest {
            [] => return,
            [a] => u64::from(a),
            [a, b] => u64::from(u16::from_le_bytes([a, b])),
            [a, b, c] => u64::from(u16::from_le_bytes([a, b])) | u64::from(c) << 16,
            _ => {
                let n = rest.len();
                let low = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let high = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(low) | (u64::from(high) >> (8 * (8 - n))) << 32
            }
        };
        self.add(word);
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

pub type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;

/// A deterministic source of pseudo-random numbers (xorshift64) for the
/// unit tests that generate their inputs: the same cases on every run.
#[cfg(test)]
pub(crate) fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn content_ids_tell_bytes_apart() {
        assert_eq!(content_id(b"<a/>"), content_id(b"<a/>"));
        assert_ne!(content_id(b"<a/>"), content_id(b"<a />"));
        assert_ne!(content_id(b""), content_id(b"\0"));
    }

    /// The hash of every length is the one of the padded copy it replaced
    /// (so that no map's order changes).
    #[test]
    fn the_last_bytes_hash_as_a_zero_padded_word() {
        let bytes: Vec<u8> = (1..=40).map(|i| i * 6 + 1).collect();
        for len in 0..=bytes.len() {
            let mut hasher = FxHasher::default();
            hasher.write(&bytes[..len]);
            let mut expected = FxHasher::default();
            let mut chunks = bytes[..len].chunks(8);
            for chunk in &mut chunks {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                expected.add(u64::from_le_bytes(word));
            }
            assert_eq!(hasher.finish(), expected.finish(), "{len}");
        }
    }

    #[test]
    fn equal_keys_hash_equally_and_maps_work() {
        let mut map: FxHashMap<String, u32> = FxHashMap::default();
        for i in 0..1000 {
            map.insert(format!("Lavoratore/DatiAnagrafici/{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get("Lavoratore/DatiAnagrafici/777"), Some(&777));
        assert_eq!(map.get("Lavoratore/DatiAnagrafici/1000"), None);
    }
}
