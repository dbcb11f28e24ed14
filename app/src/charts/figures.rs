//! The dashboard's figures: each one chart, its caption, a one-sentence summary computed from
//! the data, and the data as a table, in the reader's language.

use super::{Bar, Stack, Values, bar_chart, stacked_bar_chart};
use crate::i18n::Lang;
use crate::methodology::{self, Band};
use crate::model::{Distribution, Figure};

/// The band of a category label in a year's methodology.
fn band(year: i32, label: &str) -> Option<&'static Band> {
    methodology::band_table(year).ok()?.band(label)
}

/// The display name of a category, e.g. "B (Kualitas Tinggi)".
pub fn category_name(year: i32, label: &str, lang: Lang) -> String {
    match band(year, label) {
        Some(b) => format!("{label} ({})", b.name(lang.is_en())),
        None => label.to_string(),
    }
}

/// The chart colour of a category (grey when unknown).
pub fn category_colour(year: i32, label: &str) -> String {
    band(year, label).map_or_else(|| "#999999".to_string(), |b| b.colour.clone())
}

fn svg_or_note(result: Result<String, super::ChartError>) -> String {
    result.unwrap_or_else(|e| {
        tracing::error!(error = %e, "chart rendering failed");
        String::new()
    })
}

/// Regencies per category in one year.
pub fn distribution(d: &Distribution, lang: Lang) -> Figure {
    let bars: Vec<Bar> = d
        .categories
        .iter()
        .map(|c| Bar {
            label: c.label.clone(),
            value: f64::from(c.count),
            color: category_colour(d.year, &c.label),
            value_label: format!("{}: {}", c.label, lang.int(i64::from(c.count))),
        })
        .collect();
    let top = d.categories.iter().max_by_key(|c| c.count);
    let summary = match (top, d.assessed) {
        (Some(top), n) if n > 0 => format!(
            "{} {} {} {} {} {} ({}).{}",
            lang.tr("Dari", "Of"),
            lang.int(i64::from(n)),
            lang.tr("kabupaten/kota yang dinilai pada", "regencies assessed in"),
            d.year,
            lang.tr("paling banyak berada di kategori", "most are in category"),
            category_name(d.year, &top.label, lang),
            lang.pct(d.share(&top.label), 1),
            demo_note(d, lang),
        ),
        _ => format!(
            "{} {}.",
            lang.tr("Belum ada penilaian untuk tahun", "No assessment yet for"),
            d.year
        ),
    };
    Figure {
        id: "distribution".into(),
        caption: format!(
            "{} {}",
            lang.tr(
                "Sebaran kategori kepatuhan kabupaten/kota, tahun",
                "Compliance categories of regencies, year"
            ),
            d.year
        ),
        summary,
        svg: svg_or_note(bar_chart(
            &bars,
            lang.tr("Jumlah kabupaten/kota", "Number of regencies"),
            Values::Counts,
            lang,
        )),
        columns: vec![
            lang.tr("Kategori", "Category").into(),
            lang.tr("Jumlah", "Count").into(),
            lang.tr("Persentase", "Share").into(),
        ],
        rows: d
            .categories
            .iter()
            .map(|c| {
                vec![
                    category_name(d.year, &c.label, lang),
                    lang.int(i64::from(c.count)),
                    lang.pct(d.share(&c.label), 1),
                ]
            })
            .collect(),
        csv_href: Some(format!("/api/national/distribution.csv?year={}", d.year)),
    }
}

