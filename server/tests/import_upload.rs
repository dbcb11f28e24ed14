//! The CSV upload page `/impor`: admin only, CSRF-checked, whole file validated first, one
//! transaction, re-import changes nothing — on SQLite and PostgreSQL.
// `serial()` holds a std mutex across awaits on purpose: one test at a time, each on its own thread.
#![allow(clippy::await_holding_lock)]
#![recursion_limit = "512"]

mod common;

use app::db::entities::skm_survey;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

const BOUNDARY: &str = "pantau-test-boundary";

fn multipart(csrf: &str, kind: &str, csv: &str) -> String {
    let mut body = String::new();
    for (name, value) in [("csrf", csrf), ("kind", kind)] {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"skm.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n--{BOUNDARY}--\r\n"
    ));
    body
}

async fn upload(db: &DatabaseConnection, browser: &Browser, csrf: &str, csv: &str) -> Reply {
    let req = Request::builder()
        .method("POST")
        .uri("/impor")
        .header(header::COOKIE, &browser.cookie)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(csrf, "skm", csv)))
        .unwrap();
    send(db, req).await
}

const HEADER: &str = "unit_code,year,semester,respondents,u1,u2,u3,u4,u5,u6,u7,u8,u9";

app::backend_tests! {
    async fn only_an_admin_with_a_valid_token_imports_and_bad_rows_reject_the_file(db: DatabaseConnection) {
        let _serial = serial();
        fixture(&db).await;
        let good = format!("{HEADER}\n15.05-MPP,2031,1,120,3.1,3.2,3.3,3.4,3.5,3.6,3.7,3.8,3.9\n15.05-MPP,2031,2,90,3,3,3,3,3,3,3,3,3\n");
        let bad = good.replace("3.9\n", "5\n");
        let count = |db: DatabaseConnection| async move { skm_survey::Entity::find().count(&db).await.unwrap() };
        let before = count(db.clone()).await;

        for who in ["asisten15", "pimpinan", "pemda1505"] {
            let user = create_user(&db, who).await;
            let b = session_for(&db, &user).await;
            let reply = upload(&db, &b, &b.csrf, &good).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
        }
        let admin = create_user(&db, "admin").await;
        let b = session_for(&db, &admin).await;
        let reply = upload(&db, &b, "wrong-token", &good).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "CSRF");
        assert_eq!(count(db.clone()).await, before, "nothing written when refused");

        let reply = upload(&db, &b, &b.csrf, &bad).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
        assert!(reply.body.contains("Baris 2, kolom u9"), "row and column named: {}", reply.body);
        assert_eq!(count(db.clone()).await, before, "a bad row rejects the whole file");

        let reply = upload(&db, &b, &b.csrf, &good).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(count(db.clone()).await, before + 2);
        let again = upload(&db, &b, &b.csrf, &good).await;
        assert_eq!(again.status, StatusCode::OK);
        assert_eq!(count(db.clone()).await, before + 2, "re-import changes nothing");

        let page = get(&db, "/impor", Some(&b.cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("enctype=\"multipart/form-data\""));
    }
}
