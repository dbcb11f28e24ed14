//! The HTTP side of accounts: the middleware that turns the session cookie into an
//! [`app::auth::Ctx`] for every request, sign-in (`POST /masuk`), sign-out (`POST /keluar`) and
//! "sign out everywhere" (`POST /keluar-semua`). What a user may do is decided in `app::auth`,
//! not here.
//!
//! Behind a reverse proxy, `PANTAU_TRUSTED_PROXIES` lists the proxies' addresses (or CIDR
//! ranges): only a request whose socket peer is one of them has its `X-Forwarded-For` and
//! `X-Forwarded-Proto` read, and the client is the right-most `X-Forwarded-For` entry that is not
//! a trusted proxy (entries further left were written by the client and prove nothing).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::auth::{
    self, CSRF_COOKIE, CSRF_COOKIE_SECURE, CSRF_SECRET, Ctx, SESSION_COOKIE, SESSION_COOKIE_SECURE,
    SESSION_TTL_SECS,
};
use app::forms::Submitted;
use app::i18n::Lang;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::forms::render_with;
use crate::routes::lang_of;

/// An address range of trusted proxies (`10.0.0.0/8`, `::1`, `127.0.0.1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses `addr` or `addr/prefix`.
    pub fn parse(s: &str) -> Option<IpNet> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (s.parse::<IpAddr>().ok()?, None),
        };
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// Cookie and proxy settings, from the environment.
#[derive(Clone, Debug, Default)]
pub struct AuthConfig {
    /// `PANTAU_SECURE_COOKIES=1`: the site is served over HTTPS: cookies carry `Secure` and the
    /// `__Host-` prefix, whatever the request says.
    pub secure_cookies: bool,
    /// `PANTAU_TRUSTED_PROXIES`: comma-separated addresses or CIDR ranges of the reverse proxies
    /// in front of Pantau. Empty: no proxy, `X-Forwarded-*` headers are ignored.
    pub trusted_proxies: Vec<IpNet>,
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

impl AuthConfig {
    pub fn from_env() -> AuthConfig {
        let mut cfg = AuthConfig {
            secure_cookies: env_flag("PANTAU_SECURE_COOKIES"),
            trusted_proxies: Vec::new(),
        };
        if let Ok(list) = std::env::var("PANTAU_TRUSTED_PROXIES") {
            match AuthConfig::parse_proxies(&list) {
                Ok(nets) => cfg.trusted_proxies = nets,
                Err(bad) => {
                    tracing::error!(entry = %bad, "PANTAU_TRUSTED_PROXIES: not an address or CIDR range; no proxy is trusted");
                }
            }
        }
        if env_flag("PANTAU_TRUST_PROXY") {
            // The old switch: a proxy on the same machine (loopback).
            tracing::warn!(
                "PANTAU_TRUST_PROXY=1 is replaced by PANTAU_TRUSTED_PROXIES; trusting a proxy on 127.0.0.1 and ::1"
            );
            cfg.trusted_proxies
                .extend(["127.0.0.1", "::1"].iter().filter_map(|a| IpNet::parse(a)));
        }
        cfg
    }

    /// Parses a comma- or space-separated list; `Err` names the first bad entry.
    pub fn parse_proxies(list: &str) -> Result<Vec<IpNet>, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| IpNet::parse(s).ok_or_else(|| s.to_owned()))
            .collect()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|n| n.contains(ip))
    }

    /// The client's address: the socket peer, or — when the peer is a trusted proxy — the
    /// right-most `X-Forwarded-For` entry that is not a trusted proxy.
    pub fn client_ip(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?.to_canonical();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let entries: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let mut client = peer;
        for entry in entries.iter().rev() {
            match entry.trim().parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip.to_canonical();
                    if !self.trusts(client) {
                        return Some(client);
                    }
                }
                // Garbage: the hop we trust last vouches for nothing beyond it.
                Err(_) => return Some(client),
            }
        }
        Some(client)
    }

    /// Whether this request came over HTTPS: configured, or said so by a trusted proxy.
    pub fn secure(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> bool {
        self.secure_cookies
            || (peer.is_some_and(|p| self.trusts(p))
                && headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.rsplit(',').next())
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("https")))
    }
}

/// How the current request reached us (put into the request's extensions by [`middleware`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Transport {
    /// Over HTTPS: cookies get `Secure` and the `__Host-` names.
    pub secure: bool,
}

