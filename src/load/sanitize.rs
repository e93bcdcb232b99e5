//! Article text is data, never terminal commands: escape sequences are removed whole (with a
//! real parser, so `ESC[31m` leaves no `[31m` behind) and the remaining controls made visible.
//! Runs once at load, so every offset in the model refers to the sanitised text.

use std::borrow::Cow;

/// True for characters that must not reach the model as they are.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c) || is_invisible(c)
}

/// Bidirectional embedding, override and isolate controls: they can reorder what a reader sees
/// (the "Trojan Source" trick).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Zero-width characters that hide inside names and split words invisibly. (Zero-width joiners
/// stay: Persian script and emoji sequences need them.)
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// Sanitise one text. Borrowed when nothing needed changing, which is the common case.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    // Line endings first: CRLF and lone CR become LF, so the parser below keeps them.
    let mut owned = text.replace("\r\n", "\n").replace('\r', "\n");
    owned = owned.replace('\t', "    ");
    if owned
        .chars()
        .any(|c| c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(&c))
    {
        owned = strip_ansi_escapes::strip_str(&owned);
    }
    let mut clean = String::with_capacity(owned.len());
    for c in owned.chars() {
        match c {
            '\n' => clean.push('\n'),
            c if is_bidi_control(c) || is_invisible(c) => {}
            // C0 controls become their visible "control picture" (␀, ␇, ␛).
            '\0'..='\u{1f}' => clean.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7f}' => clean.push('\u{2421}'),
            c if c.is_control() => clean.push('\u{FFFD}'),
            c => clean.push(c),
        }
    }
    Cow::Owned(clean)
}

/// A name or a short field (title, author): one line, no controls at all.
pub fn sanitize_line(text: &str) -> String {
    let clean = sanitize(text);
    clean.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn controls_become_visible_and_bidi_goes() {
        assert_eq!(sanitize("a\u{7}b"), "a\u{2407}b");
        assert_eq!(sanitize("a\u{202E}cba\u{202C}"), "acba");
        assert_eq!(sanitize("tab\there"), "tab    here");
        assert_eq!(sanitize("crlf\r\nline"), "crlf\nline");
        assert_eq!(sanitize("zero\u{200B}width"), "zerowidth");
    }

    #[test]
    fn c1_controls_never_survive() {
        let s = sanitize("a\u{9b}31mb\u{9d}0;x\u{7}c");
        assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
    }
}
