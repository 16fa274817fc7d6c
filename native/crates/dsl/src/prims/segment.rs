//! `objects` on a flat grid: connected components by a breadth-first fill that writes each
//! object's cells contiguously into one buffer, then one allocation per object.
//!
//! The grid is padded with a one-cell border (marked taken, as are background cells), so a
//! cell's neighbours are plain offsets into the padded arrays. Cells are named by their padded
//! index `p = (i + 1) * pw + (j + 1)`, which orders them row-major; an object's cells sorted by
//! `(colour, p)` are its cells in canonical `(c, i, j)` order, and objects (disjoint) order
//! canonically by their smallest cell.

use std::cell::RefCell;
use std::rc::Rc;

use crate::value::{Cell, Grid, Value};

/// Reusable buffers (`objects` is the hottest primitive).
#[derive(Default)]
struct Scratch {
    /// Padded colours, and whether each padded cell is taken (border, background, or filled).
    cells: Vec<i8>,
    taken: Vec<bool>,
    /// Every object's cells (padded indices, or colour-keyed for multicolour objects), object
    /// after object; `ends[k]` is where object `k` stops.
    order: Vec<u32>,
    ends: Vec<u32>,
    /// `(i, j)` of each padded index, for the grid shape `shape`.
    pos: Vec<(i32, i32)>,
    shape: (usize, usize),
    /// Objects in canonical order (indices into `ends`).
    rank: Vec<u32>,
    /// The objects built, before they move into the result set.
    objs: Vec<Value>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The set of objects of a fast grid (`bg`: the background colour, if it is left out).
pub(crate) fn objects_grid(g: &Grid, univalued: bool, diagonal: bool, bg: Option<i8>) -> Value {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => {
            let v = segment(&mut s, g, univalued, diagonal, bg);
            if s.cells.len() > 1 << 16 {
                *s = Scratch::default();
            }
            v
        }
        Err(_) => segment(&mut Scratch::default(), g, univalued, diagonal, bg),
    })
}

fn segment(s: &mut Scratch, g: &Grid, univalued: bool, diagonal: bool, bg: Option<i8>) -> Value {
    let pw = g.w + 2;
    pad(s, g, bg);
    let pw_i = pw as isize;
    let direct = [-pw_i, pw_i, -1, 1];
    let all = [-pw_i, pw_i, -1, 1, -pw_i - 1, -pw_i + 1, pw_i - 1, pw_i + 1];
    match (univalued, diagonal) {
        (false, false) => fill::<false, 4>(s, direct),
        (false, true) => fill::<false, 8>(s, all),
        (true, false) => fill::<true, 4>(s, direct),
        (true, true) => fill::<true, 8>(s, all),
    }
    if s.shape != (g.h, g.w) {
        s.shape = (g.h, g.w);
        s.pos.clear();
        s.pos.extend((0..(g.h + 2) * pw).map(|p| ((p / pw) as i32 - 1, (p % pw) as i32 - 1)));
    }
    if univalued {
        build_univalued(s)
    } else {
        build_multicolour(s)
    }
}

/// Fills `cells`/`taken` with the padded grid; the border and background cells are taken.
fn pad(s: &mut Scratch, g: &Grid, bg: Option<i8>) {
    let pw = g.w + 2;
    let n = (g.h + 2) * pw;
    s.cells.clear();
    s.cells.resize(n, 0);
    s.taken.clear();
    s.taken.resize(n, true);
    for (i, row) in g.cells.chunks_exact(g.w).enumerate() {
        let at = (i + 1) * pw + 1;
        s.cells[at..at + g.w].copy_from_slice(row);
        for (t, &c) in s.taken[at..at + g.w].iter_mut().zip(row) {
            *t = Some(c) == bg;
        }
    }
}

