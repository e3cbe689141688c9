//! The comment list's filters and words, without browser types: which kept comments a
//! choice of group, segment value, search text and phrase shows, the chips' counts, and the
//! sentences around the list in English and German.
//!
//! Search is case- and accent-insensitive: "uber", "über" and "ueber" all find "über" (and
//! "Ueber"). The phrase filter reads a comment with the phrase counter's own tokeniser
//! ([`crate::metrics::text::contains_term`]), so a phrase finds the comments it was counted in.

use chrono::NaiveDate;

use crate::dataset::SurveyType;
use crate::i18n::Lang;
use crate::metrics::comments::{CommentCounts, CommentRow, NpsGroup, SurveyComments};
use crate::metrics::text::contains_term;
use crate::presentation::card::counted;
use crate::presentation::charts::shape::{format_value, Fmt};

/// Comments shown at first and added by each "Show more".
pub const PAGE: usize = 50;

/// Which answers' comments to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupFilter {
    #[default]
    All,
    Promoters,
    Passives,
    Detractors,
    /// Comments on CSAT or CES answers.
    Other,
}

impl GroupFilter {
    pub const ALL: [GroupFilter; 5] = [
        GroupFilter::All,
        GroupFilter::Promoters,
        GroupFilter::Passives,
        GroupFilter::Detractors,
        GroupFilter::Other,
    ];

    /// The group of an NPS answer's side of the phrase chart.
    pub fn of(group: Option<NpsGroup>) -> GroupFilter {
        match group {
            Some(NpsGroup::Promoter) => GroupFilter::Promoters,
            Some(NpsGroup::Passive) => GroupFilter::Passives,
            Some(NpsGroup::Detractor) => GroupFilter::Detractors,
            None => GroupFilter::Other,
        }
    }

    fn admits(self, row: &CommentRow) -> bool {
        self == GroupFilter::All || GroupFilter::of(row.group) == self
    }

    /// `data-testid` suffix and CSS class.
    pub fn id(self) -> &'static str {
        match self {
            GroupFilter::All => "all",
            GroupFilter::Promoters => "promoters",
            GroupFilter::Passives => "passives",
            GroupFilter::Detractors => "detractors",
            GroupFilter::Other => "other",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let de = lang == Lang::De;
        match self {
            GroupFilter::All => {
                if de {
                    "Alle"
                } else {
                    "All"
                }
            }
            GroupFilter::Promoters => {
                if de {
                    "Promotoren"
                } else {
                    "Promoters"
                }
            }
            GroupFilter::Passives => {
                if de {
                    "Passive"
                } else {
                    "Passives"
                }
            }
            GroupFilter::Detractors => {
                if de {
                    "Kritiker"
                } else {
                    "Detractors"
                }
            }
            // the same words in both languages
            GroupFilter::Other => "CSAT/CES",
        }
    }

    fn count(self, c: &CommentCounts) -> u64 {
        match self {
            GroupFilter::All => c.total(),
            GroupFilter::Promoters => c.promoters,
            GroupFilter::Passives => c.passives,
            GroupFilter::Detractors => c.detractors,
            GroupFilter::Other => c.other,
        }
    }
}

/// What the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentFilter {
    pub group: GroupFilter,
    /// A value of the chosen segment column.
    pub segment: Option<String>,
    /// Searched for anywhere in the text (case and accents ignored).
    pub search: String,
    /// A word or phrase of the phrase chart.
    pub phrase: Option<String>,
}

impl CommentFilter {
    /// Whether anything narrows the list.
    pub fn is_active(&self) -> bool {
        self.group != GroupFilter::All
            || self.segment.is_some()
            || !self.search.trim().is_empty()
            || self.phrase.is_some()
    }
}

/// `s` in lower case with accents removed, twice: umlauts as their base letter ("uber") and
/// as the German transcription ("ueber"); ß is "ss" in both.
pub fn fold(s: &str) -> (String, String) {
    let mut base = String::with_capacity(s.len());
    let mut trans = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let (b, t): (&str, &str) = match c {
            'ä' => ("a", "ae"),
            'ö' => ("o", "oe"),
            'ü' => ("u", "ue"),
            'ß' => ("ss", "ss"),
            'æ' => ("ae", "ae"),
            'œ' => ("oe", "oe"),
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => ("a", "a"),
            'ç' | 'č' | 'ć' => ("c", "c"),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => ("e", "e"),
            'ì' | 'í' | 'î' | 'ï' => ("i", "i"),
            'ñ' | 'ń' | 'ň' => ("n", "n"),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => ("o", "o"),
            'ù' | 'ú' | 'û' | 'ů' => ("u", "u"),
            'ý' | 'ÿ' => ("y", "y"),
            'š' | 'ś' => ("s", "s"),
            'ž' | 'ź' | 'ż' => ("z", "z"),
            'ł' => ("l", "l"),
            'ř' => ("r", "r"),
            _ => {
                base.push(c);
                trans.push(c);
                continue;
            }
        };
        base.push_str(b);
        trans.push_str(t);
    }
    (base, trans)
}