/// Share of each category over the years (stacked to 100 %).
pub fn distribution_trend(trend: &[Distribution], lang: Lang) -> Figure {
    // Categories in the order of the latest methodology, worst at the bottom.
    let mut labels: Vec<String> = Vec::new();
    for d in trend.iter().rev() {
        for c in d.categories.iter().rev() {
            if !labels.contains(&c.label) {
                labels.push(c.label.clone());
            }
        }
    }
    let latest = trend.last().map_or(2024, |d| d.year);
    let name_year = |l: &str| {
        trend
            .iter()
            .rev()
            .find(|d| d.categories.iter().any(|c| c.label == l))
            .map_or(latest, |d| d.year)
    };
    let stacks: Vec<Stack> = labels
        .iter()
        .map(|l| Stack {
            label: l.clone(),
            color: category_colour(name_year(l), l),
            values: trend.iter().map(|d| d.share(l)).collect(),
        })
        .collect();
    let x_labels: Vec<String> = trend.iter().map(|d| d.year.to_string()).collect();
    let coverage: Vec<String> = trend
        .iter()
        .map(|d| format!("n={}", lang.int(i64::from(d.assessed))))
        .collect();
    // Where the methodology changes between two adjacent years.
    let breaks: Vec<usize> = (1..trend.len())
        .filter(|&i| trend[i].methodology_version != trend[i - 1].methodology_version)
        .collect();
    let summary = trend_summary(trend, lang);
    let mut columns = vec![
        lang.tr("Tahun", "Year").to_string(),
        lang.tr("Kabupaten/kota dinilai", "Regencies assessed")
            .to_string(),
        lang.tr("Metodologi", "Methodology").to_string(),
        lang.tr("Data demo", "Demo data").to_string(),
    ];
    columns.extend(labels.iter().map(|l| category_name(name_year(l), l, lang)));
    Figure {
        id: "distribution-trend".into(),
        caption: lang
            .tr(
                "Tren sebaran kategori per tahun (persen)",
                "Category shares per year (percent)",
            )
            .into(),
        summary,
        svg: svg_or_note(stacked_bar_chart(
            &x_labels,
            &stacks,
            &coverage,
            &breaks,
            lang.tr("Persen kabupaten/kota", "Percent of regencies"),
            lang,
        )),
        columns,
        rows: trend
            .iter()
            .map(|d| {
                let mut row = vec![
                    d.year.to_string(),
                    lang.int(i64::from(d.assessed)),
                    d.methodology_version.clone(),
                    lang.int(i64::from(d.demo)),
                ];
                row.extend(labels.iter().map(|l| lang.pct(d.share(l), 1)));
                row
            })
            .collect(),
        csv_href: Some("/api/national/trend.csv".into()),
    }
}

/// " 12 of them are demo data." when a distribution includes demo scores.
fn demo_note(d: &Distribution, lang: Lang) -> String {
    if d.demo == 0 {
        return String::new();
    }
    format!(
        " {} {} {}",
        lang.int(i64::from(d.demo)),
        lang.tr("di antaranya", "of them"),
        lang.tr(
            "adalah data demo, bukan nilai yang dipublikasikan Ombudsman RI.",
            "are demo data, not scores published by Ombudsman RI.",
        )
    )
}

