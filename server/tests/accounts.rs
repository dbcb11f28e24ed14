#![recursion_limit = "512"]
// `serial()` holds a std mutex across awaits on purpose: one test at a time, each on its own thread.
#![allow(clippy::await_holding_lock)]
//! Accounts, sessions, CSRF, the authorization matrix of every write endpoint, audit and XSS —
//! through the whole router (`oneshot`), on SQLite and on PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// The write endpoints: (name, who may, no-JS path, server-function path).
#[derive(Clone, Copy, Debug)]
enum Write {
    Progress,
    FollowUp,
    CommitmentNew,
    CommitmentEdit,
    Inspection,
}

const WRITES: [Write; 5] = [
    Write::Progress,
    Write::FollowUp,
    Write::CommitmentNew,
    Write::CommitmentEdit,
    Write::Inspection,
];

impl Write {
    /// Who may write this endpoint's target (all targets are in 15.05, province 15).
    fn allowed(self) -> &'static [&'static str] {
        match self {
            Write::Progress => &["pemda1505"],
            Write::FollowUp => &["pemda1505", "asisten15"],
            Write::CommitmentNew | Write::CommitmentEdit => &["admin", "asisten15"],
            Write::Inspection => &["asisten15"],
        }
    }

    /// `(no-JS path, server-function path, form fields)`; `n` makes the values unique.
    async fn request(
        self,
        db: &DatabaseConnection,
        fx: &Fixture,
        n: i64,
    ) -> (String, String, Vec<(String, String)>) {
        let day = |base: chrono::NaiveDate| (base + chrono::Duration::days(n)).to_string();
        let f = |k: &str, v: String| (format!("form[{k}]"), v);
        match self {
            Write::Progress => (
                "/komitmen/15.05".into(),
                "/api/komitmen/kemajuan".into(),
                vec![
                    f("commitment_id", fx.commitment_1505.to_string()),
                    f("reported_on", day(d(2025, 1, 1))),
                    f("percent", "40".into()),
                    f("status", "on_track".into()),
                    f("note", format!("laporan {n}")),
                ],
            ),
            Write::FollowUp => (
                format!("/temuan/{}", fx.finding_1505),
                "/api/temuan/tindak-lanjut".into(),
                vec![
                    f("finding_id", fx.finding_1505.to_string()),
                    f("status", "sebagian".into()),
                    f("recorded_on", day(d(2025, 3, 2))),
                    f("evidence", format!("bukti {n}")),
                ],
            ),
            Write::CommitmentNew => (
                "/komitmen/15.05/baru".into(),
                "/api/komitmen/simpan".into(),
                vec![
                    f("regency", "15.05".into()),
                    f("mou_signed_on", "2024-05-02".into()),
                    f("title", format!("Komitmen baru {n}")),
                    f("indicator", "Jumlah loket".into()),
                    f("target_value", "10".into()),
                    f("target_unit", "loket".into()),
                    f("due_on", "2026-12-31".into()),
                    f("responsible_office", "DPMPTSP".into()),
                ],
            ),
            Write::CommitmentEdit => {
                let c = app::db::entities::commitment::Entity::find_by_id(fx.commitment_1505)
                    .one(db)
                    .await
                    .unwrap()
                    .unwrap();
                (
                    format!("/komitmen/15.05/ubah/{}", c.id),
                    "/api/komitmen/simpan".into(),
                    vec![
                        f("regency", "15.05".into()),
                        f("id", c.id.to_string()),
                        f("version", c.version.to_string()),
                        f("indicator", format!("Indikator {n}")),
                        f("target_value", "100".into()),
                        f("target_unit", "%".into()),
                        f("due_on", "2030-12-31".into()),
                        f("responsible_office", "Bagian Organisasi".into()),
                    ],
                )
            }
            Write::Inspection => (
                "/sidak/baru?unit=15.05-MPP".into(),
                "/api/sidak/simpan".into(),
                vec![
                    f("unit", "15.05-MPP".into()),
                    f("inspected_on", day(d(2024, 1, 1))),
                    f("unannounced", "on".into()),
                    f("inspector", "Asisten".into()),
                    f("input_score", "70".into()),
                    ("form[facility][counters]".into(), "present".into()),
                    ("form[findings][0][category]".into(), "sdm".into()),
                    ("form[findings][0][severity]".into(), "2".into()),
                    (
                        "form[findings][0][description]".into(),
                        format!("Petugas kurang {n}"),
                    ),
                    f("published", "on".into()),
                ],
            ),
        }
    }
}

