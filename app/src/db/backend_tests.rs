//! Data-layer tests, each run on SQLite and on PostgreSQL (see [`crate::db::testing`]).

use chrono::NaiveDate;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, SqlErr,
};

use crate::backend_tests;
use crate::db::DataError;
use crate::db::entities::enums::{
    CommitmentStatus, FacilityStatus, FollowUpStatus, RegencyKind, UnitKind,
};
use crate::db::entities::*;
use crate::db::seed::{self, DemoConfig};
use crate::db::write::*;
use crate::methodology;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Row count of every table, to prove that a refused write wrote nothing.
async fn row_counts(db: &DatabaseConnection) -> Vec<(&'static str, u64)> {
    vec![
        (
            "province",
            province::Entity::find().count(db).await.unwrap(),
        ),
        ("regency", regency::Entity::find().count(db).await.unwrap()),
        (
            "service_unit",
            service_unit::Entity::find().count(db).await.unwrap(),
        ),
        (
            "staff_snapshot",
            staff_snapshot::Entity::find().count(db).await.unwrap(),
        ),
        (
            "facility",
            facility::Entity::find().count(db).await.unwrap(),
        ),
        (
            "inspection",
            inspection::Entity::find().count(db).await.unwrap(),
        ),
        (
            "facility_check",
            facility_check::Entity::find().count(db).await.unwrap(),
        ),
        ("finding", finding::Entity::find().count(db).await.unwrap()),
        (
            "follow_up",
            follow_up::Entity::find().count(db).await.unwrap(),
        ),
        (
            "complaint_stat",
            complaint_stat::Entity::find().count(db).await.unwrap(),
        ),
        (
            "skm_survey",
            skm_survey::Entity::find().count(db).await.unwrap(),
        ),
        (
            "compliance_score",
            compliance_score::Entity::find().count(db).await.unwrap(),
        ),
        ("mou", mou::Entity::find().count(db).await.unwrap()),
        (
            "commitment",
            commitment::Entity::find().count(db).await.unwrap(),
        ),
        (
            "commitment_progress",
            commitment_progress::Entity::find().count(db).await.unwrap(),
        ),
    ]
}

fn unit(regency: &str, suffix: &str, kind: UnitKind) -> ServiceUnitInput {
    ServiceUnitInput {
        regency_code: regency.to_owned(),
        code: format!("{regency}-{suffix}"),
        kind,
        name: format!("Unit {suffix} {regency}"),
        inaugurated_on: None,
        tenant_count: None,
        service_count: Some(20),
        counter_count: Some(4),
    }
}

fn inspection_input(unit_code: &str, on: NaiveDate) -> InspectionInput {
    InspectionInput {
        unit_code: unit_code.to_owned(),
        inspected_on: on,
        unannounced: true,
        inspector: "Tim Ombudsman RI Perwakilan Jambi".to_owned(),
        input_score: Some(80.0),
        process_score: Some(75.5),
        output_score: Some(90.0),
        complaint_score: None,
        staff_on_duty: Some(12),
        notes: "Sidak".to_owned(),
        published: false,
        facility_checks: vec![
            FacilityCheckInput {
                facility_code: "counters".to_owned(),
                status: FacilityStatus::Functional,
            },
            FacilityCheckInput {
                facility_code: "lactation_room".to_owned(),
                status: FacilityStatus::Absent,
            },
        ],
        findings: vec![FindingInput {
            unit_code: None,
            category: "sarpras".to_owned(),
            severity: 2,
            description: "Ruang laktasi tidak tersedia".to_owned(),
            due_on: None,
        }],
    }
}

/// Reference data plus a few units in Muaro Jambi (15.05) and Kota Jambi (15.71).
async fn fixture(db: &DatabaseConnection) {
    seed::load_reference(db).await.unwrap();
    upsert_service_unit(db, &unit("15.05", "DPMPTSP", UnitKind::Dpmptsp))
        .await
        .unwrap();
    upsert_service_unit(db, &unit("15.05", "DISDUKCAPIL", UnitKind::Disdukcapil))
        .await
        .unwrap();
    upsert_service_unit(db, &unit("15.71", "DISDUKCAPIL", UnitKind::Disdukcapil))
        .await
        .unwrap();
}

