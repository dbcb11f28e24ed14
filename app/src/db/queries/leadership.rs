//! The leadership view of the national page: who is worst, who is slipping, how each province
//! stands, and the full ranking (paged on the page, whole in the CSV).
//!
//! Three queries whatever the number of regencies: the years with their methodology version,
//! the regency scores of the chosen and the comparable year, and the provinces with their
//! regency counts. Everything else is computed here, so ranks are the same everywhere.

use crate::db::DataError;
use crate::db::entities::{compliance_score, province, regency};
use crate::leadership::{Attention, Change, Mover, ProvinceRow, RankingPage};
use crate::methodology;
use crate::model::{NationalFilter, RankedRegency};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use std::collections::BTreeMap;

/// How many regencies "Perlu perhatian" and "Turun terbanyak" list.
pub const ATTENTION_SIZE: usize = 20;

/// One regency's score in one year.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreLine {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub province: String,
    pub year: i32,
    pub total: f64,
    pub label: String,
    pub published: bool,
}

/// The assessed years (ascending) with their methodology version.
async fn years<C: ConnectionTrait>(db: &C) -> Result<Vec<(i32, String)>, DataError> {
    Ok(compliance_score::Entity::find()
        .select_only()
        .column(compliance_score::Column::Year)
        .column(compliance_score::Column::MethodologyVersion)
        .filter(compliance_score::Column::RegencyId.is_not_null())
        .distinct()
        .order_by_asc(compliance_score::Column::Year)
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?)
}

/// The year asked for (it must have been assessed) or the latest one, and the latest earlier
/// year assessed with the same methodology version.
pub fn pick_years(
    years: &[(i32, String)],
    asked: Option<i32>,
) -> Result<(i32, Option<i32>), DataError> {
    let year = match asked {
        Some(y) if years.iter().any(|(yy, _)| *yy == y) => y,
        Some(y) => {
            return Err(DataError::Invalid {
                field: "year".into(),
                reason: crate::db::Reason::NoAssessmentData { year: y },
            });
        }
        None => years.last().map_or(2024, |(y, _)| *y),
    };
    let versions_of = |y: i32| -> Vec<&str> {
        years
            .iter()
            .filter(|(yy, _)| *yy == y)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    let current = versions_of(year);
    let compared = years
        .iter()
        .map(|(y, _)| *y)
        .filter(|y| *y < year)
        .filter(|y| {
            let v = versions_of(*y);
            !v.is_empty() && v == current
        })
        .max();
    Ok((year, compared))
}

/// Regency scores of the given years (one query).
async fn score_lines<C: ConnectionTrait>(
    db: &C,
    years: &[i32],
) -> Result<Vec<ScoreLine>, DataError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        i32,
        f64,
        String,
        bool,
    );
    let rows: Vec<Row> = compliance_score::Entity::find()
        .join(
            JoinType::InnerJoin,
            compliance_score::Relation::Regency.def(),
        )
        .join(JoinType::InnerJoin, regency::Relation::Province.def())
        .select_only()
        .column(regency::Column::Code)
        .column(regency::Column::Name)
        .column(regency::Column::Kind)
        .column_as(province::Column::Code, "province_code")
        .column_as(province::Column::Name, "province_name")
        .column(compliance_score::Column::Year)
        .column(compliance_score::Column::Total)
        .column(compliance_score::Column::Category)
        .column(compliance_score::Column::Published)
        .filter(compliance_score::Column::Year.is_in(years.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, name, kind, province_code, province, year, total, label, published)| {
                ScoreLine {
                    code,
                    name,
                    kind,
                    province_code,
                    province,
                    year,
                    total,
                    label,
                    published,
                }
            },
        )
        .collect())
}

fn zone_of(year: i32, label: &str) -> String {
    methodology::band_table(year)
        .ok()
        .and_then(|t| t.band(label))
        .map_or_else(|| "unknown".to_string(), |b| b.zone.key().to_string())
}

fn is_red(zone: &str) -> bool {
    zone == "merah" || zone == "hitam"
}