/// The kept comments folded once for searching ([`fold`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommentIndex {
    folded: Vec<(String, String)>,
}

impl CommentIndex {
    pub fn new(c: &SurveyComments) -> Self {
        CommentIndex { folded: c.rows.iter().map(|r| fold(&r.text)).collect() }
    }

    /// Whether comment `i` holds `needle` (already folded by [`fold`]).
    fn holds(&self, i: usize, needle: &(String, String)) -> bool {
        let Some((base, trans)) = self.folded.get(i) else { return false };
        base.contains(&needle.0) || trans.contains(&needle.0) || trans.contains(&needle.1)
    }
}

/// The indices (into `c.rows`, newest first) of the comments `f` shows.
pub fn matching(c: &SurveyComments, index: &CommentIndex, f: &CommentFilter) -> Vec<usize> {
    let search = f.search.trim();
    let needle = (!search.is_empty()).then(|| fold(search));
    c.rows
        .iter()
        .enumerate()
        .filter(|(_, r)| f.group.admits(r))
        .filter(|(_, r)| f.segment.as_ref().is_none_or(|s| r.segment.as_ref() == Some(s)))
        .filter(|(i, _)| needle.as_ref().is_none_or(|n| index.holds(*i, n)))
        .filter(|(_, r)| f.phrase.as_ref().is_none_or(|p| contains_term(&r.text, p)))
        .map(|(i, _)| i)
        .collect()
}

/// The group chips with their exact counts (of every comment in range, not only the kept
/// ones; of the chosen segment value when one is chosen). Passives and CSAT/CES appear only
/// when there are such comments; "All" always.
pub fn chips(c: &SurveyComments, segment: Option<&str>) -> Vec<(GroupFilter, u64)> {
    let counts = match segment {
        Some(s) => c.segments.iter().find(|(v, _)| v == s).map(|(_, c)| *c).unwrap_or_default(),
        None => c.counts,
    };
    GroupFilter::ALL
        .iter()
        .map(|&g| (g, g.count(&counts)))
        .filter(|&(g, n)| match g {
            GroupFilter::All | GroupFilter::Promoters | GroupFilter::Detractors => true,
            GroupFilter::Passives | GroupFilter::Other => n > 0,
        })
        .collect()
}

/// A chip's text: "Promoters 120" / "Promotoren 120".
pub fn chip_text(g: GroupFilter, n: u64, lang: Lang) -> String {
    format!("{} {}", g.label(lang), format_value(Fmt::Count, n as f64, lang))
}

/// The line above the list: how many comments there are, how many are kept when the list
/// was cut ("Showing the 2,000 most recent of 48,113 comments"), and how many match.
pub fn list_line(c: &SurveyComments, matches: usize, filtered: bool, lang: Lang) -> String {
    let de = lang == Lang::De;
    let n = |x: u64| format_value(Fmt::Count, x as f64, lang);
    let total = c.counts.total();
    let kept = c.rows.len() as u64;
    let mut s = if c.is_cut() {
        if de {
            format!("Angezeigt werden die {} neuesten von {} Kommentaren.", n(kept), n(total))
        } else {
            format!("Showing the {} most recent of {} comments.", n(kept), n(total))
        }
    } else {
        format!("{}.", counted(total, lang, ("comment", "comments"), ("Kommentar", "Kommentare")))
    };
    if filtered {
        s.push(' ');
        // "1 matches", "2 match" / "1 passt", "2 passen"
        s.push_str(&counted(matches as u64, lang, ("matches", "match"), ("passt", "passen")));
        s.push('.');
    }
    s
}

/// The empty state: what matched nothing ("No comment matches „xyz“.").
pub fn empty_text(f: &CommentFilter, lang: Lang) -> String {
    let de = lang == Lang::De;
    let what: Vec<String> = [f.search.trim(), f.phrase.as_deref().unwrap_or("")]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| if de { format!("„{s}“") } else { format!("“{s}”") })
        .collect();
    match (what.is_empty(), de) {
        (true, false) => "No comment matches this filter.".into(),
        (true, true) => "Kein Kommentar passt zu diesem Filter.".into(),
        (false, false) => format!("No comment matches {}.", what.join(" + ")),
        (false, true) => format!("Kein Kommentar enthält {}.", what.join(" + ")),
    }
}

