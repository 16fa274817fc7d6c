//! Reading, printing and canonical forms of programs, including hostile inputs.

use batt_program::{canonical_text, canonicalize, parse_bytes, parse_file, parse_program, print, print_file, program_hash};

const SOLVER: &str = r#"
"""A module docstring."""
from dsl import *
from constants import *

# a comment
def solve_00d62c1b(I):
    """Fill enclosed black areas with yellow."""
    x1 = objects(I, T, F, F)
    x2 = colorfilter(x1, ZERO)
    x3 = rbind(bordering, I)
    x4 = compose(flip, x3)
    x5 = mfilter(x2, x4)
    O = fill(I, FOUR, x5)
    return O
"#;

#[test]
fn print_then_parse_is_identity() {
    let ps = parse_file(SOLVER).unwrap();
    assert_eq!(ps.len(), 1);
    let text = print(&ps[0]);
    assert_eq!(
        text,
        "def solve_00d62c1b(I):\n    x1 = objects(I, T, F, F)\n    x2 = colorfilter(x1, ZERO)\n    x3 = rbind(bordering, I)\n    x4 = compose(flip, x3)\n    x5 = mfilter(x2, x4)\n    O = fill(I, FOUR, x5)\n    return O\n"
    );
    let again = parse_program(&text).unwrap();
    assert_eq!(print(&again), text);
    let file = print_file(&ps);
    assert_eq!(print_file(&parse_file(&file).unwrap()), file);
}

#[test]
fn canonical_form_ignores_names_order_dead_code_and_nesting() {
    let a = parse_program(SOLVER).unwrap();
    let b = parse_program(
        "def solve_other(I):\n    y3 = rbind(bordering, I)\n    dead = size(I)\n    y1 = objects(I, T, F, F)\n    y4 = compose(flip, y3)\n    O = fill(I, FOUR, mfilter(colorfilter(y1, ZERO), y4))\n    return O\n",
    )
    .unwrap();
    assert_eq!(canonical_text(&a), canonical_text(&b));
    assert_eq!(program_hash(&a), program_hash(&b));
    let c = parse_program("def solve_x(I):\n    x1 = objects(I, T, F, T)\n    O = fill(I, FOUR, merge(x1))\n    return O\n").unwrap();
    assert_ne!(program_hash(&a), program_hash(&c));
}

#[test]
fn canonical_form_shares_common_subexpressions() {
    let p = parse_program("def solve_x(I):\n    x1 = rot90(I)\n    x2 = rot90(I)\n    O = hconcat(x1, x2)\n    return O\n").unwrap();
    let c = canonicalize(&p);
    assert_eq!(c.size(), 2);
    assert_eq!(canonical_text(&p), "(I):\n    x1 = rot90(I)\n    O = hconcat(x1, x1)\n    return O\n");
    // Canonicalising is idempotent.
    assert_eq!(canonical_text(&c), canonical_text(&p));
}

#[test]
fn canonical_form_is_linear_on_a_doubling_dag() {
    // Each step uses the previous one twice: as a tree this would have 2^2000 nodes.
    let mut src = String::from("def solve_x(I):\n    x0 = rot90(I)\n");
    for k in 1..2000 {
        src.push_str(&format!("    x{k} = hconcat(x{}, x{})\n", k - 1, k - 1));
    }
    src.push_str("    O = identity(x1999)\n    return O\n");
    let p = parse_program(&src).unwrap();
    assert_eq!(canonicalize(&p).size(), 2001);
}

#[test]
fn computed_function_calls_and_batt_signature() {
    let p = parse_program("def solve_x(S, I, C):\n    x1 = rbind(colorcount, ONE)\n    x2 = x1(I)\n    x3 = lbind(greater, x2)\n    O = branch(x3(TWO), I, C)\n    return O\n").unwrap();
    assert_eq!(p.params, vec!["S", "I", "C"]);
    assert_eq!(parse_program(&print(&p)).map(|q| print(&q)).unwrap(), print(&p));
}

fn err(src: &str) -> (usize, usize, String) {
    let e = parse_file(src).unwrap_err();
    (e.line, e.col, e.msg)
}