/// The trend summary: how many regencies each year covers, and the green share compared only
/// between years of the same methodology (saying so when earlier years used another one).
pub fn trend_summary(trend: &[Distribution], lang: Lang) -> String {
    if trend.len() < 2 {
        return lang
            .tr(
                "Belum cukup tahun untuk melihat tren.",
                "Not enough years for a trend yet.",
            )
            .to_string();
    }
    let coverage = trend
        .iter()
        .map(|d| format!("{} {}", d.year, lang.int(i64::from(d.assessed))))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = format!(
        "{} {coverage}.",
        lang.tr(
            "Kabupaten/kota yang dinilai per tahun:",
            "Regencies assessed per year:"
        )
    );
    let last = &trend[trend.len() - 1];
    // The first year of the latest methodology.
    let first_same = trend
        .iter()
        .position(|d| d.methodology_version == last.methodology_version)
        .unwrap_or(trend.len() - 1);
    let first = &trend[first_same];
    let green = |d: &Distribution| {
        d.categories
            .iter()
            .filter(|c| c.zone == "hijau")
            .map(|c| c.count)
            .sum::<u32>() as f64
            * 100.0
            / f64::from(d.assessed.max(1))
    };
    if first.year != last.year {
        let regencies = lang.tr("kab/kota", "regencies");
        out.push_str(&format!(
            " {} {}) {} {} ({}, {} {regencies}) {} {} ({}, {} {regencies}).",
            lang.tr(
                "Porsi zona hijau (metodologi",
                "The green-zone share (methodology"
            ),
            last.methodology_version,
            lang.tr("berubah dari", "went from"),
            lang.pct(green(first), 1),
            first.year,
            lang.int(i64::from(first.assessed)),
            lang.tr("menjadi", "to"),
            lang.pct(green(last), 1),
            last.year,
            lang.int(i64::from(last.assessed)),
        ));
        if first.assessed != last.assessed {
            out.push_str(&format!(
                " {}",
                lang.tr(
                    "Cakupan kedua tahun berbeda, sehingga perbandingan ini tidak setara.",
                    "The two years cover different regencies, so this is not a like-for-like comparison.",
                )
            ));
        }
    }
    if first_same > 0 {
        let earlier: Vec<String> = trend[..first_same]
            .iter()
            .map(|d| d.year.to_string())
            .collect();
        out.push_str(&format!(
            " {} {} {} {}.",
            lang.tr("Tahun", "The years"),
            earlier.join(", "),
            lang.tr(
                "dinilai dengan metodologi lain dan tidak dibandingkan langsung dengan",
                "were assessed under another methodology and are not compared directly with",
            ),
            lang.tr("tahun sesudahnya", "the later years"),
        ));
    }
    let demo: u32 = trend.iter().map(|d| d.demo).sum();
    if demo > 0 {
        out.push_str(&format!(
            " {}",
            lang.tr(
                "Sebagian nilai adalah data demo (lihat kolom Data demo).",
                "Some scores are demo data (see the Demo data column).",
            )
        ));
    }
    out
}

/// Background bands of the methodology tables in force over `years`.
fn bands_over(years: &[i32]) -> Vec<super::Band> {
    let mut out: Vec<super::Band> = Vec::new();
    for &y in years {
        let Ok(table) = methodology::band_table(y) else {
            continue;
        };
        for b in &table.bands {
            // Extend the previous span when the same table continues.
            if let Some(prev) = out
                .iter_mut()
                .find(|p| p.to_year == y - 1 && p.label == b.label && p.min == b.min)
            {
                prev.to_year = y;
            } else {
                out.push(super::Band {
                    from_year: y,
                    to_year: y,
                    min: b.min,
                    max: b.max,
                    label: b.label.clone(),
                    color: b.colour.clone(),
                });
            }
        }
    }
    out
}

/// What a reader must know before comparing two scores: another methodology, demo data.
fn score_caveats(a: &crate::model::ScoreRow, b: &crate::model::ScoreRow, lang: Lang) -> String {
    let mut out = String::new();
    if a.methodology_version != b.methodology_version {
        out.push_str(&format!(
            " {} {} ({}) {} {} ({}).",
            lang.tr("Metodologi berbeda:", "Different methodologies:"),
            a.year,
            a.methodology_version,
            lang.tr("dan", "and"),
            b.year,
            b.methodology_version,
        ));
    }
    if !b.published {
        out.push_str(&format!(
            " {} {} {}",
            lang.tr("Nilai", "The"),
            b.year,
            lang.tr(
                "adalah data demo, bukan nilai resmi Ombudsman RI.",
                "score is demo data, not an official Ombudsman RI score.",
            ),
        ));
    }
    out
}

