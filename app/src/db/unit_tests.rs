//! The mall page's then-versus-now computation ([`crate::db::queries::unit::detail`]) on
//! constructed data and on the demo data, on SQLite and PostgreSQL.

use chrono::NaiveDate;
use sea_orm::DatabaseConnection;

use crate::backend_tests;
use crate::db::entities::enums::{FacilityStatus, UnitKind};
use crate::db::queries::unit;
use crate::db::seed::{self, DemoConfig};
use crate::db::write::*;
use crate::model::{Change, ThenNowRow, UnitDetail};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const MPP: &str = "15.05-MPP";

fn row<'a>(u: &'a UnitDetail, key: &str) -> &'a ThenNowRow {
    u.then_now
        .rows
        .iter()
        .find(|r| r.key == key)
        .unwrap_or_else(|| panic!("no row {key}"))
}

fn staff(
    code: &str,
    on: NaiveDate,
    on_duty: i32,
    trained: i32,
    attendance: f64,
) -> StaffSnapshotInput {
    StaffSnapshotInput {
        unit_code: code.to_owned(),
        taken_on: on,
        on_duty,
        required: 29,
        trained,
        attendance_pct: attendance,
        competence_score: None,
    }
}

/// An inspection of every catalogue facility: all working except `broken` (absent).
fn inspection(
    code: &str,
    on: NaiveDate,
    unannounced: bool,
    score: f64,
    broken: &[&str],
) -> InspectionInput {
    InspectionInput {
        unit_code: code.to_owned(),
        inspected_on: on,
        unannounced,
        inspector: "Tim Ombudsman RI Perwakilan Jambi".to_owned(),
        input_score: Some(score),
        process_score: Some(score),
        output_score: Some(score),
        complaint_score: Some(score),
        staff_on_duty: None,
        notes: String::new(),
        published: true,
        facility_checks: seed::facilities()
            .unwrap()
            .into_iter()
            .map(|f| FacilityCheckInput {
                status: if broken.contains(&f.code.as_str()) {
                    FacilityStatus::Absent
                } else {
                    FacilityStatus::Functional
                },
                facility_code: f.code,
            })
            .collect(),
        findings: Vec::new(),
    }
}

fn skm(code: &str, year: i32, semester: i32, element: f64) -> SkmSurveyInput {
    SkmSurveyInput {
        unit_code: code.to_owned(),
        year,
        semester,
        respondents: 100,
        elements: [element; 9],
    }
}

