// `serial()` holds a std mutex across awaits on purpose: one test at a time.
#![allow(clippy::await_holding_lock)]
#![recursion_limit = "512"]
//! The HTTP edge: security headers, the upload that is refused before its body is read, form
//! size and encoding, control characters before any query, liveness and readiness, item caps,
//! and (with the real binary) header-read timeout and graceful shutdown with a deadline.

mod common;

use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use common::*;
use http_body_util::BodyExt;
use sea_orm::DatabaseConnection;
use tower::ServiceExt;

/// Headers every response carries.
fn assert_security_headers(reply: &Reply, what: &str) {
    let h = |name: header::HeaderName| {
        reply
            .headers
            .get(&name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
    };
    let csp = h(header::CONTENT_SECURITY_POLICY);
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(csp.contains(part), "{what}: CSP without {part}: {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(h(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
    assert_eq!(h(header::X_FRAME_OPTIONS), "DENY", "{what}");
    assert_eq!(
        h(header::REFERRER_POLICY),
        "strict-origin-when-cross-origin",
        "{what}"
    );
}

/// `(peak, current)` resident set of this process in KiB.
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// A multipart body: the CSRF token, then a `kind` field of `size` bytes, generated piece by
/// piece (the client holds no copy of it).
fn huge_multipart(csrf: &str, size: usize) -> Body {
    static ZEROS: [u8; 64 * 1024] = [b'x'; 64 * 1024];
    let head = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
    );
    let pieces = size / ZEROS.len();
    let stream = futures_util::stream::iter(
        std::iter::once(Bytes::from(head))
            .chain((0..pieces).map(|_| Bytes::from_static(&ZEROS)))
            .chain(std::iter::once(Bytes::from_static(b"\r\n--XyZ--\r\n")))
            .map(Ok::<_, std::io::Error>),
    );
    Body::from_stream(stream)
}

app::backend_tests! {
    async fn an_import_of_5000_bad_rows_answers_a_short_report_with_the_count(db: DatabaseConnection) {
        let _serial = serial();
        app::db::seed::load_reference(&db).await.unwrap();
        let admin = create_user(&db, "admin").await;
        let browser = session_for(&db, &admin).await;
        let mut csv = String::from("unit_code,year,semester,respondents,u1,u2,u3,u4,u5,u6,u7,u8,u9\n");
        for i in 0..5000 {
            csv += &format!("TIDAK-ADA-{i},2024,1,100,3,3,3,3,3,3,3,3,3\n");
        }
        let body = format!(
            "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nskm\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"skm.csv\"\r\n\r\n{csv}\r\n--XyZ--\r\n",
            browser.csrf
        );
        let req = Request::builder()
            .method("POST")
            .uri("/impor")
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
            .body(Body::from(body))
            .unwrap();
        let reply = send(&db, req).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", &reply.body[..500.min(reply.body.len())]);
        assert!(reply.body.contains("5000 masalah ditemukan"), "the total is counted");
        assert!(reply.body.contains("200 masalah pertama ditampilkan"), "and the cap said");
        assert!(reply.body.contains("TIDAK-ADA-199"), "the first 200 are listed");
        assert!(!reply.body.contains("TIDAK-ADA-200"), "not more");
        println!("report page for 5000 bad rows: {} bytes", reply.body.len());
        assert!(reply.body.len() < 150 * 1024, "{} bytes", reply.body.len());
    }

    async fn every_response_carries_the_security_headers_and_pages_a_script_nonce(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        for uri in ["/", "/kabupaten/15.05", "/masuk", "/tidak-ada", "/healthz", "/readyz",
                    "/api/national/ranking.csv", "/pkg/tidak-ada.js"] {
            let reply = get(&db, uri, None).await;
            assert_security_headers(&reply, uri);
            assert!(reply.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "{uri}: no HSTS over HTTP");
        }
        let browser = Browser::anonymous(&db).await;
        let reply = post(&db, "/masuk", &browser.cookie, encode(&[("csrf", "salah".into())])).await;
        assert_security_headers(&reply, "POST /masuk");

        // A page: its CSP names the nonce of its inline scripts, and every inline script has it.
        let page = get(&db, "/", None).await;
        let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next())
            .unwrap_or_else(|| panic!("page CSP without a nonce: {csp}"));
        assert!(nonce.len() >= 16, "{nonce}");
        let scripts = page.body.matches("<script").count();
        assert!(scripts >= 1, "the hydration script is inline");
        assert_eq!(page.body.matches(&format!("nonce=\"{nonce}\"")).count(), scripts,
            "every inline script carries the page's nonce");
        let again = get(&db, "/", None).await;
        assert!(!again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains(nonce),
            "a new nonce per response");

        // HSTS only when the site is served over HTTPS.
        let edge = server::serve::Edge::new(server::config::Limits::default(), true);
        let res = server::app_with_edge(state(db.clone()), edge)
            .oneshot(Request::builder().uri("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.headers()[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000");
    }

    async fn control_characters_are_refused_before_any_query(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let asisten = create_user(&db, "asisten15").await;
        let browser = session_for(&db, &asisten).await;
        let before = snapshot(&db).await;
        // A closed pool proves that no query runs: any query would fail with 5xx.
        let router = server::app(state(db.clone()));
        let form = encode(&[
            ("csrf", browser.csrf.clone()),
            ("form[unit]", "15.05-MPP\0".into()),
            ("form[inspected_on]", "2025-03-02".into()),
            ("form[inspector]", "Tim".into()),
        ]);
        let probe = |uri: &str, body: Option<String>| {
            let mut req = Request::builder().uri(uri).header(header::COOKIE, &browser.cookie);
            if body.is_some() {
                req = req.method("POST").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            }
            req.body(body.map(Body::from).unwrap_or_default()).unwrap()
        };
        // The form is checked against the open database first: nothing written.
        let reply = send(&db, probe("/sidak/baru", Some(form.clone()))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(reply.body.contains("karakter kendali"), "{}", reply.body);
        assert_eq!(snapshot(&db).await, before, "nothing written");

        db.close_by_ref().await.unwrap();
        for (uri, body, status) in [
            ("/?province=%00", None, StatusCode::BAD_REQUEST),
            ("/?year=2024%1B", None, StatusCode::BAD_REQUEST),
            ("/api/national/ranking.csv?province=%00", None, StatusCode::BAD_REQUEST),
            ("/api/regency/%00/scores.csv", None, StatusCode::NOT_FOUND),
            ("/api/unit/%00/staff.json", None, StatusCode::NOT_FOUND),
            ("/kabupaten/15.05%00", None, StatusCode::NOT_FOUND),
            ("/sidak/baru", Some(form.clone()), StatusCode::BAD_REQUEST),
        ] {
            let res = router.clone().oneshot(probe(uri, body)).await.unwrap();
            assert_eq!(res.status(), status, "{uri}");
        }
    }

    async fn healthz_is_live_without_the_database_and_readyz_says_when_it_is_gone(db: DatabaseConnection) {
        let _serial = serial();
        let router = server::app(state(db.clone()));
        let call = |uri: &'static str| {
            let router = router.clone();
            async move {
                let started = Instant::now();
                let res = router.oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap()).await.unwrap();
                (res.status(), started.elapsed())
            }
        };
        assert_eq!(call("/readyz").await.0, StatusCode::OK);
        db.close_by_ref().await.unwrap();
        let (status, took) = call("/healthz").await;
        assert_eq!(status, StatusCode::OK);
        assert!(took < Duration::from_millis(100), "liveness at once: {took:?}");
        let (status, took) = call("/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(took < Duration::from_secs(1), "readiness within a second: {took:?}");
    }

    async fn a_sidak_with_too_many_items_is_refused_with_a_clear_message(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let asisten = create_user(&db, "asisten15").await;
        let browser = session_for(&db, &asisten).await;
        let before = snapshot(&db).await;
        let mut fields = vec![
            ("csrf".to_owned(), browser.csrf.clone()),
            ("form[unit]".into(), "15.05-MPP".into()),
            ("form[inspected_on]".into(), "2025-03-02".into()),
            ("form[inspector]".into(), "Tim".into()),
        ];
        for i in 0..60 {
            fields.push((format!("form[findings][{i}][category]"), "sarpras".into()));
            fields.push((format!("form[findings][{i}][severity]"), "2".into()));
            fields.push((format!("form[findings][{i}][description]"), format!("Temuan {i}")));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let reply = post(&db, "/sidak/baru", &browser.cookie, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert!(reply.body.contains("paling banyak 50"), "localized message");
        assert_eq!(snapshot(&db).await, before, "nothing written");

        let mut fields = fields[..4].to_vec();
        for i in 0..150 {
            fields.push((format!("form[facility][f{i}]"), "functional".into()));
        }
        let body = serde_urlencoded::to_string(&fields).unwrap();
        let reply = post(&db, "/sidak/baru", &browser.cookie, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(reply.body.contains("paling banyak 100"), "localized message");
        assert_eq!(snapshot(&db).await, before, "nothing written");
    }
}

#[tokio::test]
async fn anonymous_upload_of_30_mb_is_refused_at_once_without_reading_it() {
    let _serial = serial();
    let db = app::db::testing::sqlite().await;
    let browser = Browser::anonymous(&db).await;
    let router = server::app(state(db.clone()));
    let upload = |router: axum::Router| {
        let browser = browser.clone();
        async move {
            let req = Request::builder()
                .method("POST")
                .uri("/impor")
                .header(header::COOKIE, &browser.cookie)
                .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
                .header(header::CONTENT_LENGTH, (30 * 1024 * 1024 + 300).to_string())
                .body(huge_multipart(&browser.csrf, 30 * 1024 * 1024))
                .unwrap();
            let started = Instant::now();
            let res = router.oneshot(req).await.unwrap();
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            (status, body.len(), started.elapsed())
        }
    };
    // Warm up (first render, allocator), then measure.
    let _ = upload(router.clone()).await;
    let (peak_before, rss_before) = rss_kib();
    let started = Instant::now();
    let replies = futures_util::future::join_all((0..8).map(|_| upload(router.clone()))).await;
    let all = started.elapsed();
    let (peak_after, rss_after) = rss_kib();
    println!(
        "8 parallel anonymous 30 MB uploads: {all:?}; peak RSS {} -> {} KiB (+{} KiB), RSS {} -> {} KiB",
        peak_before,
        peak_after,
        peak_after - peak_before,
        rss_before,
        rss_after
    );
    for (status, len, took) in replies {
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(len < 10 * 1024, "short answer: {len} bytes");
        assert!(took < Duration::from_millis(100), "at once: {took:?}");
    }
    assert!(
        peak_after - peak_before < 20 * 1024,
        "peak RSS grew by {} KiB",
        peak_after - peak_before
    );
}

#[tokio::test]
async fn a_form_over_the_limit_is_413_and_invalid_utf8_is_422() {
    let _serial = serial();
    let db = app::db::testing::sqlite().await;
    let browser = Browser::anonymous(&db).await;
    // 1.5 MB: over the limit, even though the CSRF token is right.
    let big = format!(
        "csrf={}&form[notes]={}",
        browser.csrf,
        "a".repeat(1_500_000)
    );
    let reply = post(&db, "/sidak/baru", &browser.cookie, big).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(reply.body.len() < 1024, "nothing echoed");
    assert!(reply.body.contains("terlalu besar"), "{}", reply.body);

    // Without Content-Length (chunked): counted while reading.
    let chunks = futures_util::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; 16 * 1024]))),
    );
    let req = Request::builder()
        .method("POST")
        .uri("/sidak/baru")
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from_stream(chunks))
        .unwrap();
    assert_eq!(send(&db, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);

    let bad = format!(
        "csrf={}&username=adm%FFin&password=x&next=%2F",
        browser.csrf
    );
    let reply = post(&db, "/masuk", &browser.cookie, bad).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("UTF-8"), "{}", reply.body);
}

