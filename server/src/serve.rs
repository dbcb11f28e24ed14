//! The HTTP edge: the accept loop with header-read timeout, connection limit and graceful
//! shutdown with a deadline, and the middleware every request passes first — security headers,
//! a concurrency limit, body-read and whole-request timeouts, and input hygiene (control
//! characters in paths, queries and form fields; form body size; invalid UTF-8 in forms).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::i18n::Lang;
use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::config::{Limits, secs};
use crate::routes::lang_of;

/// The Content-Security-Policy of everything that is not a page rendered by Leptos (pages add
/// their script nonce, see `app::shell::csp`). Scripts come only from this origin (the hydration
/// bundle) and wasm may be compiled; styles only from this origin's stylesheet; images are the
/// origin's or inline `data:`; nothing may frame the site.
pub const CSP_DEFAULT: &str = app::CSP_BASE;

/// The edge settings the middleware needs.
#[derive(Clone)]
pub struct Edge {
    pub limits: Limits,
    permits: Arc<Semaphore>,
    /// `PANTAU_SECURE_COOKIES=1`: the site is served over HTTPS (HSTS is sent).
    pub secure: bool,
}

impl Edge {
    pub fn new(limits: Limits, secure: bool) -> Edge {
        Edge {
            permits: Arc::new(Semaphore::new(limits.max_requests.max(1))),
            limits,
            secure,
        }
    }
}

/// A short, localized plain-text answer (never echoes the request).
pub fn plain(status: StatusCode, lang: Lang, id: &str, en: &str) -> Response {
    let message = if lang.is_en() { en } else { id };
    let mut res = (status, message.to_owned()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// A short plain-text answer with a message already in the user's language.
pub fn plain_owned(status: StatusCode, message: String) -> Response {
    let mut res = (status, message).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// The edge middleware (outermost layer of [`crate::app_with`]).
pub async fn edge(State(edge): State<Edge>, req: Request, next: Next) -> Response {
    let https = edge.secure;
    let mut res = guarded(&edge, req, next).await;
    security_headers(res.headers_mut(), https);
    res
}

async fn guarded(edge: &Edge, req: Request, next: Next) -> Response {
    let lang = lang_of(req.headers());
    // Liveness answers at once, whatever else is going on.
    let exempt = req.uri().path() == "/healthz";
    let _permit = if exempt {
        None
    } else {
        match tokio::time::timeout(Duration::from_secs(1), edge.permits.clone().acquire_owned())
            .await
        {
            Ok(Ok(p)) => Some(p),
            _ => {
                let mut res = plain(
                    StatusCode::SERVICE_UNAVAILABLE,
                    lang,
                    "Server sedang sibuk. Coba lagi sebentar lagi.",
                    "The server is busy. Please try again shortly.",
                );
                res.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return res;
            }
        }
    };
    if let Some(res) = check_uri(&req, lang) {
        return res;
    }
    let body_timeout = secs(edge.limits.body_timeout);
    let req = req.map(|b| Body::new(tower_http::timeout::TimeoutBody::new(body_timeout, b)));
    let req = match check_form(req, edge.limits.max_form_bytes, lang).await {
        Ok(req) => req,
        Err(res) => return res,
    };
    match tokio::time::timeout(secs(edge.limits.request_timeout), next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out");
            let mut res = plain(
                StatusCode::SERVICE_UNAVAILABLE,
                lang,
                "Permintaan terlalu lama diproses. Coba lagi.",
                "The request took too long. Please try again.",
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            res
        }
    }
}

/// Adds the security headers every response carries (a page's own CSP, with its nonce, is kept).
pub fn security_headers(headers: &mut HeaderMap, https: bool) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_DEFAULT),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
}

/// A control character other than tab, line feed and carriage return.
pub fn forbidden_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Percent-decodes `raw` (`+` as a space when `plus`).
fn percent_decode(raw: &[u8], plus: bool) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// Why a decoded text is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Bad {
    NotUtf8,
    Control,
}

/// Checks a percent-encoded piece: valid UTF-8 without control characters (tab and line breaks
/// allowed when `multiline`).
fn check_piece(raw: &[u8], plus: bool, multiline: bool) -> Result<(), Bad> {
    let bytes = percent_decode(raw, plus);
    let text = std::str::from_utf8(&bytes).map_err(|_| Bad::NotUtf8)?;
    let bad = |c: char| {
        if multiline {
            forbidden_char(c)
        } else {
            c.is_control()
        }
    };
    if text.chars().any(bad) {
        Err(Bad::Control)
    } else {
        Ok(())
    }
}

/// Checks every key and value of an `application/x-www-form-urlencoded` text.
pub fn check_urlencoded(raw: &[u8], multiline: bool) -> Result<(), Bad> {
    for pair in raw.split(|b| *b == b'&') {
        check_piece(pair, true, multiline)?;
    }
    Ok(())
}

