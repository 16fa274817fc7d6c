//! Caps and fuel: every call is bounded, so a hostile or mutated program stops with a
//! `Budget` error instead of exhausting memory or time.

use crate::error::{budget_err, recursion_err, type_err, DslResult};
use crate::func::{Builder, FuncKind};
use crate::registry::prim;
use crate::value::Value;

/// Largest grid (cells) a primitive may build: 16x an ARC grid's maximum area per side.
pub const MAX_GRID_CELLS: usize = 1 << 18;
/// Largest container (elements) a primitive may build.
pub const MAX_CONTAINER: usize = 1 << 18;
/// Largest exponent `power` accepts (the reference recurses once per step).
pub const MAX_POWER: i64 = 256;
/// Deepest nesting of closure calls (the reference's recursion limit is 1000 frames).
pub const MAX_DEPTH: u32 = 400;
/// Default fuel for one top-level evaluation: roughly one unit per element touched.
pub const DEFAULT_FUEL: u64 = 50_000_000;

/// Evaluation context: remaining fuel and closure-call depth. Callers may refill `fuel`;
/// what was spent is counted apart and added to this thread's total when the context drops.
#[derive(Debug)]
pub struct Ctx {
    pub fuel: u64,
    pub depth: u32,
    spent: u64,
}

thread_local! {
    static SPENT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Fuel spent on this thread by every dropped `Ctx` so far. The difference across a call is
/// its work: deterministic, unlike its CPU time, so a budget of work gives the same results
/// under any load or concurrency.
pub fn spent_on_thread() -> u64 {
    SPENT.with(|s| s.get())
}

impl Drop for Ctx {
    fn drop(&mut self) {
        SPENT.with(|s| s.set(s.get().saturating_add(self.spent)));
    }
}

/// A copy starts with nothing spent (the original still counts its own).
impl Clone for Ctx {
    fn clone(&self) -> Ctx {
        Ctx { fuel: self.fuel, depth: self.depth, spent: 0 }
    }
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx::new(DEFAULT_FUEL)
    }
}

impl Ctx {
    pub fn new(fuel: u64) -> Ctx {
        Ctx { fuel, depth: 0, spent: 0 }
    }

    /// Spends `n` units of fuel; running out is a `Budget` error.
    #[inline]
    pub fn spend(&mut self, n: usize) -> DslResult<()> {
        let n = n as u64;
        if n > self.fuel {
            self.spent += self.fuel;
            self.fuel = 0;
            return budget_err("fuel exhausted");
        }
        self.fuel -= n;
        self.spent += n;
        Ok(())
    }

    /// Fuel this context has spent so far (refills do not reset it).
    pub fn spent(&self) -> u64 {
        self.spent
    }

    /// Checks a container size before building it.
    #[inline]
    pub fn check_len(&mut self, n: usize) -> DslResult<()> {
        if n > MAX_CONTAINER {
            return budget_err("container over the size cap");
        }
        self.spend(n)
    }

    /// Checks a grid size before building it.
    #[inline]
    pub fn check_grid(&mut self, h: usize, w: usize) -> DslResult<()> {
        // Each side is bounded too: an h x 0 grid is still h (empty) rows.
        if h > MAX_CONTAINER || w > MAX_CONTAINER {
            return budget_err("grid over the size cap");
        }
        match h.checked_mul(w) {
            Some(n) if n <= MAX_GRID_CELLS => self.spend(n.max(h)),
            _ => budget_err("grid over the size cap"),
        }
    }

    /// Calls a function value on positional arguments, as Python would.
    pub fn call(&mut self, f: &Value, args: &[Value]) -> DslResult<Value> {
        let func = match f {
            Value::Func(func) => func,
            _ => return type_err("value is not callable"),
        };
        if args.len() != func.arity as usize {
            return type_err("wrong number of arguments");
        }
        self.spend(1)?;
        if self.depth >= MAX_DEPTH {
            return recursion_err("closure calls nested too deeply");
        }
        self.depth += 1;
        let r = self.call_inner(&func.kind, &func.args, args);
        self.depth -= 1;
        r
    }

    fn call_inner(&mut self, kind: &FuncKind, b: &[Value], args: &[Value]) -> DslResult<Value> {
        match kind {
            FuncKind::Prim(id) => (prim(*id).f)(self, args),
            FuncKind::Closure(builder) => match builder {
                Builder::Compose => {
                    let x = self.call(&b[1], args)?;
                    self.call(&b[0], &[x])
                }
                Builder::Chain => {
                    let x = self.call(&b[2], args)?;
                    let y = self.call(&b[1], &[x])?;
                    self.call(&b[0], &[y])
                }
                Builder::Fork => {
                    let x = self.call(&b[1], args)?;
                    let y = self.call(&b[2], args)?;
                    self.call(&b[0], &[x, y])
                }
                Builder::Matcher => {
                    let x = self.call(&b[0], args)?;
                    Ok(Value::Bool(crate::order::canon_eq(&x, &b[1])))
                }
                // Bound calls take at most 4 arguments: build them on the stack, not the heap
                // (one argument, the usual case, as an exact pair).
                Builder::Rbind => match args {
                    [x] => self.call(&b[0], &[x.clone(), b[1].clone()]),
                    _ => {
                        let mut v: [Value; 4] = Default::default();
                        v[..args.len()].clone_from_slice(args);
                        v[args.len()] = b[1].clone();
                        self.call(&b[0], &v[..args.len() + 1])
                    }
                },
                Builder::Lbind => match args {
                    [x] => self.call(&b[0], &[b[1].clone(), x.clone()]),
                    _ => {
                        let mut v: [Value; 4] = Default::default();
                        v[0] = b[1].clone();
                        v[1..=args.len()].clone_from_slice(args);
                        self.call(&b[0], &v[..args.len() + 1])
                    }
                },
                Builder::Power => {
                    // power(f, n) is compose(f, power(f, n - 1)): f applied n times, innermost first.
                    let n = b[1].as_int().unwrap_or(1).max(1);
                    let mut x = self.call(&b[0], args)?;
                    for _ in 1..n {
                        x = self.call(&b[0], &[x])?;
                    }
                    Ok(x)
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spent_fuel_reaches_the_thread_total_when_a_context_drops() {
        let before = spent_on_thread();
        {
            let mut ctx = Ctx::new(10);
            ctx.spend(4).unwrap();
            ctx.fuel = 10; // a refill does not forget what was spent
            ctx.spend(3).unwrap();
            assert!(ctx.spend(20).is_err()); // running out spends what was left
            assert_eq!(ctx.spent(), 14);
            let copy = ctx.clone();
            assert_eq!(copy.spent(), 0);
            assert_eq!(spent_on_thread(), before, "counted when the context drops");
        }
        assert_eq!(spent_on_thread(), before + 14);
    }
}
