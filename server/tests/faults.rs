#![recursion_limit = "512"]
//! Fault injection (issue 12): a throwaway PostgreSQL cluster started here (never the shared
//! server), Pantau on it, then the cluster stopped: every page and API that needs the database
//! answers 503 with `Retry-After` within 2 s, names the request id in its body, logs exactly one
//! line for the request (with that id) and shows no driver text; after a restart the same
//! requests answer as before.
//!
//! Needs PostgreSQL's server binaries (`initdb`, `pg_ctl`; `.ci/setup.sh` installs them); it
//! fails, not skips, without them.

mod common;

use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};
use tower::ServiceExt;

// ---------------------------------------------------------------------------------------------
// A PostgreSQL cluster of our own
// ---------------------------------------------------------------------------------------------

struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    user: Option<String>,
    port: u16,
}

impl Cluster {
    /// initdb in a temporary directory (as a non-root user: initdb refuses root), start on a
    /// free port with fsync off.
    fn start() -> Cluster {
        let bin = pg_bin().expect(
            "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin: \
             run .ci/setup.sh (or apt-get install postgresql)",
        );
        let user = if running_as_root() {
            Some(pg_user())
        } else {
            None
        };
        let dir = std::env::temp_dir().join(format!(
            "pantau-faults-{}-{}",
            std::process::id(),
            chrono::Utc::now().timestamp_micros()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(user) = &user {
            let ok = Command::new("chown").arg(user).arg(&dir).status().unwrap();
            assert!(ok.success(), "chown {user} {}", dir.display());
        }
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let cluster = Cluster {
            bin,
            dir,
            user,
            port,
        };
        let data = cluster.dir.join("data");
        let out = cluster
            .command("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster.pg_ctl_start();
        cluster
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
            self.port,
            self.dir.display()
        );
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .arg("-l")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn pg_ctl_stop(&self) {
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("initdb").exists() && d.join("pg_ctl").exists())
        .collect();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop()
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The system user the cluster runs as when we are root (the one `.ci/pg.sh` uses).
fn pg_user() -> String {
    let exists = |u: &str| {
        Command::new("id")
            .arg(u)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !exists("pantau-pg") {
        let _ = Command::new("useradd")
            .args(["--system", "--no-create-home", "--home-dir", "/nonexistent"])
            .args(["--shell", "/usr/sbin/nologin", "pantau-pg"])
            .status();
    }
    if exists("pantau-pg") {
        "pantau-pg"
    } else {
        "nobody"
    }
    .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Log capture
// ---------------------------------------------------------------------------------------------

type Buffer = std::sync::Arc<std::sync::Mutex<Vec<u8>>>;

fn logs() -> Buffer {
    static LOGS: std::sync::OnceLock<Buffer> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = Buffer::default();
        let sink = buffer.clone();
        let _ = tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .try_init();
        buffer
    })
    .clone()
}

struct Sink(Buffer);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_len() -> usize {
    logs().lock().unwrap().len()
}

fn log_since(mark: usize) -> Vec<String> {
    let buffer = logs();
    let bytes = buffer.lock().unwrap();
    String::from_utf8_lossy(&bytes[mark..])
        .lines()
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------------------------

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn get(app: &axum::Router, uri: &str) -> Answer {
    let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let res = tokio::time::timeout(Duration::from_secs(30), app.clone().oneshot(req))
        .await
        .unwrap_or_else(|_| panic!("{uri}: no answer within 30 s"))
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

const INTERNALS: [&str; 9] = [
    "DbErr",
    "Query Error",
    "Connection Error",
    "Connection pool",
    "pool timed out",
    "Connection refused",
    "os error",
    "sqlx",
    "SELECT",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_and_api_answers_503_while_postgresql_is_down() {
    logs();
    let cluster = Cluster::start();
    let db = app::db::connect(&cluster.url()).await.unwrap();
    app::db::migrate(&db).await.unwrap();
    let fx = common::fixture(&db).await;
    let app = server::app(AppState {
        leptos_options: server::leptos_options("target/site", "127.0.0.1:3000".parse().unwrap()),
        db,
    });
    let finding = format!("/temuan/{}", fx.finding_1505);
    let requests: Vec<(&str, StatusCode)> = vec![
        ("/", StatusCode::OK),
        ("/?year=2023&province=15", StatusCode::OK),
        ("/provinsi/15", StatusCode::OK),
        ("/kabupaten/15.05", StatusCode::OK),
        ("/unit/15.05-MPP", StatusCode::OK),
        ("/bandingkan?kode=15.05&kode=16.01", StatusCode::OK),
        ("/komitmen/15.05", StatusCode::OK),
        ("/komitmen/15.05/baru", StatusCode::FORBIDDEN),
        (finding.as_str(), StatusCode::OK),
        ("/sidak/baru?unit=15.05-MPP", StatusCode::FORBIDDEN),
        ("/api/national/ranking.csv", StatusCode::OK),
        ("/api/national/declining.json", StatusCode::OK),
        ("/api/regency/15.05/scores.csv", StatusCode::OK),
        ("/api/regency/15.05/findings.json", StatusCode::OK),
        ("/api/unit/15.05-MPP/staff.json", StatusCode::OK),
    ];
    for (uri, expected) in &requests {
        assert_eq!(
            get(&app, uri).await.status,
            *expected,
            "{uri} with the database up"
        );
    }

    cluster.pg_ctl_stop();
    for (uri, _) in &requests {
        let mark = log_len();
        let started = Instant::now();
        let answer = get(&app, uri).await;
        let elapsed = started.elapsed();
        let body = &answer.body[..answer.body.len().min(800)];
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{uri}: {body}"
        );
        assert!(elapsed < Duration::from_secs(2), "{uri} took {elapsed:?}");
        assert!(
            answer.headers.contains_key(header::RETRY_AFTER),
            "{uri}: Retry-After"
        );
        let id = answer.headers["x-request-id"].to_str().unwrap().to_owned();
        assert!(
            answer.body.contains(&id),
            "{uri}: the body names request id {id}: {body}"
        );
        for needle in INTERNALS {
            assert!(
                !answer.body.contains(needle),
                "{uri} shows {needle:?}: {body}"
            );
        }
        let lines = log_since(mark);
        let with_id: Vec<&String> = lines.iter().filter(|l| l.contains(&id)).collect();
        assert_eq!(
            with_id.len(),
            1,
            "{uri}: one log line with {id}: {lines:#?}"
        );
        let errors = lines.iter().filter(|l| l.contains("ERROR")).count();
        assert_eq!(errors, 1, "{uri}: one error line in all: {lines:#?}");
        println!("{uri}: 503 in {} ms", elapsed.as_millis());
    }

    cluster.pg_ctl_start();
    let deadline = Instant::now() + Duration::from_secs(10);
    while get(&app, "/").await.status != StatusCode::OK {
        assert!(
            Instant::now() < deadline,
            "/ still failing 10 s after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    for (uri, expected) in &requests {
        assert_eq!(
            get(&app, uri).await.status,
            *expected,
            "{uri} after the restart"
        );
    }
}