// ------------------------------------------------------------------------------------------
// The real binary: header-read timeout and graceful shutdown with a deadline.
// ------------------------------------------------------------------------------------------

struct Server {
    child: std::process::Child,
    addr: std::net::SocketAddr,
    _dir: TempDir,
}

struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `pantau` on a fresh SQLite file with the given limits and waits for `/healthz`.
async fn start(header_timeout: &str, shutdown_timeout: &str) -> Server {
    let dir = std::env::temp_dir().join(format!(
        "pantau-edge-{}-{}",
        std::process::id(),
        free_port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_pantau"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/edge.db?mode=rwc", dir.display()),
        )
        .env("PANTAU_ADDR", addr.to_string())
        .env("PANTAU_DEMO_SCALE", "0")
        .env("PANTAU_HEADER_TIMEOUT", header_timeout)
        .env("PANTAU_BODY_TIMEOUT", "60")
        .env("PANTAU_SHUTDOWN_TIMEOUT", shutdown_timeout)
        .env("PANTAU_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        addr,
        _dir: TempDir(dir),
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(mut s) = tokio::net::TcpStream::connect(addr).await {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .await
                .unwrap();
            let mut out = String::new();
            let _ = s.read_to_string(&mut out).await;
            if out.starts_with("HTTP/1.1 200") {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "server did not start");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Seconds until the server closes `stream` (reads and drops whatever it sends).
async fn closed_after(mut stream: tokio::net::TcpStream, limit: Duration) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let started = Instant::now();
    let mut buf = [0u8; 1024];
    tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return started.elapsed(),
                Ok(_) => {}
            }
        }
    })
    .await
    .ok()
}

