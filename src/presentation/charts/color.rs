//! Colours of the charts: parsing the theme's CSS values, WCAG contrast, and the palette
//! the chart options are built from.

/// An sRGB colour, 8 bits per channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// `#rrggbb`, `#rgb`, `#rrggbbaa`, `rgb(r, g, b)`, `rgba(r, g, b, a)`, `rgb(r g b / a)`
    /// (alpha ignored). Anything else: `None`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let s = s.trim();
        if let Some(hex) = s.strip_prefix('#') {
            if !hex.is_ascii() {
                return None;
            }
            let h = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
            return match hex.len() {
                3 | 4 => Some(Rgb(h(0, 1)? * 17, h(1, 1)? * 17, h(2, 1)? * 17)),
                6 | 8 => Some(Rgb(h(0, 2)?, h(2, 2)?, h(4, 2)?)),
                _ => None,
            };
        }
        let lower = s.to_ascii_lowercase();
        let inner = lower
            .strip_prefix("rgba(")
            .or_else(|| lower.strip_prefix("rgb("))?
            .strip_suffix(')')?;
        let inner = inner.split('/').next()?;
        let parts: Vec<&str> = inner
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() < 3 {
            return None;
        }
        let ch = |p: &str| -> Option<u8> {
            let v = match p.strip_suffix('%') {
                Some(pct) => pct.parse::<f64>().ok()? * 2.55,
                None => p.parse::<f64>().ok()?,
            };
            v.is_finite().then(|| v.round().clamp(0.0, 255.0) as u8)
        };
        Some(Rgb(ch(parts[0])?, ch(parts[1])?, ch(parts[2])?))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `rgba(…)` with the given opacity (0–1).
    pub fn rgba(self, alpha: f64) -> String {
        let a = if alpha.is_finite() { alpha.clamp(0.0, 1.0) } else { 1.0 };
        format!("rgba({}, {}, {}, {a})", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// `self` blended towards `other` by `t` (0 = self, 1 = other).
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
        let m = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8
        };
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// WCAG 2 contrast ratio of two colours, 1…21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Minimum contrast for normal text (WCAG AA).
pub const TEXT_CONTRAST: f64 = 4.5;
/// Minimum contrast for graphics such as bars and lines (WCAG 1.4.11).
pub const GRAPHIC_CONTRAST: f64 = 3.0;

/// The first candidate with at least `min` contrast on `bg`; else black or white,
/// whichever contrasts more.
pub fn readable_on(bg: Rgb, candidates: &[Rgb], min: f64) -> Rgb {
    candidates.iter().copied().find(|c| contrast(*c, bg) >= min).unwrap_or_else(|| {
        if contrast(Rgb::BLACK, bg) >= contrast(Rgb::WHITE, bg) {
            Rgb::BLACK
        } else {
            Rgb::WHITE
        }
    })
}

/// The theme colours the charts use, from the page's CSS custom properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub surface: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    pub border: Rgb,
    pub accent: Rgb,
    pub promoter: Rgb,
    pub passive: Rgb,
    pub detractor: Rgb,
}

impl Default for Palette {
    /// The light theme of `style/main.css`, used when a property is missing.
    fn default() -> Self {
        Palette {
            surface: Rgb(0xff, 0xff, 0xff),
            text: Rgb(0x1c, 0x23, 0x30),
            muted: Rgb(0x4d, 0x58, 0x68),
            border: Rgb(0xd5, 0xda, 0xe1),
            accent: Rgb(0x1f, 0x5f, 0xbf),
            promoter: Rgb(0x1a, 0x7f, 0x4b),
            passive: Rgb(0x8a, 0x6d, 0x00),
            detractor: Rgb(0xc0, 0x39, 0x2b),
        }
    }
}

