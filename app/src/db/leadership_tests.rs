//! The leadership queries (search, attention view, full ranking) on the real reference data
//! (38 provinces, 514 regencies, the published Jambi scores), on SQLite and PostgreSQL.

use sea_orm::DatabaseConnection;

use crate::backend_tests;
use crate::db::entities::enums::UnitKind;
use crate::db::queries::{leadership, search};
use crate::db::seed;
use crate::db::write::{ServiceUnitInput, upsert_service_unit};
use crate::leadership::HitKind;
use crate::model::NationalFilter;

async fn fixture(db: &DatabaseConnection) {
    seed::load_reference(db).await.unwrap();
    upsert_service_unit(
        db,
        &ServiceUnitInput {
            regency_code: "15.05".into(),
            code: "15.05-MPP".into(),
            kind: UnitKind::Mpp,
            name: "Mal Pelayanan Publik Kabupaten Muaro Jambi".into(),
            inaugurated_on: None,
            tenant_count: Some(20),
            service_count: Some(200),
            counter_count: Some(20),
        },
    )
    .await
    .unwrap();
}

/// The published regency scores of a year, from the data file (not through the queries).
fn published(year: i32) -> Vec<(String, f64)> {
    seed::published_scores()
        .unwrap()
        .into_iter()
        .filter(|r| r.year == year && r.region_code.contains('.'))
        .map(|r| (r.region_code, r.score))
        .collect()
}

