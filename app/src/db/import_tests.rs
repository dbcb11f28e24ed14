//! Import tests, each run on SQLite and on PostgreSQL (see [`crate::db::testing`]).

use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

use super::*;
use crate::backend_tests;
use crate::db::entities::{compliance_score, service_unit, skm_survey, staff_snapshot};
use crate::db::seed;

const UNITS_HEADER: &str =
    "regency_code,unit_code,kind,name,inaugurated_on,tenant_count,service_count,counter_count";
const SKM_HEADER: &str = "unit_code,year,semester,respondents,u1,u2,u3,u4,u5,u6,u7,u8,u9";
const STAFF_HEADER: &str =
    "unit_code,taken_on,on_duty,required,trained,attendance_pct,competence_score";

/// A units file of `n` OPD units in Muaro Jambi (15.05): `15.05-U0001`, …
fn units_csv(n: usize) -> String {
    let mut csv = format!("{UNITS_HEADER}\n");
    for i in 1..=n {
        csv += &format!(
            "15.05,15.05-U{i:04},opd,Unit {i} Muaro Jambi,2024-06-24,,{},{}\n",
            10 + i % 7,
            2 + i % 3
        );
    }
    csv
}

/// SKM rows for `units` units × 100 years × 2 semesters (200 rows per unit); `bad` puts an
/// out-of-range U3 (4.5) into that data row (0-based, so it is on line `bad + 2`).
fn skm_csv(units: usize, bad: Option<usize>) -> String {
    let mut csv = String::with_capacity(units * 200 * 64);
    csv += SKM_HEADER;
    csv.push('\n');
    for i in 0..units * 200 {
        let unit = i / 200 + 1;
        let year = 2000 + (i % 200) / 2;
        let semester = i % 2 + 1;
        csv += &format!("15.05-U{unit:04},{year},{semester},{}", 100 + i % 50);
        for k in 0..9 {
            if bad == Some(i) && k == 2 {
                csv += ",4.5";
            } else {
                let value = 1.0 + ((i * 7 + k * 3) % 31) as f64 / 10.0;
                csv += &format!(",{value}");
            }
        }
        csv.push('\n');
    }
    csv
}

/// A content checksum of `skm_survey` (every column, in id order) and its row count.
async fn skm_checksum(db: &DatabaseConnection) -> (u64, u64) {
    let rows = skm_survey::Entity::find()
        .order_by_asc(skm_survey::Column::Id)
        .all(db)
        .await
        .unwrap();
    let text: String = rows.iter().map(|r| format!("{r:?}\n")).collect();
    (rows.len() as u64, seed::rng::fnv1a(&text))
}

async fn count<E: EntityTrait>(db: &DatabaseConnection) -> u64
where
    E::Model: Sync,
{
    E::find().count(db).await.unwrap()
}

/// Reference data plus 50 imported units.
async fn fixture(db: &DatabaseConnection) {
    seed::load_reference(db).await.unwrap();
    let report = import_csv(db, ImportKind::ServiceUnits, units_csv(50).as_bytes())
        .await
        .unwrap();
    assert_eq!((report.rows, report.inserted), (50, 50));
}

fn rejected(result: Result<ImportReport, ImportError>) -> Vec<Problem> {
    match result {
        Err(ImportError::Rejected { problems, .. }) => problems,
        other => panic!("expected a rejected file, got {other:?}"),
    }
}

