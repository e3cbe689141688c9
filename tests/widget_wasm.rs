//! Unit tests of the survey widget's logic, run in headless Chromium:
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --no-default-features --features widget --test widget_wasm
#![cfg(all(target_arch = "wasm32", feature = "widget"))]

use kundenkpi::i18n::Lang;
use kundenkpi::widget::config::{self, Mode};
use kundenkpi::widget::delivery::{self, Answer, Outcome};
use kundenkpi::widget::texts::{self, Category, Survey};
use kundenkpi::widget::{store, throttle};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[wasm_bindgen_test]
fn config_defaults() {
    let o = config::parse(&p(&[("endpoint", " https://r.example/c ")]), "en-US");
    assert_eq!(o.endpoint, "https://r.example/c");
    assert_eq!(o.survey, Survey::Nps);
    assert_eq!((o.min, o.max), (0, 10));
    assert_eq!(o.lang, Lang::En);
    assert_eq!(o.mode, Mode::Modal);
    assert_eq!(o.days, 90.0);
    assert_eq!(o.dismiss_days, 30.0);
    assert_eq!(o.sample, 100.0);
    assert_eq!(o.survey_id, "nps");
    assert!(!o.form);
    assert!(o.comment);
    assert_eq!(o.texts.question(), "How likely are you to recommend us to a friend or colleague?");
}

#[wasm_bindgen_test]
fn config_language_from_page_and_override() {
    let o = config::parse(&p(&[("survey", "csat")]), "de-AT");
    assert_eq!(o.lang, Lang::De);
    assert_eq!(o.texts.question(), "Wie zufrieden waren Sie mit Ihrer Erfahrung?");
    assert_eq!(o.texts.point_label(4, 5), "4 von 5");
    let o = config::parse(&p(&[("survey", "csat"), ("lang", "en")]), "de");
    assert_eq!(o.lang, Lang::En);
    assert_eq!(o.texts.point_label(4, 5), "4 of 5");
    let o = config::parse(&p(&[("lang", "fr")]), "de");
    assert_eq!(o.lang, Lang::En, "unknown languages fall back to English");
}

#[wasm_bindgen_test]
fn config_survey_scales() {
    let ces = config::parse(&p(&[("survey", "CES")]), "en");
    assert_eq!((ces.survey, ces.min, ces.max), (Survey::Ces, 1, 7));
    assert!(ces.texts.question().contains("made it easy for me to handle my issue"));
    assert_eq!(ces.texts.label_high(), "Strongly agree");
    let ces5 = config::parse(&p(&[("survey", "ces"), ("scale", "5")]), "en");
    assert_eq!((ces5.min, ces5.max), (1, 5));
    let csat = config::parse(&p(&[("survey", "csat")]), "en");
    assert_eq!((csat.min, csat.max), (1, 5));
    let junk = config::parse(&p(&[("survey", "<b>x</b>")]), "en");
    assert_eq!(junk.survey, Survey::Nps);
}

#[wasm_bindgen_test]
fn config_texts_options_and_numbers() {
    let o = config::parse(
        &p(&[
            ("question", "<img src=x onerror=alert(1)>"),
            ("followup-detractor", "What went wrong?"),
            ("mode", "bar"),
            ("position", "top-left"),
            ("theme", "dark"),
            ("accent", "#ff0066"),
            ("days", "-3"),
            ("sample", "12.5"),
            ("retry-base-ms", "abc"),
            ("format", "form"),
            ("comment", "off"),
            ("customer", "C-7"),
            ("attr-plan", "pro"),
            ("attr-score", "99"),
            ("attr-Pl an!", "x"),
            ("header-x-api-key", "k1"),
            ("header-bad", "a\r\nInjected: 1"),
        ]),
        "en",
    );
    assert_eq!(
        o.texts.question(),
        "<img src=x onerror=alert(1)>",
        "texts are kept verbatim (rendered as text)"
    );
    assert_eq!(o.texts.followup_for(Category::Detractor), "What went wrong?");
    assert_eq!(o.texts.followup_for(Category::Promoter), o.texts.followup());
    assert_eq!(o.mode, Mode::Bar);
    assert!(o.top && o.left);
    assert_eq!(o.theme, "dark");
    assert_eq!(o.vars, vec![("--nps-accent", "#ff0066".to_string())]);
    assert_eq!(o.days, 0.0);
    assert_eq!(o.sample, 12.5);
    assert_eq!(o.retry_base_ms, 2000.0);
    assert!(o.form);
    assert!(!o.comment);
    assert_eq!(o.customer, "C-7");
    assert_eq!(
        o.extra,
        vec![("plan".to_string(), "pro".to_string()), ("Plan".to_string(), "x".to_string())]
    );
    assert_eq!(o.headers, vec![("x-api-key".to_string(), "k1".to_string())]);
}

