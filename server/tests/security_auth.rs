#![recursion_limit = "512"]
// `serial()` holds a std mutex across awaits on purpose: one test at a time, each on its own thread.
#![allow(clippy::await_holding_lock)]
//! Sign-in, session and audit hardening (issue 9, points 2, 3, 5, 6, 7, 10, 11; issue 12 point
//! 4): each test sends the exploiting request through the whole router, on SQLite and on
//! PostgreSQL.

mod common;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use app::auth::password::PASSWORD_CHECKS;
use app::auth::rate_limit::MAX_ATTEMPTS;
use app::db::entities::{audit_log, session};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use common::*;
use http_body_util::BodyExt;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use server::auth::AuthConfig;
use tower::ServiceExt;

/// Sends `req` through a router built with `cfg`, as if it came from `peer`.
async fn send_with(
    db: &DatabaseConnection,
    cfg: &AuthConfig,
    peer: Option<&str>,
    mut req: Request<Body>,
) -> Reply {
    if let Some(peer) = peer {
        let addr = SocketAddr::new(peer.parse().unwrap(), 40_000);
        req.extensions_mut().insert(ConnectInfo(addr));
    }
    let what = format!("{} {}", req.method(), req.uri());
    let res = tokio::time::timeout(
        Duration::from_secs(120),
        server::app_with(state(db.clone()), cfg.clone()).oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: no answer within 120 s"))
    .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// A `POST /masuk` request with extra headers.
fn login_request(
    cookie: &str,
    csrf: &str,
    username: &str,
    password: &str,
    next: &str,
    extra: &[(&str, &str)],
) -> Request<Body> {
    let body = encode(&[
        ("csrf", csrf.to_owned()),
        ("username", username.to_owned()),
        ("password", password.to_owned()),
        ("next", next.to_owned()),
    ]);
    let mut req = Request::builder()
        .method("POST")
        .uri("/masuk")
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.body(Body::from(body)).unwrap()
}

fn get_request(uri: &str, cookie: Option<&str>, extra: &[(&str, &str)]) -> Request<Body> {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.body(Body::empty()).unwrap()
}

fn no_proxy() -> AuthConfig {
    AuthConfig::default()
}

fn behind_proxy() -> AuthConfig {
    AuthConfig {
        secure_cookies: false,
        trusted_proxies: AuthConfig::parse_proxies("127.0.0.1").unwrap(),
    }
}

fn checks() -> u64 {
    PASSWORD_CHECKS.load(Ordering::SeqCst)
}

/// The `name=value` part of the `Set-Cookie` named `name`.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with(&format!("{name}=")))
}

/// The CSRF token of the session a cookie (`pantau_session=<token>`) belongs to.
async fn session_csrf(db: &DatabaseConnection, cookie: &str) -> String {
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    session::Entity::find()
        .filter(session::Column::TokenHash.eq(app::auth::sha256_hex(token)))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .csrf_token
}

async fn signed_in_as(db: &DatabaseConnection, cookie: &str, who: &str) -> bool {
    get(db, "/masuk", Some(cookie))
        .await
        .body
        .contains(&format!("Pengguna {who}"))
}

async fn login_failed_rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("login_failed"))
        .all(db)
        .await
        .unwrap()
}

