//! Shared fixture and request helpers for the account, form and authorization tests.
#![allow(dead_code)]

use app::auth::{Actor, NewUser};
use app::db::entities::enums::{FacilityStatus, Role, UnitKind};
use app::db::entities::*;
use app::db::write;
use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use tower::ServiceExt;

/// Serializes the tests of one binary. Running these SQLite tests in parallel threads of one
/// process (each on its own current-thread runtime) sometimes left a request waiting forever
/// (never on PostgreSQL, never one at a time, never in the served app): see the report of the
/// accounts work; until that is understood the tests run one after the other.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub const PASSWORD: &str = "kata-sandi-uji-123";
pub const XSS: &str = "<script>alert('x')</script>\"&, ok";

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn state(db: DatabaseConnection) -> AppState {
    AppState {
        leptos_options: server::leptos_options("target/site", "127.0.0.1:3000".parse().unwrap()),
        db,
    }
}

/// Ids of what the fixture created.
pub struct Fixture {
    /// Finding of an inspection of 15.05-MPP (Kabupaten Muaro Jambi, province 15).
    pub finding_1505: i32,
    pub commitment_1505: i32,
    pub finding_1601: i32,
    pub commitment_1601: i32,
}

/// Reference data, a unit with a published inspection and finding, and an MoU with a commitment
/// in regencies 15.05 (Jambi) and 16.01 (Sumatera Selatan); an MPP in 15.71 (Kota Jambi).
pub async fn fixture(db: &DatabaseConnection) -> Fixture {
    app::db::seed::load_reference(db).await.unwrap();
    let mut out = Vec::new();
    for (regency, name) in [
        ("15.05", "MPP Muaro Jambi"),
        ("16.01", "MPP Ogan Komering Ulu"),
        ("15.71", "MPP Kota Jambi"),
    ] {
        write::upsert_service_unit(
            db,
            &write::ServiceUnitInput {
                regency_code: regency.into(),
                code: format!("{regency}-MPP"),
                kind: UnitKind::Mpp,
                name: name.into(),
                inaugurated_on: Some(d(2023, 1, 10)),
                tenant_count: Some(20),
                service_count: Some(100),
                counter_count: Some(30),
            },
        )
        .await
        .unwrap();
        if regency == "15.71" {
            continue;
        }
        let rec = write::record_inspection(
            db,
            &write::InspectionInput {
                unit_code: format!("{regency}-MPP"),
                inspected_on: d(2025, 3, 1),
                unannounced: true,
                inspector: "Tim Ombudsman".into(),
                input_score: Some(80.0),
                process_score: Some(75.0),
                output_score: Some(70.0),
                complaint_score: Some(60.0),
                staff_on_duty: Some(12),
                notes: String::new(),
                published: true,
                facility_checks: vec![write::FacilityCheckInput {
                    facility_code: "counters".into(),
                    status: FacilityStatus::Functional,
                }],
                findings: vec![write::FindingInput {
                    unit_code: None,
                    category: "sarpras".into(),
                    severity: 2,
                    description: "Ruang tunggu tanpa kursi prioritas".into(),
                    due_on: Some(d(2025, 4, 1)),
                }],
            },
        )
        .await
        .unwrap();
        write::upsert_mou(
            db,
            &write::MouInput {
                regency_code: regency.into(),
                signed_on: d(2024, 5, 2),
                title: "Nota Kesepakatan Peningkatan Pelayanan".into(),
                signatories: "Bupati; Kepala Perwakilan Ombudsman".into(),
                scope: "Standar pelayanan".into(),
            },
        )
        .await
        .unwrap();
        let c = write::create_commitment(
            db,
            &write::CommitmentInput {
                regency_code: regency.into(),
                mou_signed_on: d(2024, 5, 2),
                title: "Standar pelayanan dipublikasikan".into(),
                indicator: "Unit dengan standar pelayanan".into(),
                target_value: 100.0,
                target_unit: "%".into(),
                due_on: d(2030, 12, 31),
                responsible_office: "Bagian Organisasi".into(),
            },
        )
        .await
        .unwrap();
        out.push((rec.findings[0].id, c.id));
    }
    Fixture {
        finding_1505: out[0].0,
        commitment_1505: out[0].1,
        finding_1601: out[1].0,
        commitment_1601: out[1].1,
    }
}