backend_tests! {
    async fn then_now_compares_the_inauguration_with_the_latest_data(db: DatabaseConnection) {
        // The reference data registers 15.05-MPP, inaugurated on 24 June 2024.
        seed::load_reference(&db).await.unwrap();
        let total = seed::facilities().unwrap().len() as i32;
        for s in [
            staff(MPP, d(2024, 5, 15), 20, 10, 80.0),  // before: not the reference
            staff(MPP, d(2024, 6, 24), 29, 20, 95.0),  // the inauguration day
            staff(MPP, d(2024, 8, 15), 25, 20, 93.0),
            staff(MPP, d(2025, 11, 15), 28, 25, 90.0), // now
        ] {
            upsert_staff_snapshot(&db, &s).await.unwrap();
        }
        record_inspection(&db, &inspection(MPP, d(2024, 7, 5), false, 84.5, &["online_kiosk"])).await.unwrap();
        record_inspection(&db, &inspection(MPP, d(2024, 12, 10), true, 78.9, &["online_kiosk", "lactation_room"])).await.unwrap();
        record_inspection(&db, &inspection(MPP, d(2025, 8, 17), true, 80.0, &["lactation_room"])).await.unwrap();
        for s in [skm(MPP, 2023, 2, 3.0), skm(MPP, 2024, 1, 3.2), skm(MPP, 2025, 2, 3.6)] {
            upsert_skm_survey(&db, &s).await.unwrap();
        }

        let u = unit::detail(&db, MPP).await.unwrap();
        assert_eq!(u.then_now.inaugurated_on, Some(d(2024, 6, 24)));
        let keys: Vec<&str> = u.then_now.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["facilities", "staff", "trained", "attendance", "ikm", "inspection_score"]);

        // Staff: the snapshot of the inauguration day (not the earlier one) against the latest.
        let s = row(&u, "staff");
        let (then, now) = (s.then.as_ref().unwrap(), s.now.as_ref().unwrap());
        assert_eq!((then.date, then.count), (d(2024, 6, 24), Some((29, 29))));
        assert!((then.value - 100.0).abs() < 1e-9);
        assert_eq!((now.date, now.count), (d(2025, 11, 15), Some((28, 29))));
        assert_eq!(s.change(), Some(Change::Down));
        let t = row(&u, "trained");
        assert_eq!(t.then.as_ref().unwrap().count, Some((20, 29)));
        assert_eq!(t.now.as_ref().unwrap().count, Some((25, 28)));
        assert_eq!(t.change(), Some(Change::Up));
        let a = row(&u, "attendance");
        assert_eq!((a.then.as_ref().unwrap().value, a.now.as_ref().unwrap().value), (95.0, 90.0));
        assert_eq!(a.change(), Some(Change::Down));

        // Facilities: the first inspection after the inauguration against the latest; one lost,
        // one repaired, so the count is unchanged but both are named.
        let f = row(&u, "facilities");
        assert_eq!(f.then.as_ref().unwrap().count, Some((total - 1, total)));
        assert_eq!(f.then.as_ref().unwrap().date, d(2024, 7, 5));
        assert_eq!(f.now.as_ref().unwrap().count, Some((total - 1, total)));
        assert_eq!(f.change(), Some(Change::Same));
        assert_eq!(u.then_now.lost, ["Ruang laktasi"]);
        assert_eq!(u.then_now.added, ["Anjungan layanan mandiri"]);
        // The facility grid lists the lost item first, marked.
        assert_eq!(u.facilities[0].name, "Ruang laktasi");
        assert!(u.facilities[0].lost && !u.facilities[0].added);
        assert_eq!(u.facilities[0].at_inauguration.as_deref(), Some("functional"));
        assert_eq!(u.facilities[0].now.as_deref(), Some("absent"));
        assert_eq!(u.facilities.iter().filter(|f| f.lost).count(), 1);
        assert!(u.facilities.iter().any(|f| f.name == "Anjungan layanan mandiri" && f.added));

        // Inspection score: 84,5 at the first visit, 80,0 now.
        let sc = row(&u, "inspection_score");
        assert_eq!(sc.then.as_ref().map(|m| (m.date, m.value)), Some((d(2024, 7, 5), 84.5)));
        assert_eq!(sc.now.as_ref().map(|m| (m.date, m.value)), Some((d(2025, 8, 17), 80.0)));
        assert_eq!(sc.change(), Some(Change::Down));

        // IKM: the semester of the inauguration (S1 2024), not the one before, against the latest.
        let ikm = row(&u, "ikm");
        assert_eq!(ikm.then.as_ref().unwrap().period.as_deref(), Some("Semester 1 2024"));
        assert_eq!(ikm.now.as_ref().unwrap().period.as_deref(), Some("Semester 2 2025"));
        assert_eq!(ikm.change(), Some(Change::Up));

        // Every staff snapshot is kept (quarterly resolution), in date order.
        assert_eq!(u.staff.iter().map(|s| s.date).collect::<Vec<_>>(), [d(2024, 5, 15), d(2024, 6, 24), d(2024, 8, 15), d(2025, 11, 15)]);
    }

    async fn then_now_without_inauguration_or_data(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let code = "15.05-DPMPTSP";
        upsert_service_unit(&db, &ServiceUnitInput {
            regency_code: "15.05".into(),
            code: code.into(),
            kind: UnitKind::Dpmptsp,
            name: "DPMPTSP Kabupaten Muaro Jambi".into(),
            inaugurated_on: None,
            tenant_count: None,
            service_count: None,
            counter_count: None,
        }).await.unwrap();
        // Nothing recorded yet: every line is empty and cannot be compared.
        let u = unit::detail(&db, code).await.unwrap();
        assert_eq!(u.then_now.inaugurated_on, None);
        assert!(u.then_now.rows.iter().all(|r| r.then.is_none() && r.now.is_none() && r.change().is_none()));
        assert!(u.then_now.lost.is_empty() && u.facilities.is_empty());

        // One snapshot: then and now are the same measurement, no change claimed.
        upsert_staff_snapshot(&db, &staff(code, d(2024, 2, 15), 10, 5, 90.0)).await.unwrap();
        let u = unit::detail(&db, code).await.unwrap();
        assert!(row(&u, "staff").then.is_some() && row(&u, "staff").change().is_none());

        // Without an inauguration date the first data is the reference.
        upsert_staff_snapshot(&db, &staff(code, d(2025, 2, 15), 12, 6, 90.0)).await.unwrap();
        let u = unit::detail(&db, code).await.unwrap();
        let s = row(&u, "staff");
        assert_eq!(s.then.as_ref().unwrap().date, d(2024, 2, 15));
        assert_eq!(s.change(), Some(Change::Up));
        let a = row(&u, "attendance");
        assert_eq!(a.change(), Some(Change::Same));
    }

    async fn demo_mall_then_now_tells_the_muaro_jambi_story(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let progress = |_: u64, _: u64| {};
        seed::generate_demo(&db, DemoConfig { seed: 2024, scale: 0.05 }, &progress).await.unwrap();
        let u = unit::detail(&db, MPP).await.unwrap();
        assert_eq!(u.then_now.inaugurated_on, Some(d(2024, 6, 24)));
        // The staff baseline is the inauguration-day snapshot; all quarterly snapshots are kept.
        assert_eq!(row(&u, "staff").then.as_ref().unwrap().date, d(2024, 6, 24));
        assert!(u.staff.len() >= 7, "{}", u.staff.len());
        // What the public sees (published inspections only): the lactation room, working at the
        // first visit after the inauguration, was not working at the latest published one.
        let public = unit::detail_with(&db, MPP, |_, _| false).await.unwrap();
        assert_eq!(public.then_now.lost, ["Ruang laktasi"]);
        assert_eq!(public.facilities[0].name, "Ruang laktasi");
        assert!(public.facilities[0].lost);
        assert!(public.inspections.iter().any(|i| i.unannounced && i.date.format("%Y-%m").to_string() == "2024-12"));
        assert!(u.inspections.iter().any(|i| i.unannounced && i.date.format("%Y-%m").to_string() == "2024-12"));
        for key in ["facilities", "staff", "trained", "attendance", "ikm", "inspection_score"] {
            let r = row(&u, key);
            assert!(r.then.is_some() && r.now.is_some(), "{key}: {r:?}");
        }
    }
}