app::backend_tests! {
    /// 9.2: 40 wrong passwords sent at the same instant, then the right one: at most
    /// `MAX_ATTEMPTS` passwords are checked, the rest answer 429, and the right password after
    /// the limit does not sign in.
    async fn parallel_attempts_meet_the_limit(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let anon = Browser::anonymous(&db).await;
        let cfg = no_proxy();
        let before = checks();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..40 {
            let (db, cfg, anon) = (db.clone(), cfg.clone(), anon.clone());
            tasks.spawn(async move {
                let req = login_request(&anon.cookie, &anon.csrf, "admin", &format!("salah-{i}-xxxxx"), "/", &[]);
                send_with(&db, &cfg, Some("203.0.113.5"), req).await.status
            });
        }
        let mut statuses = Vec::new();
        while let Some(s) = tasks.join_next().await {
            statuses.push(s.unwrap());
        }
        let checked = checks() - before;
        let unauthorized = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        let limited = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((unauthorized, limited), (MAX_ATTEMPTS as usize, 40 - MAX_ATTEMPTS as usize), "{statuses:?}");
        println!("40 parallel wrong passwords: {unauthorized}× 401, {limited}× 429, {checked} password checks");
        assert!(checked <= MAX_ATTEMPTS as u64, "{checked} password checks for 40 attempts");
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[]);
        let reply = send_with(&db, &cfg, Some("203.0.113.5"), req).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.headers.contains_key(header::RETRY_AFTER));
        assert!(set_cookie(&reply, "pantau_session").is_none());
        assert!(checks() - before <= MAX_ATTEMPTS as u64, "the right password was not checked");
    }

    /// 9.7 "any account can be locked": failures from one address lock that address out, not
    /// the owner at another; beyond the per-username soft limit sign-ins are slowed, not refused.
    async fn the_owner_is_slowed_not_locked_out(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let anon = Browser::anonymous(&db).await;
        let cfg = no_proxy();
        let soft = app::auth::rate_limit::USER_SOFT_LIMIT;
        let mut sent = 0;
        'outer: for attacker in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
            for _ in 0..MAX_ATTEMPTS {
                if sent == soft + 1 {
                    break 'outer;
                }
                let req = login_request(&anon.cookie, &anon.csrf, "admin", "salah-sekali-123", "/", &[]);
                assert_eq!(send_with(&db, &cfg, Some(attacker), req).await.status, StatusCode::UNAUTHORIZED);
                sent += 1;
            }
        }
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[]);
        assert_eq!(send_with(&db, &cfg, Some("203.0.113.1"), req).await.status, StatusCode::TOO_MANY_REQUESTS, "the attacker's address is limited");
        let started = Instant::now();
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[]);
        let reply = send_with(&db, &cfg, Some("198.51.100.7"), req).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "the owner signs in from another address");
        assert!(started.elapsed() >= Duration::from_millis(400), "but slowed down: {:?}", started.elapsed());
    }

    /// Counters are rows in the database: failed attempts alone do not grow the table forever
    /// (a new key purges counters untouched for two days).
    async fn old_counters_are_purged(db: DatabaseConnection) {
        let _serial = serial();
        let now = chrono::Utc::now().timestamp();
        let old = app::auth::counter::bump(&db, "login:pair:alt|203.0.113.1", 900, now - 3 * 86_400).await.unwrap();
        assert_eq!(old.hits, 1);
        let anon = Browser::anonymous(&db).await;
        let req = login_request(&anon.cookie, &anon.csrf, "siapa", "salah-sekali-123", "/", &[]);
        assert_eq!(send_with(&db, &no_proxy(), Some("198.51.100.1"), req).await.status, StatusCode::UNAUTHORIZED);
        let again = app::auth::counter::bump(&db, "login:pair:alt|203.0.113.1", 900, now).await.unwrap();
        assert_eq!(again.hits, 1, "the old counter was deleted, not continued");
        // Within the window a counter continues; after it, it starts again.
        assert_eq!(app::auth::counter::bump(&db, "k", 900, now).await.unwrap().hits, 1);
        assert_eq!(app::auth::counter::bump(&db, "k", 900, now + 10).await.unwrap().hits, 2);
        let restarted = app::auth::counter::bump(&db, "k", 900, now + 901).await.unwrap();
        assert_eq!((restarted.hits, restarted.window_start), (1, now + 901));
    }

    /// 9.3: `next` is only ever a local path; tab, backslash, protocol-relative and header
    /// injection variants sign in and answer 303 to `/`.
    async fn next_never_leaves_the_site(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let cfg = no_proxy();
        for (next, expected) in [
            ("/\t/evil.example", "/"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("/\\/evil.example", "/"),
            ("/\n/evil.example", "/"),
            ("/\r/evil.example", "/"),
            ("/\r\nSet-Cookie: x=1", "/"),
            ("https://evil.example/", "/"),
            ("/kabupaten/15.05?year=2024", "/kabupaten/15.05?year=2024"),
        ] {
            let anon = Browser::anonymous(&db).await;
            let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, next, &[]);
            let reply = send_with(&db, &cfg, None, req).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{next:?}");
            assert_eq!(reply.location().as_deref(), Some(expected), "{next:?}");
        }
        // Other control characters never reach the sign-in: the edge refuses the form (400),
        // before any password check, and no session is opened.
        for next in ["/\u{b}/evil.example", "/\u{0}/evil.example"] {
            let anon = Browser::anonymous(&db).await;
            let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, next, &[]);
            let reply = send_with(&db, &cfg, None, req).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{next:?}");
            assert!(reply.location().is_none(), "{next:?}");
        }
    }

    /// 9.5: behind a trusted proxy the client is the right-most untrusted `X-Forwarded-For`
    /// entry; a client-chosen left-most entry neither escapes the limit nor reaches the audit
    /// log; an untrusted peer's `X-Forwarded-For` is ignored.
    async fn spoofed_forwarded_for_is_ignored(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let anon = Browser::anonymous(&db).await;
        let cfg = behind_proxy();
        for i in 0..MAX_ATTEMPTS {
            let xff = format!("1.1.1.{i}, 203.0.113.9");
            let req = login_request(&anon.cookie, &anon.csrf, "admin", "salah-sekali-123", "/", &[("x-forwarded-for", &xff)]);
            assert_eq!(send_with(&db, &cfg, Some("127.0.0.1"), req).await.status, StatusCode::UNAUTHORIZED);
        }
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[("x-forwarded-for", "9.9.9.9, 203.0.113.9")]);
        assert_eq!(send_with(&db, &cfg, Some("127.0.0.1"), req).await.status, StatusCode::TOO_MANY_REQUESTS, "a new left-most entry does not escape the limit");
        // Another real client behind the same proxy signs in; its address is audited.
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[("x-forwarded-for", "1.1.1.1, 198.51.100.20")]);
        assert_eq!(send_with(&db, &cfg, Some("127.0.0.1"), req).await.status, StatusCode::SEE_OTHER);
        // Not through the proxy: X-Forwarded-For is the client's own claim.
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[("x-forwarded-for", "10.9.9.9")]);
        assert_eq!(send_with(&db, &cfg, Some("198.51.100.30"), req).await.status, StatusCode::SEE_OTHER);
        let rows = audit_rows(&db).await;
        let text = format!("{rows:?}");
        for spoofed in ["1.1.1.", "9.9.9.9", "10.9.9.9"] {
            assert!(!text.contains(spoofed), "{spoofed} reached the audit log: {text}");
        }
        let logins: Vec<_> = rows.iter().filter(|r| r.action == "login").filter_map(|r| r.detail.clone()).collect();
        assert_eq!(logins, ["ip 198.51.100.20", "ip 198.51.100.30"]);
        let failed = login_failed_rows(&db).await;
        assert_eq!(failed.len(), 1);
        assert!(failed[0].detail.as_deref().unwrap().contains("203.0.113.9"), "{failed:?}");
    }

    /// 9.6: a 300-character (or otherwise impossible) username is refused before anything
    /// else: 400 every time, never 500, no password hash, no rate-limit row.
    async fn impossible_usernames_are_refused_first(db: DatabaseConnection) {
        let _serial = serial();
        let anon = Browser::anonymous(&db).await;
        let cfg = no_proxy();
        let before = checks();
        let long = "a".repeat(300);
        for name in [long.as_str(), "x", "nama dengan spasi", "admin\u{0}", "ädmin"] {
            for _ in 0..3 {
                let req = login_request(&anon.cookie, &anon.csrf, name, "apa-saja-12345", "/", &[]);
                let reply = send_with(&db, &cfg, Some("203.0.113.5"), req).await;
                assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{name:?}: {}", &reply.body[..reply.body.len().min(300)]);
                // A NUL is refused by the edge (its own message); the rest by the sign-in.
                assert!(name.contains('\u{0}') || reply.body.contains("Nama pengguna tidak valid"), "{name:?}");
            }
        }
        assert_eq!(checks(), before, "no argon2 hash for an impossible username");
        // Upper case and surrounding spaces are the same (valid) account name.
        create_user(&db, "admin").await;
        let req = login_request(&anon.cookie, &anon.csrf, "  ADMIN ", PASSWORD, "/", &[]);
        assert_eq!(send_with(&db, &cfg, None, req).await.status, StatusCode::SEE_OTHER);
    }

    /// 9.7: argon2 runs on the blocking pool: `/healthz` answers quickly while 20 sign-ins
    /// are being checked.
    async fn healthz_answers_during_a_login_burst(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let anon = Browser::anonymous(&db).await;
        let cfg = no_proxy();
        let before = checks();
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..20 {
            let (db, cfg, anon) = (db.clone(), cfg.clone(), anon.clone());
            tasks.spawn(async move {
                let req = login_request(&anon.cookie, &anon.csrf, "admin", "salah-sekali-123", "/", &[]);
                send_with(&db, &cfg, Some(&format!("203.0.113.{i}")), req).await.status
            });
        }
        // Let the burst start hashing.
        while checks() == before {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let mut slowest = Duration::ZERO;
        for _ in 0..5 {
            let started = Instant::now();
            let reply = send_with(&db, &cfg, None, get_request("/healthz", None, &[])).await;
            assert_eq!(reply.status, StatusCode::OK);
            slowest = slowest.max(started.elapsed());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let busy = checks() - before < 20;
        while let Some(s) = tasks.join_next().await {
            assert_eq!(s.unwrap(), StatusCode::UNAUTHORIZED);
        }
        println!("slowest /healthz during the burst: {slowest:?} (burst still hashing: {busy})");
        assert!(slowest < Duration::from_millis(300), "/healthz took {slowest:?}");
    }

    /// 9.10: signing in rotates the browser's session; "sign out everywhere" (CSRF-checked) ends
    /// every session of the user; idle sessions end; ended sessions are deleted at sign-in.
    async fn sessions_rotate_end_and_are_cleaned(db: DatabaseConnection) {
        let _serial = serial();
        let admin = create_user(&db, "admin").await;
        let cfg = no_proxy();
        let anon = Browser::anonymous(&db).await;
        let reply = send_with(&db, &cfg, None, login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[])).await;
        let first = set_cookie(&reply, "pantau_session").unwrap().split(';').next().unwrap().to_owned();
        assert!(signed_in_as(&db, &first, "admin").await);
        // Signing in again from the same browser: the old session ends.
        let csrf = session_csrf(&db, &first).await;
        let reply = send_with(&db, &cfg, None, login_request(&first, &csrf, "admin", PASSWORD, "/", &[])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let second = set_cookie(&reply, "pantau_session").unwrap().split(';').next().unwrap().to_owned();
        assert!(!signed_in_as(&db, &first, "admin").await, "the old session was rotated out");
        assert!(signed_in_as(&db, &second, "admin").await);
        let live = |db: DatabaseConnection| async move {
            session::Entity::find().filter(session::Column::RevokedAt.is_null()).count(&db).await.unwrap()
        };
        assert_eq!(live(db.clone()).await, 1);
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 1, "the revoked row was deleted at sign-in");

        // Another device.
        let other = session_for(&db, &admin).await;
        assert!(signed_in_as(&db, &other.cookie, "admin").await);
        // Sign out everywhere needs the CSRF token.
        let csrf = session_csrf(&db, &second).await;
        let reply = post(&db, "/keluar-semua", &second, encode(&[("csrf", "0".repeat(64))])).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(signed_in_as(&db, &other.cookie, "admin").await);
        let page = get(&db, "/masuk", Some(&second)).await;
        assert!(page.body.contains("action=\"/keluar-semua\""), "the form is offered to signed-in users");
        let reply = post(&db, "/keluar-semua", &second, encode(&[("csrf", csrf)])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(!signed_in_as(&db, &second, "admin").await);
        assert!(!signed_in_as(&db, &other.cookie, "admin").await, "the other device is signed out too");
        assert_eq!(live(db.clone()).await, 0);
        assert!(audit_rows(&db).await.iter().any(|r| r.action == "logout_all"));

        // Idle timeout: a session unused for longer than the idle limit ends, though not expired.
        let idle = session_for(&db, &admin).await;
        let now = chrono::Utc::now().timestamp();
        let row = session::Entity::find().filter(session::Column::CsrfToken.eq(idle.csrf.as_str())).one(&db).await.unwrap().unwrap();
        let mut am: session::ActiveModel = row.into();
        am.last_seen_at = Set(now - app::auth::SESSION_IDLE_SECS - 1);
        am.update(&db).await.unwrap();
        assert!(!signed_in_as(&db, &idle.cookie, "admin").await, "idle session ended");
        // Activity moves the idle clock.
        let active = session_for(&db, &admin).await;
        let row = session::Entity::find().filter(session::Column::CsrfToken.eq(active.csrf.as_str())).one(&db).await.unwrap().unwrap();
        let mut am: session::ActiveModel = row.into();
        am.last_seen_at = Set(now - app::auth::SESSION_IDLE_SECS + 120);
        am.update(&db).await.unwrap();
        assert!(signed_in_as(&db, &active.cookie, "admin").await);
        let row = session::Entity::find().filter(session::Column::CsrfToken.eq(active.csrf.as_str())).one(&db).await.unwrap().unwrap();
        assert!(row.last_seen_at >= now, "last_seen_at updated");
        // Logging out ends this session only.
        let reply = post(&db, "/keluar", &active.cookie, encode(&[("csrf", active.csrf.clone())])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert!(!signed_in_as(&db, &active.cookie, "admin").await);
        // The next sign-in deletes every ended session (idle, revoked, expired).
        let anon = Browser::anonymous(&db).await;
        let reply = send_with(&db, &cfg, None, login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 1);
    }

    /// 9.10: `Secure` and the `__Host-` names only when the request is secure per the trusted
    /// proxy configuration; an untrusted `X-Forwarded-Proto: https` is ignored.
    async fn secure_cookies_follow_the_trusted_proxy(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let https = [("x-forwarded-proto", "https")];
        // Untrusted peer claiming HTTPS: plain cookies.
        let reply = send_with(&db, &no_proxy(), Some("127.0.0.1"), get_request("/masuk", None, &https)).await;
        let c = set_cookie(&reply, "pantau_csrf").expect("plain CSRF cookie");
        assert!(!c.contains("Secure"), "{c}");
        assert!(set_cookie(&reply, "__Host-pantau_csrf").is_none());
        // The trusted proxy says HTTPS: `__Host-` and Secure.
        let cfg = behind_proxy();
        let reply = send_with(&db, &cfg, Some("127.0.0.1"), get_request("/masuk", None, &https)).await;
        let c = set_cookie(&reply, "__Host-pantau_csrf").expect("__Host- CSRF cookie");
        assert!(c.contains("; Secure") && c.contains("Path=/") && !c.contains("Domain"), "{c}");
        let pair = c.split(';').next().unwrap().to_owned();
        let csrf = pair.split_once('=').unwrap().1.to_owned();
        let req = login_request(&pair, &csrf, "admin", PASSWORD, "/", &https);
        let reply = send_with(&db, &cfg, Some("127.0.0.1"), req).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let session = set_cookie(&reply, "__Host-pantau_session").expect("__Host- session cookie");
        assert!(session.contains("; Secure"), "{session}");
        let session = session.split(';').next().unwrap().to_owned();
        let page = send_with(&db, &cfg, Some("127.0.0.1"), get_request("/masuk", Some(&session), &https)).await;
        assert!(page.body.contains("Pengguna admin"));
        // A cookie under the plain name is not read over HTTPS.
        let plain = session.replacen("__Host-", "", 1);
        let page = send_with(&db, &cfg, Some("127.0.0.1"), get_request("/masuk", Some(&plain), &https)).await;
        assert!(!page.body.contains("Pengguna admin"));
    }

    /// 9.10: the anonymous CSRF token is signed: a planted cookie with a matching field is
    /// refused (403, no password check), the server's own token works.
    async fn planted_csrf_tokens_are_refused(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let cfg = no_proxy();
        let before = checks();
        let forged = format!("{}.{}", "a".repeat(64), "b".repeat(64));
        let other_server = app::auth::new_csrf_token("secret of another server");
        for planted in ["a".repeat(64), forged, other_server] {
            let req = login_request(&format!("pantau_csrf={planted}"), &planted, "admin", PASSWORD, "/", &[]);
            let reply = send_with(&db, &cfg, None, req).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{planted}");
            assert!(set_cookie(&reply, "pantau_session").is_none());
        }
        assert_eq!(checks(), before);
        let anon = Browser::anonymous(&db).await;
        let req = login_request(&anon.cookie, &anon.csrf, "admin", PASSWORD, "/", &[]);
        assert_eq!(send_with(&db, &cfg, None, req).await.status, StatusCode::SEE_OTHER);
    }

    /// 9.10: failed sign-ins are audited in aggregate: one row per account and day with the
    /// count and the last address, one row per day for unknown names.
    async fn failed_sign_ins_are_audited_in_aggregate(db: DatabaseConnection) {
        let _serial = serial();
        create_user(&db, "admin").await;
        let anon = Browser::anonymous(&db).await;
        let cfg = no_proxy();
        for (i, (name, peer)) in [("admin", "203.0.113.1"), ("admin", "203.0.113.2"), ("admin", "203.0.113.3"), ("siapa", "203.0.113.4"), ("tidakada", "203.0.113.5")].into_iter().enumerate() {
            let req = login_request(&anon.cookie, &anon.csrf, name, &format!("salah-{i}-xxxxxx"), "/", &[]);
            assert_eq!(send_with(&db, &cfg, Some(peer), req).await.status, StatusCode::UNAUTHORIZED);
        }
        let rows = login_failed_rows(&db).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        let admin = rows.iter().find(|r| r.entity_key == "admin").unwrap();
        let detail = admin.detail.as_deref().unwrap();
        assert!(detail.starts_with("3 percobaan") && detail.contains("203.0.113.3"), "{detail}");
        let unknown = rows.iter().find(|r| r.entity_key != "admin").unwrap();
        assert!(unknown.detail.as_deref().unwrap().starts_with("2 percobaan"), "{unknown:?}");
    }

    /// 9.11: anonymous exports are counted per target and day, not one row per request;
    /// signed-in exports keep one row each.
    async fn anonymous_exports_do_not_grow_the_audit_log(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let before = audit_rows(&db).await.len();
        for i in 0..30 {
            let reply = get(&db, &format!("/api/national/ranking.json?year=2023&junk={i}"), None).await;
            assert_eq!(reply.status, StatusCode::OK);
        }
        let rows = audit_rows(&db).await;
        assert_eq!(rows.len(), before + 1, "30 anonymous exports, one row");
        let row = rows.last().unwrap();
        assert_eq!((row.username.as_str(), row.action.as_str(), row.entity_key.as_str()), ("anonim", "export", "/api/national/ranking.json?year=2023"));
        assert!(row.detail.as_deref().unwrap().starts_with("30 unduhan"), "{row:?}");
        let officer = session_for(&db, &create_user(&db, "pemda1505").await).await;
        let before = audit_rows(&db).await.len();
        get(&db, "/api/regency/15.05/findings.csv", Some(&officer.cookie)).await;
        get(&db, "/api/regency/15.05/findings.csv", Some(&officer.cookie)).await;
        assert_eq!(audit_rows(&db).await.len(), before + 2);
    }

    /// 12.4: when the database cannot be reached the session cannot be looked up: 503 with
    /// `Retry-After`, never the page of an anonymous visitor. One router throughout, as in a
    /// running server (its CSRF secret is already read when the database goes away).
    async fn session_lookup_outage_is_503(db: DatabaseConnection) {
        let _serial = serial();
        let admin = create_user(&db, "admin").await;
        let browser = session_for(&db, &admin).await;
        let router = server::app_with(state(db.clone()), no_proxy());
        let call = |req: Request<Body>| {
            let router = router.clone();
            async move {
                let res = router.oneshot(req).await.unwrap();
                let status = res.status();
                let headers = res.headers().clone();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                Reply { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
            }
        };
        let anon = call(get_request("/masuk", None, &[])).await;
        assert_eq!(anon.status, StatusCode::OK);
        let page = call(get_request("/masuk", Some(&browser.cookie), &[])).await;
        assert!(page.body.contains("Pengguna admin"));
        db.close_by_ref().await.unwrap();
        let reply = call(get_request("/masuk", Some(&browser.cookie), &[])).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", &reply.body[..reply.body.len().min(300)]);
        assert!(reply.headers.contains_key(header::RETRY_AFTER));
        assert!(!reply.body.contains("Masuk"), "not shown as signed out");
        let req = Request::builder()
            .method("POST")
            .uri("/keluar")
            .header(header::COOKIE, browser.cookie.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(encode(&[("csrf", browser.csrf.clone())])))
            .unwrap();
        assert_eq!(call(req).await.status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
