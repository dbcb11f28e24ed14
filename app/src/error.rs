//! The application's one error type, [`AppError`], used by the server functions (it implements
//! Leptos' [`FromServerFnError`]), the axum handlers (`IntoResponse` with its status), the forms
//! and the imports.
//!
//! What a user reads comes from [`AppError::message`], localized and free of internals. A failure
//! of ours ([`AppError::Unavailable`], [`AppError::Internal`]) carries only the request id; its
//! cause is noted for that request and logged once, with the id, by the request-id middleware
//! (`server::request_id`).

use crate::forms::FieldErrors;
use crate::i18n::Lang;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A text in both interface languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    pub id: String,
    pub en: String,
}

impl Localized {
    pub fn new(id: impl Into<String>, en: impl Into<String>) -> Localized {
        Localized {
            id: id.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        if lang.is_en() { &self.en } else { &self.id }
    }
}

/// Why a request failed, with its HTTP status ([`AppError::status`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Unknown page, code or record; also what an anonymous visitor learns about hidden records (404).
    #[error("not found")]
    NotFound,
    /// Signed in, but not allowed; or not signed in for a write (403).
    #[error("forbidden")]
    Forbidden,
    /// Missing or wrong CSRF token (403).
    #[error("CSRF token missing or wrong")]
    Csrf,
    /// A malformed request: a parameter that does not parse, a missing argument (400).
    #[error("bad request: {}", .0.en)]
    BadRequest(Localized),
    /// The record changed meanwhile, or exists already (409).
    #[error("conflict: {}", .0.en)]
    Conflict(Localized),
    /// Field errors of a form (422).
    #[error("invalid fields")]
    Fields(FieldErrors),
    /// Input that parses but cannot be accepted (422).
    #[error("invalid: {}", .0.en)]
    Invalid(Localized),
    /// The database (or another service we need) does not answer: try again later (503).
    #[error("service unavailable (request {request_id})")]
    Unavailable { request_id: String },
    /// A bug of ours (500).
    #[error("internal error (request {request_id})")]
    Internal { request_id: String },
}

/// Seconds a client is asked to wait before retrying after a 503.
pub const RETRY_AFTER_SECONDS: u32 = 5;

