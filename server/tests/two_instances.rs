#![recursion_limit = "512"]
//! Two server instances (two `axum::serve` listeners on ephemeral ports, each with its own
//! connection pool) against one fresh PostgreSQL database: a session opened on one is valid on
//! the other, a write on one is visible on the other, a logout on one ends the session on both.
//! Plain HTTP/1.1 over `TcpStream`, as a browser would send it.

mod common;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct HttpReply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl HttpReply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .find(|kv| kv.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..eol]).unwrap().trim(), 16)
            .unwrap_or(0);
        raw = &raw[eol + 2..];
        if size == 0 || raw.len() < size {
            break;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[(size + 2).min(raw.len())..];
    }
    out
}

async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
) -> HttpReply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = &raw[split + 4..];
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    HttpReply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Starts an instance with its own pool on `url`; returns its address.
async fn start(url: &str) -> std::net::SocketAddr {
    let db = app::db::connect(url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::app(state(db)).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    addr
}

fn csrf_of(html: &str) -> String {
    let at = html.find("data-csrf=\"").expect("data-csrf") + "data-csrf=\"".len();
    let len = html[at..].find('"').expect("end of data-csrf");
    html[at..at + len].to_owned()
}

#[tokio::test]
async fn two_instances_share_sessions_and_data() {
    let guard = app::db::testing::PgTestDb::create().await;
    let url =
        app::db::testing::with_database(&app::db::testing::postgres_server_url(), guard.name());
    {
        let db = guard.connection();
        let fx = fixture(&db).await;
        create_user(&db, "pemda1505").await;
        let a = start(&url).await;
        let b = start(&url).await;
        assert_ne!(a, b);

        // Sign in on A.
        let page = http(a, "GET", "/masuk", "", "").await;
        assert_eq!(page.status, 200);
        let anon = page
            .cookie("pantau_csrf")
            .expect("CSRF cookie for anonymous visitors");
        let csrf = csrf_of(&page.body);
        let login = http(
            a,
            "POST",
            "/masuk",
            &anon,
            &encode(&[
                ("csrf", csrf),
                ("username", "pemda1505".into()),
                ("password", PASSWORD.into()),
            ]),
        )
        .await;
        assert_eq!(login.status, 303, "{}", login.body);
        let session = login.cookie("pantau_session").expect("session cookie");

        // The session is valid on B; write there.
        let page = http(b, "GET", "/komitmen/15.05", &session, "").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Pengguna pemda1505"), "signed in on B");
        let csrf = csrf_of(&page.body);
        let write = http(
            b,
            "POST",
            "/komitmen/15.05",
            &session,
            &encode(&[
                ("csrf", csrf.clone()),
                ("form[commitment_id]", fx.commitment_1505.to_string()),
                ("form[reported_on]", "2025-06-01".into()),
                ("form[percent]", "65".into()),
                ("form[status]", "on_track".into()),
                ("form[note]", "ditulis lewat instans B".into()),
            ]),
        )
        .await;
        assert_eq!(write.status, 303, "{}", write.body);
        assert_eq!(write.header("location"), Some("/komitmen/15.05"));

        // A sees B's write (anonymous visitors too).
        let page = http(a, "GET", "/komitmen/15.05", "", "").await;
        assert!(page.body.contains("ditulis lewat instans B"));

        // Logout on A ends the session on B.
        let out = http(a, "POST", "/keluar", &session, &encode(&[("csrf", csrf)])).await;
        assert_eq!(out.status, 303);
        let page = http(b, "GET", "/komitmen/15.05", &session, "").await;
        assert!(
            !page.body.contains("Pengguna pemda1505"),
            "signed out on B too"
        );
    }
    guard.finish().await;
}