/// Asserts `result` is the expected error and that nothing was written.
async fn refused<T: std::fmt::Debug>(
    db: &DatabaseConnection,
    before: &[(&'static str, u64)],
    result: Result<T, DataError>,
    expected: impl Fn(&DataError) -> bool,
) {
    let error = result.expect_err("the write should have been refused");
    assert!(expected(&error), "unexpected error: {error:?}");
    assert!(!error.message(false).is_empty() && !error.message(true).is_empty());
    assert_eq!(
        row_counts(db).await,
        before,
        "a refused write changed the database ({error:?})"
    );
}

backend_tests! {
    async fn migrations_apply_and_are_idempotent(db: DatabaseConnection) {
        crate::db::migrate(&db).await.unwrap();
        assert!(crate::db::ping(&db).await);
        assert!(row_counts(&db).await.iter().all(|(_, n)| *n == 0));
        assert!(!seed::has_reference(&db).await.unwrap());
        assert!(!seed::has_demo(&db).await.unwrap());
    }

    async fn load_reference_loads_38_provinces_and_514_regencies_idempotently(db: DatabaseConnection) {
        let first = seed::load_reference(&db).await.unwrap();
        assert_eq!((first.provinces, first.regencies), (38, 514));
        assert_eq!(first.facilities, seed::facilities().unwrap().len() as u64);
        assert_eq!(first.published_scores, seed::published_scores().unwrap().len() as u64);
        let counts = row_counts(&db).await;
        let second = seed::load_reference(&db).await.unwrap();
        assert_eq!(first, second);
        assert_eq!(row_counts(&db).await, counts);
        assert!(seed::has_reference(&db).await.unwrap());

        let kota = regency::Entity::find().filter(regency::Column::Kind.eq(RegencyKind::Kota)).count(&db).await.unwrap();
        assert_eq!(kota, 98);
        let mj = regency::Entity::find().filter(regency::Column::Code.eq("15.05")).one(&db).await.unwrap().unwrap();
        assert_eq!(mj.name, "Kabupaten Muaro Jambi");
        assert_eq!(mj.bps_code.as_deref(), Some("1505"));
        let others_with_bps = regency::Entity::find().filter(regency::Column::BpsCode.is_not_null()).count(&db).await.unwrap();
        assert_eq!(others_with_bps, 1);
        let jambi = province::Entity::find().filter(province::Column::Code.eq("15")).one(&db).await.unwrap().unwrap();
        assert_eq!(mj.province_id, jambi.id);

        // Published scores as published.
        let published: Vec<(i32, f64, String)> = compliance_score::Entity::find()
            .filter(compliance_score::Column::RegionCode.eq("15.05"))
            .order_by_asc(compliance_score::Column::Year)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| {
                assert!(s.published && !s.demo && s.source.as_deref().unwrap().starts_with("https://"));
                (s.year, s.total, s.category)
            })
            .collect();
        assert_eq!(published, vec![(2019, 92.47, "hijau".to_owned()), (2022, 82.17, "B".to_owned()), (2023, 84.57, "B".to_owned())]);

        // Muaro Jambi's MPP and MoU.
        let mpp = service_unit::Entity::find().filter(service_unit::Column::Code.eq("15.05-MPP")).one(&db).await.unwrap().unwrap();
        assert_eq!(mpp.name, "Mal Pelayanan Publik Kabupaten Muaro Jambi");
        assert_eq!(mpp.inaugurated_on, Some(d(2024, 6, 24)));
        assert!(!mpp.demo);
        let mou = mou::Entity::find().filter(mou::Column::RegencyId.eq(mj.id)).one(&db).await.unwrap().unwrap();
        assert_eq!(mou.signed_on, d(2024, 7, 31));
        assert!(mou.scope.contains("kualitas pelayanan publik"));
    }

    async fn every_write_path_works(db: DatabaseConnection) {
        fixture(&db).await;

        // Service unit: create, then update by code.
        let mut mpp = unit("15.05", "MPP", UnitKind::Mpp);
        mpp.name = MPP_NAME.to_owned();
        mpp.inaugurated_on = Some(d(2024, 6, 24));
        mpp.tenant_count = Some(20);
        let created = upsert_service_unit(&db, &mpp).await.unwrap();
        assert_eq!(created.tenant_count, Some(20));
        assert!(!created.demo);

        // Staff snapshot: insert, then update in place.
        let mut staff = StaffSnapshotInput {
            unit_code: "15.05-MPP".to_owned(),
            taken_on: d(2024, 6, 24),
            on_duty: 30,
            required: 32,
            trained: 25,
            attendance_pct: 96.5,
            competence_score: Some(80.0),
        };
        let first = upsert_staff_snapshot(&db, &staff).await.unwrap();
        staff.on_duty = 28;
        let second = upsert_staff_snapshot(&db, &staff).await.unwrap();
        assert_eq!((first.id, second.on_duty), (second.id, 28));

        // Inspection with checks and findings (one about a tenant of the same regency).
        let mut input = inspection_input("15.05-MPP", d(2024, 9, 10));
        input.findings.push(FindingInput {
            unit_code: Some("15.05-DISDUKCAPIL".to_owned()),
            category: "sdm".to_owned(),
            severity: 3,
            description: "Loket Disdukcapil tidak dijaga".to_owned(),
            due_on: Some(d(2024, 9, 20)),
        });
        let recorded = record_inspection(&db, &input).await.unwrap();
        assert_eq!(recorded.inspection.version, 1);
        assert_eq!(recorded.facility_checks.len(), 2);
        assert_eq!(recorded.findings.len(), 2);
        assert_eq!(recorded.findings[0].due_on, d(2024, 10, 10), "default due date is 30 days later");
        assert!(recorded.findings[1].unit_id.is_some());

        // Optimistic locking.
        let update = InspectionUpdate {
            input_score: Some(70.0),
            process_score: Some(70.0),
            output_score: Some(70.0),
            complaint_score: Some(70.0),
            staff_on_duty: Some(10),
            notes: "Diperbarui".to_owned(),
            published: true,
        };
        let updated = update_inspection(&db, recorded.inspection.id, 1, &update).await.unwrap();
        assert_eq!((updated.version, updated.published), (2, true));
        let stale = update_inspection(&db, recorded.inspection.id, 1, &update).await;
        assert!(matches!(stale, Err(DataError::VersionConflict)));
        assert!(matches!(update_inspection(&db, 999_999, 1, &update).await, Err(DataError::NotFound)));

        // Follow-ups.
        let finding_id = recorded.findings[0].id;
        let partial = FollowUpInput {
            finding_id,
            regency_code: Some("15.05".to_owned()),
            status: FollowUpStatus::Sebagian,
            recorded_on: d(2024, 9, 20),
            evidence: String::new(),
        };
        record_follow_up(&db, &partial).await.unwrap();
        let done = FollowUpInput { status: FollowUpStatus::Selesai, evidence: "Foto ruang laktasi".to_owned(), recorded_on: d(2024, 10, 1), ..partial.clone() };
        let row = record_follow_up(&db, &done).await.unwrap();
        assert_eq!(row.status, FollowUpStatus::Selesai);

        // MoU, commitment, progress.
        let commitment_input = CommitmentInput {
            regency_code: "15.05".to_owned(),
            mou_signed_on: d(2024, 7, 31),
            title: "Pemenuhan petugas MPP".to_owned(),
            indicator: "Petugas / ABK".to_owned(),
            target_value: 100.0,
            target_unit: "%".to_owned(),
            due_on: d(2025, 6, 30),
            responsible_office: "DPMPTSP".to_owned(),
        };
        let c = create_commitment(&db, &commitment_input).await.unwrap();
        assert_eq!(c.version, 1);
        let c2 = update_commitment(
            &db,
            c.id,
            1,
            &CommitmentUpdate {
                indicator: "Petugas bertugas / kebutuhan ABK".to_owned(),
                target_value: 100.0,
                target_unit: "%".to_owned(),
                due_on: d(2025, 7, 31),
                responsible_office: "BKPSDM".to_owned(),
            },
        )
        .await
        .unwrap();
        assert_eq!((c2.version, c2.due_on), (2, d(2025, 7, 31)));
        let p = record_commitment_progress(
            &db,
            &CommitmentProgressInput { commitment_id: c.id, reported_on: d(2024, 12, 31), percent: 40.0, status: CommitmentStatus::OnTrack, note: String::new() },
        )
        .await
        .unwrap();
        assert_eq!(p.percent, 40.0);
        let other_mou = upsert_mou(
            &db,
            &MouInput {
                regency_code: "15.71".to_owned(),
                signed_on: d(2023, 3, 1),
                title: "Nota Kesepakatan".to_owned(),
                signatories: "Ketua Ombudsman RI; Wali Kota Jambi".to_owned(),
                scope: "Pencegahan maladministrasi".to_owned(),
            },
        )
        .await
        .unwrap();
        assert!(!other_mou.demo);

        // SKM: the IKM is computed.
        let skm = upsert_skm_survey(
            &db,
            &SkmSurveyInput { unit_code: "15.05-MPP".to_owned(), year: 2024, semester: 2, respondents: 120, elements: [3.5; 9] },
        )
        .await
        .unwrap();
        assert!((skm.ikm - 87.5).abs() < 1e-9);
        let again = upsert_skm_survey(
            &db,
            &SkmSurveyInput { unit_code: "15.05-MPP".to_owned(), year: 2024, semester: 2, respondents: 150, elements: [4.0; 9] },
        )
        .await
        .unwrap();
        assert_eq!((again.id, again.ikm), (skm.id, 100.0));

        // Complaints.
        let c = upsert_complaint_stat(
            &db,
            &ComplaintStatInput { unit_code: "15.05-MPP".to_owned(), year: 2024, quarter: 3, received: 12, resolved: 12, median_days_to_resolve: Some(4.5) },
        )
        .await
        .unwrap();
        assert_eq!(c.resolved, 12);

        // Published score: category classified when not given, kept when given.
        let s = upsert_published_score(
            &db,
            &PublishedScoreInput {
                region_code: "15.05".to_owned(),
                year: 2024,
                total: 88.0,
                category: None,
                input_score: None,
                process_score: None,
                output_score: None,
                complaint_score: None,
                public_trust: None,
                source: Some("https://example.org/x".to_owned()),
            },
        )
        .await
        .unwrap();
        assert_eq!((s.category.as_str(), s.methodology_version.as_str()), ("A", "2022"));
        assert_eq!(s.regency_id.is_some(), s.province_id.is_none());
        let province_score = upsert_published_score(
            &db,
            &PublishedScoreInput {
                region_code: "15".to_owned(),
                year: 2024,
                total: 87.99,
                category: Some("B".to_owned()),
                input_score: Some(90.0),
                process_score: None,
                output_score: None,
                complaint_score: None,
                public_trust: None,
                source: None,
            },
        )
        .await
        .unwrap();
        assert!(province_score.province_id.is_some() && province_score.regency_id.is_none());
        // Replaces the 2023 published row in place.
        let before = compliance_score::Entity::find().count(&db).await.unwrap();
        let replaced = upsert_published_score(
            &db,
            &PublishedScoreInput {
                region_code: "15.05".to_owned(),
                year: 2023,
                total: 84.57,
                category: Some("B".to_owned()),
                input_score: None,
                process_score: None,
                output_score: None,
                complaint_score: None,
                public_trust: None,
                source: Some("https://jambiekspres.bacakoran.co/read/3062".to_owned()),
            },
        )
        .await
        .unwrap();
        assert_eq!(replaced.total, 84.57);
        assert_eq!(compliance_score::Entity::find().count(&db).await.unwrap(), before);
    }

    async fn bad_data_is_refused_and_nothing_is_written(db: DatabaseConnection) {
        fixture(&db).await;
        let mut mpp = unit("15.05", "MPP", UnitKind::Mpp);
        mpp.name = MPP_NAME.to_owned();
        upsert_service_unit(&db, &mpp).await.unwrap();
        let first = record_inspection(&db, &inspection_input("15.05-MPP", d(2024, 9, 10))).await.unwrap();
        let before = row_counts(&db).await;

        let score = |region: &str, total: f64| PublishedScoreInput {
            region_code: region.to_owned(),
            year: 2024,
            total,
            category: None,
            input_score: None,
            process_score: None,
            output_score: None,
            complaint_score: None,
            public_trust: None,
            source: None,
        };

        // Unknown region codes.
        refused(&db, &before, upsert_published_score(&db, &score("99.99", 80.0)).await, |e| matches!(e, DataError::UnknownRegion(c) if c == "99.99")).await;
        refused(&db, &before, upsert_published_score(&db, &score("1505", 80.0)).await, |e| matches!(e, DataError::UnknownRegion(_))).await;
        refused(&db, &before, upsert_service_unit(&db, &unit("99.99", "MPP", UnitKind::Mpp)).await, |e| matches!(e, DataError::UnknownRegion(_))).await;
        refused(
            &db,
            &before,
            upsert_mou(&db, &MouInput { regency_code: "15.99".to_owned(), signed_on: d(2024, 1, 1), title: "x".to_owned(), signatories: "x".to_owned(), scope: "x".to_owned() }).await,
            |e| matches!(e, DataError::UnknownRegion(_)),
        )
        .await;
        let mut unknown_unit = inspection_input("15.05-NOPE", d(2024, 9, 11));
        unknown_unit.findings.clear();
        refused(&db, &before, record_inspection(&db, &unknown_unit).await, |e| matches!(e, DataError::UnknownUnit(_))).await;

        // Score 100.01.
        refused(&db, &before, upsert_published_score(&db, &score("15.05", 100.01)).await, |e| {
            matches!(e, DataError::OutOfRange { field, value, max, .. } if field == "total" && *value == 100.01 && *max == 100.0)
        })
        .await;
        let mut too_high = inspection_input("15.05-MPP", d(2024, 12, 1));
        too_high.output_score = Some(100.01);
        refused(&db, &before, record_inspection(&db, &too_high).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "output_score")).await;
        let update = InspectionUpdate { input_score: Some(100.01), process_score: None, output_score: None, complaint_score: None, staff_on_duty: None, notes: String::new(), published: false };
        refused(&db, &before, update_inspection(&db, first.inspection.id, 1, &update).await, |e| matches!(e, DataError::OutOfRange { .. })).await;
        let staff = StaffSnapshotInput { unit_code: "15.05-MPP".to_owned(), taken_on: d(2024, 9, 1), on_duty: 10, required: 10, trained: 11, attendance_pct: 90.0, competence_score: None };
        refused(&db, &before, upsert_staff_snapshot(&db, &staff).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "trained")).await;
        let staff = StaffSnapshotInput { trained: 5, attendance_pct: 100.01, ..staff };
        refused(&db, &before, upsert_staff_snapshot(&db, &staff).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "attendance_pct")).await;

        // SKM element 5 (answers are 1–4), and other SKM ranges.
        let mut elements = [3.0; 9];
        elements[4] = 5.0;
        let skm = SkmSurveyInput { unit_code: "15.05-MPP".to_owned(), year: 2024, semester: 1, respondents: 100, elements };
        refused(&db, &before, upsert_skm_survey(&db, &skm).await, |e| {
            matches!(e, DataError::OutOfRange { field, value, min, max } if field == "u5" && *value == 5.0 && *min == 1.0 && *max == 4.0)
        })
        .await;
        let skm = SkmSurveyInput { elements: [3.0; 9], semester: 3, ..skm };
        refused(&db, &before, upsert_skm_survey(&db, &skm).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "semester")).await;
        let skm = SkmSurveyInput { semester: 1, respondents: 0, ..skm };
        refused(&db, &before, upsert_skm_survey(&db, &skm).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "respondents")).await;

        // Complaints: resolved > received, quarter 5.
        let complaints = ComplaintStatInput { unit_code: "15.05-MPP".to_owned(), year: 2024, quarter: 1, received: 5, resolved: 6, median_days_to_resolve: None };
        refused(&db, &before, upsert_complaint_stat(&db, &complaints).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "resolved")).await;
        let complaints = ComplaintStatInput { resolved: 5, quarter: 5, ..complaints };
        refused(&db, &before, upsert_complaint_stat(&db, &complaints).await, |e| matches!(e, DataError::OutOfRange { field, .. } if field == "quarter")).await;

        // Duplicate natural keys.
        refused(&db, &before, record_inspection(&db, &inspection_input("15.05-MPP", d(2024, 9, 10))).await, |e| {
            matches!(e, DataError::Duplicate { what } if what == "inspection")
        })
        .await;
        let mut twice = inspection_input("15.05-MPP", d(2024, 9, 12));
        twice.facility_checks.push(FacilityCheckInput { facility_code: "counters".to_owned(), status: FacilityStatus::Absent });
        refused(&db, &before, record_inspection(&db, &twice).await, |e| matches!(e, DataError::Duplicate { .. })).await;
        let commitment_input = CommitmentInput {
            regency_code: "15.05".to_owned(),
            mou_signed_on: d(2024, 7, 31),
            title: "Pemenuhan petugas".to_owned(),
            indicator: "Petugas / ABK".to_owned(),
            target_value: 100.0,
            target_unit: "%".to_owned(),
            due_on: d(2025, 6, 30),
            responsible_office: "DPMPTSP".to_owned(),
        };
        let c = create_commitment(&db, &commitment_input).await.unwrap();
        let progress = CommitmentProgressInput { commitment_id: c.id, reported_on: d(2024, 12, 31), percent: 40.0, status: CommitmentStatus::OnTrack, note: String::new() };
        record_commitment_progress(&db, &progress).await.unwrap();
        let before = row_counts(&db).await;
        refused(&db, &before, create_commitment(&db, &commitment_input).await, |e| matches!(e, DataError::Duplicate { what } if what == "commitment")).await;
        refused(&db, &before, record_commitment_progress(&db, &progress).await, |e| matches!(e, DataError::Duplicate { what } if what == "commitment_progress")).await;
        let done_early = CommitmentProgressInput { reported_on: d(2025, 1, 31), status: CommitmentStatus::Done, ..progress.clone() };
        refused(&db, &before, record_commitment_progress(&db, &done_early).await, |e| matches!(e, DataError::Invalid { .. })).await;
        let over = CommitmentProgressInput { reported_on: d(2025, 1, 31), percent: 100.01, ..progress };
        refused(&db, &before, record_commitment_progress(&db, &over).await, |e| matches!(e, DataError::OutOfRange { .. })).await;
        let late_mou = CommitmentInput { mou_signed_on: d(2020, 1, 1), title: "Lain".to_owned(), ..commitment_input };
        refused(&db, &before, create_commitment(&db, &late_mou).await, |e| matches!(e, DataError::NotFound)).await;

        // A finding about a unit of another regency (Kota Jambi's Disdukcapil in Muaro Jambi's MPP).
        let mut wrong = inspection_input("15.05-MPP", d(2024, 11, 5));
        wrong.findings.push(FindingInput {
            unit_code: Some("15.71-DISDUKCAPIL".to_owned()),
            category: "sdm".to_owned(),
            severity: 2,
            description: "Loket tidak dijaga".to_owned(),
            due_on: None,
        });
        refused(&db, &before, record_inspection(&db, &wrong).await, |e| {
            matches!(e, DataError::WrongRegency { unit, regency } if unit == "15.71-DISDUKCAPIL" && regency == "15.05")
        })
        .await;
        // A follow-up entered from another regency.
        let follow_up = FollowUpInput {
            finding_id: first.findings[0].id,
            regency_code: Some("15.71".to_owned()),
            status: FollowUpStatus::Sebagian,
            recorded_on: d(2024, 9, 20),
            evidence: String::new(),
        };
        refused(&db, &before, record_follow_up(&db, &follow_up).await, |e| matches!(e, DataError::WrongRegency { .. })).await;
        let no_evidence = FollowUpInput { regency_code: Some("15.05".to_owned()), status: FollowUpStatus::Selesai, ..follow_up.clone() };
        refused(&db, &before, record_follow_up(&db, &no_evidence).await, |e| matches!(e, DataError::Invalid { field, .. } if field == "evidence")).await;
        let unknown = FollowUpInput { finding_id: 999_999, regency_code: None, ..follow_up };
        refused(&db, &before, record_follow_up(&db, &unknown).await, |e| matches!(e, DataError::NotFound)).await;

        // A unique violation raised by the database itself maps to Duplicate.
        let mpp_id = first.inspection.unit_id;
        let row = || staff_snapshot::ActiveModel {
            id: NotSet,
            unit_id: Set(mpp_id),
            taken_on: Set(d(2024, 1, 1)),
            on_duty: Set(1),
            required: Set(1),
            trained: Set(0),
            attendance_pct: Set(90.0),
            competence_score: Set(None),
            demo: Set(false),
        };
        row().insert(&db).await.unwrap();
        let error = DataError::from(row().insert(&db).await.unwrap_err());
        assert!(matches!(&error, DataError::Duplicate { what } if what == "staff_snapshot"), "{error:?}");
        assert!(!error.message(false).to_lowercase().contains("unique"));
    }

    async fn foreign_keys_and_checks_are_enforced(db: DatabaseConnection) {
        fixture(&db).await;
        let orphan = regency::ActiveModel {
            id: NotSet,
            province_id: Set(999_999),
            code: Set("99.01".to_owned()),
            bps_code: Set(None),
            kind: Set(RegencyKind::Kabupaten),
            name: Set("Nowhere".to_owned()),
            population: Set(1),
            area_km2: Set(1.0),
        };
        let error = orphan.insert(&db).await.unwrap_err();
        assert!(matches!(error.sql_err(), Some(SqlErr::ForeignKeyConstraintViolation(_))), "{error:?}");
        assert!(matches!(DataError::from(error), DataError::Invalid { .. }));

        // A parent still referenced cannot be deleted.
        let jambi = province::Entity::find().filter(province::Column::Code.eq("15")).one(&db).await.unwrap().unwrap();
        let error = province::Entity::delete_by_id(jambi.id).exec(&db).await.unwrap_err();
        assert!(matches!(DataError::from(error), DataError::Invalid { field, .. } if field == "reference"));

        // CHECK constraints repeat the range checks.
        let unit = service_unit::Entity::find().one(&db).await.unwrap().unwrap();
        let bad = staff_snapshot::ActiveModel {
            id: NotSet,
            unit_id: Set(unit.id),
            taken_on: Set(d(2024, 1, 1)),
            on_duty: Set(5),
            required: Set(5),
            trained: Set(1),
            attendance_pct: Set(100.01),
            competence_score: Set(None),
            demo: Set(false),
        };
        assert!(bad.insert(&db).await.is_err());
        let bad_kind = service_unit::ActiveModel {
            id: NotSet,
            regency_id: Set(unit.regency_id),
            code: Set("15.05-X".to_owned()),
            kind: Set(UnitKind::Mpp),
            name: Set("x".to_owned()),
            inaugurated_on: Set(None),
            tenant_count: Set(Some(-1)),
            service_count: Set(None),
            counter_count: Set(None),
            demo: Set(false),
        };
        assert!(bad_kind.insert(&db).await.is_err());
    }

    async fn demo_generation_is_deterministic_and_keeps_real_data(db: DatabaseConnection) {
        seed::load_reference(&db).await.unwrap();
        let published_before = published_rows(&db).await;
        let calls = std::sync::atomic::AtomicU64::new(0);
        let progress = |done: u64, total: u64| {
            assert!(done <= total);
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let config = DemoConfig { seed: 7, scale: 0.05 };
        let first = seed::generate_demo(&db, config, &progress).await.unwrap();
        assert!(calls.load(std::sync::atomic::Ordering::Relaxed) > 5);
        assert!(seed::has_demo(&db).await.unwrap());
        assert!(first.service_units > 50 && first.inspections > 20 && first.facility_checks > 200, "{first:?}");
        assert!(first.findings > 0 && first.follow_ups > 0 && first.mous >= 4 && first.commitment_progress > 0, "{first:?}");
        let counts = row_counts(&db).await;
        let first_fingerprint = fingerprint(&db).await;

        // Add real data on a demo unit; it must survive regeneration.
        let demo_unit = service_unit::Entity::find()
            .filter(service_unit::Column::Demo.eq(true))
            .filter(service_unit::Column::Kind.eq(UnitKind::Mpp))
            .order_by_asc(service_unit::Column::Code)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut real = inspection_input(&demo_unit.code, d(2030, 1, 1));
        real.findings.clear();
        let real = record_inspection(&db, &real).await.unwrap();

        let second = seed::generate_demo(&db, config, &|_, _| {}).await.unwrap();
        assert_eq!(first, second);
        let mut expected = counts.clone();
        for (table, n) in &mut expected {
            match *table {
                "inspection" => *n += 1,
                "facility_check" => *n += 2,
                _ => {}
            }
        }
        assert_eq!(row_counts(&db).await, expected);
        assert_eq!(fingerprint(&db).await, first_fingerprint);
        assert!(inspection::Entity::find_by_id(real.inspection.id).one(&db).await.unwrap().is_some());
        assert_eq!(published_rows(&db).await, published_before, "published scores must not change");

        // Muaro Jambi: the real MPP and MoU, and its published scores.
        let mpp = service_unit::Entity::find().filter(service_unit::Column::Code.eq("15.05-MPP")).one(&db).await.unwrap().unwrap();
        assert_eq!((mpp.inaugurated_on, mpp.demo), (Some(d(2024, 6, 24)), false));
        let mj = regency::Entity::find().filter(regency::Column::Code.eq("15.05")).one(&db).await.unwrap().unwrap();
        let mou = mou::Entity::find().filter(mou::Column::RegencyId.eq(mj.id)).all(&db).await.unwrap();
        assert_eq!(mou.len(), 1);
        assert_eq!(mou[0].signed_on, d(2024, 7, 31));
        let commitments = commitment::Entity::find().filter(commitment::Column::MouId.eq(mou[0].id)).count(&db).await.unwrap();
        assert_eq!(commitments, 4);
        let inspections = inspection::Entity::find().filter(inspection::Column::UnitId.eq(mpp.id)).count(&db).await.unwrap();
        assert!(inspections >= 6, "quarterly inspections since inauguration: {inspections}");
        for (year, total) in [(2019, 92.47), (2022, 82.17), (2023, 84.57)] {
            let s = compliance_score::Entity::find()
                .filter(compliance_score::Column::RegionCode.eq("15.05"))
                .filter(compliance_score::Column::Year.eq(year))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((s.total, s.published, s.demo), (total, true, false));
        }

        // Demo scores: composite of the dimensions, category from classify, national 2024 shape.
        let scores = compliance_score::Entity::find().filter(compliance_score::Column::Demo.eq(true)).all(&db).await.unwrap();
        assert!(scores.len() > 2000);
        for s in &scores {
            let class = methodology::classify(s.year, s.total).unwrap();
            assert_eq!((&s.category, &s.methodology_version), (&class.label, &class.version));
            if s.year >= 2022 {
                let dims = methodology::DimensionScores {
                    input: s.input_score.unwrap(),
                    process: s.process_score.unwrap(),
                    output: s.output_score.unwrap(),
                    complaint_handling: s.complaint_score.unwrap(),
                    public_trust: None,
                };
                let composite = methodology::composite_score(s.year, &dims).unwrap();
                assert!((composite - s.total).abs() <= 0.005 + 1e-9, "{s:?}");
            }
        }
        let share = |label: &str| {
            let all: Vec<_> = scores.iter().filter(|s| s.year == 2024 && s.regency_id.is_some()).collect();
            all.iter().filter(|s| s.category == label).count() as f64 / all.len() as f64
        };
        assert!((share("A") - 0.574).abs() < 0.03, "A {}", share("A"));
        assert!((share("B") - 0.268).abs() < 0.03, "B {}", share("B"));
        assert!((share("C") - 0.119).abs() < 0.03, "C {}", share("C"));
        assert!(share("D") > 0.01 && share("E") > 0.005);

        // Demo SKM rows carry the methodology's IKM.
        for s in skm_survey::Entity::find().all(&db).await.unwrap() {
            assert!((methodology::ikm(&s.elements()).unwrap() - s.ikm).abs() < 0.006);
        }
    }
}

