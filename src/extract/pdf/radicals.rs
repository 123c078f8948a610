//! CJK radical code points shown as the ideographs a reader sees.

use unicode_normalization::UnicodeNormalization;

/// CJK compatibility code points some fonts map their glyphs to (Kangxi radicals,
/// CJK radicals supplement) are shown as the unified ideographs: NFKC of just these
/// characters (never of full-width punctuation), and for the supplement, whose characters
/// NFKC mostly leaves alone, Unicode's table of equivalent ideographs.
pub fn unify_radicals(s: &str) -> String {
    if !s.chars().any(is_radical) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !is_radical(c) {
            out.push(c);
        } else if let Ok(i) = SUPPLEMENT.binary_search_by_key(&c, |p| p.0) {
            out.push(SUPPLEMENT[i].1);
        } else {
            out.extend(std::iter::once(c).nfkc());
        }
    }
    out
}

/// CJK Radicals Supplement characters NFKC leaves alone, with the unified ideograph each
/// stands for (Unicode's EquivalentUnifiedIdeograph.txt): `⻅` is `见`, `⻓` is `长`.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2E81}', '\u{5382}'),
    ('\u{2E84}', '\u{4E59}'),
    ('\u{2E86}', '\u{5182}'),
    ('\u{2E87}', '\u{51E0}'),
    ('\u{2E8C}', '\u{5C0F}'),
    ('\u{2E8D}', '\u{5C0F}'),
    ('\u{2E90}', '\u{5C22}'),
    ('\u{2E92}', '\u{5DF3}'),
    ('\u{2E93}', '\u{5E7A}'),
    ('\u{2E94}', '\u{5F51}'),
    ('\u{2E96}', '\u{5FC4}'),
    ('\u{2E97}', '\u{5FC3}'),
    ('\u{2E98}', '\u{624C}'),
    ('\u{2E99}', '\u{6535}'),
    ('\u{2E9B}', '\u{65E1}'),
    ('\u{2E9D}', '\u{6708}'),
    ('\u{2E9E}', '\u{6B7A}'),
    ('\u{2EA0}', '\u{6C11}'),
    ('\u{2EA1}', '\u{6C35}'),
    ('\u{2EA2}', '\u{6C3A}'),
    ('\u{2EA3}', '\u{706C}'),
    ('\u{2EA4}', '\u{722B}'),
    ('\u{2EA6}', '\u{4E2C}'),
    ('\u{2EA7}', '\u{725B}'),
    ('\u{2EA8}', '\u{72AD}'),
    ('\u{2EA9}', '\u{738B}'),
    ('\u{2EAB}', '\u{7F52}'),
    ('\u{2EAC}', '\u{793A}'),
    ('\u{2EAD}', '\u{793B}'),
    ('\u{2EAF}', '\u{7CF9}'),
    ('\u{2EB0}', '\u{7E9F}'),
    ('\u{2EB1}', '\u{7F53}'),
    ('\u{2EB2}', '\u{7F52}'),
    ('\u{2EB9}', '\u{8002}'),
    ('\u{2EBA}', '\u{8080}'),
    ('\u{2EBE}', '\u{8279}'),
    ('\u{2EBF}', '\u{8279}'),
    ('\u{2EC0}', '\u{8279}'),
    ('\u{2EC1}', '\u{864E}'),
    ('\u{2EC2}', '\u{8864}'),
    ('\u{2EC3}', '\u{8980}'),
    ('\u{2EC4}', '\u{897F}'),
    ('\u{2EC5}', '\u{89C1}'),
    ('\u{2EC6}', '\u{89D2}'),
    ('\u{2EC8}', '\u{8BA0}'),
    ('\u{2EC9}', '\u{8D1D}'),
    ('\u{2ECB}', '\u{8F66}'),
    ('\u{2ECD}', '\u{8FB6}'),
    ('\u{2ECF}', '\u{961D}'),
    ('\u{2ED0}', '\u{9485}'),
    ('\u{2ED1}', '\u{9577}'),
    ('\u{2ED2}', '\u{9578}'),
    ('\u{2ED3}', '\u{957F}'),
    ('\u{2ED4}', '\u{95E8}'),
    ('\u{2ED6}', '\u{961D}'),
    ('\u{2ED7}', '\u{96E8}'),
    ('\u{2ED8}', '\u{9752}'),
    ('\u{2ED9}', '\u{97E6}'),
    ('\u{2EDA}', '\u{9875}'),
    ('\u{2EDB}', '\u{98CE}'),
    ('\u{2EDC}', '\u{98DE}'),
    ('\u{2EDD}', '\u{98DF}'),
    ('\u{2EDF}', '\u{98E0}'),
    ('\u{2EE0}', '\u{9963}'),
    ('\u{2EE2}', '\u{9A6C}'),
    ('\u{2EE3}', '\u{9AA8}'),
    ('\u{2EE4}', '\u{9B3C}'),
    ('\u{2EE5}', '\u{9C7C}'),
    ('\u{2EE6}', '\u{9E1F}'),
    ('\u{2EE7}', '\u{5364}'),
    ('\u{2EE8}', '\u{9EA6}'),
    ('\u{2EE9}', '\u{9EC4}'),
    ('\u{2EEA}', '\u{9EFE}'),
    ('\u{2EEB}', '\u{6589}'),
    ('\u{2EEC}', '\u{9F50}'),
    ('\u{2EED}', '\u{6B6F}'),
    ('\u{2EEE}', '\u{9F7F}'),
    ('\u{2EEF}', '\u{7ADC}'),
    ('\u{2EF0}', '\u{9F99}'),
    ('\u{2EF1}', '\u{9F9C}'),
    ('\u{2EF2}', '\u{4E80}'),
];

fn is_radical(c: char) -> bool {
    matches!(c, '\u{2F00}'..='\u{2FD5}' | '\u{2E80}'..='\u{2EF3}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_ideographs_but_punctuation_stays() {
        // ⼒ (Kangxi) → 力, ⼼ → 心, ⻅ ⻓ (supplement) → 见 长; full-width punctuation stays.
        assert_eq!(
            unify_radicals("\u{80FD}\u{2F12}（，）：１"),
            "\u{80FD}\u{529B}（，）：１"
        );
        assert_eq!(unify_radicals("\u{2F3C}"), "\u{5FC3}");
        assert_eq!(
            unify_radicals("\u{5E38}\u{2EC5}\u{2ED3}"),
            "\u{5E38}\u{89C1}\u{957F}"
        );
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