#[tokio::test]
async fn a_client_sending_half_a_header_is_disconnected_within_the_header_timeout() {
    use tokio::io::AsyncWriteExt;
    let server = start("1", "5").await;
    let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: slo")
        .await
        .unwrap();
    let took = closed_after(slow, Duration::from_secs(10)).await;
    println!("half a header: closed after {took:?} (header timeout 1 s)");
    let took = took.expect("still open after 10 s");
    assert!(took < Duration::from_millis(2500), "{took:?}");
}

#[tokio::test]
async fn sigterm_ends_the_server_within_its_deadline_while_slow_clients_are_connected() {
    use tokio::io::AsyncWriteExt;
    let mut server = start("30", "2").await;
    // One client stuck in its header, one in its body (header timeout 30 s, body timeout 60 s).
    let mut half_header = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    half_header
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut half_body = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    half_body
        .write_all(
            b"POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Content-Length: 1000\r\n\r\ncsrf=abc&u",
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let took = started.elapsed();
    println!("SIGTERM with two stalled clients: exited {exit} after {took:?} (deadline 2 s)");
    assert!(exit.success(), "{exit}");
    assert!(
        took >= Duration::from_millis(1500),
        "waited for the in-flight request: {took:?}"
    );
    assert!(took < Duration::from_millis(3500), "{took:?}");
    drop((half_header, half_body));
}

/// A form body that sends a few bytes and then nothing.
fn stalled_form() -> Body {
    let first =
        futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"csrf=a&"))]);
    Body::from_stream(futures_util::StreamExt::chain(
        first,
        futures_util::stream::pending(),
    ))
}