/// Path segments and query parameters: a control character (or invalid UTF-8) in the path is
/// 404 (no such resource can exist), in the query 400 — before any handler or query runs.
fn check_uri(req: &Request, lang: Lang) -> Option<Response> {
    let uri = req.uri();
    if check_piece(uri.path().as_bytes(), false, false).is_err() {
        return Some(plain(
            StatusCode::NOT_FOUND,
            lang,
            "Halaman tidak ditemukan.",
            "Page not found.",
        ));
    }
    if let Some(q) = uri.query()
        && check_urlencoded(q.as_bytes(), false).is_err()
    {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            lang,
            "Permintaan tidak valid: parameter berisi karakter yang tidak diizinkan.",
            "Invalid request: a parameter contains characters that are not allowed.",
        ));
    }
    None
}

fn too_large(lang: Lang, limit: usize) -> Response {
    let kb = limit / 1024;
    plain(
        StatusCode::PAYLOAD_TOO_LARGE,
        lang,
        &format!("Isian formulir terlalu besar (batas {kb} KB)."),
        &format!("The form is too large (limit {kb} KB)."),
    )
}

/// Form bodies (`application/x-www-form-urlencoded`: the no-JavaScript forms and the server
/// functions) are read here, up to `limit` bytes (413 beyond), and refused when a field is not
/// UTF-8 (422) or holds a control character other than tab and line breaks (400). The checked
/// bytes are handed on unchanged.
async fn check_form(req: Request, limit: usize, lang: Lang) -> Result<Request, Response> {
    let is_form = req.method() == Method::POST
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
    if !is_form {
        return Ok(req);
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(lang, limit));
    }
    let (parts, mut body) = req.into_parts();
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > limit {
                        return Err(too_large(lang, limit));
                    }
                    bytes.extend_from_slice(&data);
                }
            }
            Err(e) => {
                return Err(if timed_out(&e) {
                    plain(
                        StatusCode::REQUEST_TIMEOUT,
                        lang,
                        "Isian formulir terlalu lama dikirim.",
                        "The form took too long to arrive.",
                    )
                } else {
                    plain(
                        StatusCode::BAD_REQUEST,
                        lang,
                        "Isian formulir tidak dapat dibaca.",
                        "The form could not be read.",
                    )
                });
            }
        }
    }
    match check_urlencoded(&bytes, true) {
        Ok(()) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(Bad::NotUtf8) => Err(plain(
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            "Isian formulir bukan teks UTF-8 yang sah.",
            "The form is not valid UTF-8 text.",
        )),
        Err(Bad::Control) => Err(plain(
            StatusCode::BAD_REQUEST,
            lang,
            "Isian formulir berisi karakter kendali yang tidak diizinkan.",
            "The form contains control characters that are not allowed.",
        )),
    }
}

/// Whether a body error (or one of its causes) is the body-read timeout.
fn timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// Serves `router` on `listener` until `shutdown` resolves: HTTP/1.1 with a header-read
/// timeout, at most `max_connections` open connections; on shutdown, stops accepting, lets
/// in-flight requests finish for up to `shutdown_timeout`, then drops what is left.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(secs(limits.header_timeout))
        .keep_alive(true);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = connections.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, addr) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // E.g. too many open files: wait a little instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = router
            .clone()
            .map_request(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo::<SocketAddr>(addr));
                req
            });
        let service = hyper_util::service::TowerToHyperService::new(service);
        let builder = builder.clone();
        let mut stop = stop_rx.clone();
        tasks.spawn(async move {
            let _permit = permit;
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                result = conn.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                }
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        while tasks.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = tasks.len();
    let drained = tokio::time::timeout(secs(limits.shutdown_timeout), async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = tasks.len(),
            "shutdown deadline reached: dropping stalled connections"
        );
        tasks.abort_all();
    } else if open > 0 {
        tracing::info!(connections = open, "in-flight connections finished");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_pieces_are_checked_after_decoding() {
        assert_eq!(check_urlencoded(b"a=1&b=x+y%20z", true), Ok(()));
        assert_eq!(check_urlencoded(b"notes=a%0D%0Ab%09c", true), Ok(()));
        assert_eq!(check_urlencoded(b"notes=a%0Ab", false), Err(Bad::Control));
        assert_eq!(
            check_urlencoded(b"form%5Bunit%5D=15.05-MPP%00", true),
            Err(Bad::Control)
        );
        assert_eq!(check_urlencoded(b"a=%1B", true), Err(Bad::Control));
        assert_eq!(check_urlencoded(b"a=%C2%85", true), Err(Bad::Control));
        assert_eq!(check_urlencoded(b"a=%FF%FE", true), Err(Bad::NotUtf8));
        assert_eq!(check_urlencoded("a=%C3%A9é".as_bytes(), true), Ok(()));
        // A lone or short percent sign is kept as it is.
        assert_eq!(check_urlencoded(b"a=100%&b=%4", true), Ok(()));
    }
}