impl AppError {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Forbidden | AppError::Csrf => 403,
            AppError::BadRequest(_) => 400,
            AppError::Conflict(_) => 409,
            AppError::Fields(_) | AppError::Invalid(_) => 422,
            AppError::Unavailable { .. } => 503,
            AppError::Internal { .. } => 500,
        }
    }

    /// A malformed parameter, e.g. `bad_parameter("year=abc")`.
    pub fn bad_parameter(detail: impl std::fmt::Display) -> AppError {
        AppError::BadRequest(Localized::new(
            format!("Permintaan tidak valid: {detail}"),
            format!("Invalid request: {detail}"),
        ))
    }

    /// The request id of a failure of ours.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            AppError::Unavailable { request_id } | AppError::Internal { request_id } => {
                Some(request_id)
            }
            _ => None,
        }
    }

    /// Short title of an error page.
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            AppError::NotFound => lang.tr("Halaman tidak ditemukan", "Page not found"),
            AppError::Forbidden | AppError::Csrf => lang.tr("Akses ditolak", "Access denied"),
            AppError::BadRequest(_) => lang.tr("Permintaan tidak valid", "Invalid request"),
            AppError::Conflict(_) => lang.tr("Data berubah", "Data changed"),
            AppError::Fields(_) | AppError::Invalid(_) => {
                lang.tr("Isian tidak dapat diterima", "Input not accepted")
            }
            AppError::Unavailable { .. } => lang.tr(
                "Layanan sementara tidak tersedia",
                "Service temporarily unavailable",
            ),
            AppError::Internal { .. } => lang.tr("Terjadi kesalahan", "Something went wrong"),
        }
    }

    /// What the user reads: localized, never internals. Failures of ours name the request id.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => lang
                .tr(
                    "Alamat, kode wilayah atau data ini tidak dikenal.",
                    "This address, region code or record is unknown.",
                )
                .to_owned(),
            AppError::Forbidden => lang
                .tr(
                    "Anda tidak berwenang membuka atau mengubah data ini.",
                    "You are not allowed to open or change this data.",
                )
                .to_owned(),
            AppError::Csrf => lang
                .tr(
                    "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman, lalu kirim lagi.",
                    "This form has expired or is not valid. Reload the page and submit again.",
                )
                .to_owned(),
            AppError::Fields(_) => lang
                .tr(
                    "Periksa kembali isian yang ditandai.",
                    "Please check the marked fields.",
                )
                .to_owned(),
            AppError::BadRequest(m) | AppError::Conflict(m) | AppError::Invalid(m) => {
                m.get(lang).to_owned()
            }
            AppError::Unavailable { request_id } => match lang {
                Lang::Id => format!(
                    "Basis data sedang tidak dapat dihubungi. Silakan coba lagi dalam beberapa saat. \
                     (Kode permintaan: {request_id})"
                ),
                Lang::En => format!(
                    "The database cannot be reached at the moment. Please try again shortly. \
                     (Request id: {request_id})"
                ),
            },
            AppError::Internal { request_id } => match lang {
                Lang::Id => format!(
                    "Terjadi kesalahan pada Pantau. Kesalahan ini sudah dicatat; sebutkan kode \
                     permintaan {request_id} bila menghubungi kami."
                ),
                Lang::En => format!(
                    "Something went wrong in Pantau. The error has been logged; quote request id \
                     {request_id} when you contact us."
                ),
            },
        }
    }

    /// The field errors of a form error (empty for the others).
    pub fn errors(&self) -> FieldErrors {
        match self {
            AppError::Fields(e) => e.clone(),
            _ => FieldErrors::default(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Framework errors: a missing or malformed argument is the client's fault (400); the rest
    /// (network, (de)serialization of our own values) is ours.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match &value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                AppError::BadRequest(Localized::new(
                    "Permintaan tidak lengkap atau tidak valid.",
                    "The request is incomplete or malformed.",
                ))
            }
            ServerFnErrorErr::Request(_) => AppError::Unavailable {
                request_id: current_request_id(),
            },
            _ => internal(format!("server function: {value}")),
        };
        #[cfg(feature = "ssr")]
        set_response_status(&error);
        error
    }

    /// Serialized once per failed server-function call on the server: the place to set the
    /// HTTP status of the answer.
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        set_response_status(self);
        <JsonEncoding as leptos::server_fn::Encodes<AppError>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(b"\"NotFound\""))
    }
}

/// A bug of ours: notes the cause for this request and answers with its id.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    note_failure(&cause.to_string());
    AppError::Internal {
        request_id: current_request_id(),
    }
}

/// An outage of a service we depend on (the database): notes the cause, answers with the id.
pub fn unavailable(cause: impl std::fmt::Display) -> AppError {
    note_failure(&cause.to_string());
    AppError::Unavailable {
        request_id: current_request_id(),
    }
}

// ---------------------------------------------------------------------------------------------
// Request ids and the one log line per failed request
// ---------------------------------------------------------------------------------------------

/// The id of the current request (set by the request-id middleware), in the request's
/// extensions and, inside its task, in a task-local.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// The cause of the current request's failure, shared between the code that fails (which
/// notes it) and the middleware (which logs it once, with the request id).
#[derive(Clone, Debug, Default)]
pub struct FailureNote(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl FailureNote {
    /// Records the cause; the first one of a request wins.
    pub fn note(&self, cause: &str) {
        if let Ok(mut slot) = self.0.lock()
            && slot.is_none()
        {
            *slot = Some(cause.to_owned());
        }
    }

    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// What the middleware puts in a task-local for the request's own task.
#[derive(Clone, Debug)]
pub struct RequestScope {
    pub id: RequestId,
    pub note: FailureNote,
}

#[cfg(feature = "ssr")]
tokio::task_local! {
    /// The request being served by this task (axum handlers run in the request's task; Leptos
    /// renders and server functions find the same values in the request's extensions).
    pub static REQUEST: RequestScope;
}

#[cfg(feature = "ssr")]
fn scope() -> Option<RequestScope> {
    if let Ok(scope) = REQUEST.try_with(Clone::clone) {
        return Some(scope);
    }
    let parts = leptos::prelude::use_context::<http::request::Parts>()?;
    Some(RequestScope {
        id: parts.extensions.get::<RequestId>()?.clone(),
        note: parts
            .extensions
            .get::<FailureNote>()
            .cloned()
            .unwrap_or_default(),
    })
}

/// A fresh request id: 16 hexadecimal digits.
#[cfg(feature = "ssr")]
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        bytes = COUNTER
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .to_be_bytes();
    }
    hex::encode(bytes)
}

