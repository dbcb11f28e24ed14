//! The `.xlsx` downloads survive a spreadsheet: the ranking's workbook, opened by LibreOffice
//! Calc (headless) under an English and under an Indonesian locale, keeps the regency code
//! `15.09` as text and the score `88.85` as a number (the CSV loses one or the other, depending
//! on the locale). Needs `soffice` (Debian's `libreoffice-calc-nogui`, installed by
//! `.ci/setup.sh`): without it this test fails rather than skips.

use app::db::entities::{compliance_score, enums::RegencyKind, province, regency};
use app::state::AppState;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use std::path::Path;
use std::process::Command;
use tower::ServiceExt;

fn state(db: DatabaseConnection) -> AppState {
    AppState {
        leptos_options: server::leptos_options("target/site", "127.0.0.1:3000".parse().unwrap()),
        db,
    }
}

async fn get_bytes(db: &DatabaseConnection, uri: &str) -> (StatusCode, Vec<u8>, String) {
    let res = server::app(state(db.clone()))
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ct = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, body, ct)
}

/// Jambi with Kabupaten Tebo (15.09, 88.85 in 2024) and Kota Jambi (15.71, 80.10).
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
    for (code, name, kind, total, category) in [
        (
            "15.09",
            "Kabupaten Tebo",
            RegencyKind::Kabupaten,
            88.85,
            "A",
        ),
        ("15.71", "Kota Jambi", RegencyKind::Kota, 80.10, "B"),
    ] {
        let r = regency::ActiveModel {
            province_id: Set(p.id),
            code: Set(code.into()),
            kind: Set(kind),
            name: Set(name.into()),
            population: Set(400_000),
            area_km2: Set(5_000.0),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        compliance_score::ActiveModel {
            region_code: Set(code.into()),
            regency_id: Set(Some(r.id)),
            year: Set(2024),
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

/// Converts `xlsx` to flat OpenDocument (`.fods`, XML that records each cell's value type)
/// with LibreOffice Calc in a fresh profile whose locale is `locale` (`en-US` or `id-ID`).
fn convert_with_calc(xlsx: &[u8], dir: &Path, locale: &str) -> String {
    convert_file_with_calc(xlsx, "xlsx", dir, locale)
}

/// Converts a file of type `ext` (`xlsx` or `csv`) to `.fods` with Calc under `locale`.
fn convert_file_with_calc(bytes: &[u8], ext: &str, dir: &Path, locale: &str) -> String {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok())
        .expect(
            "LibreOffice Calc (soffice) is required for this test: \
             apt-get install libreoffice-calc-nogui (done by .ci/setup.sh)",
        );
    let profile = dir.join(format!("profile-{locale}"));
    let user = profile.join("user");
    std::fs::create_dir_all(&user).unwrap();
    // The profile's locale settings: the UI/system locale and the default document locale.
    std::fs::write(
        user.join("registrymodifications.xcu"),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General"><prop oor:name="DefaultLocale" oor:op="fuse"><value>{locale}</value></prop></item>
</oor:items>
"#
        ),
    )
    .unwrap();
    let input = dir.join(format!("ranking-{locale}-{ext}.{ext}"));
    std::fs::write(&input, bytes).unwrap();
    let out_dir = dir.join(format!("out-{locale}"));
    let posix = locale.replace('-', "_") + ".UTF-8";
    let output = Command::new(soffice)
        .env("LC_ALL", &posix)
        .env("LANG", &posix)
        .env("HOME", &profile)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "fods",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .output()
        .expect("soffice runs");
    let fods = out_dir.join(format!("ranking-{locale}-{ext}.fods"));
    assert!(
        fods.exists(),
        "soffice did not convert: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(fods).unwrap()
}

/// The `<table:table-cell …>` opening tags of the document that hold `text` as their shown value.
fn cell_tags<'a>(fods: &'a str, text: &str) -> Vec<&'a str> {
    let shown = format!("<text:p>{text}</text:p>");
    fods.match_indices(&shown)
        .filter_map(|(i, _)| {
            let start = fods[..i].rfind("<table:table-cell")?;
            let end = start + fods[start..].find('>')?;
            Some(&fods[start..=end])
        })
        .collect()
}

app::backend_tests! {
    async fn ranking_xlsx_keeps_codes_as_text_and_scores_as_numbers_in_calc(db: DatabaseConnection) {
        fixture(&db).await;
        let (status, xlsx, ct) = get_bytes(&db, "/api/national/ranking.xlsx?year=2024").await;
        assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&xlsx));
        assert_eq!(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        let dir = std::env::temp_dir().join(format!(
            "pantau-xlsx-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for locale in ["en-US", "id-ID"] {
            let fods = convert_with_calc(&xlsx, &dir, locale);
            // The code is a string cell, shown exactly as "15.09".
            let code = cell_tags(&fods, "15.09");
            assert!(!code.is_empty(), "{locale}: 15.09 not found as written");
            assert!(
                code.iter().all(|t| t.contains("office:value-type=\"string\"")),
                "{locale}: 15.09 must be text: {code:?}"
            );
            // The score is a number cell whose value is 88.85, whatever the locale shows.
            let score = fods
                .split("<table:table-cell")
                .find(|c| c.contains("office:value=\"88.85\""))
                .unwrap_or_else(|| panic!("{locale}: no numeric cell with value 88.85"));
            assert!(
                score.contains("office:value-type=\"float\""),
                "{locale}: 88.85 must be a number: {score}"
            );
            // The header row is there, and the other code too.
            assert!(!cell_tags(&fods, "regency_code").is_empty(), "{locale}: header row");
            assert!(!cell_tags(&fods, "15.71").is_empty(), "{locale}: 15.71");
        }
        // Control: the locale really is applied — the same ranking as CSV loses the code's type
        // under English (15.09 becomes a number) and the score's under Indonesian (text).
        let (_, csv, _) = get_bytes(&db, "/api/national/ranking.csv?year=2024").await;
        let en = convert_file_with_calc(&csv, "csv", &dir, "en-US");
        assert!(en.contains("office:value-type=\"float\" office:value=\"15.09\""), "CSV under en-US: {en}");
        let id = convert_file_with_calc(&csv, "csv", &dir, "id-ID");
        assert!(!id.contains("office:value=\"88.85\""), "CSV under id-ID keeps 88.85 as text: {id}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    async fn every_export_is_offered_as_xlsx(db: DatabaseConnection) {
        fixture(&db).await;
        for uri in [
            "/api/national/ranking.xlsx?year=2024",
            "/api/national/distribution.xlsx?year=2024",
            "/api/national/trend.xlsx",
            "/api/national/declining.xlsx",
            "/api/regency/15.09/scores.xlsx",
            "/api/regency/15.09/units.xlsx",
            "/api/regency/15.09/findings.xlsx",
            "/api/regency/15.09/commitments.xlsx",
        ] {
            let (status, body, ct) = get_bytes(&db, uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(ct.contains("spreadsheetml"), "{uri}: {ct}");
            assert!(body.starts_with(b"PK"), "{uri}: a zip (xlsx) file");
        }
        let (status, _, _) = get_bytes(&db, "/api/national/nothing.xlsx").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
