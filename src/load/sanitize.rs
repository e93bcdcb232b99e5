//! Article text is data, never terminal commands: escape sequences are removed whole (with a
//! real parser, so `ESC[31m` leaves no `[31m` behind) and the remaining controls made visible.
//! Runs once at load, so every offset in the model refers to the sanitised text.

use std::borrow::Cow;

/// Spaces a tab becomes. Fixed rather than to the next tab stop: a tab inside a wrapped
/// paragraph has no column to be relative to.
const TAB: &str = "    ";

/// True for characters that must not reach the model as they are.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || is_line_separator(c) || is_bidi_control(c) || is_invisible(c)
}

/// Line breaks other than `\n`: CR (alone or before LF), NEL and the Unicode line and
/// paragraph separators all become `\n`.
fn is_line_separator(c: char) -> bool {
    matches!(c, '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Bidirectional embedding, override, isolate and mark controls: they can reorder what a
/// reader sees (the "Trojan Source" trick).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Zero-width and invisible format characters that hide inside names and split words
/// unseen. (Zero-width joiners stay: Persian script and emoji sequences need them.)
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// ESC, or a C1 control: the 8-bit form of an escape sequence introducer (0x9B is CSI,
/// 0x9D is OSC, 0x90 is DCS...).
fn starts_escape(c: char) -> bool {
    c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Does `text` hold a character [`is_unsafe`] refuses? ASCII bytes, nearly all of most
/// texts, are tested as bytes; only the others are decoded.
fn has_unsafe(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            // An ASCII character is unsafe exactly when it is a control other than `\n`.
            if b.is_ascii_control() && b != b'\n' {
                return true;
            }
            i += 1;
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if is_unsafe(c) {
                return true;
            }
            i += c.len_utf8();
        }
    }
    false
}

/// Sanitise one text. Borrowed when nothing needed changing, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text) {
        return Cow::Borrowed(text);
    }
    // Sized for the tabs' expansion, so a large article is not held in a buffer grown by
    // doubling.
    let tabs = text.bytes().filter(|&b| b == b'\t').count();
    let mut clean = String::with_capacity(text.len() + tabs * (TAB.len() - 1));
    // Line by line, so that a terminator on a later line never closes a string opened on this
    // one (an escape string left open is shown, not obeyed: see `strip_escapes`).
    for (i, line) in lines(text).enumerate() {
        if i > 0 {
            clean.push('\n');
        }
        if line.chars().any(starts_escape) {
            strip_escapes(&mut clean, line);
        } else {
            for c in line.chars() {
                push_visible(&mut clean, c);
            }
        }
    }
    Cow::Owned(clean)
}

/// The lines of `text`, split at every kind of line break (CRLF counts once).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|line| {
        line.strip_suffix('\r')
            .unwrap_or(line)
            .split(is_line_separator)
    })
}

/// How much rewritten text is handed to the escape parser at a time.
const BATCH: usize = 64 << 10;

/// Remove whole escape sequences from one line, appending what is left (made visible) to
/// `clean`. C1 controls are first rewritten to their
/// 7-bit equivalents (ESC followed by the byte minus 0x40), which is what they mean to a
/// terminal, so the parser removes `U+009B 31m` as whole as `ESC [31m`. A C1 string
/// introducer (OSC, DCS, SOS, PM, APC) with no terminator after it on its line is no sequence
/// but most likely mojibake (`â€\u{9d}` is a right quote read as Windows-1252): it becomes a
/// visible placeholder and the text after it stays. So does a 7-bit one (`ESC ]` with no
/// terminator): its ESC becomes the placeholder and the rest is inert text, never a reason to
/// drop the rest of a one-line article. Tabs are expanded first: the parser would drop them.
/// The rewritten line is fed to the parser (`vte`, the terminal's own state machine) in
/// batches and what it prints goes straight into `clean`, so a line of 100 MB is not copied
/// twice on the way.
fn strip_escapes(clean: &mut String, line: &str) {
    // Where the line's last terminator is: an introducer before it is terminated. (Found once,
    // so a line of a million introducers is not scanned a million times.)
    let last_terminator = last_terminator(line);
    let unterminated = |i: usize| last_terminator.is_none_or(|end| end < i);
    let mut parser = vte::Parser::new();
    let mut printed = Printed(clean);
    let mut seven_bit = String::with_capacity(BATCH.min(line.len()) + 8);
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let opens_string = c == '\u{1b}'
            && chars
                .peek()
                .is_some_and(|&(_, n)| matches!(n, ']' | 'P' | 'X' | '^' | '_'));
        // An ESC that nothing able to continue a sequence follows (a control, a non-ASCII
        // character, the line's end) opens none: as a sequence it would leave the parser in
        // its escape state and swallow the text after it ("ESC NUL").
        let lone_escape =
            c == '\u{1b}' && !chars.peek().is_some_and(|&(_, n)| (' '..='~').contains(&n));
        if c == '\t' {
            seven_bit.push_str(TAB);
        } else if lone_escape || ((is_c1_string_introducer(c) || opens_string) && unterminated(i)) {
            seven_bit.push('\u{FFFD}');
        } else if ('\u{80}'..='\u{9f}').contains(&c) {
            seven_bit.push('\u{1b}');
            seven_bit.push(char::from(c as u8 - 0x40));
        } else {
            seven_bit.push(c);
        }
        if seven_bit.len() >= BATCH {
            parser.advance(&mut printed, seven_bit.as_bytes());
            seven_bit.clear();
        }
    }
    parser.advance(&mut printed, seven_bit.as_bytes());
}

