//! `/data`: every open feed (CSV, JSON and Excel) with its columns and licence. The column lists
//! here are checked against the served files by the server tests (`server/tests/xlsx.rs`).

use crate::i18n::use_lang;
use leptos::prelude::*;

/// One downloadable table.
pub struct Feed {
    /// Path without the extension; `{code}` stands for a regency or unit code.
    pub path: &'static str,
    /// An example to link to (extension added per format).
    pub example: &'static str,
    /// Query parameters it understands.
    pub query: &'static str,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub columns: &'static [&'static str],
}

/// The feeds the server offers (`server/src/routes.rs`), each as `.csv`, `.json` and `.xlsx`.
pub const FEEDS: &[Feed] = &[
    Feed {
        path: "/api/national/ranking",
        example: "/api/national/ranking",
        query: "year, province, kind, order",
        title_id: "Peringkat kabupaten/kota",
        title_en: "Regency ranking",
        columns: &[
            "rank",
            "regency_code",
            "regency",
            "province",
            "kind",
            "year",
            "score",
            "category",
            "published",
        ],
    },
    Feed {
        path: "/api/national/distribution",
        example: "/api/national/distribution",
        query: "year, province, kind",
        title_id: "Sebaran kategori satu tahun",
        title_en: "Category distribution of one year",
        columns: &[
            "year",
            "methodology_version",
            "category",
            "regencies",
            "share_pct",
        ],
    },
    Feed {
        path: "/api/national/trend",
        example: "/api/national/trend",
        query: "province, kind",
        title_id: "Tren sebaran kategori per tahun",
        title_en: "Category shares per year",
        columns: &[
            "year",
            "methodology_version",
            "category",
            "regencies",
            "share_pct",
            "regencies_assessed",
            "demo_scores",
        ],
    },
    Feed {
        path: "/api/national/declining",
        example: "/api/national/declining",
        query: "province, kind",
        title_id: "Unit yang menurun",
        title_en: "Units slipping",
        columns: &[
            "unit_code",
            "unit",
            "regency_code",
            "regency",
            "indicator",
            "reference",
            "from",
            "to",
        ],
    },
    Feed {
        path: "/api/regency/{code}/scores",
        example: "/api/regency/15.05/scores",
        query: "",
        title_id: "Nilai kepatuhan satu kabupaten/kota",
        title_en: "Compliance scores of one regency",
        columns: &[
            "regency_code",
            "year",
            "score",
            "category",
            "methodology_version",
            "input",
            "process",
            "output",
            "complaint_handling",
            "published",
            "source",
        ],
    },
    Feed {
        path: "/api/regency/{code}/units",
        example: "/api/regency/15.05/units",
        query: "",
        title_id: "Unit layanan satu kabupaten/kota",
        title_en: "Service units of one regency",
        columns: &[
            "unit_code",
            "unit",
            "kind",
            "inaugurated_on",
            "last_inspection",
            "inspection_score",
            "staff_coverage_pct",
            "ikm",
            "open_findings",
        ],
    },
    Feed {
        path: "/api/regency/{code}/findings",
        example: "/api/regency/15.05/findings",
        query: "",
        title_id: "Temuan inspeksi satu kabupaten/kota",
        title_en: "Inspection findings of one regency",
        columns: &[
            "finding_id",
            "unit_code",
            "unit",
            "inspected_on",
            "category",
            "severity",
            "description",
            "due_on",
            "status",
            "last_update",
            "overdue",
        ],
    },
    Feed {
        path: "/api/regency/{code}/commitments",
        example: "/api/regency/15.05/commitments",
        query: "",
        title_id: "Komitmen MoU satu kabupaten/kota",
        title_en: "MoU commitments of one regency",
        columns: &[
            "mou_signed_on",
            "commitment_id",
            "title",
            "indicator",
            "target",
            "responsible_office",
            "due_on",
            "percent",
            "status",
            "last_update",
            "overdue",
        ],
    },
    Feed {
        path: "/api/unit/{code}/staff",
        example: "/api/unit/15.05-MPP/staff",
        query: "",
        title_id: "Petugas satu unit layanan",
        title_en: "Staff of one service unit",
        columns: &[
            "unit_code",
            "date",
            "on_duty",
            "required",
            "trained",
            "attendance_pct",
            "staff_index",
        ],
    },
    Feed {
        path: "/api/unit/{code}/inspections",
        example: "/api/unit/15.05-MPP/inspections",
        query: "",
        title_id: "Inspeksi satu unit layanan",
        title_en: "Inspections of one service unit",
        columns: &[
            "unit_code",
            "date",
            "unannounced",
            "inspector",
            "score",
            "facility_index",
            "findings",
        ],
    },
    Feed {
        path: "/api/unit/{code}/facilities",
        example: "/api/unit/15.05-MPP/facilities",
        query: "",
        title_id: "Sarana prasarana satu unit layanan",
        title_en: "Facilities of one service unit",
        columns: &[
            "unit_code",
            "facility",
            "essential",
            "at_inauguration",
            "now",
            "lost",
        ],
    },
];

#[component]
pub fn DataPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{lang.tr("Data terbuka", "Open data")}</h1>
        <p>{lang.tr(
            "Setiap tabel di Pantau dapat diunduh dalam tiga format: CSV (UTF-8, pemisah koma, titik desimal, tanggal YYYY-MM-DD), JSON, dan Excel (.xlsx, dengan sel bertipe: kode sebagai teks, nilai dan jumlah sebagai angka, tanggal sebagai tanggal). Untuk spreadsheet, pakai .xlsx: CSV dapat diubah oleh pengaturan bahasa spreadsheet.",
            "Every table in Pantau can be downloaded in three formats: CSV (UTF-8, comma-separated, decimal point, dates YYYY-MM-DD), JSON, and Excel (.xlsx, with typed cells: codes as text, scores and counts as numbers, dates as dates). For spreadsheets use .xlsx: a spreadsheet's locale can alter a CSV.",
        )}</p>
        <h2>{lang.tr("Lisensi", "Licence")}</h2>
        <ul>
            <li>{lang.tr(
                "Kode dan data wilayah: Kepmendagri No. 300.2.2-2138/2025, dihimpun oleh cahyadsn/wilayah, lisensi MIT, © 2017–2025 Cahya DSN.",
                "Region codes and data: Kepmendagri No. 300.2.2-2138/2025, compiled by cahyadsn/wilayah, MIT licence, © 2017–2025 Cahya DSN.",
            )}</li>
            <li>{lang.tr(
                "Nilai kepatuhan yang dipublikasikan (kolom published = yes): informasi publik Ombudsman RI; kolom source memuat tautan sumbernya. Cantumkan sumber tersebut bila menggunakannya.",
                "Published compliance scores (column published = yes): public information of Ombudsman RI; the source column holds the link it came from. Cite that source when you use them.",
            )}</li>
            <li>{lang.tr(
                "Data demo (published = no, demo_scores): dibuat oleh Pantau untuk peragaan, lisensi MIT seperti kode Pantau. Bukan data resmi.",
                "Demo data (published = no, demo_scores): generated by Pantau for demonstration, MIT licence like Pantau's code. Not official data.",
            )}</li>
        </ul>
        <h2>{lang.tr("Tabel", "Tables")}</h2>
        {FEEDS.iter().map(|f| {
            let title = lang.tr(f.title_id, f.title_en);
            view! {
                <section class="feed" data-feed=f.path>
                    <h3>{title}</h3>
                    <p>
                        <code>{format!("{}.{{csv|json|xlsx}}", f.path)}</code>
                        {(!f.query.is_empty()).then(|| view! { " — " {lang.tr("parameter", "parameters")} ": " <code>{f.query}</code> })}
                    </p>
                    <p class="downloads">
                        {lang.tr("Contoh", "Example")} ": "
                        <a class="download" href=format!("{}.csv", f.example)>"CSV"</a> " · "
                        <a class="download" href=format!("{}.json", f.example)>"JSON"</a> " · "
                        <a class="download" href=format!("{}.xlsx", f.example)>"Excel (.xlsx)"</a>
                    </p>
                    <p>{lang.tr("Kolom", "Columns")} ": " <code class="columns-list">{f.columns.join(", ")}</code></p>
                </section>
            }
        }).collect_view()}
        <p><a href="/metodologi">{lang.tr("Metodologi: bagaimana angka-angka ini dibuat", "Methodology: how these figures are made")}</a></p>
    }
}
