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
use axum::extract::{Request, State};
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
        .route("/komitmen/{code}", post(progress))
        .route("/komitmen/{code}/baru", post(commitment))
        .route("/komitmen/{code}/ubah/{id}", post(commitment))
        .route("/temuan/{id}", post(follow_up))
        .route("/sidak/baru", post(inspection))
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
    let bytes = axum::body::to_bytes(body, 1024 * 1024)
        .await
        .unwrap_or_default();
    let values: Vec<(String, String)> =
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .unwrap_or_default()
            .into_iter()
            .filter(|(k, _)| k != "csrf")
            .collect();
    let parsed = serde_qs::Config::new(5, false).deserialize_bytes::<Envelope<T>>(&bytes);
    let result = match parsed {
        Ok(env) => run(ctx, state.db.clone(), lang, env.csrf, env.form).await,
        Err(_) => {
            // Unparseable input still has to pass the CSRF check first.
            let csrf = values_csrf(&bytes);
            if !ctx.csrf_ok(&csrf) {
                Err(FormError::Csrf)
            } else {
                Err(FormError::Message(
                    lang.tr(
                        "Isian formulir tidak dapat dibaca.",
                        "The form could not be read.",
                    )
                    .into(),
                    400,
                ))
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
            render_with(state, parts, submitted, status).await
        }
    }
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