#[tokio::test]
async fn a_stalled_body_gets_408_and_busy_slots_503() {
    let _serial = serial();
    let db = app::db::testing::sqlite().await;
    let limits = server::config::Limits {
        body_timeout: 0.3,
        max_requests: 1,
        ..server::config::Limits::default()
    };
    let router = server::app_with_edge(state(db.clone()), server::serve::Edge::new(limits, false));
    let stalled = || {
        Request::builder()
            .method("POST")
            .uri("/masuk")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(stalled_form())
            .unwrap()
    };
    let started = Instant::now();
    let res = router.clone().oneshot(stalled()).await.unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // One slot: while a stalled request holds it, the next waits a second and gets 503.
    let limits = server::config::Limits {
        body_timeout: 2.5,
        max_requests: 1,
        ..server::config::Limits::default()
    };
    let router = server::app_with_edge(state(db.clone()), server::serve::Edge::new(limits, false));
    let holder = tokio::spawn(router.clone().oneshot(stalled()));
    tokio::time::sleep(Duration::from_millis(50)).await;
    let res = router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/readyz")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::RETRY_AFTER], "1");
    // Liveness is never queued.
    let res = router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/healthz")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        holder.await.unwrap().unwrap().status(),
        StatusCode::REQUEST_TIMEOUT
    );
}

