//! Colour statistics of a grid's flat cells, written so the compiler vectorises them: byte
//! compares summed in 8-bit lanes, min/max on unsigned bytes, presence tests in blocks.

use crate::value::{Cell, Grid};

/// A set of cell colours (`i8`), as a 256-bit map indexed by `colour + 128`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct Colors([u64; 4]);

impl Colors {
    #[inline]
    pub(crate) fn insert(&mut self, c: i8) {
        let k = (c as i16 + 128) as usize;
        self.0[k >> 6] |= 1 << (k & 63);
    }
    pub(crate) fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    /// The colours, ascending.
    pub(crate) fn to_vec(self) -> Vec<i8> {
        let mut out = Vec::with_capacity(self.len());
        for (w, &word) in self.0.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                out.push(((w << 6) as i16 + word.trailing_zeros() as i16 - 128) as i8);
                word &= word - 1;
            }
        }
        out
    }
}

/// Smallest and largest cell (`(127, -128)` when there are none).
pub(crate) fn minmax(cells: &[i8]) -> (i8, i8) {
    // Unsigned bytes (colour + 128) have vector min/max instructions on every x86-64.
    let (lo, hi) = cells.iter().fold((u8::MAX, 0u8), |(lo, hi), &x| {
        let y = x as u8 ^ 0x80;
        (lo.min(y), hi.max(y))
    });
    ((lo ^ 0x80) as i8, (hi ^ 0x80) as i8)
}

/// Number of cells equal to `v`.
pub(crate) fn count_eq(cells: &[i8], v: i8) -> usize {
    // At most 255 matches per block, so each block's count fits the 8-bit lanes.
    cells.chunks(255).map(|b| b.iter().fold(0u8, |n, &x| n.wrapping_add((x == v) as u8)) as usize).sum()
}

/// Whether some cell equals `v`.
fn any_eq(cells: &[i8], v: i8) -> bool {
    cells.chunks(64).any(|b| b.iter().fold(0u8, |n, &x| n | (x == v) as u8) != 0)
}

/// The distinct colours of the cells.
pub(crate) fn distinct(cells: &[i8]) -> Colors {
    let mut set = Colors::default();
    if cells.is_empty() {
        return set;
    }
    let (lo, hi) = minmax(cells);
    // Two colours (a common case) need one more pass, not one per value between them.
    if cells.chunks(64).all(|b| b.iter().fold(true, |all, &x| all & ((x == lo) | (x == hi)))) {
        set.insert(lo);
        set.insert(hi);
    } else if (hi as i16 - lo as i16) < 24 {
        for v in lo..=hi {
            if v == lo || v == hi || any_eq(cells, v) {
                set.insert(v);
            }
        }
    } else {
        cells.iter().for_each(|&c| set.insert(c));
    }
    set
}

/// Each distinct colour with its number of cells, ascending by colour.
pub(crate) fn counts(cells: &[i8]) -> Vec<(i8, usize)> {
    let set = distinct(cells);
    if set.len() <= 16 {
        let mut left = cells.len();
        let mut out: Vec<(i8, usize)> = Vec::with_capacity(set.len());
        let n = set.len();
        for (k, v) in set.to_vec().into_iter().enumerate() {
            // The last colour has whatever cells the others left.
            let m = if k + 1 == n { left } else { count_eq(cells, v) };
            left -= m;
            out.push((v, m));
        }
        return out;
    }
    let mut hist = [0u32; 256];
    for &c in cells {
        hist[(c as i16 + 128) as usize] += 1;
    }
    set.to_vec().into_iter().map(|v| (v, hist[(v as i16 + 128) as usize] as usize)).collect()
}

/// The most common colour (ties: the smallest); `None` when there are no cells.
pub(crate) fn most(cells: &[i8]) -> Option<i8> {
    most_of(&counts(cells))
}

/// The most common colour of `counts` (ties: the smallest).
pub(crate) fn most_of(counts: &[(i8, usize)]) -> Option<i8> {
    let mut best: Option<(i8, usize)> = None;
    for &(c, k) in counts {
        if best.is_none_or(|(_, m)| k > m) {
            best = Some((c, k));
        }
    }
    best.map(|(c, _)| c)
}

/// Writes the grid's cells, except those of colour `skip`, into `out` sorted by `(c, i, j)`: a
/// counting sort of the row-major cells by colour, moving whole runs of one colour at a time.
/// `counts` are the grid's colour counts; `out` must hold the cells written.
pub(crate) fn sorted_cells_into(g: &Grid, counts: &[(i8, usize)], skip: Option<i8>, out: &mut [Cell]) {
    let mut next = [0u32; 256];
    let mut at = 0;
    for &(c, k) in counts.iter().filter(|&&(c, _)| Some(c) != skip) {
        next[(c as i16 + 128) as usize] = at;
        at += k as u32;
    }
    for (i, row) in g.cells.chunks_exact(g.w).enumerate() {
        let mut j = 0;
        while j < row.len() {
            let c = row[j];
            let run = row[j..].iter().position(|&x| x != c).unwrap_or(row.len() - j);
            if Some(c) != skip {
                let p = &mut next[(c as i16 + 128) as usize];
                let dst = &mut out[*p as usize..*p as usize + run];
                for (k, cell) in dst.iter_mut().enumerate() {
                    *cell = Cell { c: c as i32, i: i as i32, j: (j + k) as i32 };
                }
                *p += run as u32;
            }
            j += run;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_match_a_histogram() {
        let grids: Vec<Vec<i8>> = vec![
            vec![],
            vec![5],
            (0..900).map(|k| ((k * 7 + k / 30) % 10) as i8).collect(),
            (0..700).map(|k| ((k * 37) % 256) as u8 as i8).collect(),
            (0..600).map(|k| if k % 3 == 0 { -128 } else { 127 }).collect(),
            (0..300).map(|k| (k % 20) as i8 - 10).collect(),
        ];
        for g in grids {
            let mut hist = [0usize; 256];
            g.iter().for_each(|&c| hist[(c as i16 + 128) as usize] += 1);
            let want: Vec<(i8, usize)> = (0..256).filter(|&k| hist[k] > 0).map(|k| ((k as i16 - 128) as i8, hist[k])).collect();
            assert_eq!(counts(&g), want);
            assert_eq!(distinct(&g).to_vec(), want.iter().map(|p| p.0).collect::<Vec<_>>());
            for v in [-128i8, -1, 0, 3, 9, 127] {
                assert_eq!(count_eq(&g, v), hist[(v as i16 + 128) as usize]);
            }
            let want_most = want.iter().fold(None::<(i8, usize)>, |b, &(c, k)| if b.is_none_or(|(_, m)| k > m) { Some((c, k)) } else { b });
            assert_eq!(most(&g), want_most.map(|p| p.0));
            if g.is_empty() {
                continue;
            }
            let w = g.len().min(30);
            let grid = Grid::new(g.len() / w, w, g[..g.len() / w * w].to_vec());
            for skip in [None, Some(grid.cells[0])] {
                let mut cells: Vec<Cell> = (0..grid.h)
                    .flat_map(|i| (0..grid.w).map(move |j| (i, j)))
                    .map(|(i, j)| Cell { c: grid.get(i, j) as i32, i: i as i32, j: j as i32 })
                    .filter(|c| Some(c.c as i8) != skip)
                    .collect();
                cells.sort_unstable();
                let mut out = vec![Cell { c: 0, i: 0, j: 0 }; cells.len()];
                sorted_cells_into(&grid, &counts(&grid.cells), skip, &mut out);
                assert_eq!(out, cells);
            }
        }
    }
}
