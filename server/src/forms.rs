//! No-JavaScript form submissions: each form posts to its page's own path. The handler calls the
//! form's service (`app::forms::service`, the same one the `#[server]` functions call) and answers
//! 303 to the result page, or re-renders the same page, with the submitted values and the errors,
//! with status 422 (403 when refused, 409 on a version conflict).

use app::auth::Ctx;
use app::forms::service::{self, FormError};
use app::forms::{CommitmentForm, FollowUpForm, InspectionForm, ProgressForm, Submitted};
use app::shell;
use app::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::post;
use leptos::prelude::provide_context;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::routes::lang_of;

/// The no-JavaScript POST routes (same paths as the pages' GET routes).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/masuk", post(crate::auth::login))
        .route("/keluar", post(crate::auth::logout))
        .route("/keluar-semua", post(crate::auth::logout_everywhere))
        .route("/komitmen/{code}", post(progress))
        .route("/komitmen/{code}/baru", post(commitment))
        .route("/komitmen/{code}/ubah/{id}", post(commitment))
        .route("/temuan/{id}", post(follow_up))
        .route("/sidak/baru", post(inspection))
        .route(
            "/impor",
            post(import).layer(axum::extract::DefaultBodyLimit::max(IMPORT_MAX_BYTES)),
        )
}

/// The largest CSV file the upload page takes (a 100,000-row file is about 6 MB).
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// Longest value of a small multipart field (`csrf`, `kind`).
const SMALL_FIELD_BYTES: usize = 256;

/// Reads a multipart field piece by piece, at most `limit` bytes: `Err(413)` beyond (or beyond
/// the body limit), `Err(400)` when it cannot be read (broken multipart, body timeout).
async fn read_field(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: usize,
) -> Result<Vec<u8>, StatusCode> {
    let mut out = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => {
                if out.len() + chunk.len() > limit {
                    return Err(StatusCode::PAYLOAD_TOO_LARGE);
                }
                out.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(out),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(StatusCode::PAYLOAD_TOO_LARGE);
            }
            Err(_) => return Err(StatusCode::BAD_REQUEST),
        }
    }
}

