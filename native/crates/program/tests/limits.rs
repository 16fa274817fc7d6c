//! Size caps and deadlines where a program is decoded: an oversized or slow-to-parse source is
//! refused with one clear line, whatever deadline it came with.

use std::time::{Duration, Instant};

use batt_program::limits::{MAX_LINES, MAX_STEPS};
use batt_program::{expired, parse_file_until, parse_program, parse_program_until};

/// `def f(I)` with `n` steps `x{k} = rot90(x{k-1})`.
fn chain(n: usize) -> String {
    let mut s = String::from("def f(I):\n    x1 = rot90(I)\n");
    for k in 2..=n {
        s.push_str(&format!("    x{k} = rot90(x{})\n", k - 1));
    }
    s.push_str(&format!("    O = x{n}\n    return O\n"));
    s
}

#[test]
fn a_program_at_the_step_cap_parses_and_one_over_is_refused() {
    assert_eq!(parse_program(&chain(MAX_STEPS)).unwrap().size(), MAX_STEPS);
    let e = parse_program(&chain(MAX_STEPS + 1)).unwrap_err();
    assert_eq!(e.msg, format!("program f has {} steps; at most {MAX_STEPS}", MAX_STEPS + 1));
    // Nested calls count as steps too: one line cannot get round the cap.
    let deep = format!("def f(I):\n    O = {}I{}\n    return O\n", "rot90(".repeat(150), ")".repeat(150));
    assert_eq!(parse_program(&deep).unwrap().size(), 150);
}

#[test]
fn too_many_lines_are_refused_before_lexing() {
    let src = "\n".repeat(MAX_LINES + 5);
    let e = parse_program(&src).unwrap_err();
    assert_eq!(e.msg, format!("source has {} lines; at most {MAX_LINES}", MAX_LINES + 6));
}

#[test]
fn a_long_single_line_hits_the_token_cap() {
    let src = format!("def f(I):\n    O = identity(I{})\n    return O\n", ", I".repeat(9 * MAX_STEPS));
    assert!(parse_program(&src).unwrap_err().msg.contains("tokens"), "refused by size, not by arity");
}

#[test]
fn a_passed_deadline_stops_the_parse() {
    let src = chain(20_000);
    let past = Some(Instant::now() - Duration::from_millis(1));
    assert!(parse_program_until(&src, past).is_err() && expired(past));
    assert!(parse_file_until(&src, past).is_err());
    // A deadline that has not passed changes nothing.
    let later = Some(Instant::now() + Duration::from_secs(3600));
    assert_eq!(parse_program_until(&src, later).unwrap().size(), 20_000);
}