/// The button under a cut list: the next page and what is left ("Show 50 more (1,234 left)").
pub fn more_text(left: usize, lang: Lang) -> String {
    let n = |x: usize| format_value(Fmt::Count, x as f64, lang);
    let next = left.min(PAGE);
    match lang {
        Lang::En => format!("Show {} more ({} left)", n(next), n(left)),
        Lang::De => format!("{} weitere anzeigen ({} übrig)", n(next), n(left)),
    }
}

/// The phrase filter in force, in the language's quotes, with the sign that removes it.
pub fn phrase_chip_text(phrase: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("“{phrase}” ×"),
        Lang::De => format!("„{phrase}“ ×"),
    }
}

/// The score badge: "NPS 9", "CSAT 4", "CES 3".
pub fn score_text(r: &CommentRow) -> String {
    let q = match r.survey {
        SurveyType::Nps => "NPS",
        SurveyType::Csat => "CSAT",
        SurveyType::Ces => "CES",
    };
    format!("{q} {}", r.score)
}

/// A date as the language writes it: 2024-03-05 / 05.03.2024.
pub fn date_text(d: Option<NaiveDate>, lang: Lang) -> String {
    match (d, lang) {
        (None, _) => String::new(),
        (Some(d), Lang::En) => d.format("%Y-%m-%d").to_string(),
        (Some(d), Lang::De) => d.format("%d.%m.%Y").to_string(),
    }
}

