#![recursion_limit = "512"]
// `serial()` holds a std mutex across awaits on purpose: one test at a time, each on its own thread.
#![allow(clippy::await_holding_lock)]
//! Truthful answers, through the whole router (`oneshot`), on SQLite and on PostgreSQL: the
//! published-only rule of public aggregates, one rule for unknown codes and bad parameters,
//! statuses and request ids of failures (never driver text), and writes that do not tell an
//! anonymous client which ids exist.

mod common;

use axum::http::StatusCode;
use common::*;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Every log line of this test binary (a subscriber that writes into memory).
fn logs() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> =
        std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
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

struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn log_lines_with(needle: &str) -> Vec<String> {
    let logs = logs();
    let text = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    text.lines()
        .filter(|l| l.contains(needle))
        .map(str::to_owned)
        .collect()
}

/// Driver and SQL text that must never reach a user.
const INTERNALS: [&str; 10] = [
    "DbErr",
    "Query Error",
    "Execution Error",
    "no such table",
    "does not exist",
    "Connection pool",
    "pool timed out",
    "invalid byte sequence",
    "sqlx",
    "SELECT",
];

fn assert_clean(what: &str, body: &str) {
    for needle in INTERNALS {
        assert!(
            !body.contains(needle),
            "{what} shows {needle:?}: {}",
            &body[..body.len().min(800)]
        );
    }
}

fn request_id(reply: &Reply) -> String {
    reply
        .headers
        .get("x-request-id")
        .expect("every answer carries x-request-id")
        .to_str()
        .unwrap()
        .to_owned()
}

/// Form fields of an inspection of 15.05-MPP by `asisten15`, not published, every score 1 and
/// a finding already past due.
fn unpublished_inspection(csrf: &str) -> String {
    let f = |k: &str, v: &str| (format!("form[{k}]"), v.to_owned());
    let fields = [
        ("csrf".to_owned(), csrf.to_owned()),
        f("unit", "15.05-MPP"),
        f("inspected_on", "2026-06-01"),
        f("unannounced", "on"),
        f("inspector", "Asisten"),
        f("input_score", "1"),
        f("process_score", "1"),
        f("output_score", "1"),
        f("complaint_score", "1"),
        ("form[findings][0][category]".into(), "sdm".into()),
        ("form[findings][0][severity]".into(), "3".into()),
        (
            "form[findings][0][description]".into(),
            "Temuan belum terbit".into(),
        ),
        ("form[findings][0][due_on]".into(), "2026-07-01".into()),
    ];
    let refs: Vec<(&str, String)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    encode(&refs)
}

