#![recursion_limit = "512"]
//! The whole router, driven with `oneshot` (no socket), on SQLite and on PostgreSQL.

use app::db::entities::{compliance_score, enums::RegencyKind, province, regency};
use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use tower::ServiceExt;

const HOSTILE: &str = "Kota \"Koma, <script>alert(1)</script> & Co\"";

fn state(db: DatabaseConnection) -> AppState {
    AppState {
        leptos_options: server::leptos_options("target/site", "127.0.0.1:3000".parse().unwrap()),
        db,
    }
}

async fn get(
    db: &DatabaseConnection,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, Option<String>) {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = server::app(state(db.clone()))
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        String::from_utf8_lossy(&body).into_owned(),
        content_type,
    )
}

/// One province with two regencies (one with a hostile name) and their scores.
async fn fixture(db: &DatabaseConnection) {
    let p = province::ActiveModel {
        code: Set("15".into()),
        name: Set("Jambi".into()),
        population: Set(3_700_000),
        area_km2: Set(49_000.0),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    for (code, name, scores) in [
        (
            "15.05",
            "Kabupaten Muaro Jambi",
            [(2022, 82.17, "B"), (2023, 84.57, "B")],
        ),
        ("15.71", HOSTILE, [(2022, 52.98, "D"), (2023, 90.10, "A")]),
    ] {
        let r = regency::ActiveModel {
            province_id: Set(p.id),
            code: Set(code.into()),
            kind: Set(if code.ends_with(".71") {
                RegencyKind::Kota
            } else {
                RegencyKind::Kabupaten
            }),
            name: Set(name.into()),
            population: Set(400_000),
            area_km2: Set(5_000.0),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        for (year, total, category) in scores {
            compliance_score::ActiveModel {
                region_code: Set(code.into()),
                regency_id: Set(Some(r.id)),
                year: Set(year),
                total: Set(total),
                category: Set(category.into()),
                methodology_version: Set("2022".into()),
                published: Set(true),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
        }
    }
}

app::backend_tests! {
    async fn healthz_is_200_with_the_database_up(db: DatabaseConnection) {
        let (status, body, _) = get(&db, "/healthz", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    }

    async fn healthz_is_503_with_the_database_unreachable(db: DatabaseConnection) {
        let router = server::app(state(db.clone()));
        db.close_by_ref().await.unwrap();
        // Readiness reports the database; liveness (`/healthz`) does not look at it.
        let res = router.oneshot(Request::builder().uri("/readyz").body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    async fn overview_renders_chart_table_and_escaped_names(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, html, _) = get(&db, "/", None).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("<html lang=\"id\""), "Indonesian by default");
        assert!(html.contains("Ikhtisar Nasional"));
        assert!(html.contains("data-chart=\"distribution\""));
        assert!(html.contains("<svg"), "inline SVG chart");
        // Latest year is the default; both regencies are ranked, the hostile name escaped.
        assert!(html.contains("tahun 2023"), "caption names the year");
        assert!(html.contains("Kabupaten Muaro Jambi"));
        assert!(html.contains("84,57"), "Indonesian number format");
        assert!(!html.contains("<script>alert(1)"), "user text must be escaped");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    async fn overview_switches_year_and_language(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, html, _) = get(&db, "/?year=2022", Some("lang=en")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"en\""));
        assert!(html.contains("National overview"));
        assert!(html.contains("year 2022"));
        assert!(html.contains("82.17"));
    }

    async fn ranking_csv_and_json_escape_names(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, csv, ct) = get(&db, "/api/national/ranking.csv?year=2023", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ct.as_deref(), Some("text/csv; charset=utf-8"));
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("rank,regency_code,regency,province,kind,year,score,category,published"));
        assert_eq!(lines.next(), Some("1,15.71,\"Kota \"\"Koma, <script>alert(1)</script> & Co\"\"\",Jambi,kota,2023,90.1,A,yes"));
        assert_eq!(lines.next(), Some("2,15.05,Kabupaten Muaro Jambi,Jambi,kabupaten,2023,84.57,B,yes"));
        let (status, json, _) = get(&db, "/api/national/ranking.json?year=2023", None).await;
        assert_eq!(status, StatusCode::OK);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["rows"][0]["regency"], HOSTILE);
        assert_eq!(v["rows"][1]["score"], 84.57);
    }

    async fn distribution_export_counts_categories(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, csv, _) = get(&db, "/api/national/distribution.csv?year=2022", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(csv.contains("2022,2022,B,1,50\r\n"), "{csv}");
        assert!(csv.contains("2022,2022,D,1,50\r\n"), "{csv}");
        assert!(csv.contains("2022,2022,A,0,0\r\n"), "empty categories are listed: {csv}");
    }

    async fn bad_parameters_are_400_and_localized(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, body, _) = get(&db, "/api/national/ranking.csv?year=abc", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("Permintaan tidak valid"), "{body}");
        let (status, body, _) = get(&db, "/api/national/ranking.csv?year=1999", Some("lang=en")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, _, _) = get(&db, "/api/national/nothing.csv", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn regency_page_and_unknown_codes(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, html, _) = get(&db, "/kabupaten/15.05", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Kabupaten Muaro Jambi"));
        assert!(html.contains("84,57"));
        assert!(html.contains("B (Kualitas Tinggi)"), "category with its name");
        assert!(html.contains("data-chart=\"regency-scores\""));
        let (status, html, _) = get(&db, "/kabupaten/99.99", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Halaman tidak ditemukan"));
        let (status, _, _) = get(&db, "/tidak-ada", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn language_switch_sets_cookie_and_returns(db: DatabaseConnection) {
        let req = Request::builder()
            .uri("/bahasa/en")
            .header(header::REFERER, "http://127.0.0.1:3000/kabupaten/15.05")
            .body(Body::empty())
            .unwrap();
        let res = server::app(state(db.clone())).oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[header::LOCATION], "/kabupaten/15.05");
        assert!(res.headers()[header::SET_COOKIE].to_str().unwrap().starts_with("lang=en;"));
    }

    async fn every_page_renders_on_seeded_data_and_bad_input_is_refused(db: DatabaseConnection) {
        app::db::seed::load_reference(&db).await.unwrap();
        let config = app::db::seed::DemoConfig { seed: 7, scale: 0.05 };
        app::db::seed::generate_demo(&db, config, &|_, _| {}).await.unwrap();
        let mall = format!("/unit/{}", app::db::seed::MUARO_JAMBI_MPP_CODE);
        for (uri, needle) in [
            ("/", "Ikhtisar Nasional"),
            ("/?year=2023&province=15&kind=kota&order=asc", "Kota Sungai Penuh"),
            ("/provinsi/15", "Kabupaten Muaro Jambi"),
            ("/kabupaten/15.05", "84,57"),
            (mall.as_str(), "2024-06-24"),
            ("/komitmen/15.05", "Komitmen MoU"),
            ("/bandingkan?kode=15.05&kode=15.71", "Kota Jambi"),
        ] {
            let (status, html, _) = get(&db, uri, None).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(html.contains(needle), "{uri} should show {needle}");
        }
        let (status, csv, _) = get(&db, &format!("/api{mall}/staff.csv"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(csv.starts_with("unit_code,date,on_duty,required,trained,attendance_pct,staff_index\r\n15.05-MPP,"));
        let (_, csv, _) = get(&db, "/api/regency/15.05/scores.csv", None).await;
        assert!(csv.contains("\r\n15.05,2023,84.57,B,2022,"), "{csv}");
        for (uri, expected) in [
            ("/?year=abc", StatusCode::BAD_REQUEST),
            ("/?kind=desa", StatusCode::BAD_REQUEST),
            ("/?year=1999", StatusCode::BAD_REQUEST),
            ("/provinsi/99", StatusCode::NOT_FOUND),
            ("/unit/TIDAK-ADA", StatusCode::NOT_FOUND),
            ("/komitmen/99.99", StatusCode::NOT_FOUND),
            ("/api/unit/TIDAK-ADA/staff.csv", StatusCode::NOT_FOUND),
            ("/api/regency/15.05/nothing.csv", StatusCode::NOT_FOUND),
            ("/api/regency/15.05/scores.xml", StatusCode::NOT_FOUND),
        ] {
            let (status, body, _) = get(&db, uri, None).await;
            assert_eq!(status, expected, "{uri}: {body}");
            assert!(!body.contains("sqlx") && !body.contains("SELECT"), "no internals in {uri}");
        }
        let (_, html, _) = get(&db, "/?year=abc", Some("lang=en")).await;
        assert!(html.contains("Invalid request"));
    }
}