/// The comment as shown: with "…" where it was cut.
pub fn shown_text(r: &CommentRow) -> String {
    if r.cut {
        format!("{}…", r.text)
    } else {
        r.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        line: usize,
        text: &str,
        score: u8,
        survey: SurveyType,
        seg: Option<&str>,
    ) -> CommentRow {
        CommentRow {
            line,
            text: text.into(),
            cut: false,
            score,
            survey,
            group: (survey == SurveyType::Nps).then(|| NpsGroup::of(score)),
            date: NaiveDate::from_ymd_opt(2024, 3, 5),
            segment: seg.map(str::to_string),
        }
    }

    fn comments() -> SurveyComments {
        let nps = SurveyType::Nps;
        SurveyComments {
            rows: vec![
                row(9, "Great support, fast answers", 10, nps, Some("Pro")),
                row(8, "Über den Preis kann man reden", 8, nps, Some("Basic")),
                row(7, "Slow support. Great app though", 3, nps, Some("Pro")),
                row(6, "Café crème: slow support", 2, nps, Some("Basic")),
                row(5, "Easy to find", 4, SurveyType::Csat, Some("Pro")),
            ],
            counts: CommentCounts { promoters: 120, passives: 40, detractors: 85, other: 3 },
            segments: vec![
                (
                    "Basic".into(),
                    CommentCounts { promoters: 1, passives: 1, detractors: 1, other: 0 },
                ),
                (
                    "Pro".into(),
                    CommentCounts { promoters: 2, passives: 0, detractors: 1, other: 1 },
                ),
            ],
        }
    }

    fn lines(f: &CommentFilter) -> Vec<usize> {
        let c = comments();
        let index = CommentIndex::new(&c);
        matching(&c, &index, f).into_iter().map(|i| c.rows[i].line).collect()
    }

    #[test]
    fn groups_and_segments() {
        assert_eq!(lines(&CommentFilter::default()), vec![9, 8, 7, 6, 5]);
        let f = |group| CommentFilter { group, ..Default::default() };
        assert_eq!(lines(&f(GroupFilter::Promoters)), vec![9]);
        assert_eq!(lines(&f(GroupFilter::Passives)), vec![8]);
        assert_eq!(lines(&f(GroupFilter::Detractors)), vec![7, 6]);
        assert_eq!(lines(&f(GroupFilter::Other)), vec![5]);
        let f = CommentFilter {
            group: GroupFilter::Detractors,
            segment: Some("Basic".into()),
            ..Default::default()
        };
        assert_eq!(lines(&f), vec![6]);
        assert!(f.is_active());
        assert!(!CommentFilter::default().is_active());
    }

    #[test]
    fn search_ignores_case_and_accents() {
        let s = |q: &str| lines(&CommentFilter { search: q.into(), ..Default::default() });
        assert_eq!(s("SUPPORT"), vec![9, 7, 6]);
        assert_eq!(s("über"), vec![8]);
        assert_eq!(s("uber"), vec![8]);
        assert_eq!(s("ueber"), vec![8]);
        assert_eq!(s("UEBER den"), vec![8]);
        assert_eq!(s("cafe creme"), vec![6]);
        assert_eq!(s("  "), vec![9, 8, 7, 6, 5]);
        assert_eq!(s("xyz"), Vec::<usize>::new());
        assert_eq!(fold("Straße ÄÖÜ"), ("strasse aou".into(), "strasse aeoeue".into()));
    }

    /// A phrase finds the comments with its words joined, as the phrase counter read them:
    /// "slow support" is in 7 and 6, not in 9 ("support, fast"); "great support" only in 9
    /// (in 7 a full stop lies between "support" and "great").
    #[test]
    fn phrase_filter_reads_like_the_phrase_counter() {
        let p = |t: &str, g| {
            lines(&CommentFilter { phrase: Some(t.into()), group: g, ..Default::default() })
        };
        assert_eq!(p("slow support", GroupFilter::All), vec![7, 6]);
        assert_eq!(p("great support", GroupFilter::All), vec![9]);
        assert_eq!(p("support great", GroupFilter::All), Vec::<usize>::new());
        assert_eq!(p("slow support", GroupFilter::Promoters), Vec::<usize>::new());
        assert_eq!(p("great", GroupFilter::All), vec![9, 7]);
        let both = CommentFilter {
            phrase: Some("slow support".into()),
            search: "café".into(),
            ..Default::default()
        };
        assert_eq!(lines(&both), vec![6]);
    }

    #[test]
    fn chips_count_every_comment_of_the_group() {
        let c = comments();
        assert_eq!(
            chips(&c, None),
            vec![
                (GroupFilter::All, 248),
                (GroupFilter::Promoters, 120),
                (GroupFilter::Passives, 40),
                (GroupFilter::Detractors, 85),
                (GroupFilter::Other, 3),
            ]
        );
        // Basic has no CSAT/CES comment: no chip for it
        assert_eq!(
            chips(&c, Some("Basic")),
            vec![
                (GroupFilter::All, 3),
                (GroupFilter::Promoters, 1),
                (GroupFilter::Passives, 1),
                (GroupFilter::Detractors, 1),
            ]
        );
        assert_eq!(chip_text(GroupFilter::Promoters, 1200, Lang::En), "Promoters 1,200");
        assert_eq!(chip_text(GroupFilter::Detractors, 1200, Lang::De), "Kritiker 1.200");
    }

    #[test]
    fn sentences_in_both_languages() {
        let c = comments();
        assert_eq!(list_line(&c, 5, false, Lang::En), "Showing the 5 most recent of 248 comments.");
        assert_eq!(
            list_line(&c, 2, true, Lang::De),
            "Angezeigt werden die 5 neuesten von 248 Kommentaren. 2 passen."
        );
        assert_eq!(
            list_line(&c, 1, true, Lang::En),
            "Showing the 5 most recent of 248 comments. 1 matches."
        );
        let whole = SurveyComments {
            counts: CommentCounts { promoters: 1, ..Default::default() },
            rows: vec![row(2, "x", 10, SurveyType::Nps, None)],
            segments: Vec::new(),
        };
        assert_eq!(list_line(&whole, 1, false, Lang::En), "1 comment.");
        assert_eq!(list_line(&whole, 0, true, Lang::De), "1 Kommentar. 0 passen.");
        let f = CommentFilter { search: "xyz".into(), ..Default::default() };
        assert_eq!(empty_text(&f, Lang::En), "No comment matches “xyz”.");
        assert_eq!(empty_text(&f, Lang::De), "Kein Kommentar enthält „xyz“.");
        let f = CommentFilter { group: GroupFilter::Passives, ..Default::default() };
        assert_eq!(empty_text(&f, Lang::En), "No comment matches this filter.");
        assert_eq!(score_text(&c.rows[4]), "CSAT 4");
        assert_eq!(date_text(c.rows[0].date, Lang::De), "05.03.2024");
        assert_eq!(date_text(c.rows[0].date, Lang::En), "2024-03-05");
    }

    #[test]
    fn more_button_and_phrase_chip_words() {
        assert_eq!(more_text(1234, Lang::En), "Show 50 more (1,234 left)");
        assert_eq!(more_text(7, Lang::De), "7 weitere anzeigen (7 übrig)");
        assert_eq!(more_text(1234, Lang::De), "50 weitere anzeigen (1.234 übrig)");
        assert_eq!(phrase_chip_text("slow support", Lang::En), "“slow support” ×");
        assert_eq!(phrase_chip_text("langsam", Lang::De), "„langsam“ ×");
    }
}
