//! The survey comments themselves, kept as the answers stream by: the most recent
//! [`KEPT_COMMENTS`] in range with their score, NPS group, date and segment, and the exact
//! number of comments per group (and per segment value and group) over every row.
//!
//! Why a cap: `kpi` reads files of a gigabyte and more in constant memory, and the page shows
//! a list someone reads, not a data dump. 2,000 comments are far more than anyone reads in a
//! sitting, enough for search and the phrase filter to find real examples, and, at most
//! [`MAX_COMMENT_CHARS`] characters each, at most a few megabytes on the way from the worker
//! to the page. "Most recent" is by the answer's date (undated answers count as older than
//! every dated one), then by line in the file: a later line wins a tie, so the choice does
//! not depend on how the file was split for reading.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dataset::SurveyType;

/// How many comments are kept (the most recent; see the module documentation).
pub const KEPT_COMMENTS: usize = 2_000;

/// Longer comments are cut to this many characters (and marked as cut).
pub const MAX_COMMENT_CHARS: usize = 2_000;

/// The NPS group of an answer on the 0–10 scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NpsGroup {
    Promoter,
    Passive,
    Detractor,
}

impl NpsGroup {
    /// 9–10 promoter, 7–8 passive, 0–6 detractor.
    pub fn of(score: u8) -> NpsGroup {
        match score {
            9.. => NpsGroup::Promoter,
            7..=8 => NpsGroup::Passive,
            _ => NpsGroup::Detractor,
        }
    }
}

/// One kept comment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentRow {
    /// Line in the file.
    pub line: usize,
    /// The comment, trimmed; cut to [`MAX_COMMENT_CHARS`] characters when `cut`.
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    /// The answer's score (checked against its scale).
    pub score: u8,
    /// Which question the score answers.
    pub survey: SurveyType,
    /// Promoter / passive / detractor for NPS answers; `None` for CSAT and CES answers.
    pub group: Option<NpsGroup>,
    pub date: Option<NaiveDate>,
    /// The value of the chosen segment column (`None`: no segment chosen or the cell empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
}

/// Comments per group: NPS promoters, passives, detractors, and the CSAT/CES answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentCounts {
    pub promoters: u64,
    pub passives: u64,
    pub detractors: u64,
    /// Comments on CSAT or CES answers (no NPS group).
    pub other: u64,
}

impl CommentCounts {
    fn add(&mut self, group: Option<NpsGroup>) {
        match group {
            Some(NpsGroup::Promoter) => self.promoters += 1,
            Some(NpsGroup::Passive) => self.passives += 1,
            Some(NpsGroup::Detractor) => self.detractors += 1,
            None => self.other += 1,
        }
    }

    fn merge(&mut self, o: &CommentCounts) {
        self.promoters += o.promoters;
        self.passives += o.passives;
        self.detractors += o.detractors;
        self.other += o.other;
    }

    /// Every comment counted.
    pub fn total(&self) -> u64 {
        self.promoters + self.passives + self.detractors + self.other
    }

    /// The count of one group (`None`: the CSAT/CES comments).
    pub fn of(&self, group: Option<NpsGroup>) -> u64 {
        match group {
            Some(NpsGroup::Promoter) => self.promoters,
            Some(NpsGroup::Passive) => self.passives,
            Some(NpsGroup::Detractor) => self.detractors,
            None => self.other,
        }
    }
}

/// The comments of a survey in range: the kept rows, newest first, and exact counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyComments {
    /// The most recent comments (at most [`KEPT_COMMENTS`]), newest first.
    pub rows: Vec<CommentRow>,
    /// Every comment in range, per group (more than `rows` holds when the list was cut).
    pub counts: CommentCounts,
    /// Per value of the chosen segment column, in the column's order; empty without a segment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<(String, CommentCounts)>,
}

impl SurveyComments {
    /// Whether fewer comments are kept than were written.
    pub fn is_cut(&self) -> bool {
        (self.rows.len() as u64) < self.counts.total()
    }
}

/// A row in the keeper: ordered by recency (date, then line).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Kept {
    date: Option<NaiveDate>,
    line: usize,
    text: String,
    cut: bool,
    score: u8,
    survey: SurveyType,
    segment: Option<u32>,
}

impl Kept {
    fn recency(&self) -> (Option<NaiveDate>, usize) {
        (self.date, self.line)
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.recency().cmp(&other.recency())
    }
}

/// Keeps the most recent comments and counts all of them, in bounded memory.
#[derive(Clone, Debug)]
pub struct CommentKeeper {
    cap: usize,
    /// The oldest kept row on top.
    heap: BinaryHeap<Reverse<Kept>>,
    counts: CommentCounts,
    /// Counts per segment code.
    segments: Vec<CommentCounts>,
}

impl Default for CommentKeeper {
    fn default() -> Self {
        CommentKeeper::new(KEPT_COMMENTS)
    }
}

