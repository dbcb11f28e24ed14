//! Building blocks shared by the screens.

mod error;
pub use error::ErrorPage;

use crate::i18n::use_lang;
use crate::model::Figure;
use leptos::prelude::*;

/// An accessible chart: `<figure>` with caption, summary sentence, the SVG (described by the
/// summary), the data as a table behind a native disclosure (works without JavaScript) and a
/// CSV download.
#[component]
pub fn ChartFigure(figure: Figure) -> impl IntoView {
    let lang = use_lang();
    let Figure {
        id,
        caption,
        summary,
        svg,
        columns,
        rows,
        csv_href,
    } = figure;
    let caption_id = format!("{id}-caption");
    let summary_id = format!("{id}-summary");
    let labelled_by = caption_id.clone();
    let described_by = summary_id.clone();
    let caption_ref = caption_id.clone();
    view! {
        <figure class="chart" data-chart=id aria-labelledby=labelled_by>
            <figcaption id=caption_id>{caption}</figcaption>
            <p class="chart-summary" id=summary_id>{summary}</p>
            <div class="chart-svg" tabindex="0" role="img" aria-labelledby=caption_ref aria-describedby=described_by inner_html=svg></div>
            <details class="chart-data">
                <summary>{lang.tr("Tampilkan data sebagai tabel", "Show data as a table")}</summary>
                <DataTable columns rows/>
            </details>
            {csv_href.map(|href| {
                let xlsx = xlsx_href(&href);
                view! {
                    <p class="downloads">
                        <a class="download" href=href download="">{lang.tr("Unduh CSV", "Download CSV")}</a> " · "
                        <a class="download" href=xlsx download="">{lang.tr("Unduh Excel (.xlsx)", "Download Excel (.xlsx)")}</a>
                    </p>
                }
            })}
        </figure>
    }
}

/// The `.xlsx` twin of a `.csv` download link (the query string kept).
pub fn xlsx_href(csv_href: &str) -> String {
    match csv_href.split_once('?') {
        Some((path, query)) => format!("{}?{query}", path.replace(".csv", ".xlsx")),
        None => csv_href.replace(".csv", ".xlsx"),
    }
}

/// A plain data table with a header row.
#[component]
pub fn DataTable(columns: Vec<String>, rows: Vec<Vec<String>>) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>{columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| view! {
                        <tr>{row.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A headline number with its label.
#[component]
pub fn Stat(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="stat">
            <span class="stat-value">{value}</span>
            <span class="stat-label">{label}</span>
        </div>
    }
}

/// Category badge: the label is always written out, colour only adds to it.
#[component]
pub fn CategoryBadge(label: String, zone: String) -> impl IntoView {
    let class = format!("badge zone-{zone}");
    view! { <span class=class>{label}</span> }
}

/// The sentence saying how many of a year's shown scores are demo data, e.g. "12 dari 514
/// nilai kabupaten/kota tahun 2024 adalah data demo, bukan hasil publikasi Ombudsman RI."
pub fn demo_note_text(demo: u32, total: u32, year: i32, lang: crate::i18n::Lang) -> String {
    let (d, t) = (lang.int(i64::from(demo)), lang.int(i64::from(total)));
    if lang.is_en() {
        format!("{d} of {t} regency scores of {year} are demo data, not published by Ombudsman RI.")
    } else {
        format!(
            "{d} dari {t} nilai kabupaten/kota tahun {year} adalah data demo, bukan hasil publikasi Ombudsman RI."
        )
    }
}

/// A "Data demo" badge with [`demo_note_text`], shown above a section whose figures include
/// demo scores; nothing when every score is published.
#[component]
pub fn DemoNote(demo: u32, total: u32, year: i32) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    (demo > 0).then(|| {
        view! {
            <p class="demo-note" data-testid="demo-note">
                <span class="source source-demo">{lang.tr("Data demo", "Demo data")}</span>
                " "
                {demo_note_text(demo, total, year, lang)}
            </p>
        }
    })
}

/// The per-row marker of a demo score: text, not colour only.
#[component]
pub fn DemoMarker(published: bool) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    (!published).then(|| {
        view! {
            " "
            <span class="source source-demo demo-marker" title=lang.tr("Data demo, bukan hasil publikasi Ombudsman RI", "Demo data, not published by Ombudsman RI")>
                "demo"
            </span>
        }
    })
}
