//! Comment analysis: the most frequent words and two-word phrases, German and English stop
//! words removed. A phrase is two adjacent words of the comment, neither a stop word (a
//! stop word between two words breaks the phrase).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// English and German stop words (lower case).
pub const STOP_WORDS: &[&str] = &[
    // English
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "don", "down", "each", "even", "every", "few", "for", "from", "get", "got",
    "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if",
    "in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "no", "nor", "not", "now",
    "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
    "really", "s", "same", "she", "should", "so", "some", "such", "t", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "why", "will", "with", "would", "you", "your", "yours", "ve", "ll", "re", "m",
    "d", // German
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander", "auch",
    "auf", "aus", "bei", "bin", "bis", "bist", "da", "damit", "dann", "das", "dass", "dein", "dem",
    "den", "denn", "der", "des", "dessen", "dich", "die", "dies", "diese", "diesem", "diesen",
    "dieser", "dieses", "dir", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen",
    "einer", "eines", "er", "es", "etwas", "euch", "euer", "für", "gegen", "gewesen", "hab",
    "habe", "haben", "hat", "hatte", "hier", "hin", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre",
    "im", "in", "ins", "ist", "ja", "jede", "jedem", "jeden", "jeder", "jedes", "jetzt", "kann",
    "kein", "keine", "mal", "man", "mein", "meine", "mich", "mir", "mit", "muss", "nach", "nicht",
    "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "schon", "sehr", "sein", "seine", "sich",
    "sie", "sind", "so", "sondern", "um", "und", "uns", "unser", "unter", "viel", "vom", "von",
    "vor", "war", "waren", "was", "weil", "welche", "wenn", "wer", "werden", "wie", "wieder",
    "will", "wir", "wird", "wo", "zu", "zum", "zur", "über",
];

pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// A word or phrase and how many times it occurs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    pub term: String,
    pub count: u32,
}

/// Counts words and two-word phrases over many comments, reusing its buffers.
#[derive(Clone, Debug, Default)]
pub struct PhraseCounter {
    words: HashMap<String, u32>,
    phrases: HashMap<String, u32>,
    comments: usize,
    word: String,
    prev: String,
    pair: String,
}

fn bump(map: &mut HashMap<String, u32>, key: &str) {
    match map.get_mut(key) {
        Some(c) => *c += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

/// The tokeniser of [`PhraseCounter`] (and of anything that must find its words again, such
/// as the comment list's phrase filter): calls `on_word(word, joins)` for each counted word of
/// `comment`, in lower case; stop words, numbers and one-letter words are not counted.
/// `joins` is true when the word follows the previous counted word within a phrase (no stop
/// word, skipped word or punctuation between them). `buf` is reused between calls.
pub fn for_each_word(comment: &str, buf: &mut String, mut on_word: impl FnMut(&str, bool)) {
    let mut joins = false;
    let mut chars = comment.chars().peekable();
    loop {
        buf.clear();
        while let Some(&c) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '\n' | '"') {
                // punctuation ends a phrase
                joins = false;
            }
            chars.next();
        }
        while let Some(&c) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            buf.extend(c.to_lowercase());
            chars.next();
        }
        if buf.is_empty() {
            break;
        }
        let is_number = buf.chars().all(|c| c.is_numeric());
        if is_stop_word(buf) || is_number || buf.chars().count() < 2 {
            joins = false;
            continue;
        }
        on_word(buf, joins);
        joins = true;
    }
}

/// Whether `comment` holds `term` (a word or a phrase of words separated by single spaces, as
/// [`PhraseCounter`] reports them) as the tokeniser reads it: the words in this order, each
/// joining the one before.
pub fn contains_term(comment: &str, term: &str) -> bool {
    let want: Vec<&str> = term.split(' ').filter(|w| !w.is_empty()).collect();
    if want.is_empty() {
        return false;
    }
    // how many words of `want` the words read so far end with (the run of joined words)
    let mut matched = 0usize;
    let mut found = false;
    let mut buf = String::new();
    for_each_word(comment, &mut buf, |word, joins| {
        if found {
            return;
        }
        if !joins {
            matched = 0;
        }
        // restart the match at this word when it does not continue it (terms are short:
        // at most two words, so no longer backtracking is needed)
        matched = if want.get(matched) == Some(&word) {
            matched + 1
        } else {
            usize::from(want.first() == Some(&word))
        };
        if matched == want.len() {
            found = true;
        }
    });
    found
}