/// Puts the comment, trimmed and cut to [`MAX_COMMENT_CHARS`] characters, into `buf`;
/// true when it was cut.
fn clean_into(comment: &str, buf: &mut String) -> bool {
    let t = comment.trim();
    buf.clear();
    match t.char_indices().nth(MAX_COMMENT_CHARS) {
        Some((at, _)) => {
            buf.push_str(t[..at].trim_end());
            true
        }
        None => {
            buf.push_str(t);
            false
        }
    }
}

impl CommentKeeper {
    /// Keeps at most `cap` comments.
    pub fn new(cap: usize) -> Self {
        CommentKeeper {
            cap,
            heap: BinaryHeap::new(),
            counts: CommentCounts::default(),
            segments: Vec::new(),
        }
    }

    /// One answer with a checked `score` of question `survey`; `segment`: the code of its
    /// segment value when a segment is chosen. Blank comments are not comments.
    pub fn add(
        &mut self,
        line: usize,
        date: Option<NaiveDate>,
        survey: SurveyType,
        score: u8,
        comment: &str,
        segment: Option<u32>,
    ) {
        if comment.trim().is_empty() {
            return;
        }
        let group = (survey == SurveyType::Nps).then(|| NpsGroup::of(score));
        self.counts.add(group);
        if let Some(code) = segment {
            let code = code as usize;
            if code >= self.segments.len() {
                self.segments.resize(code + 1, CommentCounts::default());
            }
            if let Some(c) = self.segments.get_mut(code) {
                c.add(group);
            }
        }
        if self.cap == 0 {
            return;
        }
        if self.heap.len() < self.cap {
            let mut text = String::new();
            let cut = clean_into(comment, &mut text);
            self.heap.push(Reverse(Kept { date, line, text, cut, score, survey, segment }));
            return;
        }
        // full: a newer comment takes the place (and the text buffer) of the oldest kept one;
        // an older one is not kept and its text not copied. Files usually come in date order,
        // so this is the common case and allocates nothing.
        if let Some(mut oldest) = self.heap.peek_mut() {
            if (date, line) <= oldest.0.recency() {
                return;
            }
            let k = &mut oldest.0;
            k.cut = clean_into(comment, &mut k.text);
            (k.date, k.line, k.score, k.survey, k.segment) = (date, line, score, survey, segment);
        }
    }

    /// Adds the comments of another part of the file (the order of parts does not matter:
    /// recency decides which rows stay).
    pub fn merge(&mut self, other: CommentKeeper) {
        self.counts.merge(&other.counts);
        if other.segments.len() > self.segments.len() {
            self.segments.resize(other.segments.len(), CommentCounts::default());
        }
        for (mine, theirs) in self.segments.iter_mut().zip(&other.segments) {
            mine.merge(theirs);
        }
        for k in other.heap {
            self.heap.push(k);
            if self.heap.len() > self.cap {
                self.heap.pop();
            }
        }
    }

    /// The kept comments, newest first; `segment_values` name the segment codes.
    pub fn finish(self, segment_values: Option<&[String]>) -> SurveyComments {
        let mut kept: Vec<Kept> = self.heap.into_iter().map(|Reverse(k)| k).collect();
        kept.sort_unstable_by(|a, b| b.cmp(a));
        let value = |code: Option<u32>| -> Option<String> {
            let v = segment_values?.get(code? as usize)?;
            (!v.is_empty()).then(|| v.clone())
        };
        let rows = kept
            .into_iter()
            .map(|k| CommentRow {
                line: k.line,
                group: (k.survey == SurveyType::Nps).then(|| NpsGroup::of(k.score)),
                segment: value(k.segment),
                text: k.text,
                cut: k.cut,
                score: k.score,
                survey: k.survey,
                date: k.date,
            })
            .collect();
        let segments = match segment_values {
            Some(values) => values
                .iter()
                .zip(
                    self.segments
                        .iter()
                        .copied()
                        .chain(std::iter::repeat(CommentCounts::default())),
                )
                .filter(|(v, c)| !v.is_empty() && c.total() > 0)
                .map(|(v, c)| (v.clone(), c))
                .collect(),
            None => Vec::new(),
        };
        SurveyComments { rows, counts: self.counts, segments }
    }
}

impl CommentKeeper {
    /// Moves the counts and kept rows of a later part of a file to the segment codes of the
    /// whole file (see [`Renumber`](super::accumulate::Renumber)), before a merge.
    pub fn renumber_segments(&mut self, to: super::accumulate::Renumber) {
        to.indexed(&mut self.segments);
        let mut kept = std::mem::take(&mut self.heap).into_vec();
        for Reverse(k) in &mut kept {
            k.segment = k.segment.map(|c| to.code(c));
        }
        self.heap = BinaryHeap::from(kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 3, day)
    }