backend_tests! {
    async fn search_finds_regencies_provinces_and_malls(db: DatabaseConnection) {
        fixture(&db).await;
        let go = |o: crate::leadership::SearchOutcome| o.redirect;
        assert_eq!(go(search::search(&db, "muaro jambi").await.unwrap()).as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go(search::search(&db, "Kab. Muaro Jambi").await.unwrap()).as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go(search::search(&db, "kota jambi").await.unwrap()).as_deref(), Some("/kabupaten/15.71"));
        assert_eq!(go(search::search(&db, "15.05").await.unwrap()).as_deref(), Some("/kabupaten/15.05"));
        assert_eq!(go(search::search(&db, "Jawa Barat").await.unwrap()).as_deref(), Some("/provinsi/32"));
        assert_eq!(go(search::search(&db, "MPP Muaro Jambi").await.unwrap()).as_deref(), Some("/unit/15.05-MPP"));

        // "jambi": the province and Kota Jambi by name, then the regencies whose name has it.
        let o = search::search(&db, "jambi").await.unwrap();
        assert_eq!(o.redirect, None);
        let full: Vec<(HitKind, &str)> = o.hits.iter().filter(|h| h.exact).map(|h| (h.kind, h.code.as_str())).collect();
        assert_eq!(full, [(HitKind::Regency, "15.71"), (HitKind::Province, "15")]);
        assert!(o.hits.iter().any(|h| h.code == "15.05" && !h.exact));
        assert_eq!(o.hits.iter().find(|h| h.code == "15.05").unwrap().context, "Jambi");

        // "bandung": Kabupaten Bandung and Kota Bandung (and Bandung Barat) — a list.
        let o = search::search(&db, "bandung").await.unwrap();
        assert_eq!(o.redirect, None);
        assert!(o.hits.iter().filter(|h| h.exact).count() >= 2, "{o:?}");

        let o = search::search(&db, "atlantis").await.unwrap();
        assert!(o.hits.is_empty() && o.redirect.is_none() && o.total == 0);

        assert_eq!(search::resolve_regency(&db, "Muaro Jambi").await.unwrap().as_deref(), Some("15.05"));
    }

    async fn attention_numbers_the_bottom_by_true_rank_and_lists_every_province(db: DatabaseConnection) {
        fixture(&db).await;
        let a = leadership::attention(&db, Some(2023)).await.unwrap();
        let scores_2023 = published(2023);
        let scores_2022 = published(2022);
        assert_eq!(a.year, 2023);
        assert_eq!(a.compared_year, Some(2022), "2022 and 2023 share a methodology");
        assert_eq!(a.assessed as usize, scores_2023.len());
        assert_eq!(a.provinces.len(), 38);
        assert_eq!(a.provinces.iter().map(|p| p.regencies).sum::<u32>(), 514);
        let jambi = a.provinces.iter().find(|p| p.code == "15").unwrap();
        assert_eq!((jambi.assessed, jambi.regencies), (11, 11));
        assert!(a.provinces.iter().filter(|p| p.code != "15").all(|p| p.assessed == 0 && p.median.is_none()));

        // The bottom: worst first, numbered by true rank.
        let worst = scores_2023.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        assert_eq!(a.bottom[0].code, worst.0);
        assert_eq!(a.bottom[0].rank as usize, scores_2023.len());
        assert!(a.bottom.windows(2).all(|w| w[0].rank == w[1].rank + 1));

        // Drops: exactly the regencies whose 2023 score is below their 2022 score.
        let expected: Vec<&str> = scores_2023
            .iter()
            .filter(|(c, s)| scores_2022.iter().any(|(c2, s2)| c2 == c && s < s2))
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(a.drops.len(), expected.len());
        assert!(a.drops.iter().all(|m| expected.contains(&m.code.as_str()) && m.to < m.from));
        assert!(a.drops.windows(2).all(|w| w[0].change() <= w[1].change()));

        // The latest year by default; 2022 has no comparable year (new method).
        let latest = leadership::attention(&db, None).await.unwrap();
        assert_eq!((latest.year, latest.compared_year), (2024, Some(2023)));
        let first = leadership::attention(&db, Some(2022)).await.unwrap();
        assert_eq!(first.compared_year, None);
        assert!(first.drops.is_empty() && first.median.delta().is_none());
        assert!(leadership::attention(&db, Some(2020)).await.is_err());
    }

    async fn full_ranking_has_every_assessed_regency_and_pages(db: DatabaseConnection) {
        fixture(&db).await;
        let (year, years, all) = leadership::full_ranking(&db, &NationalFilter { year: Some(2023), ..Default::default() }).await.unwrap();
        assert_eq!(year, 2023);
        assert!(years.contains(&2019) && years.contains(&2024));
        assert_eq!(all.len(), published(2023).len());
        assert!(all.iter().enumerate().all(|(i, r)| r.rank as usize == i + 1));
        assert!(all.windows(2).all(|w| w[0].score >= w[1].score));

        // Lowest first keeps the true ranks; filters rank within their scope.
        let (_, _, asc) = leadership::full_ranking(&db, &NationalFilter { year: Some(2023), order: Some("asc".into()), ..Default::default() }).await.unwrap();
        assert_eq!(asc.first().unwrap().rank as usize, all.len());
        assert_eq!(asc.first().unwrap().code, all.last().unwrap().code);
        let (_, _, kota) = leadership::full_ranking(&db, &NationalFilter { year: Some(2023), kind: Some("kota".into()), ..Default::default() }).await.unwrap();
        assert_eq!(kota.len(), 2);
        assert!(kota.iter().all(|r| r.kind == "kota"));
        let (_, _, none) = leadership::full_ranking(&db, &NationalFilter { year: Some(2023), province: Some("32".into()), ..Default::default() }).await.unwrap();
        assert!(none.is_empty());

        let page = leadership::ranking_page(&db, &NationalFilter { year: Some(2023), ..Default::default() }, 7).await.unwrap();
        assert_eq!((page.page, page.pages, page.total as usize), (1, 1, all.len()), "clamped to the last page");
        assert_eq!(page.rows, all);
    }

    async fn the_national_ranking_numbers_lowest_first_by_true_rank(db: DatabaseConnection) {
        fixture(&db).await;
        let o = crate::db::queries::national::overview(&db, &NationalFilter { year: Some(2023), order: Some("asc".into()), ..Default::default() }).await.unwrap();
        assert_eq!(o.ranking[0].rank as usize, published(2023).len());
        assert_eq!(o.ranking[1].rank as usize, published(2023).len() - 1);
    }
}