impl PhraseCounter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Comments counted so far.
    pub fn comments(&self) -> usize {
        self.comments
    }

    /// Adds one comment.
    pub fn add(&mut self, comment: &str) {
        if comment.trim().is_empty() {
            return;
        }
        self.comments += 1;
        let (words, phrases, prev, pair) =
            (&mut self.words, &mut self.phrases, &mut self.prev, &mut self.pair);
        for_each_word(comment, &mut self.word, |word, joins| {
            bump(words, word);
            if joins {
                pair.clear();
                pair.push_str(prev);
                pair.push(' ');
                pair.push_str(word);
                bump(phrases, pair);
            }
            prev.clear();
            prev.push_str(word);
        });
    }

    /// Adds the counts of `other` (comments counted apart, for example in another chunk).
    pub fn merge(&mut self, other: PhraseCounter) {
        for (mine, theirs) in [(&mut self.words, other.words), (&mut self.phrases, other.phrases)] {
            for (term, n) in theirs {
                *mine.entry(term).or_insert(0) += n;
            }
        }
        self.comments += other.comments;
    }

    /// The `top` most frequent words and phrases (count descending, then alphabetical).
    pub fn finish(&self, top: usize) -> PhraseCounts {
        PhraseCounts {
            comments: self.comments,
            words: top_terms(&self.words, top),
            phrases: top_terms(&self.phrases, top),
        }
    }
}

fn top_terms(map: &HashMap<String, u32>, top: usize) -> Vec<TermCount> {
    let mut v: Vec<TermCount> =
        map.iter().map(|(t, &c)| TermCount { term: t.clone(), count: c }).collect();
    v.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    v.truncate(top);
    v
}

/// Most frequent words and two-word phrases of a group of comments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhraseCounts {
    pub comments: usize,
    pub words: Vec<TermCount>,
    pub phrases: Vec<TermCount>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[TermCount]) -> Vec<(&str, u32)> {
        v.iter().map(|t| (t.term.as_str(), t.count)).collect()
    }

    #[test]
    fn words_and_phrases_without_stop_words() {
        let mut c = PhraseCounter::new();
        c.add("Great support, great product!");
        c.add("The support team is GREAT");
        c.add("Der Support ist super schnell");
        c.add("   ");
        let r = c.finish(3);
        assert_eq!(r.comments, 3);
        assert_eq!(pairs(&r.words), vec![("great", 3), ("support", 3), ("product", 1)]);
        // "is"/"ist" and the comma break phrases; ties sorted alphabetically
        assert_eq!(
            pairs(&c.finish(10).phrases),
            vec![
                ("great product", 1),
                ("great support", 1),
                ("super schnell", 1),
                ("support team", 1)
            ]
        );
    }

    /// The comment list's phrase filter finds a term where the counter counted it, and
    /// only there: in order, joined (no stop word or punctuation between).
    #[test]
    fn contains_term_reads_as_the_counter_does() {
        assert!(contains_term("Great support, really!", "great support"));
        assert!(contains_term("GREAT   Support", "great support"));
        assert!(contains_term("the support was great. Great support", "great support"));
        // a stop word or punctuation between: not the phrase
        assert!(!contains_term("great and support", "great support"));
        assert!(!contains_term("great. Support", "great support"));
        assert!(!contains_term("support great", "great support"));
        // a longer word is another word
        assert!(!contains_term("greatest supporter", "great support"));
        assert!(contains_term("Über den Support: schnelle Hilfe", "schnelle hilfe"));
        assert!(contains_term("Sehr schnelle Hilfe", "hilfe"));
        assert!(!contains_term("anything", ""));
        // the same terms the counter reports match the comments they came from
        let comments = ["Slow app, slow support", "support slow app", "great great support"];
        let mut c = PhraseCounter::new();
        for x in comments {
            c.add(x);
        }
        for t in c.finish(50).phrases {
            let hits = comments.iter().filter(|x| contains_term(x, &t.term)).count();
            assert!(hits >= 1 && hits as u32 <= t.count, "{}", t.term);
        }
    }

    #[test]
    fn umlauts_numbers_and_punctuation() {
        let mut c = PhraseCounter::new();
        c.add("Über 100 Fehler, Lösung fehlt. lösung!");
        let r = c.finish(10);
        assert_eq!(pairs(&r.words), vec![("lösung", 2), ("fehler", 1), ("fehlt", 1)]);
        assert_eq!(pairs(&r.phrases), vec![("lösung fehlt", 1)]);
        assert_eq!(PhraseCounter::new().finish(5), PhraseCounts::default());
    }
}
