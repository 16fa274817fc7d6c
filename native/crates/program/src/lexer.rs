//! Splits arc-dsl solver source into logical lines of tokens (Python's line joining inside
//! brackets, comments and string literals handled; everything else is an error with a position).

use std::time::Instant;

use crate::error::ParseError;
use crate::limits::{expired, MAX_LINES, MAX_TOKENS};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Name(String),
    Int(i64),
    /// A string literal (only docstrings are allowed by the parser).
    Str,
    Op(char),
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub line: usize,
    pub col: usize,
}

/// One logical line: its indentation (columns) and tokens.
#[derive(Clone, Debug)]
pub struct Line {
    pub indent: usize,
    pub tokens: Vec<Token>,
}

const MAX_NAME: usize = 256;

/// What a parse stopped at the caller's deadline says (callers tell it from a bad source by
/// checking the deadline themselves).
pub const DEADLINE_MSG: &str = "deadline passed while parsing";

/// Lexes `src`, refusing sources over `MAX_LINES` lines (counted first, in one pass over the
/// bytes) or `MAX_TOKENS` tokens, and stopping at `deadline` (checked every 64k characters).
pub fn lex(src: &str, deadline: Option<Instant>) -> Result<Vec<Line>, ParseError> {
    let n_lines = src.bytes().filter(|&b| b == b'\n').count() + 1;
    if n_lines > MAX_LINES {
        return Err(ParseError { line: MAX_LINES + 1, col: 1, msg: format!("source has {n_lines} lines; at most {MAX_LINES}") });
    }
    let chars: Vec<char> = src.chars().collect();
    let mut n_tokens = 0usize;
    let (mut k, mut line, mut col) = (0usize, 1usize, 1usize);
    let mut lines = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    let mut indent = 0usize;
    let mut at_line_start = true;
    let mut depth = 0usize;
    let err = |line, col, msg: String| Err(ParseError { line, col, msg });
    let mut next_check = 0usize;
    while k < chars.len() {
        if k >= next_check {
            next_check = k + (1 << 16);
            if expired(deadline) {
                return err(line, col, DEADLINE_MSG.into());
            }
            // Checked here rather than per token: at most one token per character since the
            // last check, so the cap is overshot by at most 64k.
            if n_tokens + cur.len() > MAX_TOKENS {
                return err(line, col, format!("source has over {MAX_TOKENS} tokens"));
            }
        }
        let c = chars[k];
        if at_line_start && depth == 0 {
            // Measure indentation of a new logical line.
            let mut n = 0;
            while k < chars.len() && (chars[k] == ' ' || chars[k] == '\t') {
                n += if chars[k] == '\t' { 8 - n % 8 } else { 1 };
                k += 1;
                col += 1;
            }
            indent = n;
            at_line_start = false;
            continue;
        }
        match c {
            '\n' => {
                if depth == 0 && !cur.is_empty() {
                    n_tokens += cur.len();
                    lines.push(Line { indent, tokens: std::mem::take(&mut cur) });
                }
                if depth == 0 {
                    at_line_start = true;
                }
                k += 1;
                line += 1;
                col = 1;
            }
            '\r' | ' ' | '\t' | '\x0c' => {
                k += 1;
                col += 1;
            }
            '#' => {
                while k < chars.len() && chars[k] != '\n' {
                    k += 1;
                }
            }
            '\\' if chars.get(k + 1) == Some(&'\n') => {
                k += 2;
                line += 1;
                col = 1;
            }
            '"' | '\'' => {
                let (l0, c0) = (line, col);
                let triple = chars.get(k + 1) == Some(&c) && chars.get(k + 2) == Some(&c);
                let q = if triple { 3 } else { 1 };
                k += q;
                col += q;
                loop {
                    if k >= chars.len() {
                        return err(l0, c0, "unterminated string literal".into());
                    }
                    let d = chars[k];
                    if d == '\\' {
                        k += 2;
                        col += 2;
                        continue;
                    }
                    if d == '\n' {
                        if !triple {
                            return err(l0, c0, "unterminated string literal".into());
                        }
                        line += 1;
                        col = 1;
                        k += 1;
                        continue;
                    }
                    if d == c && (!triple || (chars.get(k + 1) == Some(&c) && chars.get(k + 2) == Some(&c))) {
                        k += q;
                        col += q;
                        break;
                    }
                    k += 1;
                    col += 1;
                }
                cur.push(Token { tok: Tok::Str, line: l0, col: c0 });
            }
            '(' | ')' | ',' | '=' | ':' | '-' | '.' | '*' => {
                if c == '(' {
                    depth += 1;
                } else if c == ')' {
                    if depth == 0 {
                        return err(line, col, "unmatched ')'".into());
                    }
                    depth -= 1;
                }
                cur.push(Token { tok: Tok::Op(c), line, col });
                k += 1;
                col += 1;
            }
            _ if c.is_ascii_digit() => {
                let (c0, start) = (col, k);
                while k < chars.len() && (chars[k].is_ascii_alphanumeric() || chars[k] == '_') {
                    k += 1;
                    col += 1;
                }
                let text: String = chars[start..k].iter().filter(|&&d| d != '_').collect();
                match text.parse::<i64>() {
                    Ok(n) if text.len() == 1 || !text.starts_with('0') => cur.push(Token { tok: Tok::Int(n), line, col: c0 }),
                    _ => return err(line, c0, format!("invalid integer literal '{}'", chars[start..k].iter().collect::<String>())),
                }
            }
            _ if c.is_alphabetic() || c == '_' => {
                let (c0, start) = (col, k);
                while k < chars.len() && (chars[k].is_alphanumeric() || chars[k] == '_') {
                    k += 1;
                    col += 1;
                }
                if k - start > MAX_NAME {
                    return err(line, c0, "name too long".into());
                }
                let name: String = chars[start..k].iter().collect();
                // String prefixes (r"...", b'...') belong to docstrings only.
                if matches!(chars.get(k), Some('"') | Some('\'')) && name.len() <= 2 && name.chars().all(|p| "rRbBuUfF".contains(p)) {
                    continue;
                }
                cur.push(Token { tok: Tok::Name(name), line, col: c0 });
            }
            _ => return err(line, col, format!("unexpected character {c:?}")),
        }
    }
    if depth > 0 {
        return err(line, col, "unexpected end of file: unclosed '('".into());
    }
    if !cur.is_empty() {
        lines.push(Line { indent, tokens: cur });
    }
    Ok(lines)
}