impl Palette {
    /// The palette from a lookup of custom properties (`"--text"` → `" #1c2330"`); missing or
    /// unparsable values keep the default. Text colours are replaced by black or white when
    /// they do not reach 4.5:1 on the surface, so axis labels always pass WCAG AA.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Palette {
        let d = Palette::default();
        let c =
            |name: &str, fallback: Rgb| get(name).and_then(|v| Rgb::parse(&v)).unwrap_or(fallback);
        let surface = c("--surface", d.surface);
        let text = readable_on(surface, &[c("--text", d.text)], TEXT_CONTRAST);
        let muted = readable_on(surface, &[c("--muted", d.muted), text], TEXT_CONTRAST);
        Palette {
            surface,
            text,
            muted,
            border: c("--border", d.border),
            accent: c("--accent", d.accent),
            promoter: c("--promoter", d.promoter),
            passive: c("--passive", d.passive),
            detractor: c("--detractor", d.detractor),
        }
    }

    /// Colours for the series of a chart, in order: accent, promoter, detractor, passive,
    /// then mixes; each with at least 3:1 against the surface where the theme allows.
    pub fn series(&self) -> [Rgb; 6] {
        let fix = |c: Rgb| readable_on(self.surface, &[c, c.mix(self.text, 0.4)], GRAPHIC_CONTRAST);
        [
            fix(self.accent),
            fix(self.promoter),
            fix(self.detractor),
            fix(self.passive),
            fix(self.accent.mix(self.promoter, 0.5)),
            fix(self.muted),
        ]
    }

    /// A colour on the heatmap scale from the surface (0) to the accent (1).
    pub fn heat(&self, t: f64) -> Rgb {
        self.surface
            .mix(self.accent, 0.1 + 0.9 * if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 })
    }

    /// Text colour for a label drawn on `bg` (black or white if the theme's text fails).
    pub fn label_on(&self, bg: Rgb) -> Rgb {
        readable_on(bg, &[self.text, self.surface], TEXT_CONTRAST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_css_colours() {
        assert_eq!(Rgb::parse(" #1c2330"), Some(Rgb(0x1c, 0x23, 0x30)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::parse("#1c2330ff"), Some(Rgb(0x1c, 0x23, 0x30)));
        assert_eq!(Rgb::parse("rgb(26, 127, 75)"), Some(Rgb(26, 127, 75)));
        assert_eq!(Rgb::parse("rgba(26, 127, 75, 0.5)"), Some(Rgb(26, 127, 75)));
        assert_eq!(Rgb::parse("rgb(26 127 75 / 50%)"), Some(Rgb(26, 127, 75)));
        assert_eq!(Rgb::parse("rgb(100%, 0%, 0%)"), Some(Rgb(255, 0, 0)));
        for bad in
            ["", "#", "#12", "#ggg", "red", "rgb(1,2)", "rgb(a,b,c)", "#ééé", "rgb(NaN, 1, 2)"]
        {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(Rgb(31, 95, 191).hex(), "#1f5fbf");
    }

    #[test]
    fn wcag_contrast() {
        assert!((contrast(Rgb::BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1
        let c = contrast(Rgb(0x76, 0x76, 0x76), Rgb::WHITE);
        assert!((c - 4.54).abs() < 0.01, "{c}");
        // the theme's muted text passes AA on its surface, light and dark
        assert!(contrast(Rgb(0x4d, 0x58, 0x68), Rgb::WHITE) >= TEXT_CONTRAST);
        assert!(contrast(Rgb(0xaa, 0xb4, 0xc0), Rgb(0x1b, 0x21, 0x29)) >= TEXT_CONTRAST);
    }

    #[test]
    fn palette_from_css_keeps_text_readable() {
        let dark = |k: &str| {
            Some(
                match k {
                    "--surface" => "#1b2129",
                    "--text" => "#e8ecf1",
                    "--muted" => "#aab4c0",
                    "--accent" => "#7fb0ff",
                    "--promoter" => "#4cc98a",
                    "--passive" => "#e3c04d",
                    "--detractor" => "#ff7a6b",
                    _ => return None,
                }
                .to_string(),
            )
        };
        let p = Palette::from_lookup(dark);
        assert_eq!(p.surface, Rgb(0x1b, 0x21, 0x29));
        assert_eq!(p.text, Rgb(0xe8, 0xec, 0xf1));
        assert_eq!(p.border, Palette::default().border);
        for c in p.series() {
            assert!(contrast(c, p.surface) >= GRAPHIC_CONTRAST, "{c:?}");
        }
        assert!(p.surface.luminance() < 0.2 && Palette::default().surface.luminance() > 0.8);
        // a theme whose muted grey is too light on white falls back to readable text
        let bad = Palette::from_lookup(|k| (k == "--muted").then(|| "#cccccc".to_string()));
        assert!(contrast(bad.muted, bad.surface) >= TEXT_CONTRAST);
        // nothing set at all: the defaults
        assert_eq!(Palette::from_lookup(|_| None), Palette::default());
        // labels on the heat scale
        for t in [0.0, 0.5, 1.0, f64::NAN] {
            let bg = p.heat(t);
            assert!(contrast(p.label_on(bg), bg) >= TEXT_CONTRAST);
            let bg = Palette::default().heat(t);
            assert!(contrast(Palette::default().label_on(bg), bg) >= TEXT_CONTRAST);
        }
        assert_eq!(Rgb::BLACK.mix(Rgb::WHITE, 0.5), Rgb(128, 128, 128));
        assert_eq!(Rgb(1, 2, 3).rgba(f64::NAN), "rgba(1, 2, 3, 1)");
    }
}

impl Palette {
    /// `c` if it reaches 3:1 on the surface (WCAG 1.4.11 for bars and lines), else `c`
    /// mixed towards the text colour until it does, else black or white.
    pub fn graphic(&self, c: Rgb) -> Rgb {
        readable_on(
            self.surface,
            &[c, c.mix(self.text, 0.3), c.mix(self.text, 0.6)],
            GRAPHIC_CONTRAST,
        )
    }
}

#[cfg(test)]
mod graphic_tests {
    use super::*;

    #[test]
    fn graphics_reach_three_to_one() {
        let p = Palette::default();
        for c in [Rgb(0xee, 0xee, 0xee), p.accent, p.passive, Rgb(0xff, 0xff, 0x00)] {
            assert!(contrast(p.graphic(c), p.surface) >= GRAPHIC_CONTRAST, "{c:?}");
        }
        assert_eq!(p.graphic(p.accent), p.accent);
    }
}