/// A regency's compliance score over the years, drawn over the category bands.
pub fn regency_scores(
    code: &str,
    name: &str,
    scores: &[crate::model::ScoreRow],
    lang: Lang,
) -> Figure {
    let points: Vec<(i32, f64)> = scores.iter().map(|s| (s.year, s.total)).collect();
    let years: Vec<i32> = scores.iter().map(|s| s.year).collect();
    let mut series = vec![super::Series {
        label: name.to_string(),
        color: "#0072B2".into(),
        points,
    }];
    // Demo scores get a marker and a legend entry of their own.
    let demo: Vec<(i32, f64)> = scores
        .iter()
        .filter(|s| !s.published)
        .map(|s| (s.year, s.total))
        .collect();
    if !demo.is_empty() {
        series.push(super::Series {
            label: lang
                .tr(
                    "Data demo (bukan nilai resmi)",
                    "Demo data (not an official score)",
                )
                .into(),
            color: "#D55E00".into(),
            points: demo,
        });
    }
    let summary = match (scores.first(), scores.last()) {
        (Some(a), Some(b)) if a.year != b.year => {
            format!(
                "{} {} {} {} ({}) {} {} {} ({}).",
                lang.tr("Nilai kepatuhan", "The compliance score of"),
                name,
                lang.tr("bergerak dari", "went from"),
                lang.num(a.total, 2),
                a.year,
                lang.tr("ke", "to"),
                lang.num(b.total, 2),
                category_name(b.year, &b.label, lang),
                b.year,
            ) + &score_caveats(a, b, lang)
        }
        (Some(a), _) => format!(
            "{} {} {}: {} ({}).",
            lang.tr("Nilai kepatuhan", "Compliance score of"),
            name,
            a.year,
            lang.num(a.total, 2),
            category_name(a.year, &a.label, lang)
        ),
        _ => lang
            .tr("Belum ada nilai kepatuhan.", "No compliance score yet.")
            .to_string(),
    };
    Figure {
        id: "regency-scores".into(),
        caption: format!(
            "{} {name}",
            lang.tr(
                "Nilai kepatuhan Ombudsman per tahun,",
                "Ombudsman compliance score per year,"
            )
        ),
        summary,
        svg: svg_or_note(super::line_chart(
            &series,
            &bands_over(&years),
            lang.tr("Nilai (0–100)", "Score (0–100)"),
            lang,
        )),
        columns: vec![
            lang.tr("Tahun", "Year").into(),
            lang.tr("Nilai", "Score").into(),
            lang.tr("Kategori", "Category").into(),
            lang.tr("Sumber", "Source").into(),
        ],
        rows: scores
            .iter()
            .map(|s| {
                vec![
                    s.year.to_string(),
                    lang.num(s.total, 2),
                    category_name(s.year, &s.label, lang),
                    if s.published {
                        lang.tr("Dipublikasikan Ombudsman RI", "Published by Ombudsman RI")
                    } else {
                        lang.tr("Data demo", "Demo data")
                    }
                    .into(),
                ]
            })
            .collect(),
        csv_href: Some(format!("/api/regency/{code}/scores.csv")),
    }
}

