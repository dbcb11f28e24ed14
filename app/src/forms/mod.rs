//! Data-entry forms that work with and without JavaScript.
//!
//! Every form has a raw input struct (all text, as typed) and one service function on the server
//! ([`service`]) that checks the CSRF token, asks [`crate::auth::Ctx`] whether the user may write
//! the target (looked up in the database), validates, and writes in one transaction together with
//! its audit row. The service is reached two ways:
//!
//! * **without JavaScript** the `<form>` posts to the page's own path; the server (`server::forms`)
//!   calls the service and answers 303 to the result page, or re-renders the same page with status
//!   422 (403 when not allowed) and the [`Submitted`] values and errors, so nothing typed is lost;
//! * **with JavaScript** the same `<form>` is intercepted ([`dispatch_on_submit`]) and sent to the
//!   form's `#[server]` function, which answers with a [`FormOutcome`]: field errors are shown next
//!   to the fields, success loads the result page.

#[cfg(feature = "ssr")]
pub mod service;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A progress report on a commitment, as typed (`/komitmen/{code}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgressForm {
    pub commitment_id: String,
    pub reported_on: String,
    pub percent: String,
    pub status: String,
    pub note: String,
}

/// A follow-up of a finding, as typed (`/temuan/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUpForm {
    pub finding_id: String,
    pub status: String,
    pub recorded_on: String,
    pub evidence: String,
}

/// A commitment of an MoU, as typed (`/komitmen/{code}/baru`, `/komitmen/{code}/ubah/{id}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommitmentForm {
    pub regency: String,
    /// Empty when creating.
    pub id: String,
    /// The version the edit started from (optimistic locking).
    pub version: String,
    pub mou_signed_on: String,
    pub title: String,
    pub indicator: String,
    pub target_value: String,
    pub target_unit: String,
    pub due_on: String,
    pub responsible_office: String,
}

/// One finding row of the inspection form (rows left blank are ignored).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingForm {
    pub category: String,
    pub severity: String,
    pub description: String,
    pub due_on: String,
}

/// An inspection (sidak), as typed (`/sidak/baru?unit=CODE`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionForm {
    pub unit: String,
    pub inspected_on: String,
    /// `"on"` when the checkbox is ticked.
    pub unannounced: Option<String>,
    pub inspector: String,
    pub staff_on_duty: String,
    pub input_score: String,
    pub process_score: String,
    pub output_score: String,
    pub complaint_score: String,
    pub notes: String,
    pub published: Option<String>,
    /// Facility code → `functional` / `present` / `absent` (or empty: not checked).
    pub facility: std::collections::BTreeMap<String, String>,
    pub findings: Vec<FindingForm>,
}

/// Number of finding rows the inspection form offers.
pub const FINDING_ROWS: usize = 3;

/// Name of the hidden field carrying the CSRF token (a server-function argument too).
pub const CSRF_FIELD: &str = "csrf";

/// Messages per field (the field's HTML `name`), in the user's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<(String, String)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if self.get(&field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a form submission answered (server functions).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOutcome {
    /// Where to go on success.
    pub redirect: Option<String>,
    pub errors: FieldErrors,
    /// An error about the form as a whole (e.g. a version conflict).
    pub message: Option<String>,
}

/// A failed no-JavaScript submission, for re-rendering the page with what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    /// Which form (`progress`, `follow_up`, `inspection`, `commitment`, `login`).
    pub form: String,
    /// The posted fields (HTML names), minus passwords and the CSRF token.
    pub values: Vec<(String, String)>,
    pub errors: FieldErrors,
    pub message: Option<String>,
}

impl Submitted {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }
}

/// The submission being re-rendered (no-JavaScript path), if any. The server reads it from the
/// request; the shell renders it into `<html data-form*>` so the browser hydrates the same page.
pub fn current_submitted() -> Option<Submitted> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Submitted>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let root = document().document_element()?;
        let form = root.get_attribute("data-form").filter(|f| !f.is_empty())?;
        let pairs = |name: &str| decode_pairs(&root.get_attribute(name).unwrap_or_default());
        Some(Submitted {
            form,
            values: pairs("data-form-values"),
            errors: FieldErrors(pairs("data-form-errors")),
            message: root
                .get_attribute("data-form-message")
                .filter(|m| !m.is_empty()),
        })
    }
}

/// The submission provided by the `App` component.
pub fn use_submitted() -> Option<Submitted> {
    use_context::<Option<Submitted>>().flatten()
}

fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `k=v&k=v` with every key and value percent-encoded.
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The inverse of [`encode_pairs`].
pub fn decode_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// The state a form shows: the re-rendered submission (no JS) or the last server-function
/// answer (JS).
#[derive(Clone, Copy)]
pub struct FormState {
    pub form: &'static str,
    /// Only a submission whose field `.0` equals `.1` belongs to this form (several forms of the
    /// same kind on one page, e.g. one progress form per commitment).
    scope: Option<(&'static str, i32)>,
    submitted: StoredValue<Option<Submitted>>,
    outcome: Signal<Option<FormOutcome>>,
}

impl FormState {
    /// `outcome`: the server action's value (`None` before the first JS submission).
    pub fn new(form: &'static str, outcome: Signal<Option<FormOutcome>>) -> FormState {
        FormState {
            form,
            scope: None,
            submitted: StoredValue::new(use_submitted()),
            outcome,
        }
    }

    /// This state restricted to submissions whose `field` is `id`.
    pub fn scoped(mut self, field: &'static str, id: i32) -> FormState {
        self.scope = Some((field, id));
        self
    }

