//! Receivers a site owner can use without a server, with the options each needs and the
//! steps to set it up: the data behind the recipe chooser of the app's widget page, kept
//! beside the options it sets. Each has a folder in recipes/ and a section in
//! docs/widget.md (checked by the tests below). Pure Rust; not part of the widget wasm.

/// One recipe. `options` are set on the widget page when it is chosen (the others keep
/// their values); `steps` are (English, German).
#[derive(Clone, Copy, Debug)]
pub struct Recipe {
    /// Stable id: the folder in recipes/ and the anchor of its section in docs/widget.md.
    pub id: &'static str,
    pub name: (&'static str, &'static str),
    pub options: &'static [(&'static str, &'static str)],
    pub steps: &'static [(&'static str, &'static str)],
    /// Whether a receiver can get the same revision twice (after a lost answer).
    pub duplicates_possible: bool,
    /// An example endpoint URL shape (shown as the placeholder).
    pub endpoint_hint: &'static str,
}

pub const RECIPES: &[Recipe] = &[
    Recipe {
        id: "google-sheets",
        name: ("Google Sheets (Apps Script)", "Google Sheets (Apps Script)"),
        options: &[("request", "simple"), ("format", "json")],
        steps: &[
            ("In your sheet: Extensions > Apps Script; paste recipes/google-sheets/Code.gs and save.", "In Ihrer Tabelle: Erweiterungen > Apps Script; recipes/google-sheets/Code.gs einfügen und speichern."),
            ("Deploy > New deployment > Web app; execute as Me, access: Anyone. Copy the /exec URL into the endpoint.", "Bereitstellen > Neue Bereitstellung > Web-App; ausführen als Ich, Zugriff: Jeder. Die /exec-URL als Endpunkt eintragen."),
            ("One row per answer arrives in the sheet “Answers”; a comment updates its row.", "Pro Antwort kommt eine Zeile im Blatt „Answers“ an; ein Kommentar aktualisiert die Zeile."),
            ("Back into the calculator: File > Download > CSV, then drop the file here.", "Zurück in den Rechner: Datei > Herunterladen > CSV, dann die Datei hier ablegen."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://script.google.com/macros/s/…/exec",
    },
    Recipe {
        id: "catch-hooks",
        name: ("Zapier, Make or n8n catch hook", "Zapier-, Make- oder n8n-Webhook"),
        options: &[("request", "simple"), ("format", "json")],
        steps: &[
            ("Create a catch hook (Zapier “Catch Hook”, Make “Custom webhook”, n8n “Webhook”) and paste its URL as the endpoint.", "Einen Webhook anlegen (Zapier „Catch Hook“, Make „Custom webhook“, n8n „Webhook“) und seine URL als Endpunkt eintragen."),
            ("Store each event with “create or update row” on the column id, so a comment updates its answer.", "Jedes Ereignis mit „Zeile anlegen oder aktualisieren“ über die Spalte id speichern, damit ein Kommentar seine Antwort aktualisiert."),
            ("Duplicates are possible after a lost response: keep one row per id, the highest revision.", "Doppelte sind nach einer verlorenen Antwort möglich: eine Zeile pro id behalten, die höchste revision."),
            ("Back into the calculator: export that sheet or table as CSV.", "Zurück in den Rechner: diese Tabelle als CSV exportieren."),
        ],
        duplicates_possible: true,
        endpoint_hint: "https://hooks.zapier.com/hooks/catch/…",
    },
    Recipe {
        id: "form-service",
        name: ("Form service (Formspree and the like)", "Formular-Dienst (Formspree u. ä.)"),
        options: &[("request", "simple"), ("format", "form")],
        steps: &[
            ("Create a form at the service and paste its POST URL as the endpoint; allow your site's domain.", "Beim Dienst ein Formular anlegen und seine POST-URL als Endpunkt eintragen; die Domain Ihrer Website erlauben."),
            ("Each answer arrives as form fields (id, revision, survey, score, date, comment, …).", "Jede Antwort kommt als Formularfelder an (id, revision, survey, score, date, comment, …)."),
            ("Back into the calculator: the service's CSV export; keep the highest revision per id.", "Zurück in den Rechner: der CSV-Export des Dienstes; pro id die höchste revision behalten."),
        ],
        duplicates_possible: true,
        endpoint_hint: "https://formspree.io/f/…",
    },
    Recipe {
        id: "chat-webhook",
        name: ("Slack, Teams or Discord (via a Worker)", "Slack, Teams oder Discord (über einen Worker)"),
        options: &[("request", "cors"), ("format", "json")],
        steps: &[
            ("Chat webhooks want their own message format and send no CORS headers: deploy recipes/cloudflare-worker/worker.js with CHAT_KIND and CHAT_WEBHOOK_URL.", "Chat-Webhooks wollen ihr eigenes Nachrichtenformat und senden keine CORS-Header: recipes/cloudflare-worker/worker.js mit CHAT_KIND und CHAT_WEBHOOK_URL bereitstellen."),
            ("Use the Worker's URL as the endpoint: one message per answer, comment included.", "Die URL des Workers als Endpunkt eintragen: eine Nachricht pro Antwort, mit Kommentar."),
            ("Back into the calculator: the Worker's /answers.json?token=…", "Zurück in den Rechner: /answers.json?token=… des Workers."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://survey-answers.you.workers.dev/",
    },
    Recipe {
        id: "cloudflare-worker",
        name: ("Cloudflare Worker with KV", "Cloudflare Worker mit KV"),
        options: &[("request", "cors"), ("format", "json")],
        steps: &[
            ("Deploy recipes/cloudflare-worker/worker.js with a KV namespace ANSWERS, ALLOW_ORIGIN and EXPORT_TOKEN (wrangler deploy).", "recipes/cloudflare-worker/worker.js mit einem KV-Namespace ANSWERS, ALLOW_ORIGIN und EXPORT_TOKEN bereitstellen (wrangler deploy)."),
            ("Use the Worker's URL as the endpoint; it keeps one record per answer.", "Die URL des Workers als Endpunkt eintragen; er speichert einen Eintrag pro Antwort."),
            ("Back into the calculator: open /answers.json?token=…, save, drop the file here.", "Zurück in den Rechner: /answers.json?token=… öffnen, speichern, hier ablegen."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://survey-answers.you.workers.dev/",
    },
    Recipe {
        id: "netlify",
        name: ("Netlify or Vercel function", "Netlify- oder Vercel-Funktion"),
        options: &[("request", "cors"), ("format", "json")],
        steps: &[
            ("Copy recipes/netlify/answers.mjs to netlify/functions/, add @netlify/blobs, set ALLOW_ORIGIN and EXPORT_TOKEN, deploy.", "recipes/netlify/answers.mjs nach netlify/functions/ kopieren, @netlify/blobs hinzufügen, ALLOW_ORIGIN und EXPORT_TOKEN setzen, bereitstellen."),
            ("Endpoint: https://your-site.netlify.app/api/answers", "Endpunkt: https://ihre-seite.netlify.app/api/answers"),
            ("Back into the calculator: /api/answers?token=… returns every answer as JSON.", "Zurück in den Rechner: /api/answers?token=… liefert alle Antworten als JSON."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://your-site.netlify.app/api/answers",
    },
    Recipe {
        id: "supabase",
        name: ("Supabase table", "Supabase-Tabelle"),
        options: &[
            ("request", "cors"),
            ("format", "json"),
            ("header-apikey", "ANON_KEY"),
            ("header-authorization", "Bearer ANON_KEY"),
            ("header-prefer", "resolution=ignore-duplicates,return=minimal"),
        ],
        steps: &[
            ("Run recipes/supabase/answers.sql in the SQL editor (insert-only for the anon key).", "recipes/supabase/answers.sql im SQL-Editor ausführen (der Anon-Schlüssel darf nur einfügen)."),
            ("Endpoint: https://PROJECT.supabase.co/rest/v1/survey_answers; put your anon key into the two headers of the snippet.", "Endpunkt: https://PROJEKT.supabase.co/rest/v1/survey_answers; Ihren Anon-Schlüssel in die zwei Header des Codes eintragen."),
            ("Back into the calculator: export the view survey_answers_latest as CSV.", "Zurück in den Rechner: die Sicht survey_answers_latest als CSV exportieren."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://PROJECT.supabase.co/rest/v1/survey_answers",
    },
    Recipe {
        id: "own-server",
        name: ("Your own server", "Ihr eigener Server"),
        options: &[("request", "cors"), ("format", "json")],
        steps: &[
            ("Answer the CORS preflight, store each answer once per Idempotency-Key, keep the highest revision per id (see docs/widget.md).", "Den CORS-Preflight beantworten, jede Antwort einmal pro Idempotency-Key speichern, pro id die höchste Revision behalten (siehe docs/widget.md)."),
            ("Back into the calculator: export the rows as CSV or a JSON array.", "Zurück in den Rechner: die Zeilen als CSV oder JSON-Array exportieren."),
        ],
        duplicates_possible: false,
        endpoint_hint: "https://your-server.example/collect",
    },
];

pub fn find(id: &str) -> Option<&'static Recipe> {
    RECIPES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::super::options::{Request, CHOICES};
    use super::*;

    const DOCS: &str = include_str!("../../docs/widget.md");

    #[test]
    fn every_recipe_sets_known_options_and_values() {
        for r in RECIPES {
            for (name, value) in r.options {
                if let Some(c) = CHOICES.iter().find(|c| c.name == *name) {
                    assert!(c.values.contains(value), "{}: {name}={value}", r.id);
                } else {
                    assert!(name.starts_with("header-"), "{}: unknown option {name}", r.id);
                }
            }
            let request = r.options.iter().find(|(n, _)| *n == "request").map(|(_, v)| *v);
            assert!(request.is_some(), "{} must set the request mode", r.id);
            // custom headers only work in cors mode (anything else would be preflighted)
            if r.options.iter().any(|(n, _)| n.starts_with("header-")) {
                assert_eq!(Request::parse(request), Request::Cors, "{}", r.id);
            }
            assert!(!r.steps.is_empty());
        }
    }

    #[test]
    fn every_recipe_has_a_folder_and_a_docs_section() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("recipes");
        for r in RECIPES {
            assert!(root.join(r.id).join("README.md").is_file(), "recipes/{}/README.md", r.id);
            assert!(
                DOCS.contains(&format!("(../recipes/{}/)", r.id)),
                "docs/widget.md links recipes/{}/",
                r.id
            );
        }
        assert!(find("supabase").is_some() && find("nope").is_none());
    }
}