/// The four dimensions of the latest score that has them.
pub fn regency_dimensions(
    code: &str,
    scores: &[crate::model::ScoreRow],
    lang: Lang,
) -> Option<Figure> {
    let s = scores
        .iter()
        .rev()
        .find(|s| s.input.is_some() || s.process.is_some())?;
    let dims = [
        (lang.tr("Input", "Input"), s.input),
        (lang.tr("Proses", "Process"), s.process),
        (lang.tr("Output", "Output"), s.output),
        (lang.tr("Pengaduan", "Complaints"), s.complaint_handling),
    ];
    let bars: Vec<Bar> = dims
        .iter()
        .enumerate()
        .filter_map(|(i, (l, v))| {
            v.map(|v| Bar {
                label: (*l).to_string(),
                value: v,
                color: ["#0072B2", "#E69F00", "#009E73", "#CC79A7"][i].into(),
                value_label: lang.num(v, 1),
            })
        })
        .collect();
    let weakest = dims
        .iter()
        .filter_map(|(l, v)| v.map(|v| (l, v)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    Some(Figure {
        id: "regency-dimensions".into(),
        caption: format!(
            "{} {}",
            lang.tr("Nilai per dimensi, tahun", "Score per dimension, year"),
            s.year
        ),
        summary: weakest.map_or_else(String::new, |(l, v)| {
            format!(
                "{} {l} ({}).",
                lang.tr("Dimensi terlemah:", "Weakest dimension:"),
                lang.num(v, 1)
            )
        }),
        svg: svg_or_note(bar_chart(
            &bars,
            lang.tr("Nilai (0–100)", "Score (0–100)"),
            Values::Scores,
            lang,
        )),
        columns: vec![
            lang.tr("Dimensi", "Dimension").into(),
            lang.tr("Nilai", "Score").into(),
        ],
        rows: dims
            .iter()
            .map(|(l, v)| {
                vec![
                    (*l).to_string(),
                    v.map_or_else(|| "–".into(), |v| lang.num(v, 2)),
                ]
            })
            .collect(),
        csv_href: Some(format!("/api/regency/{code}/scores.csv")),
    })
}

/// Mean IKM of a regency's units per year.
pub fn ikm_trend(
    id: &str,
    name: &str,
    ikm: &[(i32, f64)],
    lang: Lang,
    csv_href: Option<String>,
) -> Figure {
    let series = vec![super::Series {
        label: name.to_string(),
        color: "#009E73".into(),
        points: ikm.to_vec(),
    }];
    let summary = match (ikm.first(), ikm.last()) {
        (Some(a), Some(b)) if a.0 != b.0 => format!(
            "{} {} ({}) {} {} ({}).",
            lang.tr("IKM bergerak dari", "The satisfaction index went from"),
            lang.num(a.1, 2),
            a.0,
            lang.tr("ke", "to"),
            lang.num(b.1, 2),
            b.0
        ),
        _ => lang
            .tr(
                "Belum cukup data survei kepuasan.",
                "Not enough satisfaction survey data yet.",
            )
            .to_string(),
    };
    Figure {
        id: id.to_string(),
        caption: format!(
            "{} {name}",
            lang.tr(
                "Indeks Kepuasan Masyarakat (IKM) per tahun,",
                "Public satisfaction index (IKM) per year,"
            )
        ),
        summary,
        svg: svg_or_note(super::line_chart(&series, &[], "IKM (25–100)", lang)),
        columns: vec![lang.tr("Tahun", "Year").into(), "IKM".into()],
        rows: ikm
            .iter()
            .map(|(y, v)| vec![y.to_string(), lang.num(*v, 2)])
            .collect(),
        csv_href,
    }
}

/// A unit's staffing per year: staff on duty against need (ABK), trained share, attendance.
pub fn unit_staff(code: &str, staff: &[crate::model::StaffPoint], lang: Lang) -> Figure {
    // Every snapshot as recorded (quarterly, plus the inauguration day): no yearly means.
    let rows: Vec<(
        chrono::NaiveDate,
        &crate::model::StaffPoint,
        Option<f64>,
        Option<f64>,
    )> = staff
        .iter()
        .map(|s| {
            let cov =
                (s.required > 0).then(|| 100.0 * f64::from(s.on_duty) / f64::from(s.required));
            let trained =
                (s.on_duty > 0).then(|| 100.0 * f64::from(s.trained) / f64::from(s.on_duty));
            (s.date, s, cov, trained)
        })
        .collect();
    let series = vec![
        super::DateSeries {
            label: lang.tr("Petugas vs ABK (%)", "Staff vs need (%)").into(),
            color: "#0072B2".into(),
            line: true,
            marker: super::Marker::Circle,
            points: rows
                .iter()
                .filter_map(|r| r.2.map(|v| (r.0, v.min(100.0))))
                .collect(),
        },
        super::DateSeries {
            label: lang.tr("Petugas terlatih (%)", "Trained staff (%)").into(),
            color: "#E69F00".into(),
            line: true,
            marker: super::Marker::Triangle,
            points: rows.iter().filter_map(|r| r.3.map(|v| (r.0, v))).collect(),
        },
        super::DateSeries {
            label: lang.tr("Kehadiran (%)", "Attendance (%)").into(),
            color: "#009E73".into(),
            line: true,
            marker: super::Marker::Cross,
            points: rows.iter().map(|r| (r.0, r.1.attendance_pct)).collect(),
        },
    ];
    let with_cov: Vec<_> = rows.iter().filter(|r| r.2.is_some()).collect();
    let summary = match (with_cov.first(), with_cov.last()) {
        (Some(a), Some(b)) if a.0 != b.0 => {
            let low = with_cov
                .iter()
                .min_by(|x, y| x.2.unwrap_or(0.0).total_cmp(&y.2.unwrap_or(0.0)))
                .unwrap_or(a);
            format!(
                "{} {} ({} {} {}, {}) {} {} ({} {} {}, {}); {} {} ({}). {} {}.",
                lang.tr(
                    "Pemenuhan petugas terhadap ABK berubah dari",
                    "Staffing against need went from"
                ),
                lang.pct(a.2.unwrap_or(0.0), 0),
                a.1.on_duty,
                lang.tr("dari", "of"),
                a.1.required,
                lang.date(a.0),
                lang.tr("menjadi", "to"),
                lang.pct(b.2.unwrap_or(0.0), 0),
                b.1.on_duty,
                lang.tr("dari", "of"),
                b.1.required,
                lang.date(b.0),
                lang.tr("terendah", "lowest"),
                lang.pct(low.2.unwrap_or(0.0), 0),
                lang.date(low.0),
                rows.len(),
                lang.tr("pencatatan (per triwulan)", "snapshots (quarterly)"),
            )
        }
        _ => lang
            .tr("Belum cukup data petugas.", "Not enough staffing data yet.")
            .to_string(),
    };
    let opt = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| lang.num(v, 1));
    Figure {
        id: "unit-staff".into(),
        caption: lang
            .tr(
                "Petugas (SDM) per pencatatan triwulan",
                "Staff per quarterly snapshot",
            )
            .into(),
        summary,
        svg: svg_or_note(super::date_chart(
            &series,
            &[],
            lang.tr("Persen", "Percent"),
            lang,
        )),
        columns: vec![
            lang.tr("Tanggal", "Date").into(),
            lang.tr("Bertugas", "On duty").into(),
            lang.tr("Kebutuhan (ABK)", "Required (ABK)").into(),
            lang.tr("Petugas vs ABK (%)", "Staff vs need (%)").into(),
            lang.tr("Petugas terlatih (%)", "Trained staff (%)").into(),
            lang.tr("Kehadiran (%)", "Attendance (%)").into(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    lang.date(r.0),
                    lang.int(i64::from(r.1.on_duty)),
                    lang.int(i64::from(r.1.required)),
                    opt(r.2),
                    opt(r.3),
                    lang.num(r.1.attendance_pct, 1),
                ]
            })
            .collect(),
        csv_href: Some(format!("/api/unit/{code}/staff.csv")),
    }
}