    /// The re-rendered submission of this form, if any.
    pub fn submitted(&self) -> Option<Submitted> {
        self.submitted
            .get_value()
            .filter(|s| s.form == self.form)
            .filter(|s| match self.scope {
                Some((field, id)) => {
                    s.value(field).as_deref().map(str::trim) == Some(id.to_string().as_str())
                }
                None => true,
            })
    }

    /// The value to show in field `name`: what was submitted, else `default`.
    pub fn value(&self, name: &str, default: &str) -> String {
        self.submitted()
            .and_then(|s| s.value(name))
            .unwrap_or_else(|| default.to_owned())
    }

    /// The error of field `name` (reactive).
    pub fn error(&self, name: &str) -> Option<String> {
        match self.outcome.get() {
            Some(o) => o.errors.get(name),
            None => self.submitted().and_then(|s| s.errors.get(name)),
        }
    }

    /// The error about the whole form (reactive).
    pub fn message(&self) -> Option<String> {
        match self.outcome.get() {
            Some(o) => o.message,
            None => self.submitted().and_then(|s| s.message),
        }
    }
}

/// A server action's value as a [`FormOutcome`] signal; an error (403, network) becomes a
/// form-level message. On success the browser loads the result page.
pub fn outcome_signal<S>(action: ServerAction<S>) -> Signal<Option<FormOutcome>>
where
    S: server_fn::ServerFn<Output = FormOutcome> + Clone + Send + Sync + 'static,
    S: server_fn::ServerFn<Error = crate::error::AppError>,
{
    let lang = crate::i18n::use_lang();
    let value = action.value();
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome {
            redirect: Some(path),
            ..
        })) = value.get()
        {
            let _ = window().location().set_href(&path);
        }
    });
    Signal::derive(move || {
        value.get().map(|r| match r {
            Ok(o) => o,
            Err(e) => FormOutcome {
                message: Some(e.message(lang)),
                errors: e.errors(),
                ..FormOutcome::default()
            },
        })
    })
}

/// The `on:submit` handler that sends the form to server action `action` instead of posting it
/// (progressive enhancement: without JavaScript the form posts to its `action` URL).
pub fn dispatch_on_submit<S>(
    action: ServerAction<S>,
) -> impl Fn(leptos::ev::SubmitEvent) + Clone + 'static
where
    S: serde::de::DeserializeOwned + server_fn::ServerFn + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    S::Error: Send + Sync + 'static,
{
    move |ev: leptos::ev::SubmitEvent| {
        use leptos::form::FromFormData;
        match S::from_event(&ev) {
            Ok(input) => {
                ev.prevent_default();
                action.dispatch(input);
            }
            // Let the browser post the form itself: the server answers the same way.
            Err(e) => leptos::logging::error!("form fallback to a plain post: {e:?}"),
        }
    }
}

/// Id of the error message of field `id`.
pub fn error_id(id: &str) -> String {
    format!("{id}-error")
}

/// The error message under a field (`id` is the field's id), announced by screen readers.
#[component]
pub fn FieldError(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    let err_id = error_id(&id);
    move || {
        message.get().map(|m| {
            view! { <p class="field-error" id=err_id.clone()>{m}</p> }
        })
    }
}

/// The form-level error (and the hidden CSRF field every form carries).
#[component]
pub fn FormMessage(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
    }
}

/// The hidden CSRF token field.
#[component]
pub fn CsrfField() -> impl IntoView {
    let viewer = crate::session::use_viewer();
    view! { <input type="hidden" name=CSRF_FIELD value=viewer.csrf/> }
}

/// A labelled input (or `<textarea>` when `kind` is `"textarea"`) with its error below it,
/// linked by `aria-describedby`; shows the submitted value after a failed no-JS post.
#[component]
pub fn Field(
    state: FormState,
    /// HTML name, e.g. `form[evidence]`.
    #[prop(into)]
    name: String,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// `text`, `date`, `number`, `textarea`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional, into)] default: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] step: Option<String>,
) -> impl IntoView {
    let value = state.value(&name, &default);
    let err_id = error_id(&id);
    let hint_id = format!("{id}-hint");
    let has_hint = hint.is_some();
    let described = {
        let name = name.clone();
        let err_id = err_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if state.error(&name).is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = {
        let name = name.clone();
        move || state.error(&name).map(|_| "true")
    };
    let control = if kind == "textarea" {
        view! {
            <textarea id=id.clone() name=name.clone() rows="3" required=required
                aria-describedby=described aria-invalid=invalid>{value}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name.clone() type=kind value=value required=required step=step
                aria-describedby=described aria-invalid=invalid/>
        }
        .into_any()
    };
    let message = Signal::derive({
        let name = name.clone();
        move || state.error(&name)
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {control}
            <FieldError id=id message/>
        </div>
    }
}

/// A labelled `<select>` with its error below it.
#[component]
pub fn SelectField(
    state: FormState,
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// `(value, label)` pairs.
    options: Vec<(String, String)>,
    #[prop(optional, into)] default: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let value = state.value(&name, &default);
    let err_id = error_id(&id);
    let described = {
        let name = name.clone();
        move || state.error(&name).map(|_| err_id.clone())
    };
    let invalid = {
        let name = name.clone();
        move || state.error(&name).map(|_| "true")
    };
    let message = Signal::derive({
        let name = name.clone();
        move || state.error(&name)
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <select id=id.clone() name=name required=required aria-describedby=described aria-invalid=invalid>
                {options.into_iter().map(|(v, l)| {
                    let selected = v == value;
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <FieldError id=id message/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip() {
        let pairs = vec![
            ("form[note]".to_string(), "a&b=c %41 <é> +".to_string()),
            ("x".to_string(), String::new()),
        ];
        assert_eq!(decode_pairs(&encode_pairs(&pairs)), pairs);
        assert_eq!(decode_pairs(""), vec![]);
    }
}