impl Transport {
    pub fn session_cookie(self) -> &'static str {
        if self.secure {
            SESSION_COOKIE_SECURE
        } else {
            SESSION_COOKIE
        }
    }

    pub fn csrf_cookie(self) -> &'static str {
        if self.secure {
            CSRF_COOKIE_SECURE
        } else {
            CSRF_COOKIE
        }
    }
}

/// State of the [`middleware`]: the app, the settings and the CSRF signing secret (read from
/// the database once per router; the same on every instance).
#[derive(Clone)]
pub struct AuthState {
    pub app: AppState,
    pub cfg: Arc<AuthConfig>,
    secret: Arc<tokio::sync::OnceCell<String>>,
}

impl AuthState {
    pub fn new(app: AppState, cfg: AuthConfig) -> AuthState {
        AuthState {
            app,
            cfg: Arc::new(cfg),
            secret: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    async fn csrf_secret(&self) -> Result<&str, app::db::DataError> {
        self.secret
            .get_or_try_init(|| auth::counter::secret(&self.app.db, CSRF_SECRET))
            .await
            .map(String::as_str)
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

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/ (no Domain), `Secure` behind HTTPS.
fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// 503 with `Retry-After`: the database cannot say who is signed in, so nobody is treated as
/// anonymous (a signed-in user's form would fail its CSRF check and show "Masuk").
/// The cause is noted for the request's one log line (with its id, which the answer names).
fn unavailable(lang: Lang, cause: impl std::fmt::Display) -> Response {
    let mut res = app::error::unavailable(cause).into_response_for(lang);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Builds the [`Ctx`] of every request from the session cookie (expired, idle, revoked or
/// unknown sessions: anonymous, and the cookie is cleared; a failed look-up: 503) and puts it
/// into the request's extensions, where handlers, server functions and pages find it, with the
/// [`Transport`]. Anonymous visitors get a signed CSRF cookie.
pub async fn middleware(State(st): State<AuthState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/favicon.ico"
    {
        return next.run(req).await;
    }
    let now = chrono::Utc::now().timestamp();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let transport = Transport {
        secure: st.cfg.secure(peer, req.headers()),
    };
    let secure = transport.secure;
    let ip = st.cfg.client_ip(peer, req.headers());
    let lang = lang_of(req.headers());
    let mut cookies = Vec::new();
    let mut ctx = None;
    if let Some(token) = cookie(req.headers(), transport.session_cookie()) {
        match auth::lookup_session(&st.app.db, token, now).await {
            Ok(Some((session, user))) => {
                ctx = Some(Ctx {
                    user: Some(user),
                    session_id: Some(session.id),
                    csrf: session.csrf_token,
                    client_ip: ip,
                });
            }
            Ok(None) => cookies.push(set_cookie(transport.session_cookie(), "", 0, secure)),
            Err(e) => {
                return unavailable(lang, format_args!("session look-up failed: {e}"));
            }
        }
    }
    let ctx = match ctx {
        Some(ctx) => ctx,
        None => {
            let secret = match st.csrf_secret().await {
                Ok(s) => s,
                Err(e) => {
                    return unavailable(lang, format_args!("cannot read the CSRF secret: {e}"));
                }
            };
            let csrf = match cookie(req.headers(), transport.csrf_cookie())
                .filter(|t| auth::csrf_token_signed(secret, t))
            {
                Some(t) => t.to_owned(),
                None => {
                    let t = auth::new_csrf_token(secret);
                    cookies.push(set_cookie(
                        transport.csrf_cookie(),
                        &t,
                        SESSION_TTL_SECS,
                        secure,
                    ));
                    t
                }
            };
            Ctx {
                client_ip: ip,
                ..Ctx::anonymous(csrf)
            }
        }
    };
    let signed_in = ctx.user.is_some();
    req.extensions_mut().insert(ctx);
    req.extensions_mut().insert(transport);
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

/// The export's path with only the query parameters the exports read, in a fixed order and only
/// with well-formed values: what an anonymous export is counted under (a client cannot make new
/// audit rows by adding parameters).
fn export_target(path: &str, query: Option<&str>) -> String {
    let pairs: Vec<(String, String)> = query
        .map(|q| serde_urlencoded::from_str(q).unwrap_or_default())
        .unwrap_or_default();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
    let mut kept = Vec::new();
    if let Some(y) =
        get("year").filter(|y| y.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y)))
    {
        kept.push(("year", y.to_owned()));
    }
    if let Some(p) =
        get("province").filter(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        kept.push(("province", p.to_owned()));
    }
    if let Some(k) = get("kind").filter(|k| matches!(*k, "kabupaten" | "kota")) {
        kept.push(("kind", k.to_owned()));
    }
    if let Some(o) = get("order").filter(|o| *o == "asc") {
        kept.push(("order", o.to_owned()));
    }
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&kept).unwrap_or_default()
        )
    }
}

/// Logs successful exports (`/api/...` CSV and JSON) in the audit log. A signed-in user's export
/// is one row (who, path and query). Anonymous exports are counted, not listed: one row per
/// export target and UTC day whose detail holds the count, so anonymous requests cannot grow
/// the log.
pub async fn audit_exports(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let actor = req
        .extensions()
        .get::<Ctx>()
        .filter(|c| c.user.is_some())
        .map(Ctx::actor);
    let target = match &actor {
        Some(_) => req
            .uri()
            .path_and_query()
            .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned()),
        None => export_target(req.uri().path(), req.uri().query()),
    };
    let res = next.run(req).await;
    if !res.status().is_success() {
        return res;
    }
    let now = chrono::Utc::now().timestamp();
    let logged = match actor {
        Some(actor) => {
            app::db::audit::record(
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
        }
        None => auth::counter::audit_aggregated(
            &state.db,
            &Ctx::default().actor(),
            "export",
            "export",
            &target,
            now,
            |n| format!("{n} unduhan anonim hari ini (UTC)"),
        )
        .await
        .map(|_| ()),
    };
    if let Err(e) = logged {
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

/// A local path to return to after signing in (never another site): it must start with exactly
/// one `/` and consist of printable ASCII only — no `\`, no whitespace or control characters
/// (browsers drop a tab or newline and read `/\t/evil.example` as `//evil.example`), and parse
/// as a URI path. Anything else: `/`.
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && next.len() <= 2048
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && next.parse::<axum::http::uri::PathAndQuery>().is_ok();
    if local {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

fn see_other(location: &str) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::SEE_OTHER;
    res.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(location).unwrap_or_else(|_| HeaderValue::from_static("/")),
    );
    res
}

fn login_failure(body: &LoginBody, message: String) -> Submitted {
    let username: String = body.username.chars().take(64).collect();
    let next = if safe_next(&body.next) == body.next {
        body.next.clone()
    } else {
        String::new()
    };
    Submitted {
        form: "login".into(),
        values: vec![("username".into(), username), ("next".into(), next)],
        errors: Default::default(),
        message: Some(message),
    }
}

/// `POST /masuk`: checks the CSRF token, the username's shape, the rate limit (counted before
/// the password), then the password; revokes the browser's previous session, sets the new
/// session cookie and answers 303 to `next`. Failures re-render the sign-in page (403, 400, 429
/// with `Retry-After`, or 401) with the username kept.
pub async fn login(State(state): State<AppState>, req: Request) -> Response {
    let transport = req
        .extensions()
        .get::<Transport>()
        .copied()
        .unwrap_or_default();
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
    let outcome = auth::users::login(
        &state.db,
        &body.username,
        &body.password,
        ctx.client_ip,
        ctx.session_id,
        now,
    )
    .await;
    let (status, msg, retry_after) = match outcome {
        Ok((token, _, _)) => {
            let mut res = see_other(&safe_next(&body.next));
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(
                    transport.session_cookie(),
                    &token,
                    SESSION_TTL_SECS,
                    transport.secure,
                ),
            );
            return res;
        }
        Err(auth::users::LoginError::InvalidUsername) => (
            StatusCode::BAD_REQUEST,
            lang.tr(
                "Nama pengguna tidak valid: 3–64 karakter berupa huruf kecil, angka, '.', '_' atau '-'.",
                "Invalid username: 3–64 characters, lowercase letters, digits, '.', '_' or '-'.",
            )
            .to_owned(),
            None,
        ),
        Err(auth::users::LoginError::RateLimited { retry_after }) => (
            StatusCode::TOO_MANY_REQUESTS,
            lang.tr(
                "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.",
                "Too many failed sign-in attempts. Try again in 15 minutes.",
            )
            .to_owned(),
            Some(retry_after),
        ),
        Err(auth::users::LoginError::BadCredentials) => (
            StatusCode::UNAUTHORIZED,
            lang.tr(
                "Nama pengguna atau kata sandi salah.",
                "Wrong username or password.",
            )
            .to_owned(),
            None,
        ),
        Err(auth::users::LoginError::Data(e)) => {
            if matches!(e, app::db::DataError::Db(_)) {
                return unavailable(lang, format_args!("login failed: {e}"));
            }
            tracing::error!(error = %e, "login failed");
            (StatusCode::INTERNAL_SERVER_ERROR, e.message(lang.is_en()), None)
        }
    };
    let mut res = render_with(state, parts, login_failure(&body, msg), status).await;
    if let Some(secs) = retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogoutBody {
    pub csrf: String,
}

/// Reads a small form body and checks its CSRF token against the signed-in session; `Err` is
/// the answer (not signed in: 303 to `/`; bad token: 403).
async fn signed_in_form(req: Request) -> Result<(Ctx, Transport), Response> {
    let lang: Lang = lang_of(req.headers());
    let transport = req
        .extensions()
        .get::<Transport>()
        .copied()
        .unwrap_or_default();
    let ctx = req.extensions().get::<Ctx>().cloned().unwrap_or_default();
    let bytes = axum::body::to_bytes(req.into_body(), 16 * 1024)
        .await
        .unwrap_or_default();
    let body: LogoutBody = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    if ctx.session_id.is_none() {
        return Err(see_other("/"));
    }
    if !ctx.csrf_ok(&body.csrf) {
        return Err((
            StatusCode::FORBIDDEN,
            app::forms::service::FormError::Csrf.message(lang),
        )
            .into_response());
    }
    Ok((ctx, transport))
}

fn signed_out(transport: Transport) -> Response {
    let mut res = see_other("/");
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(transport.session_cookie(), "", 0, transport.secure),
    );
    res
}

/// `POST /keluar`: revokes this browser's session (on every instance) and clears the cookie.
pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    let lang: Lang = lang_of(req.headers());
    let (ctx, transport) = match signed_in_form(req).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    let Some(session_id) = ctx.session_id else {
        return see_other("/");
    };
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = auth::users::logout(&state.db, session_id, &ctx.actor(), now).await {
        return unavailable(lang, format_args!("logout failed: {e}"));
    }
    signed_out(transport)
}

/// `POST /keluar-semua` ("sign out everywhere", a form on the sign-in page for signed-in users):
/// revokes every session of the user, on every device and instance.
pub async fn logout_everywhere(State(state): State<AppState>, req: Request) -> Response {
    let lang: Lang = lang_of(req.headers());
    let (ctx, transport) = match signed_in_form(req).await {
        Ok(x) => x,
        Err(res) => return res,
    };
    let Some(user) = ctx.user.as_ref() else {
        return see_other("/");
    };
    let now = chrono::Utc::now().timestamp();
    if let Err(e) = auth::users::logout_everywhere(&state.db, user.id, &ctx.actor(), now).await {
        return unavailable(lang, format_args!("logout everywhere failed: {e}"));
    }
    signed_out(transport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_the_site() {
        assert_eq!(safe_next("/unit/15.05-MPP"), "/unit/15.05-MPP");
        assert_eq!(
            safe_next("/?year=2024&province=15"),
            "/?year=2024&province=15"
        );
        for evil in [
            "//evil.example",
            "https://evil.example/",
            "",
            "/\t/evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\u{b}/evil.example",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "evil",
        ] {
            assert_eq!(safe_next(evil), "/", "{evil:?}");
        }
    }

    #[test]
    fn trusted_proxies_decide_the_client() {
        let cfg = AuthConfig {
            secure_cookies: false,
            trusted_proxies: AuthConfig::parse_proxies("127.0.0.1, 10.0.0.0/8 ::1").unwrap(),
        };
        assert!(AuthConfig::parse_proxies("10.0.0.0/33").is_err());
        assert!(AuthConfig::parse_proxies("nope").is_err());
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.7, 10.1.2.3"),
        );
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        assert_eq!(cfg.client_ip(ip("127.0.0.1"), &h), ip("203.0.113.7"));
        assert_eq!(cfg.client_ip(ip("::ffff:127.0.0.1"), &h), ip("203.0.113.7"));
        assert_eq!(cfg.client_ip(ip("198.51.100.9"), &h), ip("198.51.100.9"));
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.7, junk"),
        );
        assert_eq!(cfg.client_ip(ip("127.0.0.1"), &h), ip("127.0.0.1"));
        h.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(cfg.secure(ip("127.0.0.1"), &h));
        assert!(!cfg.secure(ip("198.51.100.9"), &h));
        assert!(!AuthConfig::default().secure(ip("127.0.0.1"), &h));
    }

    #[test]
    fn export_targets_are_canonical() {
        assert_eq!(
            export_target("/api/national/ranking.json", Some("year=2023")),
            "/api/national/ranking.json?year=2023"
        );
        assert_eq!(
            export_target(
                "/api/national/ranking.json",
                Some("x=1&year=abc&province=15")
            ),
            "/api/national/ranking.json?province=15"
        );
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