/// A role to test with: `(label, role, regency, provinces)`.
pub const ROLES: [(&str, Role, Option<&str>, &[&str]); 7] = [
    ("admin", Role::Admin, None, &[]),
    ("pimpinan", Role::Pimpinan, None, &[]),
    ("asisten15", Role::Asisten, None, &["15"]),
    ("asisten16", Role::Asisten, None, &["16"]),
    ("pemda1505", Role::Pemda, Some("15.05"), &[]),
    ("pemda1571", Role::Pemda, Some("15.71"), &[]),
    ("pemda1601", Role::Pemda, Some("16.01"), &[]),
];

pub async fn create_user(db: &DatabaseConnection, username: &str) -> app_user::Model {
    let (_, role, regency, provinces) = ROLES
        .iter()
        .find(|(l, ..)| *l == username)
        .copied()
        .unwrap();
    app::auth::create_user(
        db,
        &NewUser {
            username: username.into(),
            display_name: format!("Pengguna {username}"),
            password: PASSWORD.into(),
            role,
            regency_code: regency.map(Into::into),
            province_codes: provinces.iter().map(|p| (*p).to_owned()).collect(),
        },
        &Actor::cli(),
    )
    .await
    .unwrap()
}

/// A signed-in browser: session cookie and the session's CSRF token.
#[derive(Clone, Debug)]
pub struct Browser {
    pub cookie: String,
    pub csrf: String,
}

impl Browser {
    /// An anonymous browser holding a CSRF cookie signed with this database's secret (as the
    /// server hands out).
    pub async fn anonymous(db: &DatabaseConnection) -> Browser {
        let secret = app::auth::counter::secret(db, app::auth::CSRF_SECRET)
            .await
            .unwrap();
        let csrf = app::auth::new_csrf_token(&secret);
        Browser {
            cookie: format!("pantau_csrf={csrf}"),
            csrf,
        }
    }
}

/// A session for `user` opened directly in the database.
pub async fn session_for(db: &DatabaseConnection, user: &app_user::Model) -> Browser {
    let (token, s) = app::auth::create_session(db, user.id, chrono::Utc::now().timestamp())
        .await
        .unwrap();
    Browser {
        cookie: format!("pantau_session={token}"),
        csrf: s.csrf_token,
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    pub fn location(&self) -> Option<String> {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

pub async fn send(db: &DatabaseConnection, req: Request<Body>) -> Reply {
    let what = format!("{} {}", req.method(), req.uri());
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(45),
        server::app(state(db.clone())).oneshot(req),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: no answer within 45 s"))
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

pub async fn get(db: &DatabaseConnection, uri: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(db, req.body(Body::empty()).unwrap()).await
}

/// Form-encodes `fields`.
pub fn encode(fields: &[(&str, String)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

pub async fn post(db: &DatabaseConnection, uri: &str, cookie: &str, body: String) -> Reply {
    let req = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(db, req).await
}

/// Row counts of every table a form can write, plus every commitment and inspection row (an
/// edit changes no count).
pub async fn snapshot(db: &DatabaseConnection) -> String {
    format!(
        "{:?}",
        (
            inspection::Entity::find().count(db).await.unwrap(),
            facility_check::Entity::find().count(db).await.unwrap(),
            finding::Entity::find().count(db).await.unwrap(),
            follow_up::Entity::find().count(db).await.unwrap(),
            commitment_progress::Entity::find().count(db).await.unwrap(),
            audit_log::Entity::find().count(db).await.unwrap(),
            commitment::Entity::find().all(db).await.unwrap(),
            inspection::Entity::find().all(db).await.unwrap(),
        )
    )
}

/// The audit rows, newest last.
pub async fn audit_rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(db).await.unwrap()
}
