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
        self.prev.clear();
        let mut chars = comment.chars().peekable();
        loop {
            self.word.clear();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() {
                    break;
                }
                if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '\n' | '"') {
                    // punctuation ends a phrase
                    self.prev.clear();
                }
                chars.next();
            }
            while let Some(&c) = chars.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                self.word.extend(c.to_lowercase());
                chars.next();
            }
            if self.word.is_empty() {
                break;
            }
            let is_number = self.word.chars().all(|c| c.is_numeric());
            if is_stop_word(&self.word) || is_number || self.word.chars().count() < 2 {
                self.prev.clear();
                continue;
            }
            bump(&mut self.words, &self.word);
            if !self.prev.is_empty() {
                self.pair.clear();
                self.pair.push_str(&self.prev);
                self.pair.push(' ');
                self.pair.push_str(&self.word);
                bump(&mut self.phrases, &self.pair);
            }
            std::mem::swap(&mut self.prev, &mut self.word);
        }
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
