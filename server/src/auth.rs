//! The HTTP side of accounts: the middleware that turns the session cookie into an
//! [`app::auth::Ctx`] for every request, sign-in (`POST /masuk`) and sign-out (`POST /keluar`).
//! What a user may do is decided in `app::auth`, not here.

use std::net::{IpAddr, SocketAddr};

use app::auth::{self, CSRF_COOKIE, Ctx, SESSION_COOKIE, SESSION_TTL_SECS};
use app::forms::Submitted;
use app::i18n::Lang;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::forms::render_with;
use crate::routes::lang_of;

/// Cookie and proxy settings, from the environment.
#[derive(Clone, Copy, Debug, Default)]
pub struct AuthConfig {
    /// `PANTAU_SECURE_COOKIES=1`: cookies carry `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// `PANTAU_TRUST_PROXY=1`: the client address is the first of `X-Forwarded-For`.
    pub trust_proxy: bool,
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

impl AuthConfig {
    pub fn from_env() -> AuthConfig {
        AuthConfig {
            secure_cookies: env_flag("PANTAU_SECURE_COOKIES"),
            trust_proxy: env_flag("PANTAU_TRUST_PROXY"),
        }
    }

    /// Whether this request came over HTTPS (configured, or said so by the proxy).
    fn secure(&self, headers: &HeaderMap) -> bool {
        self.secure_cookies
            || headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
    }
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, `Secure` behind HTTPS.
fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn client_ip(req: &Request, cfg: &AuthConfig) -> Option<IpAddr> {
    if cfg.trust_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
    {
        return Some(ip);
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// Builds the [`Ctx`] of every request from the session cookie (expired, revoked or unknown
/// sessions: anonymous, and the cookie is cleared) and puts it into the request's extensions,
/// where handlers, server functions and pages find it. Anonymous visitors get a CSRF cookie.
pub async fn middleware(
    State((state, cfg)): State<(AppState, AuthConfig)>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/favicon.ico"
    {
        return next.run(req).await;
    }
    let now = chrono::Utc::now().timestamp();
    let secure = cfg.secure(req.headers());
    let ip = client_ip(&req, &cfg);
    let mut cookies = Vec::new();
    let mut ctx = None;
    if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match auth::lookup_session(&state.db, token, now).await {
            Ok(Some((session, user))) => {
                ctx = Some(Ctx {
                    user: Some(user),
                    session_id: Some(session.id),
                    csrf: session.csrf_token,
                    client_ip: ip,
                });
            }
            Ok(None) => cookies.push(set_cookie(SESSION_COOKIE, "", 0, secure)),
            Err(e) => tracing::error!(error = %e, "session look-up failed"),
        }
    }
    let ctx = ctx.unwrap_or_else(|| {
        let csrf = match cookie(req.headers(), CSRF_COOKIE).filter(|t| auth::is_token(t)) {
            Some(t) => t.to_owned(),
            None => {
                let t = auth::random_token();
                cookies.push(set_cookie(CSRF_COOKIE, &t, SESSION_TTL_SECS, secure));
                t
            }
        };
        Ctx {
            client_ip: ip,
            ..Ctx::anonymous(csrf)
        }
    });
    let signed_in = ctx.user.is_some();
    req.extensions_mut().insert(ctx);
    let mut res = next.run(req).await;
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    if signed_in {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    res
}

/// Logs every successful export (`/api/...` CSV and JSON) in the audit log: who (or `anonim`)
/// and the path with its query.
pub async fn audit_exports(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let actor = req
        .extensions()
        .get::<Ctx>()
        .map(Ctx::actor)
        .unwrap_or_else(|| Ctx::default().actor());
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let res = next.run(req).await;
    if res.status().is_success()
        && let Err(e) = app::db::audit::record(
            &state.db,
            &actor,
            "export",
            "export",
            &target,
            None::<&()>,
            None::<&()>,
            None,
        )
        .await
    {
        tracing::error!(error = %e, "cannot log an export");
    }
    res
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginBody {
    pub csrf: String,
    pub username: String,
    pub password: String,
    pub next: String,
}

/// A local path to return to after signing in (never another site).
fn safe_next(next: &str) -> String {
    let next = next.trim();
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

fn login_failure(body: &LoginBody, message: String) -> Submitted {
    Submitted {
        form: "login".into(),
        values: vec![
            ("username".into(), body.username.clone()),
            ("next".into(), body.next.clone()),
        ],
        errors: Default::default(),
        message: Some(message),
    }
}

/// `POST /masuk`: checks the CSRF token, the rate limit and the password; sets the session
/// cookie and answers 303 to `next`. Failures re-render the sign-in page (403, 429 or 401) with
/// the username kept.
pub async fn login(State(state): State<AppState>, req: Request) -> Response {
    let cfg = AuthConfig::from_env();
    let secure = cfg.secure(req.headers());
    let lang = lang_of(req.headers());
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or_default();
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let body: LoginBody = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    if !ctx.csrf_ok(&body.csrf) {
        let msg = app::forms::service::FormError::Csrf.message(lang);
        return render_with(
            state,
            parts,
            login_failure(&body, msg),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let now = chrono::Utc::now().timestamp();
    match auth::users::login(
        &state.db,
        &body.username,
        &body.password,
        ctx.client_ip,
        now,
    )
    .await
    {
        Ok((token, _, _)) => {
            let mut res = Redirect::to(&safe_next(&body.next)).into_response();
            *res.status_mut() = StatusCode::SEE_OTHER;
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(SESSION_COOKIE, &token, SESSION_TTL_SECS, secure),
            );
            res
        }
        Err(auth::users::LoginError::RateLimited) => {
            let msg = lang.tr(
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.",
                "Too many failed sign-in attempts. Try again in 15 minutes.",
            );
            render_with(
                state,
                parts,
                login_failure(&body, msg.into()),
                StatusCode::TOO_MANY_REQUESTS,
            )
            .await
        }
        Err(auth::users::LoginError::BadCredentials) => {
            let msg = lang.tr(
                "Nama pengguna atau kata sandi salah.",
                "Wrong username or password.",
            );
            render_with(
                state,
                parts,
                login_failure(&body, msg.into()),
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
        Err(auth::users::LoginError::Data(e)) => {
            tracing::error!(error = %e, "login failed");
            render_with(
                state,
                parts,
                login_failure(&body, e.message(lang.is_en())),
                StatusCode::INTERNAL_SERVER_ERROR,
            )
            .await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogoutBody {
    pub csrf: String,
}

/// `POST /keluar`: revokes the session (on every instance) and clears the cookie.
pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    let cfg = AuthConfig::from_env();
    let secure = cfg.secure(req.headers());
    let lang: Lang = lang_of(req.headers());
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or_default();
    let bytes = axum::body::to_bytes(req.into_body(), 16 * 1024)
        .await
        .unwrap_or_default();
    let body: LogoutBody = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let Some(session_id) = ctx.session_id else {
        return Redirect::to("/").into_response();
    };
    if !ctx.csrf_ok(&body.csrf) {
        return (
            StatusCode::FORBIDDEN,
            app::forms::service::FormError::Csrf.message(lang),
        )
            .into_response();
    }
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = auth::users::logout(&state.db, session_id, &ctx.actor(), now).await {
        tracing::error!(error = %e, "logout failed");
        return (StatusCode::INTERNAL_SERVER_ERROR, e.message(lang.is_en())).into_response();
    }
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    res.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, secure),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_the_site() {
        assert_eq!(safe_next("/unit/15.05-MPP"), "/unit/15.05-MPP");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example/"), "/");
        assert_eq!(safe_next(""), "/");
    }

    #[test]
    fn cookies_are_read() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("lang=en; pantau_session=abc"),
        );
        assert_eq!(cookie(&h, "pantau_session"), Some("abc"));
        assert_eq!(cookie(&h, "x"), None);
        let c = set_cookie("a", "b", 10, true);
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
    }
}
