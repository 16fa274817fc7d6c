//! Sorting and deduplicating cells and positions, the work behind every frozenset a primitive
//! builds. Input that is already strictly sorted is detected in one pass; coordinates that span
//! a small box go through a bitmap (setting the bits sorts and deduplicates at once, and reading
//! them back costs one step per element); anything else is sorted as packed integer keys.

use crate::value::Cell;

/// Bits a bitmap may use per element before a comparison sort is cheaper.
const BITS_PER_ELEM: u64 = 32;
/// Bitmaps up to this many bits are always fine (a few cache lines).
const SMALL_BITMAP: u64 = 1 << 14;

/// Number of bits that index `0..n`.
#[inline]
fn bits_for(n: u64) -> u32 {
    64 - n.saturating_sub(1).leading_zeros()
}

/// `(lo, hi)` of one coordinate over the elements.
#[inline]
fn bounds(mut it: impl Iterator<Item = i32>) -> (i64, i64) {
    let first = it.next().unwrap_or(0);
    let (lo, hi) = it.fold((first, first), |(lo, hi), x| (lo.min(x), hi.max(x)));
    (lo as i64, hi as i64)
}

/// Whether a bitmap of `bits` bits is worth it for `n` elements.
#[inline]
fn bitmap_fits(bits: u32, n: usize) -> bool {
    bits < 40 && (1u64 << bits) <= SMALL_BITMAP.max(BITS_PER_ELEM * n as u64)
}

/// Sets bit `key` of each element, then rebuilds the elements in key order (no duplicates).
fn via_bitmap<T>(v: &mut Vec<T>, bits: u32, key: impl Fn(&T) -> u64, decode: impl Fn(u64) -> T) {
    let mut map = vec![0u64; ((1u64 << bits) as usize).div_ceil(64)];
    let mut set = |x: &T| {
        let k = key(x);
        map[(k >> 6) as usize] |= 1 << (k & 63);
    };
    // Neighbouring elements often share a word; setting bits from four distant places in
    // turn keeps each word update from waiting on the one just before it.
    let q = v.len() / 4;
    let (a, rest) = v.split_at(q);
    let (b, rest) = rest.split_at(q);
    let (c, d) = rest.split_at(q);
    for (((w, x), y), z) in a.iter().zip(b).zip(c).zip(d) {
        set(w);
        set(x);
        set(y);
        set(z);
    }
    d[q..].iter().for_each(&mut set);
    let n = map.iter().map(|w| w.count_ones() as usize).sum();
    v.truncate(n);
    let mut slots = v.iter_mut();
    for (w, &word) in map.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let k = ((w as u64) << 6) | word.trailing_zeros() as u64;
            if let Some(slot) = slots.next() {
                *slot = decode(k);
            }
            word &= word - 1;
        }
    }
}

/// Sorts cells by `(c, i, j)` and removes duplicates.
pub fn sort_dedup_cells(v: &mut Vec<Cell>) {
    if v.windows(2).all(|w| w[0] < w[1]) {
        return;
    }
    // Non-negative coordinates (the usual case) are bounded by their bitwise or, which costs
    // a third of a min/max pass.
    let (oc, oi, oj) = v.iter().fold((0, 0, 0), |(a, b, c), x| (a | x.c, b | x.i, c | x.j));
    let (c0, c1, i0, i1, j0, j1) = if (oc | oi | oj) >= 0 {
        (0, oc, 0, oi, 0, oj)
    } else {
        let f = v[0];
        v.iter().fold((f.c, f.c, f.i, f.i, f.j, f.j), |b, x| (b.0.min(x.c), b.1.max(x.c), b.2.min(x.i), b.3.max(x.i), b.4.min(x.j), b.5.max(x.j)))
    };
    let span = |lo: i32, hi: i32| bits_for((hi as i64 - lo as i64 + 1) as u64);
    let (bc, bi, bj) = (span(c0, c1), span(i0, i1), span(j0, j1));
    let bits = bc + bi + bj;
    if bitmap_fits(bits, v.len()) {
        // Each coordinate's offset fits 32 bits, and the key fewer than 40.
        let (mi, mj) = ((1u64 << bi) - 1, (1u64 << bj) - 1);
        let off = |x: i32, lo: i32| x.wrapping_sub(lo) as u32 as u64;
        let key = move |x: &Cell| off(x.c, c0) << (bi + bj) | off(x.i, i0) << bj | off(x.j, j0);
        let at = |k: u64, lo: i32| (k as u32 as i32).wrapping_add(lo);
        let decode = move |k: u64| Cell { c: at(k >> (bi + bj), c0), i: at((k >> bj) & mi, i0), j: at(k & mj, j0) };
        via_bitmap(v, bits, key, decode);
        return;
    }
    let (c0, i0, j0) = (c0 as i64, i0 as i64, j0 as i64);
    let key = |x: &Cell| ((x.c as i64 - c0) as u64).checked_shl(bi + bj).unwrap_or(0) | (((x.i as i64 - i0) as u64) << bj) | (x.j as i64 - j0) as u64;
    let decode = |k: u64| Cell {
        c: (k.checked_shr(bi + bj).unwrap_or(0) as i64 + c0) as i32,
        i: (((k >> bj) & ((1u64 << bi) - 1)) as i64 + i0) as i32,
        j: ((k & ((1u64 << bj) - 1)) as i64 + j0) as i32,
    };
    if bits <= 64 {
        let mut keys: Vec<u64> = v.iter().map(key).collect();
        keys.sort_unstable();
        keys.dedup();
        v.clear();
        v.extend(keys.into_iter().map(decode));
    } else {
        v.sort_unstable();
        v.dedup();
    }
}