/// Form fields as posted.
type Fields = Vec<(String, String)>;

fn body(csrf: &str, fields: &[(String, String)]) -> String {
    let mut all: Vec<(&str, String)> = vec![("csrf", csrf.to_owned())];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.clone())));
    encode(&all)
}

app::backend_tests! {
    /// Every write endpoint (no-JS POST and server function) × every role and anonymous: the
    /// refused ones answer 403 and write nothing (not even an audit row); the allowed ones
    /// write (with their audit row).
    async fn authorization_matrix(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let mut browsers = vec![("anonim", Browser::anonymous(&db).await)];
        for (label, ..) in ROLES {
            let user = create_user(&db, label).await;
            browsers.push((label, session_for(&db, &user).await));
        }
        let mut n = 0;
        for write in WRITES {
            for (label, browser) in &browsers {
                for js in [false, true] {
                    n += 1;
                    let (page, api, fields) = write.request(&db, &fx, n).await;
                    let before = snapshot(&db).await;
                    let audits = audit_rows(&db).await.len();
                    let reply = post(&db, if js { &api } else { &page }, &browser.cookie, body(&browser.csrf, &fields)).await;
                    let what = format!("{write:?} by {label} ({})", if js { "server fn" } else { "no-JS" });
                    if write.allowed().contains(label) {
                        let expected = if js { StatusCode::OK } else { StatusCode::SEE_OTHER };
                        assert_eq!(reply.status, expected, "{what}: {}", &reply.body[..reply.body.len().min(600)]);
                        if js {
                            assert!(reply.body.contains("\"redirect\":\"/"), "{what}: {}", reply.body);
                        }
                        assert_ne!(snapshot(&db).await, before, "{what} wrote nothing");
                        let rows = audit_rows(&db).await;
                        assert_eq!(rows.len(), audits + 1, "{what}: one audit row");
                        assert_eq!(rows.last().unwrap().username, *label);
                    } else {
                        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what}: {}", &reply.body[..reply.body.len().min(600)]);
                        assert_eq!(snapshot(&db).await, before, "{what} must write nothing");
                    }
                }
            }
        }
    }

    /// Writes without a valid CSRF token are refused, also for a signed-in user who may write.
    async fn csrf_is_required(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let user = create_user(&db, "pemda1505").await;
        let browser = session_for(&db, &user).await;
        let (page, api, fields) = Write::Progress.request(&db, &fx, 1).await;
        let anonymous = Browser::anonymous(&db).await;
        for token in ["", "0".repeat(64).as_str(), anonymous.csrf.as_str()] {
            for uri in [&page, &api] {
                let before = snapshot(&db).await;
                let reply = post(&db, uri, &browser.cookie, body(token, &fields)).await;
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri} with {token:?}");
                assert_eq!(snapshot(&db).await, before);
            }
        }
        // The right token works.
        let reply = post(&db, &page, &browser.cookie, body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }

    /// Expired and logged-out sessions cannot write; the header then offers "Masuk" again.
    async fn expired_and_logged_out_sessions_cannot_write(db: DatabaseConnection) {
        let _serial = serial();
        use app::db::entities::session;
        let fx = fixture(&db).await;
        let user = create_user(&db, "pemda1505").await;

        // Expired.
        let browser = session_for(&db, &user).await;
        let row = session::Entity::find().filter(session::Column::CsrfToken.eq(browser.csrf.as_str())).one(&db).await.unwrap().unwrap();
        let mut am: session::ActiveModel = row.into();
        am.expires_at = Set(chrono::Utc::now().timestamp() - 1);
        am.update(&db).await.unwrap();
        let (page, _, fields) = Write::Progress.request(&db, &fx, 1).await;
        let before = snapshot(&db).await;
        let reply = post(&db, &page, &browser.cookie, body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(snapshot(&db).await, before);
        assert!(reply.set_cookies().iter().any(|c| c.starts_with("pantau_session=;")), "stale cookie cleared");
        let page_html = get(&db, "/komitmen/15.05", Some(&browser.cookie)).await;
        assert!(page_html.body.contains("href=\"/masuk\""), "signed out again");

        // Logged out.
        let browser = session_for(&db, &user).await;
        let reply = get(&db, "/komitmen/15.05", Some(&browser.cookie)).await;
        assert!(reply.body.contains("Pengguna pemda1505"), "signed in");
        assert!(reply.body.contains("Laporkan kemajuan"), "the officer sees the progress form");
        let reply = post(&db, "/keluar", &browser.cookie, encode(&[("csrf", browser.csrf.clone())])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let before = snapshot(&db).await;
        let reply = post(&db, &page, &browser.cookie, body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(snapshot(&db).await, before);
        let logouts = audit_rows(&db).await.into_iter().filter(|r| r.action == "logout").count();
        assert_eq!(logouts, 1);
    }

    /// Sign-in through the form: wrong password 401 (username kept), then the rate limit (429)
    /// after five failures; a right password gives an HttpOnly, SameSite session cookie.
    async fn login_sets_a_session_and_is_rate_limited(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        create_user(&db, "pemda1505").await;
        create_user(&db, "asisten15").await;
        let anon = Browser::anonymous(&db).await;
        let page = get(&db, "/masuk", Some(&anon.cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("value=\"{}\"", anon.csrf)), "the form carries the CSRF token");

        // Without the CSRF token: refused.
        let reply = post(&db, "/masuk", &anon.cookie, encode(&[("username", "asisten15".into()), ("password", PASSWORD.into())])).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);

        let reply = post(&db, "/masuk", &anon.cookie, encode(&[
            ("csrf", anon.csrf.clone()), ("username", "asisten15".into()), ("password", PASSWORD.into()), ("next", "/komitmen/15.05".into()),
        ])).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        assert_eq!(reply.location().as_deref(), Some("/komitmen/15.05"));
        let cookie = reply.set_cookies().into_iter().find(|c| c.starts_with("pantau_session=")).unwrap();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age="), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP here");
        let token = cookie.split(';').next().unwrap().to_owned();
        let home = get(&db, "/", Some(&token)).await;
        assert!(home.body.contains("Pengguna asisten15"));
        assert!(home.body.contains("Keluar"));
        // Only the hash of the token is stored.
        let raw = token.trim_start_matches("pantau_session=");
        let stored = app::db::entities::session::Entity::find().all(&db).await.unwrap();
        assert!(stored.iter().all(|s| s.token_hash != raw));
        assert!(stored.iter().any(|s| s.token_hash == app::auth::sha256_hex(raw)));

        for i in 0..5 {
            let reply = post(&db, "/masuk", &anon.cookie, encode(&[
                ("csrf", anon.csrf.clone()), ("username", "pemda1505".into()), ("password", format!("salah-{i}-xxxx")),
            ])).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            assert!(reply.body.contains("Nama pengguna atau kata sandi salah."));
            assert!(reply.body.contains("value=\"pemda1505\""), "the username is kept");
        }
        // Sixth attempt, even with the right password: 429.
        let reply = post(&db, "/masuk", &format!("{}; lang=en", anon.cookie), encode(&[
            ("csrf", anon.csrf.clone()), ("username", "pemda1505".into()), ("password", PASSWORD.into()),
        ])).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(reply.body.contains("Too many failed sign-in attempts"));
    }

    /// A failed no-JS submission re-renders the page with 422, the errors next to the fields
    /// (`aria-describedby`) and what was typed.
    async fn invalid_input_is_kept_and_explained(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let user = create_user(&db, "pemda1505").await;
        let browser = session_for(&db, &user).await;
        let before = snapshot(&db).await;
        let fields = vec![
            ("form[commitment_id]".to_string(), fx.commitment_1505.to_string()),
            ("form[reported_on]".to_string(), "2025-02-30".to_string()),
            ("form[percent]".to_string(), "150".to_string()),
            ("form[status]".to_string(), "on_track".to_string()),
            ("form[note]".to_string(), "catatan yang diketik".to_string()),
        ];
        let reply = post(&db, "/komitmen/15.05", &browser.cookie, body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(snapshot(&db).await, before);
        let id = fx.commitment_1505;
        assert!(reply.body.contains("Masukkan angka antara 0 dan 100."), "{}", reply.body);
        assert!(reply.body.contains("Tanggal tidak valid"));
        assert!(reply.body.contains(&format!("aria-describedby=\"p{id}-percent-error\"")));
        assert!(reply.body.contains(&format!("id=\"p{id}-percent-error\"")));
        assert!(reply.body.contains("catatan yang diketik"), "typed text kept");
        assert!(reply.body.contains("value=\"150\""), "typed number kept");

        // Same through the server function: 200 with the field errors, in English on request.
        let reply = post(&db, "/api/komitmen/kemajuan", &format!("{}; lang=en", browser.cookie), body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("Enter a number between 0 and 100."), "{}", reply.body);
        assert_eq!(snapshot(&db).await, before);
    }

    /// Concurrent edits: the second save based on the same version is refused (409), not
    /// silently overwritten.
    async fn stale_commitment_edits_are_detected(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let user = create_user(&db, "asisten15").await;
        let browser = session_for(&db, &user).await;
        let (page, _, fields) = Write::CommitmentEdit.request(&db, &fx, 1).await;
        let (_, _, mut other) = Write::CommitmentEdit.request(&db, &fx, 2).await;
        let reply = post(&db, &page, &browser.cookie, body(&browser.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        let before = snapshot(&db).await;
        other.retain(|(k, _)| k != "form[version]");
        other.push(("form[version]".into(), "1".into()));
        let reply = post(&db, &page, &browser.cookie, body(&browser.csrf, &other)).await;
        assert_eq!(reply.status, StatusCode::CONFLICT);
        assert!(reply.body.contains("baru saja diubah oleh pengguna lain"));
        assert!(reply.body.contains("Indikator 2"), "the user's edit is still in the form");
        assert_eq!(snapshot(&db).await, before);
    }

    /// Audit: writes carry who/what/before/after; exports are logged; only admin and pimpinan
    /// read the log, with filters in the URL.
    async fn audit_log_records_writes_and_exports(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let officer = session_for(&db, &create_user(&db, "pemda1505").await).await;
        let inspector = session_for(&db, &create_user(&db, "asisten15").await).await;
        let lead = session_for(&db, &create_user(&db, "pimpinan").await).await;
        let (page, _, fields) = Write::CommitmentEdit.request(&db, &fx, 7).await;
        assert_eq!(post(&db, &page, &inspector.cookie, body(&inspector.csrf, &fields)).await.status, StatusCode::SEE_OTHER);
        let row = audit_rows(&db).await.pop().unwrap();
        assert_eq!((row.username.as_str(), row.action.as_str(), row.entity.as_str()), ("asisten15", "update", "commitment"));
        assert!(row.before_json.unwrap().contains("Unit dengan standar pelayanan"));
        assert!(row.after_json.unwrap().contains("Indikator 7"));

        let csv = get(&db, "/api/regency/15.05/findings.csv", Some(&officer.cookie)).await;
        assert_eq!(csv.status, StatusCode::OK);
        let row = audit_rows(&db).await.pop().unwrap();
        assert_eq!((row.username.as_str(), row.action.as_str()), ("pemda1505", "export"));
        assert_eq!(row.entity_key, "/api/regency/15.05/findings.csv");
        get(&db, "/api/national/ranking.json?year=2023", None).await;
        let row = audit_rows(&db).await.pop().unwrap();
        assert_eq!((row.username.as_str(), row.action.as_str()), ("anonim", "export"));
        assert_eq!(row.entity_key, "/api/national/ranking.json?year=2023");

        let log = get(&db, "/audit?user=asisten15&entity=commitment", Some(&lead.cookie)).await;
        assert_eq!(log.status, StatusCode::OK);
        assert!(log.body.contains("Indikator 7"));
        assert!(!log.body.contains("/api/regency/15.05/findings.csv"), "filtered");
        let log = get(&db, "/audit?action=export", Some(&lead.cookie)).await;
        assert!(log.body.contains("/api/regency/15.05/findings.csv"));
        for denied in [Some(officer.cookie.as_str()), Some(inspector.cookie.as_str()), None] {
            let reply = get(&db, "/audit", denied).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN);
            assert!(!reply.body.contains("findings.csv"));
        }
    }

    /// Hostile text in every free-text field of every form comes back escaped in HTML, and
    /// quoted in CSV.
    async fn free_text_is_escaped_everywhere(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let officer = session_for(&db, &create_user(&db, "pemda1505").await).await;
        let inspector = session_for(&db, &create_user(&db, "asisten15").await).await;
        let lead = session_for(&db, &create_user(&db, "pimpinan").await).await;
        let f = |k: &str, v: &str| (format!("form[{k}]"), v.to_owned());
        let posts: Vec<(&Browser, String, Fields)> = vec![
            (&officer, "/komitmen/15.05".into(), vec![
                f("commitment_id", &fx.commitment_1505.to_string()), f("reported_on", "2025-02-01"),
                f("percent", "50"), f("status", "at_risk"), f("note", XSS),
            ]),
            (&officer, format!("/temuan/{}", fx.finding_1505), vec![
                f("finding_id", &fx.finding_1505.to_string()), f("status", "selesai"),
                f("recorded_on", "2025-03-05"), f("evidence", XSS),
            ]),
            (&inspector, "/komitmen/15.05/baru".into(), vec![
                f("regency", "15.05"), f("mou_signed_on", "2024-05-02"), f("title", XSS), f("indicator", XSS),
                f("target_value", "1"), f("target_unit", "<b>u</b>"), f("due_on", "2026-01-01"), f("responsible_office", XSS),
            ]),
            (&inspector, "/sidak/baru?unit=15.05-MPP".into(), vec![
                f("unit", "15.05-MPP"), f("inspected_on", "2025-02-01"), f("inspector", XSS), f("notes", XSS),
                ("form[findings][0][category]".into(), XSS.into()), ("form[findings][0][severity]".into(), "3".into()),
                ("form[findings][0][description]".into(), XSS.into()), f("published", "on"),
            ]),
        ];
        for (browser, uri, fields) in posts {
            let reply = post(&db, &uri, &browser.cookie, body(&browser.csrf, &fields)).await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{uri}: {}", &reply.body[..reply.body.len().min(800)]);
        }
        let escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;";
        let new_finding = app::db::entities::finding::Entity::find()
            .filter(app::db::entities::finding::Column::Severity.eq(3))
            .one(&db).await.unwrap().unwrap();
        for page in [
            "/komitmen/15.05".to_string(),
            format!("/temuan/{}", fx.finding_1505),
            format!("/temuan/{}", new_finding.id),
            "/unit/15.05-MPP".to_string(),
            "/kabupaten/15.05".to_string(),
            "/audit".to_string(),
        ] {
            let reply = get(&db, &page, Some(&lead.cookie)).await;
            assert_eq!(reply.status, StatusCode::OK, "{page}");
            assert!(!reply.body.contains("<script>alert("), "{page} must escape");
            assert!(reply.body.contains(escaped) || reply.body.contains("&lt;script&gt;alert("), "{page} shows the text escaped");
        }
        let csv = get(&db, "/api/regency/15.05/findings.csv", None).await;
        assert!(csv.body.contains("\"<script>alert('x')</script>\"\"&, ok\""), "CSV quotes: {}", csv.body);
    }

    /// Unpublished inspections: hidden from anonymous visitors and other regencies' officers,
    /// shown to leadership and to the inspectors of the province.
    async fn unpublished_inspections_are_restricted(db: DatabaseConnection) {
        let _serial = serial();
        let fx = fixture(&db).await;
        let inspector = session_for(&db, &create_user(&db, "asisten15").await).await;
        let lead = session_for(&db, &create_user(&db, "pimpinan").await).await;
        let other = session_for(&db, &create_user(&db, "pemda1601").await).await;
        let (page, _, mut fields) = Write::Inspection.request(&db, &fx, 3).await;
        fields.retain(|(k, _)| k != "form[published]");
        fields.retain(|(k, _)| k != "form[findings][0][description]");
        fields.push(("form[findings][0][description]".into(), "Temuan rahasia".into()));
        let reply = post(&db, &page, &inspector.cookie, body(&inspector.csrf, &fields)).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
        for (who, cookie, sees) in [
            ("anonymous", None, false),
            ("pemda1601", Some(other.cookie.as_str()), false),
            ("pimpinan", Some(lead.cookie.as_str()), true),
            ("asisten15", Some(inspector.cookie.as_str()), true),
        ] {
            let html = get(&db, "/unit/15.05-MPP", cookie).await.body;
            assert_eq!(html.contains("Temuan rahasia"), sees, "{who}");
            // The regency page and the exports hide it the same way.
            let html = get(&db, "/kabupaten/15.05", cookie).await.body;
            assert_eq!(html.contains("Temuan rahasia"), sees, "{who}: regency page");
            let csv = get(&db, "/api/regency/15.05/findings.csv", cookie).await.body;
            assert_eq!(csv.contains("Temuan rahasia"), sees, "{who}: findings export");
        }
        // The inspector of the province gets the link to record an inspection; others do not.
        assert!(get(&db, "/unit/15.05-MPP", Some(&inspector.cookie)).await.body.contains("/sidak/baru?unit=15.05-MPP"));
        assert!(!get(&db, "/unit/15.05-MPP", Some(&lead.cookie)).await.body.contains("/sidak/baru?unit="));
        assert_eq!(get(&db, "/sidak/baru?unit=15.05-MPP", Some(&lead.cookie)).await.status, StatusCode::FORBIDDEN);
    }

    /// `pantau create-user` rules: roles need their region, passwords a minimum length.
    async fn create_user_validates(db: DatabaseConnection) {
        let _serial = serial();
        app::db::seed::load_reference(&db).await.unwrap();
        use app::auth::{Actor, NewUser};
        use app::db::entities::enums::Role;
        let new = |role, regency: Option<&str>, provinces: &[&str], password: &str| NewUser {
            username: "petugas".into(), display_name: String::new(), password: password.into(), role,
            regency_code: regency.map(Into::into), province_codes: provinces.iter().map(|p| p.to_string()).collect(),
        };
        let cli = Actor::cli();
        assert!(app::auth::create_user(&db, &new(Role::Pemda, None, &[], PASSWORD), &cli).await.is_err());
        assert!(app::auth::create_user(&db, &new(Role::Asisten, None, &[], PASSWORD), &cli).await.is_err());
        assert!(app::auth::create_user(&db, &new(Role::Admin, Some("15.05"), &[], PASSWORD), &cli).await.is_err());
        assert!(app::auth::create_user(&db, &new(Role::Admin, None, &[], "pendek"), &cli).await.is_err());
        assert!(app::auth::create_user(&db, &new(Role::Pemda, Some("99.99"), &[], PASSWORD), &cli).await.is_err());
        let u = app::auth::create_user(&db, &new(Role::Asisten, None, &["15", "16"], PASSWORD), &cli).await.unwrap();
        assert_ne!(u.password_hash, PASSWORD);
        assert!(app::auth::verify_password(PASSWORD, &u.password_hash));
        assert!(app::auth::create_user(&db, &new(Role::Admin, None, &[], PASSWORD), &cli).await.is_err(), "duplicate username");
        let row = audit_rows(&db).await.pop().unwrap();
        assert_eq!((row.username.as_str(), row.entity.as_str()), ("cli", "app_user"));
        assert!(!row.after_json.unwrap().contains("argon2"), "no hash in the audit log");
    }
}