/// `POST /impor` (multipart: `csrf`, `kind`, `file`): admin only; the whole file is checked
/// first, then imported in one transaction with its audit row. Answers the import page with the
/// report (200) or every problem by row and column (422); 403 when refused.
///
/// Nothing of the body is read before the role is checked, and nothing after the CSRF token
/// (the `X-CSRF-Token` header, or the first field, read up to 256 bytes) unless it is valid: an
/// anonymous upload is refused at once, whatever its size. The file is read piece by piece up
/// to [`IMPORT_MAX_BYTES`] (413 beyond).
async fn import(State(state): State<AppState>, req: Request) -> Response {
    use app::db::import::{ImportError, ImportKind, import_csv_as};
    let lang = lang_of(req.headers());
    let en = lang.is_en();
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or_default();
    let (parts, body) = req.into_parts();
    let refused = |message: String| {
        // A short page: the request is not echoed.
        crate::serve::plain_owned(StatusCode::FORBIDDEN, message)
    };
    if !ctx.can_import() {
        let m = lang.tr(
            "Anda tidak berhak mengimpor data.",
            "You may not import data.",
        );
        return refused(m.into());
    }
    let header_csrf = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut multipart =
        axum::extract::Multipart::from_request(Request::from_parts(parts.clone(), body), &state)
            .await
            .ok();
    let (mut kind, mut file, mut file_name) = (String::new(), Vec::new(), String::new());
    let mut csrf_ok = header_csrf.as_deref().is_some_and(|t| ctx.csrf_ok(t));
    let mut unreadable = multipart.is_none();
    let mut too_large = false;
    if let Some(multipart) = multipart.as_mut() {
        loop {
            match multipart.next_field().await {
                Ok(Some(mut field)) => {
                    let name = field.name().unwrap_or_default().to_string();
                    if !csrf_ok {
                        // The token must come first.
                        let token = if name == "csrf" {
                            read_field(&mut field, SMALL_FIELD_BYTES).await.ok()
                        } else {
                            None
                        };
                        let token = token.and_then(|t| String::from_utf8(t).ok());
                        if token.as_deref().is_some_and(|t| ctx.csrf_ok(t)) {
                            csrf_ok = true;
                            continue;
                        }
                        return refused(FormError::Csrf.message(lang));
                    }
                    match name.as_str() {
                        "file" => {
                            file_name = field
                                .file_name()
                                .unwrap_or("upload.csv")
                                .chars()
                                .take(200)
                                .collect();
                            match read_field(&mut field, IMPORT_MAX_BYTES).await {
                                Ok(b) => file = b,
                                Err(StatusCode::PAYLOAD_TOO_LARGE) => {
                                    too_large = true;
                                    break;
                                }
                                Err(_) => {
                                    unreadable = true;
                                    break;
                                }
                            }
                        }
                        "kind" => {
                            kind = read_field(&mut field, SMALL_FIELD_BYTES)
                                .await
                                .ok()
                                .and_then(|b| String::from_utf8(b).ok())
                                .unwrap_or_default();
                        }
                        _ => {
                            if read_field(&mut field, SMALL_FIELD_BYTES).await.is_err() {
                                unreadable = true;
                                break;
                            }
                        }
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    // The parser reads ahead: the body limit may be met between fields.
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large = true;
                    } else {
                        unreadable = true;
                    }
                    break;
                }
            }
        }
    }
    if too_large {
        let m = lang.tr(
            "Berkas terlalu besar (batas 32 MB).",
            "The file is too large (limit 32 MB).",
        );
        return crate::serve::plain_owned(StatusCode::PAYLOAD_TOO_LARGE, m.into());
    }
    if !csrf_ok {
        return refused(FormError::Csrf.message(lang));
    }
    let answer = |status: StatusCode, message: String, problems: Vec<String>| {
        let submitted = Submitted {
            form: "import".into(),
            values: vec![("kind".into(), kind.clone())],
            errors: app::forms::FieldErrors(
                problems.into_iter().map(|p| ("file".into(), p)).collect(),
            ),
            message: Some(message),
        };
        render_with(state.clone(), parts.clone(), submitted, status)
    };
    let Some(kind_value) = ImportKind::parse(&kind) else {
        let m = lang.tr(
            "Pilih jenis data yang diimpor.",
            "Choose the kind of data to import.",
        );
        return answer(StatusCode::UNPROCESSABLE_ENTITY, m.into(), vec![]).await;
    };
    if unreadable || file.is_empty() {
        let m = lang.tr(
            "Berkas tidak terbaca atau kosong (batas 32 MB).",
            "The file could not be read or is empty (limit 32 MB).",
        );
        return answer(StatusCode::UNPROCESSABLE_ENTITY, m.into(), vec![]).await;
    }
    match import_csv_as(
        &state.db,
        kind_value,
        &file,
        &ctx.actor(),
        &file_name,
        &|_, _, _| {},
    )
    .await
    {
        Ok(report) => answer(StatusCode::OK, report.message(kind_value, en), vec![]).await,
        Err(e @ ImportError::Rejected { .. }) => {
            answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                e.summary(en),
                e.messages(en),
            )
            .await
        }
        Err(ImportError::Data(e)) => {
            // An outage (503) or a bug (500): noted for the request's one log line.
            let e = app::error::AppError::from(e);
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            answer(status, e.message(lang), vec![]).await
        }
    }
}

/// Renders the app for `parts` (as a GET) with `submitted` in the request's extensions, and
/// answers with `status`.
pub async fn render_with(
    state: AppState,
    mut parts: Parts,
    submitted: Submitted,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.extensions.insert(submitted);
    let req = Request::from_parts(parts, Body::empty());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    let mut res = handler(req).await;
    *res.status_mut() = status;
    res
}

#[derive(Deserialize)]
#[serde(bound = "T: DeserializeOwned + Default")]
struct Envelope<T> {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    form: T,
}