app::backend_tests! {
    /// 9.1: an asisten saves an unpublished inspection with every score 1 (and an overdue
    /// finding): the inspector sees it on the unit page, but the public aggregates — the
    /// national declining list (JSON and CSV), the `/` page and the count of open findings past
    /// due — are computed from published inspections only.
    async fn public_aggregates_use_published_inspections_only(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let before = app::db::queries::national::overview(&db, &Default::default()).await.unwrap();
        let inspector = session_for(&db, &create_user(&db, "asisten15").await).await;
        let reply = post(&db, "/sidak/baru?unit=15.05-MPP", &inspector.cookie, unpublished_inspection(&inspector.csrf)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", &reply.body[..reply.body.len().min(800)]);
        let unit = get(&db, "/unit/15.05-MPP", Some(&inspector.cookie)).await;
        assert!(unit.body.contains("Temuan belum terbit"), "the inspector sees the unpublished inspection");

        let json = get(&db, "/api/national/declining.json", None).await;
        assert_eq!(json.status, StatusCode::OK);
        assert!(!json.body.contains("15.05-MPP"), "declining.json: {}", json.body);
        let csv = get(&db, "/api/national/declining.csv", None).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(!csv.body.contains("15.05-MPP"), "declining.csv: {}", csv.body);
        let page = get(&db, "/", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("MPP Muaro Jambi"), "`/` lists the mall as declining");

        let after = app::db::queries::national::overview(&db, &Default::default()).await.unwrap();
        assert_eq!(after.headline.open_findings_past_due, before.headline.open_findings_past_due);
        assert!(after.declining.is_empty(), "{:?}", after.declining);
        // Published, the same inspection counts.
        db.execute_unprepared("UPDATE inspection SET published = TRUE").await.unwrap();
        let published = app::db::queries::national::overview(&db, &Default::default()).await.unwrap();
        assert_eq!(published.headline.open_findings_past_due, before.headline.open_findings_past_due + 1);
        assert!(published.declining.iter().any(|d| d.unit_code == "15.05-MPP" && d.to == 1.0), "{:?}", published.declining);
    }

    /// 12.9: unknown codes are 404 and malformed parameters 400, on the pages and the API
    /// alike, and the national page and the province page agree.
    async fn unknown_codes_and_bad_parameters_follow_one_rule(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        for (uri, expected) in [
            ("/?province=99", StatusCode::NOT_FOUND),
            ("/api/national/ranking.csv?province=99", StatusCode::NOT_FOUND),
            ("/api/national/declining.json?province=99", StatusCode::NOT_FOUND),
            ("/provinsi/99", StatusCode::NOT_FOUND),
            ("/?year=abc", StatusCode::BAD_REQUEST),
            ("/provinsi/15?year=abc", StatusCode::BAD_REQUEST),
            ("/api/national/ranking.csv?year=abc", StatusCode::BAD_REQUEST),
            ("/?kind=desa", StatusCode::BAD_REQUEST),
            ("/provinsi/15?kind=desa", StatusCode::BAD_REQUEST),
            ("/?order=up", StatusCode::BAD_REQUEST),
            ("/provinsi/15?order=up", StatusCode::BAD_REQUEST),
            ("/?province=15", StatusCode::OK),
            ("/provinsi/15", StatusCode::OK),
            ("/?year=&kind=&order=asc", StatusCode::OK),
        ] {
            let reply = get(&db, uri, None).await;
            assert_eq!(reply.status, expected, "{uri}: {}", &reply.body[..reply.body.len().min(600)]);
            assert_clean(uri, &reply.body);
        }
    }

    /// 9.8 / 12.1: a broken database (a table gone) is our bug: 500, the request id in the
    /// body and the header, one log line with that id and the cause, no driver text.
    async fn database_failures_are_500_with_a_request_id(db: DatabaseConnection) {
        let _serial = serial();
        logs();
        let fx = fixture(&db).await;
        let finding = format!("/temuan/{}", fx.finding_1505);
        assert_eq!(get(&db, &finding, None).await.status, StatusCode::OK);
        let drop = if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            "DROP TABLE follow_up CASCADE"
        } else {
            "DROP TABLE follow_up"
        };
        db.execute_unprepared(drop).await.unwrap();
        for (uri, lang) in [
            (finding.as_str(), None),
            (finding.as_str(), Some("lang=en")),
            ("/kabupaten/15.05", None),
            ("/api/regency/15.05/findings.csv", None),
        ] {
            let reply = get(&db, uri, lang).await;
            assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{uri}: {}", &reply.body[..reply.body.len().min(800)]);
            let id = request_id(&reply);
            assert!(reply.body.contains(&id), "{uri}: the body names request id {id}");
            assert_clean(uri, &reply.body);
            let lines = log_lines_with(&id);
            assert_eq!(lines.len(), 1, "{uri}: one log line with {id}: {lines:?}");
            assert!(lines[0].contains("follow_up"), "the log names the cause: {}", lines[0]);
        }
    }

    /// 9.12: an anonymous client posting to `/temuan/{id}` gets the same answer whether the
    /// finding exists (published or not) or not; also through the server function.
    async fn anonymous_writes_do_not_reveal_which_ids_exist(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        db.execute_unprepared(&format!(
            "UPDATE inspection SET published = FALSE WHERE id = (SELECT inspection_id FROM finding WHERE id = {})",
            fx.finding_1601
        ))
        .await
        .unwrap();
        let anon = Browser::anonymous(&db).await;
        let fields = |id: i32| {
            encode(&[
                ("csrf", anon.csrf.clone()),
                ("form[finding_id]", id.to_string()),
                ("form[status]", "sebagian".into()),
                ("form[recorded_on]", "2025-03-02".into()),
                ("form[evidence]", "bukti".into()),
            ])
        };
        let mut page_statuses = Vec::new();
        let mut api_answers = Vec::new();
        for id in [fx.finding_1505, fx.finding_1601, 999_999] {
            let reply = post(&db, &format!("/temuan/{id}"), &anon.cookie, fields(id)).await;
            page_statuses.push(reply.status);
            let reply = post(&db, "/api/temuan/tindak-lanjut", &anon.cookie, fields(id)).await;
            api_answers.push((reply.status, reply.body));
        }
        assert!(page_statuses.iter().all(|s| *s == StatusCode::FORBIDDEN), "{page_statuses:?}");
        assert!(api_answers.iter().all(|a| *a == api_answers[0]), "{api_answers:?}");
        assert_eq!(api_answers[0].0, StatusCode::FORBIDDEN);
    }

    /// 9.8: a server function called without its arguments is the client's fault (400), with a
    /// localized message.
    async fn missing_server_function_arguments_are_400(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let anon = Browser::anonymous(&db).await;
        for body in [String::new(), encode(&[("csrf", anon.csrf.clone())]), "form=%ZZ".to_owned()] {
            let reply = post(&db, "/api/temuan/tindak-lanjut", &anon.cookie, body.clone()).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body:?}: {}", reply.body);
            assert!(reply.body.contains("Permintaan tidak lengkap"), "{}", reply.body);
        }
    }
}