const MPP_NAME: &str = "Mal Pelayanan Publik Kabupaten Muaro Jambi";

async fn published_rows(db: &DatabaseConnection) -> Vec<(String, i32, String, String)> {
    compliance_score::Entity::find()
        .filter(compliance_score::Column::Published.eq(true))
        .order_by_asc(compliance_score::Column::RegionCode)
        .order_by_asc(compliance_score::Column::Year)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.region_code, s.year, format!("{:.2}", s.total), s.category))
        .collect()
}

/// A content summary of the demo data (independent of ids).
async fn fingerprint(db: &DatabaseConnection) -> u64 {
    let mut text = String::new();
    let units: std::collections::HashMap<i32, String> = service_unit::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.code))
        .collect();
    for u in service_unit::Entity::find()
        .order_by_asc(service_unit::Column::Code)
        .all(db)
        .await
        .unwrap()
    {
        text += &format!(
            "{}|{:?}|{:?}|{:?}\n",
            u.code, u.inaugurated_on, u.tenant_count, u.counter_count
        );
    }
    let mut inspections: Vec<String> = inspection::Entity::find()
        .filter(inspection::Column::Demo.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| {
            format!(
                "{}|{}|{:?}|{:?}|{}",
                units[&i.unit_id], i.inspected_on, i.input_score, i.complaint_score, i.notes
            )
        })
        .collect();
    inspections.sort();
    text += &inspections.join("\n");
    let mut scores: Vec<String> = compliance_score::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| format!("{}|{}|{}|{}", s.region_code, s.year, s.total, s.category))
        .collect();
    scores.sort();
    text += &scores.join("\n");
    let mut staff: Vec<String> = staff_snapshot::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| {
            format!(
                "{}|{}|{}|{}",
                units[&s.unit_id], s.taken_on, s.on_duty, s.attendance_pct
            )
        })
        .collect();
    staff.sort();
    text += &staff.join("\n");
    seed::rng::fnv1a(&text)
}