/// Ranks the lines of one year: highest score first, ties by code; rank = position.
pub fn rank(lines: &[ScoreLine], year: i32) -> Vec<RankedRegency> {
    let mut of_year: Vec<&ScoreLine> = lines.iter().filter(|l| l.year == year).collect();
    of_year.sort_by(|a, b| {
        b.total
            .total_cmp(&a.total)
            .then_with(|| a.code.cmp(&b.code))
    });
    of_year
        .into_iter()
        .enumerate()
        .map(|(i, l)| RankedRegency {
            rank: i as u32 + 1,
            code: l.code.clone(),
            name: l.name.clone(),
            province: l.province.clone(),
            kind: l.kind.clone(),
            score: l.total,
            zone: zone_of(year, &l.label),
            label: l.label.clone(),
            published: l.published,
        })
        .collect()
}

/// The median of some values (`None` when empty).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

/// Count, median, green share and red count of some ranked regencies.
fn summary(rows: &[&RankedRegency]) -> (u32, Option<f64>, Option<f64>, u32) {
    let n = rows.len() as u32;
    let mut scores: Vec<f64> = rows.iter().map(|r| r.score).collect();
    let green = rows.iter().filter(|r| r.zone == "hijau").count() as f64;
    let red = rows.iter().filter(|r| is_red(&r.zone)).count() as u32;
    (
        n,
        median(&mut scores),
        (n > 0).then(|| 100.0 * green / f64::from(n)),
        red,
    )
}

/// The ranked regencies of one province.
fn in_province<'a>(
    ranked: &'a [RankedRegency],
    province_of: &BTreeMap<&str, &str>,
    code: &str,
) -> Vec<&'a RankedRegency> {
    ranked
        .iter()
        .filter(|r| province_of.get(r.code.as_str()) == Some(&code))
        .collect()
}

/// Builds the attention view from the lines of `year` and `compared` (pure; see [`attention`]).
pub fn build_attention(
    lines: &[ScoreLine],
    provinces: &[(String, String, u32)],
    year: i32,
    compared: Option<i32>,
) -> Attention {
    let now = rank(lines, year);
    let before = compared.map(|y| rank(lines, y)).unwrap_or_default();
    let all_now: Vec<&RankedRegency> = now.iter().collect();
    let all_before: Vec<&RankedRegency> = before.iter().collect();
    let (n, med, green, red) = summary(&all_now);
    let (bn, bmed, bgreen, bred) = summary(&all_before);
    let had = compared.is_some() && bn > 0;

    let province_of: BTreeMap<&str, &str> = lines
        .iter()
        .map(|l| (l.code.as_str(), l.province_code.as_str()))
        .collect();
    let province_rows = provinces
        .iter()
        .map(|(code, name, regencies)| {
            let mine = in_province(&now, &province_of, code);
            let theirs = in_province(&before, &province_of, code);
            let (assessed, median, share_green, red) = summary(&mine);
            let (_, before_median, _, _) = summary(&theirs);
            ProvinceRow {
                code: code.clone(),
                name: name.clone(),
                regencies: *regencies,
                assessed,
                median,
                share_green,
                red,
                median_change: median.zip(before_median).map(|(a, b)| a - b),
                demo: mine.iter().filter(|r| !r.published).count() as u32,
            }
        })
        .collect();

    let bottom = now.iter().rev().take(ATTENTION_SIZE).cloned().collect();

    let before_score: BTreeMap<&str, (f64, bool)> = before
        .iter()
        .map(|r| (r.code.as_str(), (r.score, r.published)))
        .collect();
    let mut drops: Vec<Mover> = now
        .iter()
        .filter_map(|r| {
            let (from, from_published) = *before_score.get(r.code.as_str())?;
            (r.score < from).then(|| Mover {
                code: r.code.clone(),
                name: r.name.clone(),
                province: r.province.clone(),
                from,
                to: r.score,
                label: r.label.clone(),
                zone: r.zone.clone(),
                rank: r.rank,
                published: r.published && from_published,
            })
        })
        .collect();
    drops.sort_by(|a, b| {
        a.change()
            .total_cmp(&b.change())
            .then_with(|| a.code.cmp(&b.code))
    });
    drops.truncate(ATTENTION_SIZE);

    Attention {
        year,
        compared_year: compared.filter(|_| had),
        assessed: n,
        demo: now.iter().filter(|r| !r.published).count() as u32,
        assessed_change: Change {
            now: f64::from(n),
            before: had.then_some(f64::from(bn)),
        },
        median: Change {
            now: med.unwrap_or(0.0),
            before: bmed.filter(|_| had),
        },
        share_green: Change {
            now: green.unwrap_or(0.0),
            before: bgreen.filter(|_| had),
        },
        red: Change {
            now: f64::from(red),
            before: had.then_some(f64::from(bred)),
        },
        provinces: province_rows,
        bottom,
        drops,
    }
}