use crate::pages::unit::inspection_kind;

/// One timeline of a unit's inspection scores: a line through all of them, unannounced sidaks
/// as triangles and scheduled visits as circles, and a vertical line at the inauguration.
pub fn unit_inspections(
    inspections: &[crate::model::InspectionRow],
    inaugurated_on: Option<chrono::NaiveDate>,
    lang: Lang,
) -> Figure {
    let mut scored: Vec<(chrono::NaiveDate, bool, f64, Option<f64>)> = inspections
        .iter()
        .filter_map(|i| {
            i.score
                .map(|s| (i.date, i.unannounced, s, i.facility_index))
        })
        .collect();
    scored.sort_by_key(|r| r.0);
    let of = |unannounced: bool| -> Vec<(chrono::NaiveDate, f64)> {
        scored
            .iter()
            .filter(|r| r.1 == unannounced)
            .map(|r| (r.0, r.2))
            .collect()
    };
    let series = vec![
        super::DateSeries {
            label: lang.tr("Nilai inspeksi", "Inspection score").into(),
            color: "#555555".into(),
            line: true,
            marker: super::Marker::None,
            points: scored.iter().map(|r| (r.0, r.2)).collect(),
        },
        super::DateSeries {
            label: inspection_kind(true, lang).into(),
            color: "#D55E00".into(),
            line: false,
            marker: super::Marker::Triangle,
            points: of(true),
        },
        super::DateSeries {
            label: inspection_kind(false, lang).into(),
            color: "#0072B2".into(),
            line: false,
            marker: super::Marker::Circle,
            points: of(false),
        },
    ];
    let rules: Vec<super::DateRule> = inaugurated_on
        .filter(|d| {
            scored
                .first()
                .is_some_and(|f| f.0 - chrono::Duration::days(400) <= *d)
        })
        .map(|date| super::DateRule {
            date,
            label: lang.tr("Peresmian", "Inauguration").into(),
        })
        .into_iter()
        .collect();
    let sidaks = scored.iter().filter(|r| r.1).count();
    let summary = match (scored.first(), scored.last()) {
        (Some(a), Some(b)) if a.0 != b.0 => format!(
            "{} {} ({}, {}) {} {} ({}, {}); {} {}, {} {}.",
            lang.tr("Nilai inspeksi dari", "Inspection score went from"),
            lang.num(a.2, 1),
            inspection_kind(a.1, lang),
            lang.date(a.0),
            lang.tr("menjadi", "to"),
            lang.num(b.2, 1),
            inspection_kind(b.1, lang),
            lang.date(b.0),
            sidaks,
            lang.tr("sidak tanpa pemberitahuan", "unannounced sidaks"),
            scored.len() - sidaks,
            lang.tr("kunjungan terjadwal", "scheduled visits"),
        ),
        _ => lang
            .tr(
                "Belum cukup data inspeksi.",
                "Not enough inspection data yet.",
            )
            .to_string(),
    };
    Figure {
        id: "unit-inspections".into(),
        caption: lang
            .tr(
                "Nilai inspeksi dari waktu ke waktu",
                "Inspection scores over time",
            )
            .into(),
        summary,
        svg: svg_or_note(super::date_chart(
            &series,
            &rules,
            lang.tr("Nilai", "Score"),
            lang,
        )),
        columns: vec![
            lang.tr("Tanggal", "Date").into(),
            lang.tr("Jenis", "Kind").into(),
            lang.tr("Nilai", "Score").into(),
            lang.tr("Indeks sarpras", "Facility index").into(),
        ],
        rows: scored
            .iter()
            .map(|r| {
                vec![
                    lang.date(r.0),
                    inspection_kind(r.1, lang).into(),
                    lang.num(r.2, 1),
                    r.3.map_or_else(|| "–".into(), |f| lang.num(f, 0)),
                ]
            })
            .collect(),
        csv_href: None,
    }
}