/// Full-scale generation on a SQLite file: time, row counts and file size.
/// `cargo test -p app --features ssr --lib db::backend_tests::full_scale -- --ignored --nocapture`
/// (`PANTAU_DEMO_DB=/path/file.db` to keep the file).
#[tokio::test]
#[ignore = "full-scale timing run"]
async fn full_scale_demo_on_sqlite_file() {
    let keep = std::env::var("PANTAU_DEMO_DB").ok();
    let path = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir()
            .join(format!(
                "pantau-demo-{}.db",
                crate::db::testing::unique_suffix()
            ))
            .display()
            .to_string()
    });
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{path}{suffix}")).ok();
    }
    let db = crate::db::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    crate::db::migrate(&db).await.unwrap();
    let started = std::time::Instant::now();
    let reference = seed::load_reference(&db).await.unwrap();
    let reference_time = started.elapsed();
    let last = std::sync::Mutex::new((0u64, 0u64));
    let progress = |done: u64, total: u64| *last.lock().unwrap() = (done, total);
    let started = std::time::Instant::now();
    let counts = seed::generate_demo(
        &db,
        DemoConfig {
            seed: 2024,
            scale: 1.0,
        },
        &progress,
    )
    .await
    .unwrap();
    let first = started.elapsed();
    let started = std::time::Instant::now();
    let again = seed::generate_demo(
        &db,
        DemoConfig {
            seed: 2024,
            scale: 1.0,
        },
        &|_, _| {},
    )
    .await
    .unwrap();
    let second = started.elapsed();
    assert_eq!(counts, again);
    let rows: u64 = row_counts(&db).await.iter().map(|(_, n)| n).sum();
    db.close().await.unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("reference: {reference:?} in {reference_time:.2?}");
    println!("demo: {counts:?}");
    println!(
        "demo rows {} (all rows {rows}); progress ended at {:?}",
        counts.total(),
        *last.lock().unwrap()
    );
    println!(
        "first generation {first:.2?}, regeneration {second:.2?}; file {path} = {:.1} MiB",
        size as f64 / 1048576.0
    );
    if keep.is_none() {
        std::fs::remove_file(&path).ok();
    }
}

