//! Task data as search sees it: the demonstration pairs and the test inputs. There is
//! deliberately no field for test outputs, and the ARC reader drops them on reading, so no
//! phase of search can look at them.

use batt_dsl::{Grid, Value};
use serde_json::Value as Json;

/// A grid as rows of colours.
pub type Rows = Vec<Vec<u8>>;

/// Largest grid side accepted (ARC's limit).
pub const MAX_SIDE: usize = 30;

#[derive(Clone, Debug)]
pub struct TaskData {
    /// The task id (names extracted solvers `solve_<id>`).
    pub id: String,
    /// Demonstration pairs `(input, output)`.
    pub train: Vec<(Value, Value)>,
    /// Test inputs only.
    pub test_inputs: Vec<Value>,
}

impl TaskData {
    /// From grids.
    pub fn new(id: impl Into<String>, train: Vec<(Grid, Grid)>, test_inputs: Vec<Grid>) -> TaskData {
        TaskData {
            id: id.into(),
            train: train.into_iter().map(|(i, o)| (Value::grid(i), Value::grid(o))).collect(),
            test_inputs: test_inputs.into_iter().map(Value::grid).collect(),
        }
    }

    /// From rows of colours, checking ARC's limits.
    pub fn from_rows(id: &str, train: &[(Rows, Rows)], test_inputs: &[Rows]) -> Result<TaskData, String> {
        let mut tr = Vec::with_capacity(train.len());
        for (k, (i, o)) in train.iter().enumerate() {
            let i = grid_from_rows(i).map_err(|e| format!("train {k} input: {e}"))?;
            let o = grid_from_rows(o).map_err(|e| format!("train {k} output: {e}"))?;
            tr.push((i, o));
        }
        let mut te = Vec::with_capacity(test_inputs.len());
        for (k, i) in test_inputs.iter().enumerate() {
            te.push(grid_from_rows(i).map_err(|e| format!("test {k} input: {e}"))?);
        }
        Ok(TaskData::new(id, tr, te))
    }

    /// From an ARC task file (`{"train": [{"input", "output"}], "test": [{"input", ...}]}`).
    /// Test outputs, when the file has them, are never read.
    pub fn from_arc_json(id: &str, text: &str) -> Result<TaskData, String> {
        let j: Json = serde_json::from_str(text).map_err(|e| format!("task {id}: {e}"))?;
        let list = |key: &str| -> Result<Vec<Json>, String> {
            match j.get(key) {
                Some(Json::Array(a)) => Ok(a.clone()),
                _ => Err(format!("task {id}: missing '{key}' list")),
            }
        };
        let mut train = Vec::new();
        for (k, pair) in list("train")?.iter().enumerate() {
            let i = json_grid(pair.get("input")).map_err(|e| format!("task {id} train {k} input: {e}"))?;
            let o = json_grid(pair.get("output")).map_err(|e| format!("task {id} train {k} output: {e}"))?;
            train.push((i, o));
        }
        let mut test = Vec::new();
        for (k, pair) in list("test")?.iter().enumerate() {
            test.push(json_grid(pair.get("input")).map_err(|e| format!("task {id} test {k} input: {e}"))?);
        }
        if train.is_empty() {
            return Err(format!("task {id}: no demonstration pairs"));
        }
        Ok(TaskData::new(id, train, test))
    }

    /// Every input search evaluates on: train inputs, then test inputs.
    pub fn inputs(&self) -> Vec<Value> {
        self.train.iter().map(|p| p.0.clone()).chain(self.test_inputs.iter().cloned()).collect()
    }

    pub fn n_inputs(&self) -> usize {
        self.train.len() + self.test_inputs.len()
    }

    /// The demo outputs as grids (`None` for one that is not a grid).
    pub fn train_outputs(&self) -> Vec<Option<std::rc::Rc<Grid>>> {
        self.train.iter().map(|p| batt_program::batch::as_arc_grid(&p.1)).collect()
    }
}

/// A grid from rows of colours: rectangular, 1..30 per side, colours 0..9.
pub fn grid_from_rows(rows: &[Vec<u8>]) -> Result<Grid, String> {
    let h = rows.len();
    let w = rows.first().map(|r| r.len()).unwrap_or(0);
    if !(1..=MAX_SIDE).contains(&h) || !(1..=MAX_SIDE).contains(&w) {
        return Err(format!("size {h}x{w} is outside 1..{MAX_SIDE} per side"));
    }
    let mut cells = Vec::with_capacity(h * w);
    for r in rows {
        if r.len() != w {
            return Err("rows have different lengths".into());
        }
        for &c in r {
            if c > 9 {
                return Err(format!("colour {c} is outside 0..9"));
            }
            cells.push(c as i8);
        }
    }
    Ok(Grid::new(h, w, cells))
}

fn json_grid(j: Option<&Json>) -> Result<Grid, String> {
    let Some(Json::Array(rows)) = j else { return Err("not a list of rows".into()) };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Json::Array(cells) = r else { return Err("a row is not a list".into()) };
        let mut row = Vec::with_capacity(cells.len());
        for c in cells {
            match c.as_u64() {
                Some(n) if n <= 9 => row.push(n as u8),
                _ => return Err(format!("cell {c} is not a colour 0..9")),
            }
        }
        out.push(row);
    }
    grid_from_rows(&out)
}

/// The colours of a grid value, as a sorted set bitmask (bit c for colour c).
pub fn palette_mask(v: &Value) -> u16 {
    match v {
        Value::Grid(g) => g.cells.iter().filter(|&&c| (0..=9).contains(&c)).fold(0, |m, &c| m | 1 << c),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_arc_json_without_test_outputs() {
        let text = r#"{"train":[{"input":[[1,2]],"output":[[2,1]]}],"test":[{"input":[[3,4]],"output":[[4,3]]}]}"#;
        let t = TaskData::from_arc_json("x", text).unwrap();
        // Exhaustive destructuring: this stops compiling if a field is ever added.
        let TaskData { id, train, test_inputs } = t;
        assert_eq!(id, "x");
        assert_eq!(train.len(), 1);
        assert_eq!(test_inputs.len(), 1);
        assert!(TaskData::from_arc_json("x", r#"{"train":[{"input":[[10]],"output":[[1]]}],"test":[]}"#).is_err());
        assert!(TaskData::from_arc_json("x", r#"{"train":[{"input":[[1],[1,2]],"output":[[1]]}],"test":[]}"#).is_err());
        assert!(TaskData::from_arc_json("x", "nope").is_err());
    }
}