backend_tests! {
    async fn a_file_of_1000_bad_rows_reports_the_first_200_problems_and_counts_all(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let before = count::<service_unit::Entity>(&db).await;
        let mut csv = format!("{UNITS_HEADER}\n");
        for i in 1..=1000 {
            csv += &format!("15.05,15.05-X{i:04},bukan-jenis,Unit {i},2024-06-24,,10,2\n");
        }
        let error = import_csv(&db, ImportKind::ServiceUnits, csv.as_bytes()).await.unwrap_err();
        let ImportError::Rejected { problems, total } = &error else { panic!("{error:?}") };
        assert_eq!((problems.len(), *total), (MAX_PROBLEMS, 1000));
        assert_eq!(problems[0].row, Some(2), "in row order, from the first");
        assert_eq!(problems[199].row, Some(201));
        assert_eq!(error.messages(false).len(), 200);
        assert_eq!(
            error.summary(false),
            "Berkas ditolak: 1000 masalah ditemukan; tidak ada data yang disimpan. 200 masalah pertama ditampilkan."
        );
        assert_eq!(
            error.summary(true),
            "File rejected: 1000 problem(s) found; nothing was saved. The first 200 are shown."
        );
        assert_eq!(count::<service_unit::Entity>(&db).await, before, "nothing written");
    }

    async fn a_bad_row_rejects_10000_rows_then_the_fixed_file_imports_once(db: DatabaseConnection) {
        fixture(&db).await;
        let units_before = count::<service_unit::Entity>(&db).await;

        let bad = skm_csv(50, Some(4321));
        assert_eq!(bad.lines().count(), 10_001);
        let problems = rejected(import_csv(&db, ImportKind::SkmSurveys, bad.as_bytes()).await);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].row, problems[0].column), (Some(4323), Some("u3")));
        assert_eq!(problems[0].message(false), "Baris 4323, kolom u3: Unsur SKM U3 (4.5) harus antara 1 dan 4.");
        assert_eq!(problems[0].message(true), "Row 4323, column u3: The SKM element U3 (4.5) must be between 1 and 4.");
        assert_eq!(count::<skm_survey::Entity>(&db).await, 0, "a rejected file writes nothing");
        assert_eq!(count::<service_unit::Entity>(&db).await, units_before);

        let good = skm_csv(50, None);
        let first = import_csv(&db, ImportKind::SkmSurveys, good.as_bytes()).await.unwrap();
        assert_eq!(first, ImportReport { rows: 10_000, inserted: 10_000, updated: 0, unchanged: 0 });
        let stored = skm_checksum(&db).await;
        assert_eq!(stored.0, 10_000);
        let sample = skm_survey::Entity::find().order_by_asc(skm_survey::Column::Id).one(&db).await.unwrap().unwrap();
        assert!(!sample.demo);
        assert!((crate::methodology::ikm(&sample.elements()).unwrap() - sample.ikm).abs() < 1e-9);

        let second = import_csv(&db, ImportKind::SkmSurveys, good.as_bytes()).await.unwrap();
        assert_eq!(second, ImportReport { rows: 10_000, inserted: 0, updated: 0, unchanged: 10_000 });
        assert_eq!(skm_checksum(&db).await, stored, "re-importing changed the table");

        // One changed value: one row updated, in place (same id).
        let changed = good.replacen("15.05-U0001,2000,1,100,", "15.05-U0001,2000,1,101,", 1);
        let third = import_csv(&db, ImportKind::SkmSurveys, changed.as_bytes()).await.unwrap();
        assert_eq!(third, ImportReport { rows: 10_000, inserted: 0, updated: 1, unchanged: 9_999 });
        let row = skm_survey::Entity::find_by_id(sample.id).one(&db).await.unwrap().unwrap();
        assert_eq!(row.respondents, 101);
        assert_eq!(count::<skm_survey::Entity>(&db).await, 10_000);
    }

    async fn an_import_that_changes_something_is_audited_once(db: DatabaseConnection) {
        use crate::db::entities::audit_log;
        seed::load_reference(&db).await.unwrap();
        let actor = crate::auth::Actor::cli();
        let file = units_csv(3);
        let report = import_csv_as(&db, ImportKind::ServiceUnits, file.as_bytes(), &actor, "units.csv", &|_, _, _| {})
            .await
            .unwrap();
        assert_eq!(report.inserted, 3);
        let again = import_csv_as(&db, ImportKind::ServiceUnits, file.as_bytes(), &actor, "units.csv", &|_, _, _| {})
            .await
            .unwrap();
        assert_eq!(again.unchanged, 3);
        let rows = audit_log::Entity::find().all(&db).await.unwrap();
        assert_eq!(rows.len(), 1, "only the import that changed something: {rows:?}");
        assert_eq!((rows[0].action.as_str(), rows[0].entity.as_str(), rows[0].entity_key.as_str()), ("import", "service_unit", "units.csv"));
        assert_eq!(rows[0].username, "cli");
        assert!(rows[0].after_json.as_deref().unwrap().contains("\"inserted\":3"));
        let bad = file.replace("opd", "kantor");
        assert!(import_csv_as(&db, ImportKind::ServiceUnits, bad.as_bytes(), &actor, "bad.csv", &|_, _, _| {}).await.is_err());
        assert_eq!(audit_log::Entity::find().count(&db).await.unwrap(), 1);
    }

    async fn every_problem_is_listed_with_row_and_column(db: DatabaseConnection) {
        fixture(&db).await;
        let file = format!(
            "{SKM_HEADER}\n\
             15.05-U0001,2024,1,10,3,3,3,3,3,3,3,3,3\n\
             15.05-NOPE,2024,1,10,3,3,3,3,3,3,3,3,3\n\
             15.05-U0001,2024,1,12,3,3,3,3,3,3,3,3,3\n\
             15.05-U0002,2024,x,10,3,3,3,3,3,3,3,3,3\n\
             15.05-U0002,2024,2,10,3,3,3\n\
             15.05-U0003,1999,2,0,3,3,3,3,3,3,3,3,3\n"
        );
        let problems = rejected(import_csv(&db, ImportKind::SkmSurveys, file.as_bytes()).await);
        let found: Vec<(Option<u64>, Option<&str>)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(found, vec![
            (Some(3), Some("unit_code")),
            (Some(4), None),
            (Some(5), Some("semester")),
            (Some(6), None),
            (Some(7), Some("year")),
            (Some(7), Some("respondents")),
        ]);
        let id: Vec<String> = problems.iter().map(|p| p.message(false)).collect();
        assert_eq!(id[0], "Baris 3, kolom unit_code: Unit layanan \"15.05-NOPE\" tidak ditemukan.");
        assert!(id[1].contains("mengulang unit_code + year + semester dari baris 2"), "{}", id[1]);
        assert_eq!(id[2], "Baris 5, kolom semester: \"x\" bukan bilangan bulat.");
        assert_eq!(id[3], "Baris 6: baris ini berisi 7 sel, seharusnya 13.");
        assert_eq!(id[4], "Baris 7, kolom year: Tahun (1999) harus antara 2000 dan 2100.");
        let en = problems[1].message(true);
        assert!(en.contains("Row 4: this row repeats the unit_code + year + semester of row 2"), "{en}");
        assert_eq!(count::<skm_survey::Entity>(&db).await, 0);
    }

    async fn published_scores_import_as_published_and_the_shipped_file_is_unchanged(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let shipped = include_str!("../../data/published_scores.csv");
        let rows = shipped.lines().count() as u64 - 1;
        let report = import_csv(&db, ImportKind::PublishedScores, shipped.as_bytes()).await.unwrap();
        assert_eq!(report, ImportReport { rows, inserted: 0, updated: 0, unchanged: rows }, "same values as load_reference");

        let file = "kemendagri_code,name,year,score,published_category,source\n\
                    15.05,Kabupaten Muaro Jambi,2024,88.5,,https://example.org/opini-2024\n\
                    15,Provinsi Jambi,2024,90,A,\n\
                    15.05,Kabupaten Muaro Jambi,2023,85.00,B,https://example.org/x\n";
        let report = import_csv(&db, ImportKind::PublishedScores, file.as_bytes()).await.unwrap();
        assert_eq!(report, ImportReport { rows: 3, inserted: 2, updated: 1, unchanged: 0 });
        let s = compliance_score::Entity::find()
            .filter(compliance_score::Column::RegionCode.eq("15.05"))
            .filter(compliance_score::Column::Year.eq(2024))
            .one(&db).await.unwrap().unwrap();
        assert!(s.published && !s.demo && s.regency_id.is_some() && s.province_id.is_none());
        assert_eq!(s.category, crate::methodology::classify(2024, 88.5).unwrap().label, "classified when empty");
        assert_eq!(s.source.as_deref(), Some("https://example.org/opini-2024"));
        let p = compliance_score::Entity::find()
            .filter(compliance_score::Column::RegionCode.eq("15"))
            .filter(compliance_score::Column::Year.eq(2024))
            .one(&db).await.unwrap().unwrap();
        assert!(p.province_id.is_some() && p.source.is_none());

        let bad = "kemendagri_code,name,year,score,published_category,source\n\
                   99.99,Nowhere,2023,80,B,\n\
                   15.05,Kabupaten Muaro Jambi,2023,80,Z,\n\
                   15.05,Kabupaten Muaro Jambi,2020,101,,\n";
        let problems = rejected(import_csv(&db, ImportKind::PublishedScores, bad.as_bytes()).await);
        let found: Vec<(Option<u64>, Option<&str>)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(found, vec![
            (Some(2), Some("kemendagri_code")),
            (Some(3), Some("published_category")),
            (Some(4), Some("score")),
        ]);
        assert_eq!(problems[1].message(false), "Baris 3, kolom published_category: Isian kategori tidak valid: \"Z\" bukan kategori tahun 2023 (pilihan: A, B, C, D, E).");
    }

    async fn units_are_upserted_by_code(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let file = format!(
            "{UNITS_HEADER}\n\
             15.05,15.05-MPP,mpp,Mal Pelayanan Publik Kabupaten Muaro Jambi,2024-06-24,21,167,30\n\
             15.71,15.71-DUKCAPIL,disdukcapil,\"Disdukcapil Kota Jambi, Jl. \"\"Pattimura\"\"\",,,,\n"
        );
        let report = import_csv(&db, ImportKind::ServiceUnits, file.as_bytes()).await.unwrap();
        // The MPP exists (reference data) with other counts: updated.
        assert_eq!(report, ImportReport { rows: 2, inserted: 1, updated: 1, unchanged: 0 });
        let mpp = service_unit::Entity::find().filter(service_unit::Column::Code.eq("15.05-MPP")).one(&db).await.unwrap().unwrap();
        assert_eq!((mpp.tenant_count, mpp.service_count, mpp.counter_count), (Some(21), Some(167), Some(30)));
        let kota = service_unit::Entity::find().filter(service_unit::Column::Code.eq("15.71-DUKCAPIL")).one(&db).await.unwrap().unwrap();
        assert_eq!(kota.name, "Disdukcapil Kota Jambi, Jl. \"Pattimura\"");
        assert_eq!((kota.inaugurated_on, kota.tenant_count), (None, None));
        let again = import_csv(&db, ImportKind::ServiceUnits, file.as_bytes()).await.unwrap();
        assert_eq!(again, ImportReport { rows: 2, inserted: 0, updated: 0, unchanged: 2 });

        let bad = format!(
            "{UNITS_HEADER}\n\
             15.05,15.71-X,opd,Salah wilayah,,,,\n\
             15,15-X,opd,Provinsi,,,,\n\
             15.05,15.05-Y,kantor,,2024-13-01,-1,,\n"
        );
        let problems = rejected(import_csv(&db, ImportKind::ServiceUnits, bad.as_bytes()).await);
        let found: Vec<(Option<u64>, Option<&str>)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(found, vec![
            (Some(2), Some("unit_code")),
            (Some(3), Some("regency_code")),
            (Some(4), Some("kind")),
            (Some(4), Some("inaugurated_on")),
        ]);
        assert!(problems[2].message(false).contains("jenis unit \"kantor\" tidak dikenal"));
    }

    async fn staff_snapshots_import_and_check_trained_against_on_duty(db: DatabaseConnection) {
        fixture(&db).await;
        let file = format!(
            "{STAFF_HEADER}\n\
             15.05-U0001,2025-01-06,12,15,9,96.5,81\n\
             15.05-U0001,2025-02-03,11,15,9,92,\n\
             15.05-U0002,2025-01-06,8,10,8,100,70.25\n"
        );
        let report = import_csv(&db, ImportKind::StaffSnapshots, file.as_bytes()).await.unwrap();
        assert_eq!(report, ImportReport { rows: 3, inserted: 3, updated: 0, unchanged: 0 });
        let rows = staff_snapshot::Entity::find().order_by_asc(staff_snapshot::Column::Id).all(&db).await.unwrap();
        assert_eq!(rows[1].competence_score, None);
        assert_eq!(rows[2].competence_score, Some(70.25));
        assert!(rows.iter().all(|r| !r.demo));
        let again = import_csv(&db, ImportKind::StaffSnapshots, file.as_bytes()).await.unwrap();
        assert_eq!(again.unchanged, 3);

        let bad = format!(
            "{STAFF_HEADER}\n\
             15.05-U0001,2025-03-03,5,15,6,101,\n"
        );
        let problems = rejected(import_csv(&db, ImportKind::StaffSnapshots, bad.as_bytes()).await);
        let found: Vec<(Option<u64>, Option<&str>)> = problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(found, vec![(Some(2), Some("trained")), (Some(2), Some("attendance_pct"))]);
        assert_eq!(problems[0].message(false), "Baris 2, kolom trained: Jumlah petugas terlatih (6) harus antara 0 dan 5.");
        assert_eq!(count::<staff_snapshot::Entity>(&db).await, 3);
    }

    async fn files_that_are_not_utf8_or_have_the_wrong_header_are_rejected(db: DatabaseConnection) {
        fixture(&db).await;
        // "Mal Pelayanan Publik Kota Sungai Penuh — Tanah Kampung" in Windows-1252.
        let latin1 = b"regency_code,unit_code,kind,name,inaugurated_on,tenant_count,service_count,counter_count\n\
                       15.72,15.72-MPP,mpp,Mal Pelayanan Publik \x96 Sungai Penuh,,,,\n";
        let problems = rejected(import_csv(&db, ImportKind::ServiceUnits, latin1).await);
        assert_eq!(problems.len(), 1);
        assert!(matches!(problems[0].kind, ProblemKind::NotUtf8 { line: 2 }));
        assert!(problems[0].message(true).contains("not UTF-8"));

        let missing = "unit_code,year,semester,respondents,u1,u2,u3,u4,u5,u6,u7,u8\n15.05-U0001,2024,1,10,3,3,3,3,3,3,3,3\n";
        let problems = rejected(import_csv(&db, ImportKind::SkmSurveys, missing.as_bytes()).await);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message(false).contains("Kolom yang tidak ada: u9"), "{}", problems[0].message(false));

        let extra = format!("{SKM_HEADER},ikm\n15.05-U0001,2024,1,10,3,3,3,3,3,3,3,3,3,75\n");
        let problems = rejected(import_csv(&db, ImportKind::SkmSurveys, extra.as_bytes()).await);
        assert!(problems[0].message(true).contains("Unknown columns: ikm"), "{}", problems[0].message(true));

        let wrong_kind = units_csv(1);
        let problems = rejected(import_csv(&db, ImportKind::StaffSnapshots, wrong_kind.as_bytes()).await);
        assert!(matches!(problems[0].kind, ProblemKind::Header { .. }));

        let empty = rejected(import_csv(&db, ImportKind::StaffSnapshots, b"").await);
        assert!(matches!(empty[0].kind, ProblemKind::Empty));
        assert_eq!(count::<skm_survey::Entity>(&db).await, 0);
        assert_eq!(count::<staff_snapshot::Entity>(&db).await, 0);
    }
}

