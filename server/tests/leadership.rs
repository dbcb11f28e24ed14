#![recursion_limit = "512"]
// `serial()` holds a std mutex across awaits on purpose: one test at a time, each on its own thread.
#![allow(clippy::await_holding_lock)]
//! The leadership pages through the whole router, on the real reference data (38 provinces,
//! 514 regencies, the published Jambi scores), on SQLite and PostgreSQL: the header search
//! (`/cari`), the national page's province table and bottom list, the paged ranking and the
//! full ranking export.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::DatabaseConnection;
use tower::ServiceExt;

/// Status, `Location` and body of a GET (redirects are not followed).
async fn get(db: &DatabaseConnection, uri: &str) -> (StatusCode, Option<String>, String) {
    let req = Request::builder()
        .uri(uri)
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .unwrap();
    let res = server::app(common::state(db.clone()))
        .oneshot(req)
        .await
        .unwrap();
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        location,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

fn published_regencies(year: i32) -> usize {
    app::db::seed::published_scores()
        .unwrap()
        .iter()
        .filter(|r| r.year == year && r.region_code.contains('.'))
        .count()
}

app::backend_tests! {
    async fn search_redirects_lists_or_says_none(db: DatabaseConnection) {
        let _serial = common::serial();
        app::db::seed::load_reference(&db).await.unwrap();
        for (q, to) in [
            ("muaro+jambi", "/kabupaten/15.05"),
            ("Kab.%20Muaro%20Jambi", "/kabupaten/15.05"),
            ("kota%20jambi", "/kabupaten/15.71"),
            ("15.05", "/kabupaten/15.05"),
            ("sumatera+selatan", "/provinsi/16"),
        ] {
            let (status, location, _) = get(&db, &format!("/cari?q={q}")).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{q}");
            assert_eq!(location.as_deref(), Some(to), "{q}");
        }
        let (status, location, html) = get(&db, "/cari?q=jambi").await;
        assert_eq!((status, location), (StatusCode::OK, None));
        assert!(html.contains("href=\"/kabupaten/15.71\"") && html.contains("href=\"/provinsi/15\""), "{html}");
        assert!(html.contains("data-testid=\"search-results\""));
        let (status, _, html) = get(&db, "/cari?q=%3Cb%3Eatlantis%3C/b%3E").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Tidak ditemukan"), "{html}");
        assert!(!html.contains("<b>atlantis"), "the query is escaped");
        // The box is in the header of every page, as a GET form to /cari.
        assert!(html.contains("action=\"/cari\""));
        let (_, _, home) = get(&db, "/").await;
        assert!(home.contains("action=\"/cari\"") && home.contains("name=\"q\""));
    }

    async fn national_page_links_every_province_and_numbers_the_bottom_by_true_rank(db: DatabaseConnection) {
        let _serial = common::serial();
        app::db::seed::load_reference(&db).await.unwrap();
        let (status, _, html) = get(&db, "/?year=2023").await;
        assert_eq!(status, StatusCode::OK);
        let mut provinces: Vec<&str> = html
            .match_indices("href=\"/provinsi/")
            .map(|(i, _)| &html[i + 16..i + 18])
            .collect();
        provinces.sort_unstable();
        provinces.dedup();
        assert_eq!(provinces.len(), 38);
        let n = published_regencies(2023);
        let bottom = &html[html.find("data-testid=\"bottom-list\"").unwrap()..];
        let first_row = &bottom[bottom.find("<tbody>").unwrap()..];
        let first_row = first_row[..first_row.find("</tr>").unwrap()].replace("<!>", "");
        assert!(first_row.starts_with(&format!("<tbody><tr><td class=\"num\">{n}</td>")), "{first_row}");
        assert!(html.contains("Turun terbanyak"));
        assert!(html.contains("dibanding 2022"), "change against the comparable year");
    }

    async fn ranking_export_has_every_assessed_regency_and_the_page_is_paged(db: DatabaseConnection) {
        let _serial = common::serial();
        app::db::seed::load_reference(&db).await.unwrap();
        for year in [2019, 2023, 2024] {
            let (status, _, csv) = get(&db, &format!("/api/national/ranking.csv?year={year}")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(csv.lines().count(), 1 + published_regencies(year), "{year}: {csv}");
        }
        let (status, _, html) = get(&db, "/peringkat?year=2023&page=1").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(html.matches("href=\"/kabupaten/").count(), published_regencies(2023));
        let (status, _, _) = get(&db, "/peringkat?page=x").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = get(&db, "/peringkat?year=1999").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }

    async fn demo_scores_are_marked_on_the_national_page_and_the_full_ranking(db: DatabaseConnection) {
        let _serial = common::serial();
        app::db::seed::load_reference(&db).await.unwrap();
        let config = app::db::seed::DemoConfig { seed: 5, scale: 0.02 };
        app::db::seed::generate_demo(&db, config, &|_, _| {}).await.unwrap();
        // 2024: every regency has a score, all but the published ones demo data.
        let demo = 514 - published_regencies(2024);
        let note = format!("{} dari 514 nilai kabupaten/kota tahun 2024 adalah data demo", app::i18n::Lang::Id.int(demo as i64));
        let (status, _, html) = get(&db, "/?year=2024").await;
        assert_eq!(status, StatusCode::OK);
        let html = html.replace("<!>", "");
        assert!(html.contains("data-testid=\"demo-note\"") && html.contains("Data demo"), "badge on the national page");
        assert!(html.contains(&note), "how many of the year's scores are demo: {note}");
        for section in ["data-testid=\"bottom-list\"", "data-testid=\"province-table\""] {
            let part = &html[html.find(section).unwrap()..];
            let part = &part[..part.find("</table>").unwrap()];
            assert!(part.contains("class=\"source source-demo demo-marker\""), "{section}: rows marked demo");
        }
        // The top list: each demo row carries the text marker.
        let top = &html[html.find("class=\"ranking\"").unwrap()..];
        let top = &top[..top.find("</table>").unwrap()];
        let rows = top.matches("href=\"/kabupaten/").count();
        assert!(rows > 0);
        assert_eq!(top.matches(">demo</span>").count(), rows, "every demo row of the top list marked");
        let (status, _, page) = get(&db, "/peringkat?year=2024&order=asc").await;
        assert_eq!(status, StatusCode::OK);
        let page = page.replace("<!>", "");
        assert!(page.contains("data-testid=\"demo-note\"") && page.contains(&note), "full ranking note");
        assert!(page.contains(">demo</span>"), "demo rows of the full ranking marked");

        // 2019 has published scores only: no badge, no marker, anywhere.
        for uri in ["/?year=2019", "/peringkat?year=2019"] {
            let (status, _, html) = get(&db, uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(html.contains("href=\"/kabupaten/15."), "{uri} lists the published regencies");
            assert!(!html.contains("demo-note") && !html.contains("demo-marker"), "{uri} has no demo marker");
        }
        // A published score shown next to a demo one in the ranking is not marked demo.
        let (_, _, page) = get(&db, "/peringkat?year=2024&province=13").await;
        let page = page.replace("<!>", "");
        let published = app::db::seed::published_scores().unwrap();
        let code = &published.iter().find(|r| r.year == 2024 && r.region_code.contains('.')).unwrap().region_code;
        let row_start = page.find(&format!("href=\"/kabupaten/{code}\"")).unwrap();
        let row = &page[row_start..];
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(!row.contains("demo-marker") && row.contains("Dipublikasikan"), "{row}");
        // The export says the same per row: `published` = no for exactly the demo scores.
        let (_, _, csv) = get(&db, "/api/national/ranking.csv?year=2024").await;
        assert!(csv.lines().next().unwrap().ends_with(",published"));
        assert_eq!(csv.lines().skip(1).filter(|l| l.ends_with(",no")).count(), demo);
        assert_eq!(csv.lines().skip(1).filter(|l| l.ends_with(",yes")).count(), published_regencies(2024));
        let (_, _, csv) = get(&db, "/api/national/ranking.csv?year=2019").await;
        assert!(csv.lines().skip(1).all(|l| l.ends_with(",yes")), "{csv}");
    }
}