#[tokio::test]
async fn a_refused_form_echoes_a_bounded_amount() {
    let _serial = serial();
    let db = app::db::testing::sqlite().await;
    fixture(&db).await;
    let asisten = create_user(&db, "asisten15").await;
    let browser = session_for(&db, &asisten).await;
    // 200 KB of notes (under the form limit), and a missing date: the page is shown again.
    let body = encode(&[
        ("csrf", browser.csrf.clone()),
        ("form[unit]", "15.05-MPP".into()),
        ("form[inspector]", "Tim".into()),
        ("form[notes]", "catatan ".repeat(25_000)),
    ]);
    let reply = post(&db, "/sidak/baru", &browser.cookie, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    println!("refused 200 KB form: {} byte page", reply.body.len());
    assert!(reply.body.len() < 60 * 1024, "{} bytes", reply.body.len());
}

/// A TCP relay to `target` that can be cut (every relayed connection dropped, nothing listens)
/// and restored on the same port: a database that goes away and comes back.
struct Relay {
    addr: std::net::SocketAddr,
    target: String,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Relay {
    async fn start(target: String) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut relay = Relay {
            addr,
            target,
            task: None,
        };
        relay.serve(listener);
        relay
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let target = self.target.clone();
        self.task = Some(tokio::spawn(async move {
            let mut conns = tokio::task::JoinSet::new();
            while let Ok((mut client, _)) = listener.accept().await {
                let target = target.clone();
                conns.spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    async fn restore(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }
}

#[tokio::test]
async fn readyz_flips_to_503_within_a_second_while_postgresql_is_unreachable_and_back() {
    let _serial = serial();
    let guard = app::db::testing::PgTestDb::create().await;
    let server_url = std::env::var(app::db::testing::TEST_DATABASE_URL).unwrap();
    let url = app::db::testing::with_database(&server_url, guard.name());
    let url = url.split('?').next().unwrap().to_owned();
    let rest = url.split_once("://").unwrap().1;
    let (auth, host_db) = rest.split_once('@').map_or(("", rest), |(a, h)| (a, h));
    let (host, db_name) = host_db.split_once('/').unwrap();
    let mut relay = Relay::start(host.to_owned()).await;
    let relayed = if auth.is_empty() {
        format!("postgres://{}/{db_name}", relay.addr)
    } else {
        format!("postgres://{auth}@{}/{db_name}", relay.addr)
    };
    let db = app::db::connect(&relayed).await.unwrap();
    let router = server::app(state(db.clone()));
    let ready = || {
        let router = router.clone();
        async move {
            let started = Instant::now();
            let res = router
                .oneshot(
                    Request::builder()
                        .uri("/readyz")
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            (res.status(), started.elapsed())
        }
    };
    assert_eq!(ready().await.0, StatusCode::OK);
    relay.cut().await;
    for _ in 0..3 {
        let (status, took) = ready().await;
        println!("readyz, database unreachable: {status} after {took:?}");
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
    let live = router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/healthz")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        live.status(),
        StatusCode::OK,
        "liveness does not depend on the database"
    );
    relay.restore().await;
    let back = Instant::now();
    let status = loop {
        let (status, _) = ready().await;
        if status == StatusCode::OK || back.elapsed() > Duration::from_secs(3) {
            break status;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    println!(
        "readyz after the database returned: {status} after {:?}",
        back.elapsed()
    );
    assert_eq!(status, StatusCode::OK);
    assert!(
        back.elapsed() < Duration::from_secs(1),
        "{:?}",
        back.elapsed()
    );
    db.close().await.ok();
    relay.cut().await;
    guard.finish().await;
}

#[tokio::test]
async fn an_admin_upload_over_32_mb_is_413() {
    let _serial = serial();
    let db = app::db::testing::sqlite().await;
    app::db::seed::load_reference(&db).await.unwrap();
    let admin = create_user(&db, "admin").await;
    let browser = session_for(&db, &admin).await;
    static ROWS: [u8; 64 * 1024] = [b'x'; 64 * 1024];
    let head = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nskm\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n",
        browser.csrf
    );
    let stream = futures_util::stream::iter(
        std::iter::once(Bytes::from(head))
            .chain((0..33 * 16).map(|_| Bytes::from_static(&ROWS)))
            .chain(std::iter::once(Bytes::from_static(b"\r\n--XyZ--\r\n")))
            .map(Ok::<_, std::io::Error>),
    );
    let req = Request::builder()
        .method("POST")
        .uri("/impor")
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XyZ")
        .body(Body::from_stream(stream))
        .unwrap();
    let reply = send(&db, req).await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Berkas terlalu besar (batas 32 MB)"));
}

/// `(peak, current)` resident set of process `pid` in KiB.
fn rss_of(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// One anonymous upload of a 30 MB field over TCP: `(status line, answer bytes, time to answer)`.
async fn upload_30_mb(addr: std::net::SocketAddr) -> (String, usize, Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let size = 30 * 1024 * 1024;
    let csrf = "a".repeat(64);
    let head = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
    );
    let tail = "\r\n--XyZ--\r\n";
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    let started = Instant::now();
    let request = format!(
        "POST /impor HTTP/1.1\r\nHost: x\r\nCookie: pantau_csrf={csrf}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {}\r\n\r\n{head}",
        head.len() + size + tail.len()
    );
    let writer = tokio::spawn(async move {
        static X: [u8; 64 * 1024] = [b'x'; 64 * 1024];
        write.write_all(request.as_bytes()).await?;
        for _ in 0..size / X.len() {
            write.write_all(&X).await?;
        }
        write.write_all(tail.as_bytes()).await
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let mut took = None;
    loop {
        match read.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                took.get_or_insert_with(|| started.elapsed());
                answer.extend_from_slice(&buf[..n]);
            }
        }
    }
    writer.abort();
    let status = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    (
        status,
        answer.len(),
        took.unwrap_or_else(|| started.elapsed()),
    )
}

#[tokio::test]
async fn eight_anonymous_30_mb_uploads_to_the_real_server_leave_its_memory_flat() {
    let server = start("10", "5").await;
    let pid = server.child.id();
    // Warm up: one upload and a page.
    let _ = upload_30_mb(server.addr).await;
    let (peak_before, rss_before) = rss_of(pid);
    let started = Instant::now();
    let replies = futures_util::future::join_all((0..8).map(|_| upload_30_mb(server.addr))).await;
    let all = started.elapsed();
    let (peak_after, rss_after) = rss_of(pid);
    println!(
        "real server, 8 parallel anonymous 30 MB uploads over TCP: {all:?}; server peak RSS {peak_before} -> \
         {peak_after} KiB (+{} KiB), RSS {rss_before} -> {rss_after} KiB; answers {:?}",
        peak_after - peak_before,
        replies
            .iter()
            .map(|(s, n, t)| format!("{s} {n} B {t:?}"))
            .collect::<Vec<_>>()
    );
    for (status, len, took) in &replies {
        assert!(status.starts_with("HTTP/1.1 403"), "{status}");
        assert!(*len < 10 * 1024, "{len} bytes");
        assert!(*took < Duration::from_millis(100), "{took:?}");
    }
    assert!(peak_after - peak_before < 20 * 1024);
}