/// What the escape parser prints (everything outside a sequence), made visible. Controls it
/// executes are dropped: a line holds no newline.
struct Printed<'a>(&'a mut String);

impl vte::Perform for Printed<'_> {
    fn print(&mut self, c: char) {
        push_visible(self.0, c);
    }
}

/// DCS, SOS, OSC, PM and APC in their 8-bit forms: each opens a string that runs to a
/// terminator.
fn is_c1_string_introducer(c: char) -> bool {
    matches!(c, '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}')
}

/// Where the last string terminator (BEL, ST or ESC \\) of a line starts.
fn last_terminator(line: &str) -> Option<usize> {
    let single = line.rfind(['\u{7}', '\u{9c}']);
    let escape = line.rfind("\u{1b}\\");
    single.max(escape)
}

/// Append one character of a line with its remaining controls made harmless.
fn push_visible(clean: &mut String, c: char) {
    match c {
        '\t' => clean.push_str(TAB),
        c if is_bidi_control(c) || is_invisible(c) => {}
        // C0 controls become their visible "control picture" (␀, ␇, ␛).
        '\0'..='\u{1f}' => clean.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7f}' => clean.push('\u{2421}'),
        c if c.is_control() || is_line_separator(c) => clean.push('\u{FFFD}'),
        c => clean.push(c),
    }
}