/// 100,000 SKM rows (500 units × 100 years × 2 semesters) into a SQLite file: prints the time of
/// the first import and of the unchanged re-import.
/// `cargo test -p app --features ssr --lib import_100k -- --ignored --nocapture`
#[tokio::test]
#[ignore = "timing run"]
async fn import_100k_skm_rows_into_a_sqlite_file() {
    let path = std::env::temp_dir().join(format!(
        "pantau-import-{}.db",
        crate::db::testing::unique_suffix()
    ));
    let db = crate::db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    crate::db::migrate(&db).await.unwrap();
    seed::load_reference(&db).await.unwrap();
    import_csv(&db, ImportKind::ServiceUnits, units_csv(500).as_bytes())
        .await
        .unwrap();
    let file = skm_csv(500, None);
    let started = std::time::Instant::now();
    let first = import_csv(&db, ImportKind::SkmSurveys, file.as_bytes())
        .await
        .unwrap();
    let first_time = started.elapsed();
    let started = std::time::Instant::now();
    let again = import_csv(&db, ImportKind::SkmSurveys, file.as_bytes())
        .await
        .unwrap();
    let again_time = started.elapsed();
    let changed = file.replace(",2050,1,", ",2050,1,1");
    let started = std::time::Instant::now();
    let updated = import_csv(&db, ImportKind::SkmSurveys, changed.as_bytes())
        .await
        .unwrap();
    let updated_time = started.elapsed();
    assert_eq!(first.inserted, 100_000);
    assert_eq!(again.unchanged, 100_000);
    assert_eq!(updated.updated, 500);
    let mut bad = file.clone();
    bad.push_str("15.05-U0001,2000,1,10,3,3,3,3,3,3,3,3,3\n");
    let started = std::time::Instant::now();
    let rejected = import_csv(&db, ImportKind::SkmSurveys, bad.as_bytes()).await;
    let rejected_time = started.elapsed();
    assert!(rejected.is_err());
    db.close().await.unwrap();
    println!(
        "100,000 SKM rows ({:.1} MiB CSV) into a SQLite file: first import {first_time:.2?} ({first:?}); \
         unchanged re-import {again_time:.2?}; 500 rows changed {updated_time:.2?}; \
         rejected (one duplicate row) {rejected_time:.2?}",
        file.len() as f64 / 1048576.0
    );
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
}