#[test]
fn rejections_have_positions_and_reasons() {
    let (l, c, m) = err("def solve_x(I):\n    x1 = objcts(I, T, F, F)\n    return x1\n");
    assert_eq!((l, c), (2, 10));
    assert!(m.contains("undefined name 'objcts'"), "{m}");
    let (l, _, m) = err("def solve_x(I):\n    x1 = objects(I, T, F)\n    return x1\n");
    assert_eq!(l, 2);
    assert!(m.contains("objects takes 4 arguments, got 3"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = ONE(I)\n    return x1\n");
    assert!(m.contains("not a function"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = rbind(greater, ONE)\n    x2 = x1(I, I)\n    return x2\n");
    assert!(m.contains("takes 1 arguments, got 2"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = I + 1\n    return x1\n");
    assert!(m.contains("unexpected character '+'"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = lambda: 1\n    return x1\n");
    assert!(m.contains("undefined name 'lambda'") || m.contains("unexpected"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = rot90(I)\n");
    assert!(m.contains("no 'return'"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    return I\n    x1 = rot90(I)\n");
    assert!(m.contains("after 'return'"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    T = rot90(I)\n    return T\n");
    assert!(m.contains("cannot assign"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = rot90(I\n    return x1\n");
    assert!(m.contains("expected ',' or ')'") || m.contains("unclosed"), "{m}");
    let (_, _, m) = err("print('hi')\n");
    assert!(m.contains("top level"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = fill(I, color=ONE)\n    return x1\n");
    assert!(m.contains("keyword"), "{m}");
    let (_, _, m) = err("def solve_x(I):\n    x1 = rot90(I)\n    return x1\ndef solve_x(I):\n    return I\n");
    assert!(m.contains("defined twice"), "{m}");
}

#[test]
fn deep_nesting_is_rejected_not_a_stack_overflow() {
    let src = format!("def solve_x(I):\n    O = {}I{}\n    return O\n", "rot90(".repeat(100_000), ")".repeat(100_000));
    let (_, _, m) = err(&src);
    assert!(m.contains("nested more than"), "{m}");
}

#[test]
fn non_utf8_is_rejected_with_position() {
    let mut src = b"def solve_x(I):\n    x1 = rot90(I)\n    O = ".to_vec();
    src.extend_from_slice(&[0xff, 0xfe]);
    src.extend_from_slice(b"(x1)\n    return O\n");
    let e = parse_bytes(&src).unwrap_err();
    assert_eq!((e.line, e.col), (3, 9));
    assert!(e.msg.contains("UTF-8"));
}

#[test]
fn a_100k_line_file_parses() {
    let mut src = String::from("from dsl import *\n");
    for t in 0..10_000 {
        src.push_str(&format!("\ndef solve_{t:08x}(I):\n    x1 = rot90(I)\n    x2 = hmirror(x1)\n    x3 = objects(x2, T, F, T)\n    x4 = merge(x3)\n    x5 = fill(x2, ONE, x4)\n    x6 = vmirror(x5)\n    x7 = rot270(x6)\n    O = hconcat(x7, x6)\n    return O\n"));
    }
    assert!(src.lines().count() > 100_000);
    let ps = parse_file(&src).unwrap();
    assert_eq!(ps.len(), 10_000);
}

#[test]
fn an_unnamed_pair_constant_has_the_canonical_form_of_its_printed_text() {
    use batt_dsl::func::Func;
    use batt_dsl::Value;
    use batt_program::{canonical_text, program_hash, Node, Program};
    // What search builds in memory: crop(I, ORIGIN, (14, 14)) with the pair as one constant.
    let f = |name: &str| Node::Const(Value::func(Func::prim(batt_dsl::prim_id(name).unwrap())));
    let p = Program {
        name: "solve_t".into(),
        params: vec!["I".into()],
        nodes: vec![
            Node::Param(0),
            f("crop"),
            Node::Const(Value::Pair(0, 0)),
            Node::Const(Value::Pair(14, 14)),
            Node::Call { f: 1, args: vec![0, 2, 3] },
        ],
        output: 4,
    };
    let text = batt_program::print(&p);
    let back = batt_program::parse_program(&text).unwrap();
    assert_eq!(canonical_text(&p), canonical_text(&back), "{text}");
    assert_eq!(program_hash(&p), program_hash(&back));
    assert!(canonical_text(&p).contains("astuple(14, 14)") && canonical_text(&p).contains("ORIGIN"), "{}", canonical_text(&p));
}