/// A name or a short field (title, author, a path in a warning): one line, no controls at
/// all, runs of whitespace collapsed.
pub fn sanitize_line(text: &str) -> String {
    let clean = sanitize(text);
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_test_refuses_what_the_character_test_refuses() {
        for c in (0..0x3100u32)
            .chain(0xfe00..0x10000)
            .filter_map(char::from_u32)
        {
            let text = format!("ab{c}é");
            assert_eq!(has_unsafe(&text), is_unsafe(c), "{:?}", c);
        }
    }

    #[test]
    fn an_escape_before_a_control_swallows_nothing() {
        let clean = sanitize("\u{1b}\u{0}\u{1b}] Abbas Araghchi said it.");
        assert!(clean.contains("Abbas Araghchi said it."), "{clean:?}");
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize("plain “text”\nline two"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        let s = sanitize("red \u{1b}[31mtext\u{1b}[0m and \u{1b}]52;c;aGVsbG8=\u{7} done");
        assert_eq!(s, "red text and  done");
        let s = sanitize("title \u{1b}]0;pwned\u{1b}\\ end");
        assert_eq!(s, "title  end");
        let s = sanitize("link \u{1b}]8;;http://evil\u{1b}\\click\u{1b}]8;;\u{1b}\\ end");
        assert_eq!(s, "link click end");
        assert_eq!(sanitize("a\u{1b}P1$qm\u{1b}\\b"), "ab", "DCS");
        assert_eq!(sanitize("a\u{1b}_apc\u{1b}\\b"), "ab", "APC");
        assert_eq!(sanitize("a\u{1b}^pm\u{1b}\\b"), "ab", "PM");
        assert_eq!(sanitize("a\u{1b}Xsos\u{1b}\\b"), "ab", "SOS");
        assert_eq!(
            sanitize("a\u{1b}(Bb\u{1b}#8c"),
            "abc",
            "charset and DEC escapes"
        );
    }

    #[test]
    fn eight_bit_c1_sequences_are_removed_whole() {
        assert_eq!(sanitize("a\u{9b}31mb"), "ab", "8-bit CSI");
        assert_eq!(
            sanitize("a\u{9d}0;title\u{7}b"),
            "ab",
            "8-bit OSC ended by BEL"
        );
        assert_eq!(
            sanitize("a\u{9d}52;c;aGk=\u{9c}b"),
            "ab",
            "8-bit OSC ended by 8-bit ST"
        );
        assert_eq!(sanitize("a\u{90}1$qm\u{9c}b"), "ab", "8-bit DCS");
        assert_eq!(sanitize("a\u{9f}apc\u{9c}b"), "ab", "8-bit APC");
        let s = sanitize("a\u{9b}31mb\u{9d}0;x\u{7}c\u{8d}\u{84}d");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
    }

    #[test]
    fn an_unterminated_string_swallows_nothing() {
        // Its ESC is shown as a placeholder, so the rest is inert text and stays.
        assert_eq!(
            sanitize("keep \u{1b}]52;c;never ended\nnext line\r\nlast"),
            "keep \u{FFFD}]52;c;never ended\nnext line\nlast"
        );
        assert_eq!(
            sanitize("\u{1b}]\u{1b}] Abbas said"),
            "\u{FFFD}]\u{FFFD}] Abbas said"
        );
        // An 8-bit string introducer with no terminator is shown, not obeyed: it swallows
        // nothing (the common mojibake of a right quote ends in U+009D).
        assert_eq!(sanitize("a\u{9d}0;open\nb"), "a\u{FFFD}0;open\nb");
        assert_eq!(
            sanitize("he said \u{e2}\u{20ac}\u{153}hello.\u{e2}\u{20ac}\u{9d} Then Iran left."),
            "he said \u{e2}\u{20ac}\u{153}hello.\u{e2}\u{20ac}\u{FFFD} Then Iran left."
        );
        assert_eq!(sanitize("a\u{1b}[31\nb"), "a\nb", "a CSI cut by a newline");
    }

    #[test]
    fn controls_become_visible_and_bidi_goes() {
        assert_eq!(sanitize("a\u{7}b"), "a\u{2407}b");
        assert_eq!(sanitize("a\u{0}b\u{7f}"), "a\u{2400}b\u{2421}");
        assert_eq!(sanitize("a\u{202E}cba\u{202C}"), "acba");
        assert_eq!(sanitize("\u{2067}x\u{2069}\u{61c}"), "x");
        assert_eq!(sanitize("tab\there"), "tab    here");
        assert_eq!(
            sanitize("tab\there\u{1b}[1m"),
            "tab    here",
            "tabs survive the parser"
        );
        assert_eq!(sanitize("zero\u{200B}width\u{2060}"), "zerowidth");
        // Joiners stay: they hold emoji sequences and scripts together.
        assert_eq!(sanitize("👩\u{200D}🔬"), "👩\u{200D}🔬");
    }

    #[test]
    fn every_line_break_becomes_a_newline() {
        assert_eq!(sanitize("crlf\r\nline"), "crlf\nline");
        assert_eq!(sanitize("cr\rline"), "cr\nline");
        assert_eq!(sanitize("a\u{85}b\u{2028}c\u{2029}d"), "a\nb\nc\nd");
        assert_eq!(sanitize("a\r\n\r\nb"), "a\n\nb");
    }

    #[test]
    fn sequences_across_a_batch_boundary_are_removed_whole() {
        // The rewritten line reaches the parser in batches of BATCH bytes; a sequence (or a
        // multi-byte character) cut by a batch's end is still one sequence.
        for pad in [BATCH - 3, BATCH - 1, BATCH, BATCH + 1] {
            let a = "a".repeat(pad);
            let line = format!("{a}\u{1b}[31mred\u{1b}]0;title\u{7}é\u{9b}1mend\tx");
            assert_eq!(sanitize(&line), format!("{a}redéend    x"), "pad {pad}");
        }
        let long = format!(
            "{}\u{1b}]52;c;{}\u{7}after",
            "b".repeat(10),
            "Q".repeat(3 * BATCH)
        );
        assert_eq!(sanitize(&long), format!("{}after", "b".repeat(10)));
    }

    #[test]
    fn sanitising_twice_changes_nothing() {
        for text in [
            "a\u{9b}31mb\r\n\u{1b}]0;x",
            "\t\u{202E}x\u{0}",
            "é\u{1b}[1mü\u{85}",
        ] {
            let once = sanitize(text).into_owned();
            assert!(matches!(sanitize(&once), Cow::Borrowed(_)), "{once:?}");
        }
    }

    #[test]
    fn lines_are_one_line() {
        assert_eq!(sanitize_line("  A\tB\r\nC \u{1b}]2;t\u{7}D  "), "A B C D");
    }
}