/// Provinces with their number of regencies (one query).
async fn provinces<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, String, u32)>, DataError> {
    let rows: Vec<(String, String, i64)> = province::Entity::find()
        .join(JoinType::LeftJoin, province::Relation::Regency.def())
        .select_only()
        .column(province::Column::Code)
        .column(province::Column::Name)
        .column_as(regency::Column::Id.count(), "n")
        .group_by(province::Column::Code)
        .group_by(province::Column::Name)
        .order_by_asc(province::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(c, n, k)| (c, n, k as u32)).collect())
}

/// The attention view of `year` (default: the latest assessed year).
pub async fn attention<C: ConnectionTrait>(
    db: &C,
    year: Option<i32>,
) -> Result<Attention, DataError> {
    let all_years = years(db).await?;
    let (year, compared) = pick_years(&all_years, year)?;
    let wanted: Vec<i32> = std::iter::once(year).chain(compared).collect();
    let lines = score_lines(db, &wanted).await?;
    Ok(build_attention(
        &lines,
        &provinces(db).await?,
        year,
        compared,
    ))
}

/// Every assessed regency of the filter's year, ranked (true ranks within the filter's
/// province and kind); `order = asc` lists the lowest first, keeping the ranks.
pub async fn full_ranking<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
) -> Result<(i32, Vec<i32>, Vec<RankedRegency>), DataError> {
    super::national::ensure_known_province(db, filter).await?;
    let all_years = years(db).await?;
    let (year, _) = pick_years(&all_years, filter.year)?;
    let lines: Vec<ScoreLine> = score_lines(db, &[year])
        .await?
        .into_iter()
        .filter(|l| {
            filter
                .province
                .as_ref()
                .is_none_or(|p| &l.province_code == p)
        })
        .filter(|l| filter.kind.as_ref().is_none_or(|k| &l.kind == k))
        .collect();
    let mut ranked = rank(&lines, year);
    if filter.order.as_deref() == Some("asc") {
        ranked.reverse();
    }
    let mut ys: Vec<i32> = all_years.iter().map(|(y, _)| *y).collect();
    ys.dedup();
    Ok((year, ys, ranked))
}