#[wasm_bindgen_test]
fn numbers_and_ints() {
    assert_eq!(config::parse_num("42"), Some(42.0));
    assert_eq!(config::parse_num(" 2.5 "), Some(2.5));
    assert_eq!(config::parse_num("-1"), Some(-1.0));
    assert_eq!(config::parse_num("1e9"), None);
    assert_eq!(config::parse_num(""), None);
    assert_eq!(config::parse_num("."), None);
    assert_eq!(config::int(0), "0");
    assert_eq!(config::int(-1234567890123), "-1234567890123");
    assert_eq!(config::int(i64::MIN), "-9223372036854775808");
}

#[wasm_bindgen_test]
fn categories() {
    assert_eq!(texts::category(Survey::Nps, 10, 9), Category::Promoter);
    assert_eq!(texts::category(Survey::Nps, 10, 8), Category::Passive);
    assert_eq!(texts::category(Survey::Nps, 10, 6), Category::Detractor);
    assert_eq!(texts::category(Survey::Csat, 5, 4), Category::Promoter);
    assert_eq!(texts::category(Survey::Csat, 5, 3), Category::Passive);
    assert_eq!(texts::category(Survey::Ces, 7, 5), Category::Promoter);
    assert_eq!(texts::category(Survey::Ces, 7, 4), Category::Passive);
    assert_eq!(texts::category(Survey::Ces, 7, 3), Category::Detractor);
}

fn answer() -> Answer {
    Answer {
        id: "3f0c8a52-9b1e-4c53-8d0a-6b2f1e7c9d41".into(),
        revision: None,
        survey: "nps",
        score: 9,
        date: "2026-11-23".into(),
        comment: "Line1\n\"quoted\" \\ <b>x</b>\u{2028}\t\u{1}".into(),
        customer: "C-1".into(),
        page: "https://x.example/p".into(),
        lang: "en",
        extra: vec![("plan".into(), "pro & more".into())],
    }
}

#[wasm_bindgen_test]
fn payload_json_round_trips() {
    let a = answer();
    let json = a.to_json();
    assert!(!json.contains('\n') && !json.contains('\t'), "no raw control characters: {json}");
    let v = js_sys::JSON::parse(&json).expect("valid JSON");
    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap();
    assert_eq!(get("schema_version").as_f64(), Some(1.0));
    assert_eq!(get("score").as_f64(), Some(9.0));
    assert_eq!(get("comment").as_string().unwrap(), a.comment);
    assert_eq!(get("plan").as_string().unwrap(), "pro & more");
    assert_eq!(get("page").as_string().unwrap(), "https://x.example/p");
    let keys: Vec<String> =
        js_sys::Object::keys(&v.into()).iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "id",
            "survey",
            "score",
            "date",
            "comment",
            "customer",
            "page",
            "lang",
            "plan"
        ]
    );
    let mut b = answer();
    b.comment.clear();
    b.customer.clear();
    assert!(!b.to_json().contains("comment") && !b.to_json().contains("customer"));
}

#[wasm_bindgen_test]
fn payload_form_matches_url_search_params() {
    let a = answer();
    let form = a.to_form();
    let sp = web_sys::UrlSearchParams::new_with_str(&form).expect("parses");
    assert_eq!(sp.get("comment").unwrap(), a.comment);
    assert_eq!(sp.get("plan").unwrap(), "pro & more");
    assert_eq!(sp.get("score").unwrap(), "9");
    assert_eq!(sp.get("schema_version").unwrap(), "1");
}