fn see_other(path: &str) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(v) = HeaderValue::from_str(path) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// Parses the body (`csrf`, `form[...]`), runs `service`, answers.
async fn handle<T, F, Fut>(state: AppState, req: Request, form_id: &'static str, run: F) -> Response
where
    T: DeserializeOwned + Default,
    F: FnOnce(Ctx, DatabaseConnection, app::i18n::Lang, String, T) -> Fut,
    Fut: Future<Output = Result<String, FormError>>,
{
    let lang = lang_of(req.headers());
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or_default();
    let (parts, body) = req.into_parts();
    // The edge middleware has read and checked the body already (size, UTF-8, control
    // characters); this bound only guards a handler mounted without it.
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return crate::serve::plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "Isian formulir terlalu besar.",
            "The form is too large.",
        );
    };
    let values = echo_values(&bytes);
    let parsed = serde_qs::Config::new(5, false).deserialize_bytes::<Envelope<T>>(&bytes);
    let result = match parsed {
        Ok(env) => run(ctx, state.db.clone(), lang, env.csrf, env.form).await,
        Err(_) => {
            // Unparseable input still has to pass the CSRF check first.
            let csrf = values_csrf(&bytes);
            if !ctx.csrf_ok(&csrf) {
                Err(FormError::Csrf)
            } else {
                Err(FormError::BadRequest(app::error::Localized::new(
                    "Isian formulir tidak dapat dibaca.",
                    "The form could not be read.",
                )))
            }
        }
    };
    match result {
        Ok(path) => see_other(&path),
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let submitted = Submitted {
                form: form_id.into(),
                values,
                errors: e.errors(),
                message: Some(e.message(lang)),
            };
            let mut res = render_with(state, parts, submitted, status).await;
            if status == StatusCode::SERVICE_UNAVAILABLE {
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(app::error::RETRY_AFTER_SECONDS),
                );
            }
            res
        }
    }
}

/// Longest echoed value (characters) and most echoed bytes in all when a form is shown again.
const ECHO_VALUE_CHARS: usize = 4_000;
const ECHO_TOTAL_BYTES: usize = 64 * 1024;

/// The submitted values to show again with the errors (without the CSRF token): each value cut
/// to [`ECHO_VALUE_CHARS`], and no more than [`ECHO_TOTAL_BYTES`] in all, so that an error page
/// never grows with the request.
fn echo_values(bytes: &[u8]) -> Vec<(String, String)> {
    let mut total = 0;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "csrf")
        .map(|(k, v)| {
            let k: String = k.chars().take(200).collect();
            let v: String = v.chars().take(ECHO_VALUE_CHARS).collect();
            (k, v)
        })
        .take_while(|(k, v)| {
            total += k.len() + v.len();
            total <= ECHO_TOTAL_BYTES
        })
        .collect()
}

fn values_csrf(bytes: &[u8]) -> String {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v)
        .unwrap_or_default()
}

async fn progress(State(state): State<AppState>, req: Request) -> Response {
    handle(
        state,
        req,
        "progress",
        |ctx, db, lang, csrf, form: ProgressForm| async move {
            service::progress(&ctx, &db, lang, &csrf, &form).await
        },
    )
    .await
}

async fn follow_up(State(state): State<AppState>, req: Request) -> Response {
    handle(
        state,
        req,
        "follow_up",
        |ctx, db, lang, csrf, form: FollowUpForm| async move {
            service::follow_up(&ctx, &db, lang, &csrf, &form).await
        },
    )
    .await
}

async fn commitment(State(state): State<AppState>, req: Request) -> Response {
    handle(
        state,
        req,
        "commitment",
        |ctx, db, lang, csrf, form: CommitmentForm| async move {
            service::commitment(&ctx, &db, lang, &csrf, &form).await
        },
    )
    .await
}

async fn inspection(State(state): State<AppState>, req: Request) -> Response {
    handle(
        state,
        req,
        "inspection",
        |ctx, db, lang, csrf, form: InspectionForm| async move {
            service::inspection(&ctx, &db, lang, &csrf, &form).await
        },
    )
    .await
}