/// One page (1-based, clamped) of [`full_ranking`].
pub async fn ranking_page<C: ConnectionTrait>(
    db: &C,
    filter: &NationalFilter,
    page: u32,
) -> Result<RankingPage, DataError> {
    let (year, years, ranked) = full_ranking(db, filter).await?;
    let total = ranked.len() as u32;
    let demo = ranked.iter().filter(|r| !r.published).count() as u32;
    let pages = total.div_ceil(RankingPage::PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let rows = ranked
        .into_iter()
        .skip(((page - 1) * RankingPage::PER_PAGE) as usize)
        .take(RankingPage::PER_PAGE as usize)
        .collect();
    Ok(RankingPage {
        year,
        years,
        total,
        page,
        pages,
        rows,
        demo,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, province: &str, year: i32, total: f64, label: &str) -> ScoreLine {
        ScoreLine {
            code: code.into(),
            name: format!("Kabupaten {code}"),
            kind: "kabupaten".into(),
            province_code: province.into(),
            province: format!("Provinsi {province}"),
            year,
            total,
            label: label.into(),
            published: true,
        }
    }

    #[test]
    fn comparable_year_has_the_same_methodology() {
        let years = vec![
            (2019, "2015".to_string()),
            (2021, "2021".to_string()),
            (2022, "2022".to_string()),
            (2023, "2022".to_string()),
            (2024, "2022".to_string()),
        ];
        assert_eq!(pick_years(&years, None).unwrap(), (2024, Some(2023)));
        assert_eq!(pick_years(&years, Some(2023)).unwrap(), (2023, Some(2022)));
        assert_eq!(pick_years(&years, Some(2022)).unwrap(), (2022, None));
        assert_eq!(pick_years(&years, Some(2019)).unwrap(), (2019, None));
        assert!(matches!(
            pick_years(&years, Some(2020)),
            Err(DataError::Invalid { .. })
        ));
    }

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn bottom_is_numbered_by_true_rank_and_drops_are_largest_first() {
        let mut lines = Vec::new();
        // 30 regencies in 2024 scoring 60..89, all in province 11 except two in 15.
        for i in 0..30 {
            let p = if i < 2 { "15" } else { "11" };
            let score = 60.0 + f64::from(i);
            let label = if score >= 88.0 {
                "A"
            } else if score >= 78.0 {
                "B"
            } else {
                "C"
            };
            lines.push(line(&format!("{p}.{i:02}"), p, 2024, score, label));
            // In 2023 everyone scored 70, so the best of 2024 rose and the worst fell.
            lines.push(line(&format!("{p}.{i:02}"), p, 2023, 70.0, "C"));
        }
        let provinces = vec![
            ("11".to_string(), "Aceh".to_string(), 28),
            ("15".to_string(), "Jambi".to_string(), 11),
            ("99".to_string(), "Kosong".to_string(), 0),
        ];
        let a = build_attention(&lines, &provinces, 2024, Some(2023));
        assert_eq!(a.assessed, 30);
        assert_eq!(a.compared_year, Some(2023));
        assert_eq!(a.bottom.len(), ATTENTION_SIZE);
        assert_eq!(
            a.bottom[0].rank, 30,
            "the worst is numbered by its true rank"
        );
        assert_eq!(a.bottom[0].score, 60.0);
        assert_eq!(a.bottom[ATTENTION_SIZE - 1].rank, 11);
        // Drops: those below 70 now, worst drop first.
        assert_eq!(a.drops.len(), 10);
        assert_eq!((a.drops[0].from, a.drops[0].to), (70.0, 60.0));
        assert_eq!(a.drops[0].rank, 30);
        assert!(a.drops.windows(2).all(|w| w[0].change() <= w[1].change()));
        // Headline changes.
        assert_eq!(a.median.before, Some(70.0));
        assert_eq!(a.median.now, 74.5);
        assert_eq!(a.share_green.before, Some(0.0));
        assert_eq!(a.share_green.delta(), Some(100.0 * 12.0 / 30.0));
        assert_eq!(a.assessed_change.delta(), Some(0.0));
        // Provinces: all listed, including one without data.
        assert_eq!(a.provinces.len(), 3);
        let jambi = &a.provinces[1];
        assert_eq!((jambi.assessed, jambi.regencies), (2, 11));
        assert_eq!(jambi.median, Some(60.5));
        assert_eq!(jambi.median_change, Some(-9.5));
        let empty = &a.provinces[2];
        assert_eq!(
            (empty.assessed, empty.median, empty.share_green),
            (0, None, None)
        );
    }

    #[test]
    fn without_a_comparable_year_nothing_is_compared() {
        let lines = vec![line("15.05", "15", 2022, 80.0, "B")];
        let provinces = vec![("15".to_string(), "Jambi".to_string(), 11)];
        let a = build_attention(&lines, &provinces, 2022, None);
        assert_eq!(a.compared_year, None);
        assert_eq!(a.median.delta(), None);
        assert!(a.drops.is_empty());
        assert_eq!(a.bottom[0].rank, 1);
    }

    #[test]
    fn demo_scores_are_counted_overall_per_province_and_per_drop() {
        let demo = |mut l: ScoreLine| {
            l.published = false;
            l
        };
        let lines = vec![
            line("15.01", "15", 2023, 80.0, "B"),
            line("15.01", "15", 2024, 70.0, "C"),
            line("15.02", "15", 2023, 85.0, "B"),
            demo(line("15.02", "15", 2024, 75.0, "C")),
            demo(line("11.01", "11", 2024, 90.0, "A")),
        ];
        let provinces = vec![
            ("11".to_string(), "Aceh".to_string(), 23),
            ("15".to_string(), "Jambi".to_string(), 11),
        ];
        let a = build_attention(&lines, &provinces, 2024, Some(2023));
        assert_eq!((a.assessed, a.demo), (3, 2));
        assert_eq!(a.provinces[0].demo, 1);
        assert_eq!(a.provinces[1].demo, 1);
        let published: Vec<(&str, bool)> = a
            .drops
            .iter()
            .map(|m| (m.code.as_str(), m.published))
            .collect();
        assert_eq!(published, [("15.01", true), ("15.02", false)]);
        assert!(
            !a.bottom
                .iter()
                .find(|r| r.code == "15.02")
                .unwrap()
                .published
        );
    }
}
