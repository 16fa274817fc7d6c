//! Cell-moving kernels on flat grids: mirrors by row copies, and transposes (with optional
//! row/column reversal, which gives every rotation and diagonal mirror) by 8x8 blocks, each
//! block read as eight `u64` rows and transposed with three rounds of byte swaps.

use crate::value::Grid;

/// Rows in reverse order (`hmirror`).
pub(crate) fn flip_rows(g: &Grid) -> Grid {
    // A copy is the cheapest buffer of the right size (cheaper than a zeroed one).
    let mut cells = g.cells.clone();
    for (dst, src) in cells.chunks_exact_mut(g.w).zip(g.cells.chunks_exact(g.w).rev()) {
        copy_row(dst, src);
    }
    Grid::new(g.h, g.w, cells)
}

/// Each row reversed (`vmirror`).
pub(crate) fn flip_cols(g: &Grid) -> Grid {
    let mut cells = g.cells.clone();
    for row in cells.chunks_exact_mut(g.w) {
        row.reverse();
    }
    Grid::new(g.h, g.w, cells)
}

/// `dst.copy_from_slice(src)` for short rows: 16-byte copies inline instead of a `memcpy`
/// call, the last one overlapping the one before it.
#[inline]
pub(crate) fn copy_row(dst: &mut [i8], src: &[i8]) {
    let n = src.len();
    if (8..16).contains(&n) && dst.len() == n {
        store8(dst, load8(src));
        store8(&mut dst[n - 8..], load8(&src[n - 8..]));
        return;
    }
    if n < 16 || dst.len() != n {
        dst.copy_from_slice(src);
        return;
    }
    let copy16 = |dst: &mut [i8], k: usize| {
        let x: [i8; 16] = src[k..k + 16].try_into().expect("sixteen cells");
        dst[k..k + 16].copy_from_slice(&x);
    };
    let mut k = 0;
    while k + 16 <= n {
        copy16(dst, k);
        k += 16;
    }
    if k < n {
        copy16(dst, n - 16);
    }
}

/// Eight cells from `s` as a little-endian word: byte `k` is `s[k]`.
#[inline(always)]
fn load8(s: &[i8]) -> u64 {
    let b: [i8; 8] = s[..8].try_into().expect("eight cells");
    u64::from_le_bytes(b.map(|x| x as u8))
}

/// Writes the eight bytes of `x` to `s[..8]`.
#[inline(always)]
fn store8(s: &mut [i8], x: u64) {
    s[..8].copy_from_slice(&x.to_le_bytes().map(|x| x as i8));
}

/// Swaps the bytes selected by `mask` shifted up by `shift` in `a` with those selected by
/// `mask` in `b`.
#[inline(always)]
fn swap(a: &mut u64, b: &mut u64, shift: u32, mask: u64) {
    let t = ((*a >> shift) ^ *b) & mask;
    *a ^= t << shift;
    *b ^= t;
}

/// Transposes the 8x8 byte matrix whose row `k` is word `m[k]` (byte `c` is column `c`):
/// swap the off-diagonal 4x4 blocks, then 2x2 blocks, then single bytes.
#[inline(always)]
fn transpose8(m: [u64; 8]) -> [u64; 8] {
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = m;
    const M4: u64 = 0x0000_0000_FFFF_FFFF;
    const M2: u64 = 0x0000_FFFF_0000_FFFF;
    const M1: u64 = 0x00FF_00FF_00FF_00FF;
    swap(&mut a, &mut e, 32, M4);
    swap(&mut b, &mut f, 32, M4);
    swap(&mut c, &mut g, 32, M4);
    swap(&mut d, &mut h, 32, M4);
    swap(&mut a, &mut c, 16, M2);
    swap(&mut b, &mut d, 16, M2);
    swap(&mut e, &mut g, 16, M2);
    swap(&mut f, &mut h, 16, M2);
    swap(&mut a, &mut b, 8, M1);
    swap(&mut c, &mut d, 8, M1);
    swap(&mut e, &mut f, 8, M1);
    swap(&mut g, &mut h, 8, M1);
    [a, b, c, d, e, f, g, h]
}

/// Block origins covering `0..n` with blocks of 8; the last block overlaps the one before it
/// rather than running past the end (`n >= 8`).
fn origins(n: usize) -> impl Iterator<Item = usize> {
    (0..n / 8).map(|b| b * 8).chain((!n.is_multiple_of(8)).then_some(n - 8))
}

/// The `w x h` grid with `out[a][b] = g[R(b)][C(a)]`, where `R` reverses the row index when
/// `rev_rows` and `C` the column index when `rev_cols`: `dmirror` is neither, `rot90` reverses
/// rows, `rot270` columns, `cmirror` both.
pub(crate) fn transpose(g: &Grid, rev_rows: bool, rev_cols: bool) -> Grid {
    match (rev_rows, rev_cols) {
        (false, false) => transpose_with::<false, false>(g),
        (true, false) => transpose_with::<true, false>(g),
        (false, true) => transpose_with::<false, true>(g),
        (true, true) => transpose_with::<true, true>(g),
    }
}

fn transpose_with<const RR: bool, const RC: bool>(g: &Grid) -> Grid {
    let (h, w) = (g.h, g.w);
    let src = &g.cells;
    let r = |b: usize| if RR { h - 1 - b } else { b };
    if h < 8 || w < 8 {
        let c = |a: usize| if RC { w - 1 - a } else { a };
        let mut cells = Vec::with_capacity(h * w);
        for a in 0..w {
            cells.extend((0..h).map(|b| src[r(b) * w + c(a)]));
        }
        return Grid::new(w, h, cells);
    }
    // Every cell is overwritten; a copy is the cheapest buffer of that size.
    let mut out = g.cells.clone();
    for a0 in origins(w) {
        // Source columns C(a0..a0 + 8), as a word whose byte m is column C(a0 + m).
        let col = if RC { w - 8 - a0 } else { a0 };
        for b0 in origins(h) {
            let m = std::array::from_fn(|k| {
                let word = load8(&src[r(b0 + k) * w + col..]);
                if RC {
                    word.swap_bytes()
                } else {
                    word
                }
            });
            for (k, x) in transpose8(m).into_iter().enumerate() {
                store8(&mut out[(a0 + k) * h + b0..], x);
            }
        }
    }
    Grid::new(w, h, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposes_match_the_definition() {
        for (h, w) in [(1, 1), (3, 9), (8, 8), (9, 8), (30, 30), (17, 23), (8, 31), (12, 5)] {
            let g = Grid::new(h, w, (0..h * w).map(|k| (k * 7 % 251) as i8).collect());
            for (rr, rc) in [(false, false), (true, false), (false, true), (true, true)] {
                let t = transpose(&g, rr, rc);
                assert_eq!((t.h, t.w), (w, h));
                for a in 0..w {
                    for b in 0..h {
                        let (i, j) = (if rr { h - 1 - b } else { b }, if rc { w - 1 - a } else { a });
                        assert_eq!(t.get(a, b), g.get(i, j), "{h}x{w} {rr} {rc}");
                    }
                }
            }
            assert_eq!(flip_rows(&g).cells, (0..h).rev().flat_map(|i| g.row(i).to_vec()).collect::<Vec<_>>());
            assert_eq!(flip_cols(&g).cells, (0..h).flat_map(|i| g.row(i).iter().rev().copied().collect::<Vec<_>>()).collect::<Vec<_>>());
        }
    }
}
