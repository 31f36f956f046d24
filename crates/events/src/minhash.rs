//! Near-duplicate detection for syndicated copies: MinHash signatures over word 5-shingles,
//! banded for lookup (16 bands of 4 rows: pairs above ~0.7 Jaccard share a band with high
//! probability).
//!
//! Hand-written (about 60 lines) because the MinHash crates pull in random seeds or large
//! dependency trees; this one is deterministic by construction (fixed seeds, FNV-1a hashing).

/// Number of hash functions in a signature.
pub const SIZE: usize = 64;
/// Rows per band.
pub const ROWS: usize = 4;
/// Estimated Jaccard similarity above which two texts are one report.
pub const DUPLICATE: f64 = 0.7;

/// A MinHash signature.
pub type Signature = [u32; SIZE];

pub use dateline_model::fnv1a;

fn mix(mut x: u64) -> u64 {
    // SplitMix64 finaliser: spreads one shingle hash into independent-looking hashes.
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The signature of a text: lowercase alphanumeric words, 5-word shingles taken within
/// paragraphs, so that reordered paragraphs give the same signature.
pub fn signature(text: &str) -> Signature {
    let mut sig = [u32::MAX; SIZE];
    for para in text.split('\n') {
        let words: Vec<String> = para
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let shingles = words
            .len()
            .saturating_sub(4)
            .max(usize::from(!words.is_empty()));
        for i in 0..shingles {
            let end = (i + 5).min(words.len());
            let h = fnv1a(words[i..end].join(" ").as_bytes());
            for (k, slot) in sig.iter_mut().enumerate() {
                let v = (mix(h ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
    }
    sig
}

/// One hash per band, for finding candidates that share a band.
pub fn bands(sig: &Signature) -> Vec<i64> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(b, rows)| {
            let mut bytes = Vec::with_capacity(ROWS * 4 + 1);
            bytes.push(b as u8);
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            fnv1a(&bytes) as i64
        })
        .collect()
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SIZE as f64
}

/// Signature to bytes and back, for storage.
pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_bytes(b: &[u8]) -> Option<Signature> {
    if b.len() != SIZE * 4 {
        return None;
    }
    let mut sig = [0u32; SIZE];
    for (i, c) in b.chunks_exact(4).enumerate() {
        sig[i] = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Russian warplanes and Syrian forces have repelled an offensive by jihadists in a de-escalation zone in Idlib governorate in Syria. The forces killed some 850 militants and destroyed 11 tanks and other assets, the General Staff reported. The offensive was launched on Tuesday morning, a statement said.";

    #[test]
    fn copies_are_near_duplicates_and_other_texts_are_not() {
        let a = signature(A);
        let edited = format!(
            "The offensive was launched on Tuesday morning, a statement said. {}",
            &A[..A.len() - 63]
        );
        assert!(similarity(&a, &signature(A)) == 1.0);
        assert!(
            similarity(&a, &signature(&edited)) >= DUPLICATE,
            "{}",
            similarity(&a, &signature(&edited))
        );
        let other = signature("Heavy rain flooded the capital on Monday, closing schools and roads across the region for two days.");
        assert!(similarity(&a, &other) < 0.2);
        assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
        assert_eq!(bands(&a).len(), SIZE / ROWS);
    }
}