/// Breadth-first fill from every free cell in row-major order, using `order` as the queue: a
/// neighbour joins when it is free and (univalued) of the seed's colour. Each object's cells
/// end up contiguous in `order`, its seed (its first cell row-major) first.
fn fill<const UNI: bool, const N: usize>(s: &mut Scratch, offs: [isize; N]) {
    let (cells, taken, order) = (&s.cells, &mut s.taken, &mut s.order);
    order.clear();
    s.ends.clear();
    for seed in 0..cells.len() {
        if taken[seed] {
            continue;
        }
        taken[seed] = true;
        let mut k = order.len();
        order.push(seed as u32);
        let val = cells[seed];
        while k < order.len() {
            let p = order[k] as usize;
            k += 1;
            for o in offs {
                // Inner cells' neighbours are inside the padding, which is always taken.
                let q = p.wrapping_add_signed(o);
                if !taken[q] && (!UNI || cells[q] == val) {
                    taken[q] = true;
                    order.push(q as u32);
                }
            }
        }
        s.ends.push(order.len() as u32);
    }
}

/// Objects of one colour each: cells sorted row-major; objects ordered by colour, then by seed
/// (a stable counting sort of the seed-ordered objects by colour).
fn build_univalued(s: &mut Scratch) -> Value {
    let mut counts = [0u32; 256];
    let colour = |k: usize, s: &Scratch| {
        let first = if k == 0 { 0 } else { s.ends[k - 1] as usize };
        s.cells[s.order[first] as usize]
    };
    for k in 0..s.ends.len() {
        counts[(colour(k, s) as i16 + 128) as usize] += 1;
    }
    let mut at = 0;
    for c in counts.iter_mut() {
        let n = *c;
        *c = at;
        at += n;
    }
    s.rank.clear();
    s.rank.resize(s.ends.len(), 0);
    for k in 0..s.ends.len() {
        let b = &mut counts[(colour(k, s) as i16 + 128) as usize];
        s.rank[*b as usize] = k as u32;
        *b += 1;
    }
    let (order, ends, pos, cells) = (&mut s.order, &s.ends, &s.pos, &s.cells);
    s.objs.clear();
    s.objs.extend(s.rank.iter().map(|&k| {
        let k = k as usize;
        let first = if k == 0 { 0 } else { ends[k - 1] as usize };
        let part = &mut order[first..ends[k] as usize];
        part.sort_unstable();
        let c = cells[part[0] as usize] as i32;
        Value::Object(part.iter().map(|&p| Cell { c, i: pos[p as usize].0, j: pos[p as usize].1 }).collect())
    }));
    set_of_objects(&mut s.objs)
}

/// Objects of several colours: each object's cells keyed `(colour + 128) << 24 | p` and sorted;
/// objects ordered by their smallest key.
fn build_multicolour(s: &mut Scratch) -> Value {
    let (order, ends, pos, cells) = (&mut s.order, &s.ends, &s.pos, &s.cells);
    let mut first = 0;
    for &end in ends.iter() {
        let part = &mut order[first..end as usize];
        for p in part.iter_mut() {
            *p |= ((cells[*p as usize] as u8 ^ 0x80) as u32) << 24;
        }
        part.sort_unstable();
        first = end as usize;
    }
    s.rank.clear();
    s.rank.extend(0..ends.len() as u32);
    let start = |k: usize| if k == 0 { 0 } else { ends[k - 1] as usize };
    s.rank.sort_unstable_by_key(|&k| order[start(k as usize)]);
    s.objs.clear();
    s.objs.extend(s.rank.iter().map(|&k| {
        let part = &order[start(k as usize)..ends[k as usize] as usize];
        Value::Object(
            part.iter()
                .map(|&key| {
                    let (i, j) = pos[(key & 0xFF_FFFF) as usize];
                    Cell { c: ((key >> 24) as u8 ^ 0x80) as i8 as i32, i, j }
                })
                .collect(),
        )
    }));
    set_of_objects(&mut s.objs)
}

/// The frozenset of objects already in canonical order (empty: the empty frozenset). The set
/// is allocated after the objects, which lets the allocator reuse small blocks freed earlier
/// before a large request makes it consolidate them.
fn set_of_objects(objs: &mut Vec<Value>) -> Value {
    Value::Set(objs.drain(..).collect::<Rc<[Value]>>())
}
