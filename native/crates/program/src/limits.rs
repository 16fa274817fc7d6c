//! How big a program may be and how long a call may run: the caps every request path checks
//! (defined here once; the parser, the search stages and the binding all use these).
//!
//! A hostile or runaway request must cost a bounded amount of work whatever deadline it came
//! with: the step and line caps are deterministic (the same request is always refused), the
//! deadline is wall-clock (it stops the work that is left when the caller stops waiting).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Most call steps one program (or one request's programs together) may have. The largest
/// batts `batt run` builds are ~20k nodes (`MutationConfig::max_nodes`); 262,144 leaves room
/// for hand-sent DAGs while keeping one request's scoring work (steps x inputs) bounded.
pub const MAX_STEPS: usize = 1 << 18;
/// Most lines a source may have: counted before lexing, so an oversized file costs one pass
/// over its bytes (a 1M-step chain is 28 MB; lexing it whole took ~1.6 GB of tokens).
pub const MAX_LINES: usize = 2 * MAX_STEPS;
/// Most tokens a source may have (a step is 6-12 tokens in arc-dsl's style), so one very
/// long line cannot get round the line cap.
pub const MAX_TOKENS: usize = 16 * MAX_STEPS;

/// The refusal of something (`what`: "program solve_x", "the seeds") with `steps` call steps,
/// if that is over `MAX_STEPS`.
pub fn steps_error(what: &str, steps: usize) -> Result<(), String> {
    if steps > MAX_STEPS {
        return Err(format!("{what} has {steps} steps; at most {MAX_STEPS}"));
    }
    Ok(())
}

/// Set once by `cancel_all`: every deadline in the process has passed.
static CANCELLED: AtomicBool = AtomicBool::new(false);

/// Makes every call in this process stop at its next deadline check, deadline or not, for
/// good: for a process that is about to exit. Node's `process.exit` joins each worker thread,
/// and a thread inside a native call cannot be joined until the call returns, so without this
/// `batt serve` lived on after its drain for as long as its longest call (seconds, measured).
pub fn cancel_all() {
    CANCELLED.store(true, Ordering::Relaxed);
}

/// True once `deadline` has passed, or once `cancel_all` has been called.
#[inline]
pub fn expired(deadline: Option<Instant>) -> bool {
    CANCELLED.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d)
}

/// The `Instant` of an absolute deadline given as epoch milliseconds (JavaScript's
/// `Date.now()` clock), so time a request spent queued counts against it. `None` (or a
/// non-finite value) is no deadline; one already past is an `Instant` already passed.
pub fn deadline_at(epoch_ms: Option<f64>) -> Option<Instant> {
    let at = epoch_ms.filter(|m| m.is_finite())?;
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1e3);
    let left = Duration::from_micros(((at - now_ms).max(0.0) * 1e3) as u64);
    Some(Instant::now() + left)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epoch_ms() -> f64 {
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64() * 1e3
    }

    #[test]
    fn past_deadlines_have_passed_and_future_ones_have_not() {
        assert!(expired(deadline_at(Some(epoch_ms() - 1.0))));
        assert!(expired(deadline_at(Some(0.0))));
        assert!(!expired(deadline_at(Some(epoch_ms() + 60_000.0))));
        assert!(deadline_at(None).is_none());
        assert!(deadline_at(Some(f64::INFINITY)).is_none());
        assert!(!expired(None));
    }
}