/// The current request's id (`-` outside a request).
pub fn current_request_id() -> String {
    #[cfg(feature = "ssr")]
    if let Some(scope) = scope() {
        return scope.id.0;
    }
    "-".to_owned()
}

/// Notes the cause of the current request's failure; outside a request (commands, tests
/// without the middleware) it is logged at once.
pub fn note_failure(cause: &str) {
    #[cfg(feature = "ssr")]
    {
        match scope() {
            Some(scope) => scope.note.note(cause),
            None => tracing::error!(request_id = "-", cause, "request failed"),
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = cause;
}

/// Sets the status (and `Retry-After` for 503) of the current Leptos response.
#[cfg(feature = "ssr")]
pub fn set_response_status(error: &AppError) {
    if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = http::StatusCode::from_u16(error.status()) {
            res.set_status(status);
        }
        if matches!(error, AppError::Unavailable { .. }) {
            res.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(RETRY_AFTER_SECONDS),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Server side: from the data layer, into axum responses
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "ssr")]
impl From<crate::db::DataError> for AppError {
    fn from(e: crate::db::DataError) -> Self {
        use crate::db::DataError as D;
        let both = |e: &D| Localized::new(e.message(false), e.message(true));
        match &e {
            D::UnknownRegion(_) | D::UnknownUnit(_) | D::NotFound => AppError::NotFound,
            D::Duplicate { .. } | D::VersionConflict => AppError::Conflict(both(&e)),
            D::Invalid { .. } => AppError::BadRequest(both(&e)),
            D::OutOfRange { .. } | D::WrongRegency { .. } => AppError::Invalid(both(&e)),
            D::Db(db) if crate::db::is_unavailable(db) => unavailable(&e),
            D::Db(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        crate::db::DataError::from(e).into()
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// The answer of an axum handler: the status, `Retry-After` on 503, and a JSON body with
    /// the localized message (and the request id of failures of ours).
    pub fn into_response_for(self, lang: Lang) -> axum::response::Response {
        use axum::response::IntoResponse;
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = serde_json::json!({ "error": self.message(lang) });
        if let Some(id) = self.request_id() {
            body["request_id"] = serde_json::Value::from(id);
        }
        let mut response = (status, axum::Json(body)).into_response();
        if matches!(self, AppError::Unavailable { .. }) {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        self.into_response_for(Lang::Id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_truthful() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::bad_parameter("year=abc").status(), 400);
        let missing = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("id".into()));
        assert_eq!(missing.status(), 400);
        let unavailable = AppError::Unavailable {
            request_id: "r1".into(),
        };
        assert_eq!(unavailable.status(), 503);
        assert!(unavailable.message(Lang::Id).contains("r1"));
        assert!(unavailable.message(Lang::En).contains("r1"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn driver_errors_never_reach_the_message() {
        use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};
        let down: AppError = DbErr::ConnectionAcquire(ConnAcquireErr::Timeout).into();
        assert_eq!(down.status(), 503);
        let bug: AppError = DbErr::Query(RuntimeErr::Internal("no such table: mou".into())).into();
        assert_eq!(bug.status(), 500);
        for e in [down, bug] {
            for lang in [Lang::Id, Lang::En] {
                let m = e.message(lang);
                assert!(
                    !m.contains("pool") && !m.contains("mou") && !m.contains("Query"),
                    "{m}"
                );
            }
        }
    }
}