    fn lines(c: &SurveyComments) -> Vec<usize> {
        c.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn groups_of_the_nps_scale() {
        assert_eq!(NpsGroup::of(0), NpsGroup::Detractor);
        assert_eq!(NpsGroup::of(6), NpsGroup::Detractor);
        assert_eq!(NpsGroup::of(7), NpsGroup::Passive);
        assert_eq!(NpsGroup::of(8), NpsGroup::Passive);
        assert_eq!(NpsGroup::of(9), NpsGroup::Promoter);
        assert_eq!(NpsGroup::of(10), NpsGroup::Promoter);
    }

    /// Cap 3, six comments: the three with the latest dates stay, newest first; the counts
    /// cover all six; blank comments are no comments.
    #[test]
    fn the_most_recent_are_kept_and_all_are_counted() {
        let mut k = CommentKeeper::new(3);
        k.add(2, d(5), SurveyType::Nps, 10, "five", None);
        k.add(3, d(1), SurveyType::Nps, 3, "one", None);
        k.add(4, d(9), SurveyType::Nps, 8, "nine", None);
        k.add(5, None, SurveyType::Nps, 9, "undated", None);
        k.add(6, d(7), SurveyType::Csat, 4, "  seven  ", None);
        k.add(7, d(2), SurveyType::Nps, 0, "two", None);
        k.add(8, d(9), SurveyType::Nps, 6, "   ", None);
        let c = k.finish(None);
        // dates 9 (line 4), 7 (line 6), 5 (line 2); 2, 1 and the undated one are older
        assert_eq!(lines(&c), vec![4, 6, 2]);
        assert_eq!(c.rows[1].text, "seven");
        assert_eq!(c.rows[1].group, None);
        assert_eq!(c.rows[1].survey, SurveyType::Csat);
        assert_eq!(c.rows[0].group, Some(NpsGroup::Passive));
        assert_eq!(c.counts, CommentCounts { promoters: 2, passives: 1, detractors: 2, other: 1 });
        assert_eq!(c.counts.total(), 6);
        assert!(c.is_cut());
    }

    /// Same date: the later line is the more recent.
    #[test]
    fn a_later_line_wins_a_tie() {
        let mut k = CommentKeeper::new(2);
        for line in 2..=5 {
            k.add(line, d(1), SurveyType::Nps, 10, "same day", None);
        }
        assert_eq!(lines(&k.finish(None)), vec![5, 4]);
    }

    /// A file read in two parts keeps the same rows as read in one, whichever part is the
    /// first: lines 2–5 in one part, 6–9 in the other, cap 3.
    #[test]
    fn merge_keeps_the_same_rows_as_one_pass() {
        let rows: Vec<(usize, Option<NaiveDate>, u8, u32)> = vec![
            (2, d(3), 10, 0),
            (3, d(8), 2, 1),
            (4, d(8), 7, 0),
            (5, None, 9, 1),
            (6, d(1), 10, 1),
            (7, d(8), 5, 0),
            (8, d(6), 9, 1),
            (9, d(2), 8, 0),
        ];
        let keeper = |part: &[(usize, Option<NaiveDate>, u8, u32)]| {
            let mut k = CommentKeeper::new(3);
            for &(line, date, score, seg) in part {
                k.add(line, date, SurveyType::Nps, score, &format!("c{line}"), Some(seg));
            }
            k
        };
        let values = vec!["Basic".to_string(), "Pro".to_string()];
        let whole = keeper(&rows).finish(Some(&values));
        // the three on day 8 (lines 7, 4, 3)
        assert_eq!(lines(&whole), vec![7, 4, 3]);
        assert_eq!(whole.rows[0].segment.as_deref(), Some("Basic"));
        assert_eq!(whole.rows[2].segment.as_deref(), Some("Pro"));
        let mut first = keeper(&rows[..4]);
        first.merge(keeper(&rows[4..]));
        assert_eq!(first.finish(Some(&values)), whole);
        let mut later_first = keeper(&rows[4..]);
        later_first.merge(keeper(&rows[..4]));
        assert_eq!(later_first.finish(Some(&values)), whole);
        // per segment: Basic = 10, 7, 5, 8 → 1 promoter, 2 passives, 1 detractor
        assert_eq!(
            whole.segments,
            vec![
                (
                    "Basic".into(),
                    CommentCounts { promoters: 1, passives: 2, detractors: 1, other: 0 }
                ),
                (
                    "Pro".into(),
                    CommentCounts { promoters: 3, passives: 0, detractors: 1, other: 0 }
                ),
            ]
        );
    }

    #[test]
    fn long_comments_are_cut_at_a_character_boundary() {
        let long = "ü".repeat(MAX_COMMENT_CHARS + 5);
        let mut k = CommentKeeper::new(5);
        k.add(2, None, SurveyType::Nps, 10, &long, None);
        let c = k.finish(None);
        assert!(c.rows[0].cut);
        assert_eq!(c.rows[0].text.chars().count(), MAX_COMMENT_CHARS);
        assert!(!c.is_cut());
    }

    #[test]
    fn nothing_kept_with_cap_zero_but_counted() {
        let mut k = CommentKeeper::new(0);
        k.add(2, None, SurveyType::Ces, 3, "hard", None);
        let c = k.finish(None);
        assert!(c.rows.is_empty());
        assert_eq!(c.counts.other, 1);
    }
}