/// Compliance scores of several regencies over the years, overlaid.
pub fn compare_scores(regencies: &[crate::model::RegencyDetail], lang: Lang) -> Figure {
    const COLOURS: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
    let series: Vec<super::Series> = regencies
        .iter()
        .enumerate()
        .map(|(i, r)| super::Series {
            label: r.name.clone(),
            color: COLOURS[i % COLOURS.len()].into(),
            points: r.scores.iter().map(|s| (s.year, s.total)).collect(),
        })
        .collect();
    let mut years: Vec<i32> = regencies
        .iter()
        .flat_map(|r| r.scores.iter().map(|s| s.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let best = regencies
        .iter()
        .filter_map(|r| r.scores.last().map(|s| (r, s)))
        .max_by(|a, b| a.1.total.total_cmp(&b.1.total));
    let summary = best.map_or_else(
        || {
            lang.tr(
                "Belum ada nilai untuk dibandingkan.",
                "No scores to compare yet.",
            )
            .to_string()
        },
        |(r, s)| {
            format!(
                "{} {} ({}, {}).",
                lang.tr("Nilai terakhir tertinggi:", "Highest latest score:"),
                r.name,
                lang.num(s.total, 2),
                s.year
            )
        },
    );
    let mut columns = vec![lang.tr("Tahun", "Year").to_string()];
    columns.extend(regencies.iter().map(|r| r.name.clone()));
    Figure {
        id: "compare-scores".into(),
        caption: lang
            .tr(
                "Perbandingan nilai kepatuhan per tahun",
                "Compliance scores compared, per year",
            )
            .into(),
        summary,
        svg: svg_or_note(super::line_chart(
            &series,
            &[],
            lang.tr("Nilai (0–100)", "Score (0–100)"),
            lang,
        )),
        columns,
        rows: years
            .iter()
            .map(|y| {
                let mut row = vec![y.to_string()];
                row.extend(regencies.iter().map(|r| {
                    r.scores.iter().find(|s| s.year == *y).map_or_else(
                        || "–".into(),
                        |s| format!("{} ({})", lang.num(s.total, 2), s.label),
                    )
                }));
                row
            })
            .collect(),
        csv_href: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryCount;

    fn dist(year: i32, version: &str, counts: &[(&str, &str, u32)], demo: u32) -> Distribution {
        Distribution {
            year,
            methodology_version: version.into(),
            assessed: counts.iter().map(|c| c.2).sum(),
            categories: counts
                .iter()
                .map(|(l, z, n)| CategoryCount {
                    label: (*l).into(),
                    zone: (*z).into(),
                    count: *n,
                })
                .collect(),
            demo,
        }
    }

    #[test]
    fn trend_summary_states_coverage_and_never_compares_across_methods() {
        let trend = vec![
            dist(
                2019,
                "2015",
                &[("hijau", "hijau", 7), ("kuning", "kuning", 4)],
                0,
            ),
            dist(
                2023,
                "2022",
                &[("A", "hijau", 5), ("B", "hijau", 3), ("C", "kuning", 3)],
                0,
            ),
            dist(
                2024,
                "2022",
                &[
                    ("A", "hijau", 300),
                    ("B", "hijau", 133),
                    ("C", "kuning", 81),
                ],
                514,
            ),
        ];
        let s = trend_summary(&trend, Lang::Id);
        assert!(s.contains("per tahun: 2019 11, 2023 11, 2024 514."), "{s}");
        // The green share is compared only from 2023 (the first year of the 2022 method) …
        assert!(s.contains("72,7 % (2023, 11 kab/kota)"), "{s}");
        assert!(s.contains("84,2 % (2024, 514 kab/kota)"), "{s}");
        assert!(!s.contains("(2019,"), "2019 is not compared: {s}");
        // … says that the coverage differs, that 2019 used another method, and that demo data is in.
        assert!(s.contains("tidak setara"), "{s}");
        assert!(
            s.contains("Tahun 2019 dinilai dengan metodologi lain"),
            "{s}"
        );
        assert!(s.contains("data demo"), "{s}");
        let en = trend_summary(&trend, Lang::En);
        assert!(en.contains("72.7 % (2023, 11 regencies)"), "{en}");
    }

    #[test]
    fn distribution_figure_formats_counts_the_indonesian_way() {
        let d = dist(
            2024,
            "2022",
            &[("A", "hijau", 1300), ("B", "hijau", 200)],
            1500,
        );
        let f = distribution(&d, Lang::Id);
        assert_eq!(f.rows[0][1], "1.300");
        assert!(
            f.summary.contains("Dari 1.500 kabupaten/kota"),
            "{}",
            f.summary
        );
        assert!(f.summary.contains("86,7 %"), "{}", f.summary);
        assert!(f.summary.contains("data demo"), "{}", f.summary);
        assert!(f.svg.contains("A: 1.300"), "bar label formatted");
    }
}