/// Sorts positions and removes duplicates.
pub fn sort_dedup_indices(v: &mut Vec<(i32, i32)>) {
    if v.windows(2).all(|w| w[0] < w[1]) {
        return;
    }
    // Non-negative positions (the usual case) are bounded by their bitwise or.
    let (oi, oj) = v.iter().fold((0, 0), |(a, b), p| (a | p.0, b | p.1));
    let ((i0, i1), (j0, j1)) =
        if (oi | oj) >= 0 { ((0, oi as i64), (0, oj as i64)) } else { (bounds(v.iter().map(|p| p.0)), bounds(v.iter().map(|p| p.1))) };
    let (bi, bj) = (bits_for((i1 - i0 + 1) as u64), bits_for((j1 - j0 + 1) as u64));
    let key = |p: &(i32, i32)| (((p.0 as i64 - i0) as u64) << bj) | (p.1 as i64 - j0) as u64;
    let decode = |k: u64| (((k >> bj) as i64 + i0) as i32, ((k & ((1u64 << bj) - 1)) as i64 + j0) as i32);
    let bits = bi + bj;
    if bitmap_fits(bits, v.len()) {
        via_bitmap(v, bits, key, decode);
    } else {
        let mut keys: Vec<u64> = v.iter().map(key).collect();
        keys.sort_unstable();
        keys.dedup();
        v.clear();
        v.extend(keys.into_iter().map(decode));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> i32 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 33) as i32
    }

    #[test]
    fn matches_a_plain_sort() {
        let mut seed = 7u64;
        for round in 0..400 {
            let n = (lcg(&mut seed) % 300) as usize;
            let spread = [3, 30, 1000, 1 << 20, i32::MAX][round % 5];
            let pick = |s: &mut u64| {
                let x = lcg(s) % spread;
                if round % 7 == 0 {
                    x.wrapping_mul(if lcg(s) % 2 == 0 { 1 } else { -1 }).wrapping_sub(spread / 2)
                } else {
                    x
                }
            };
            let cells: Vec<Cell> = (0..n).map(|_| Cell { c: pick(&mut seed) % 12, i: pick(&mut seed), j: pick(&mut seed) }).collect();
            let mut want = cells.clone();
            want.sort_unstable();
            want.dedup();
            let mut got = cells.clone();
            sort_dedup_cells(&mut got);
            assert_eq!(got, want);
            let ix: Vec<(i32, i32)> = cells.iter().map(|c| (c.i, c.j)).collect();
            let mut want = ix.clone();
            want.sort_unstable();
            want.dedup();
            let mut got = ix;
            sort_dedup_indices(&mut got);
            assert_eq!(got, want);
        }
        let mut extremes =
            vec![Cell { c: i32::MIN, i: i32::MAX, j: i32::MIN }, Cell { c: i32::MAX, i: i32::MIN, j: i32::MAX }, Cell { c: 0, i: 0, j: 0 }];
        let mut want = extremes.clone();
        want.sort_unstable();
        sort_dedup_cells(&mut extremes);
        assert_eq!(extremes, want);
    }
}