/// Full-scale generation on PostgreSQL (`TEST_DATABASE_URL`): time and row counts.
#[tokio::test]
#[ignore = "full-scale timing run"]
async fn full_scale_demo_on_postgres() {
    let guard = crate::db::testing::PgTestDb::create().await;
    let db = guard.connection();
    seed::load_reference(&db).await.unwrap();
    let started = std::time::Instant::now();
    let counts = seed::generate_demo(
        &db,
        DemoConfig {
            seed: 2024,
            scale: 1.0,
        },
        &|_, _| {},
    )
    .await
    .unwrap();
    let first = started.elapsed();
    let started = std::time::Instant::now();
    let again = seed::generate_demo(
        &db,
        DemoConfig {
            seed: 2024,
            scale: 1.0,
        },
        &|_, _| {},
    )
    .await
    .unwrap();
    let second = started.elapsed();
    assert_eq!(counts, again);
    println!(
        "postgres: {} demo rows; first generation {first:.2?}, regeneration {second:.2?}",
        counts.total()
    );
    guard.finish().await;
}

/// Server functions and axum handlers need `Send` futures.
#[allow(
    dead_code,
    unused_variables,
    clippy::diverging_sub_expression,
    unreachable_code
)]
fn write_futures_are_send() {
    fn send<T: Send>(_: T) {}
    let db: &DatabaseConnection = unimplemented!();
    send(crate::db::connect("sqlite::memory:"));
    send(crate::db::migrate(db));
    send(crate::db::ping(db));
    send(upsert_published_score(db, unimplemented!()));
    send(upsert_service_unit(db, unimplemented!()));
    send(upsert_staff_snapshot(db, unimplemented!()));
    send(record_inspection(db, unimplemented!()));
    send(update_inspection(db, 1, 1, unimplemented!()));
    send(record_follow_up(db, unimplemented!()));
    send(upsert_mou(db, unimplemented!()));
    send(create_commitment(db, unimplemented!()));
    send(update_commitment(db, 1, 1, unimplemented!()));
    send(record_commitment_progress(db, unimplemented!()));
    send(upsert_skm_survey(db, unimplemented!()));
    send(upsert_complaint_stat(db, unimplemented!()));
    send(seed::load_reference(db));
    send(seed::generate_demo(db, DemoConfig::default(), &|_, _| {}));
    send(seed::has_reference(db));
    send(seed::has_demo(db));
}