#[wasm_bindgen_test]
fn ids_and_keys() {
    let re = js_sys::RegExp::new(
        "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
        "",
    );
    let a = store::uuid();
    let b = store::uuid();
    assert!(re.test(&a), "{a}");
    assert_ne!(a, b);
    assert_eq!(delivery::uuid_from([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(delivery::key_of("abc", 1), "abc");
    assert_eq!(delivery::key_of("abc", 3), "abc.3");
    assert_eq!(delivery::split_key("abc.3"), ("abc", 3));
    assert_eq!(delivery::split_key("abc"), ("abc", 1));
    assert_eq!(delivery::split_key("a.b"), ("a.b", 1));
}

#[wasm_bindgen_test]
fn outbox_newer_revision_replaces_older() {
    assert_eq!(delivery::replaces("a", "b"), Some(false), "another answer stays");
    assert_eq!(delivery::replaces("a", "a.2"), Some(true), "older revision is dropped");
    assert_eq!(delivery::replaces("a.2", "a.3"), Some(true));
    assert_eq!(delivery::replaces("a.2", "a"), None, "a newer one is already queued");
    assert_eq!(delivery::replaces("a.2", "a.2"), None);
}

#[wasm_bindgen_test]
fn outbox_survives_garbage_in_storage() {
    for junk in ["", "garbage", "{\"k\":1}", "[1,null,\"x\"]", "[{\"k\":5,\"n\":\"soon\"}]"] {
        store::set("outbox", junk);
        let _ = delivery::load(); // never panics
    }
    store::set("outbox", "not json");
    assert_eq!(delivery::load().length(), 0);
    store::remove("outbox");
    assert_eq!(delivery::load().length(), 0);
}

#[wasm_bindgen_test]
fn retry_policy() {
    assert_eq!(delivery::classify(200), Outcome::Done);
    assert_eq!(delivery::classify(204), Outcome::Done);
    for s in [0, 408, 429, 500, 502, 503] {
        assert_eq!(delivery::classify(s), Outcome::Retry, "{s}");
    }
    for s in [400, 401, 403, 404, 413, 422] {
        assert_eq!(delivery::classify(s), Outcome::Final, "{s}");
    }
    assert_eq!(delivery::backoff(100.0, 1e9, 1), 100.0);
    assert_eq!(delivery::backoff(100.0, 1e9, 4), 800.0);
    assert_eq!(delivery::backoff(100.0, 500.0, 10), 500.0);
    assert_eq!(delivery::backoff(100.0, 500.0, u32::MAX), 500.0);
}

#[wasm_bindgen_test]
fn sampling_is_stable_and_proportional() {
    let n = 4000;
    let ids: Vec<String> = (0..n).map(|_| store::uuid()).collect();
    let yes = ids.iter().filter(|v| throttle::sampled(v, "nps", 25.0)).count();
    assert!((800..1200).contains(&yes), "25 % of {n} visitors, got {yes}");
    for v in &ids[..50] {
        assert_eq!(throttle::sampled(v, "nps", 25.0), throttle::sampled(v, "nps", 25.0));
    }
    assert!(ids.iter().all(|v| throttle::sampled(v, "nps", 100.0)));
    assert!(!ids.iter().any(|v| throttle::sampled(v, "nps", 0.0)));
    assert_eq!(throttle::fnv1a(""), 0x811c_9dc5);
    assert_eq!(throttle::fnv1a("a"), 0xe40c_292c);
}

#[wasm_bindgen_test]
fn throttle_window() {
    assert!(!throttle::blocked(None, 1000.0));
    assert!(throttle::blocked(Some(2000.0), 1000.0));
    assert!(!throttle::blocked(Some(1000.0), 1000.0));
    let o = config::parse(&p(&[("survey-id", "wasm-test"), ("sample", "100")]), "en");
    store::remove("t:wasm-test");
    assert!(throttle::allowed(&o, 1000.0));
    throttle::snooze(&o, 1000.0, 1.0);
    assert!(!throttle::allowed(&o, 1000.0 + 86_399_999.0));
    assert!(throttle::allowed(&o, 1000.0 + 86_400_000.0));
    store::remove("t:wasm-test");
}

#[wasm_bindgen_test]
fn config_from_js_object() {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"endpoint".into(), &"https://e".into()).unwrap();
    js_sys::Reflect::set(&o, &"days".into(), &7.into()).unwrap(); // not a string: ignored
    let pairs = kundenkpi::widget::pairs(&o.into());
    assert_eq!(pairs, vec![("endpoint".to_string(), "https://e".to_string())]);
    assert!(kundenkpi::widget::pairs(&wasm_bindgen::JsValue::NULL).is_empty());
}

#[wasm_bindgen_test]
fn payload_carries_the_revision_only_when_asked() {
    let mut a = answer();
    assert!(!a.to_json().contains("revision"));
    a.revision = Some(3);
    let v = js_sys::JSON::parse(&a.to_json()).unwrap();
    assert_eq!(js_sys::Reflect::get(&v, &"revision".into()).unwrap().as_f64(), Some(3.0));
    assert!(a.to_form().contains("&revision=3&"), "{}", a.to_form());
    let o = config::parse(&p(&[("endpoint", "https://x"), ("request", "simple")]), "en");
    assert!(o.request.revision_in_body());
}
