//! `/metodologi`: how the numbers are made. Every figure on this page comes from
//! `crate::methodology` (the same tables the scores are classified with), never re-typed.

use crate::components::CategoryBadge;
use crate::i18n::{Lang, use_lang};
use crate::methodology::{
    self, Component, DEFAULT_DECLINE_MARGIN, DeclineReference, ESSENTIAL_FACILITY_WEIGHT,
    FacilityStatus, Indicator, SKM_ELEMENTS, STAFF_ATTENDANCE_WEIGHT, STAFF_CAPABILITY_WEIGHT,
    STAFF_COVERAGE_WEIGHT, SkmGrade, YearRange,
};
use leptos::prelude::*;

/// "2022–2024", "2025–" (still in force), "2021".
pub fn year_span(years: YearRange, lang: Lang) -> String {
    match years.last {
        Some(last) if last == years.first => years.first.to_string(),
        Some(last) => format!("{}–{last}", years.first),
        None => format!("{} {}", lang.tr("sejak", "from"), years.first),
    }
}

#[component]
pub fn MethodologyPage() -> impl IntoView {
    let lang = use_lang();
    let en = lang.is_en();
    let versions: Vec<&'static methodology::BandTable> = methodology::versions().collect();
    view! {
        <h1>{lang.tr("Metodologi", "Methodology")}</h1>
        <p>{lang.tr(
            "Cara Pantau mengelompokkan dan menghitung setiap angka. Tabel di halaman ini dibaca dari data metodologi yang sama yang dipakai untuk menilai, bukan diketik ulang.",
            "How Pantau classifies and computes every figure. The tables on this page are read from the same methodology data the scores are classified with, not re-typed.",
        )}</p>
        <nav aria-label=lang.tr("Isi halaman", "On this page")>
            <ul class="toc">
                <li><a href="#kategori">{lang.tr("Kategori nilai kepatuhan", "Compliance score categories")}</a></li>
                <li><a href="#bobot">{lang.tr("Bobot dimensi", "Dimension weights")}</a></li>
                <li><a href="#ikm">{lang.tr("IKM dan mutunya", "IKM and its grades")}</a></li>
                <li><a href="#sarpras">{lang.tr("Indeks sarana prasarana", "Facility index")}</a></li>
                <li><a href="#petugas">{lang.tr("Indeks petugas", "Staff index")}</a></li>
                <li><a href="#penurunan">{lang.tr("Aturan penurunan", "Decline rule")}</a></li>
                <li><a href="#sumber">{lang.tr("Sumber", "Sources")}</a></li>
            </ul>
        </nav>

        <h2 id="kategori">{lang.tr("Kategori nilai kepatuhan Ombudsman RI per versi metodologi", "Ombudsman RI compliance score categories per methodology version")}</h2>
        <p>{lang.tr(
            "Nilai (0–100, dua desimal) dikelompokkan dengan tabel versi yang berlaku pada tahun penilaian. Nilai dibandingkan dalam perseratus. Tahun 2020 tidak ada penilaian. Karena batas dan kategori berbeda antarversi, nilai dari versi yang berbeda tidak dibandingkan langsung.",
            "Scores (0–100, two decimals) are classified with the table of the version in force in the year of assessment, compared in hundredths. There was no assessment in 2020. Because cut-offs and categories differ between versions, scores of different versions are not compared directly.",
        )}</p>
        {versions.iter().map(|t| view! {
            <section class="methodology-version" data-version=t.version.clone()>
                <h3>{lang.tr("Versi", "Version")} " " {t.version.clone()} " (" {year_span(t.years, lang)} ")"</h3>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">{lang.tr("Kategori", "Category")}</th>
                            <th scope="col">{lang.tr("Nama", "Name")}</th>
                            <th scope="col">{lang.tr("Zona", "Zone")}</th>
                            <th scope="col" class="num">{lang.tr("Nilai dari", "Score from")}</th>
                            <th scope="col" class="num">{lang.tr("sampai", "to")}</th>
                        </tr></thead>
                        <tbody>
                            {t.bands.iter().map(|b| view! {
                                <tr>
                                    <td><CategoryBadge label=b.label.clone() zone=b.zone.key().to_string()/></td>
                                    <td>{b.name(en).to_string()}</td>
                                    <td>{b.zone.name(en)}</td>
                                    <td class="num">{lang.num(b.min, 2)}</td>
                                    <td class="num">{lang.num(b.max, 2)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }).collect_view()}

        <h2 id="bobot">{lang.tr("Bobot dimensi nilai gabungan", "Weights of the composite score")}</h2>
        <p>{lang.tr(
            "Nilai gabungan adalah rata-rata tertimbang nilai dimensi (masing-masing 0–100). Sebelum 2022 bobotnya tidak diketahui.",
            "The composite score is the weighted mean of the dimension scores (each 0–100). Weights before 2022 are unknown.",
        )}</p>
        {versions.iter().filter_map(|t| methodology::weight_table(t.years.first).ok().filter(|w| w.version == t.version)).map(|w| view! {
            <section class="methodology-weights" data-version=w.version.clone()>
                <h3>{lang.tr("Versi", "Version")} " " {w.version.clone()} " (" {year_span(w.years, lang)} ")"</h3>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">{lang.tr("Dimensi", "Dimension")}</th>
                            <th scope="col" class="num">{lang.tr("Bobot", "Weight")}</th>
                        </tr></thead>
                        <tbody>
                            {Component::ALL.into_iter().filter_map(|c| w.weight(c).map(|v| (c, v))).map(|(c, v)| view! {
                                <tr><td>{c.name(en)}</td><td class="num">{lang.pct(v, 2)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        }).collect_view()}

        <h2 id="ikm">{lang.tr("Indeks Kepuasan Masyarakat (IKM)", "Public satisfaction index (IKM)")}</h2>
        <p>{lang.tr(
            "Survei Kepuasan Masyarakat (PermenPANRB 14/2017): IKM = rata-rata nilai sembilan unsur (masing-masing 1–4) × 25, rentang 25–100.",
            "Public satisfaction survey (PermenPANRB 14/2017): IKM = mean of the nine elements' averages (each 1–4) × 25, range 25–100.",
        )}</p>
        <ol class="columns">
            {SKM_ELEMENTS.iter().map(|e| view! { <li>{e.code} " — " {e.name(en)}</li> }).collect_view()}
        </ol>
        <div class="table-wrap" tabindex="0">
            <table>
                <thead><tr>
                    <th scope="col">{lang.tr("Mutu", "Grade")}</th>
                    <th scope="col">{lang.tr("Kinerja", "Performance")}</th>
                    <th scope="col" class="num">{lang.tr("IKM dari", "IKM from")}</th>
                </tr></thead>
                <tbody>
                    {SkmGrade::ALL.into_iter().map(|g| view! {
                        <tr><td>{g.label()}</td><td>{g.name(en)}</td><td class="num">{lang.num(g.min(), 2)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>

        <h2 id="sarpras">{lang.tr("Indeks sarana prasarana (rumus Pantau)", "Facility index (Pantau's formula)")}</h2>
        <p>{format!(
            "{} {} {}",
            lang.tr(
                "Indeks = 100 × Σ bobot × kredit / Σ bobot atas fasilitas yang diperiksa. Fasilitas esensial (ditandai * pada halaman unit) berbobot",
                "Index = 100 × Σ weight × credit / Σ weight over the checked facilities. Essential facilities (marked * on the unit page) weigh",
            ),
            lang.num(ESSENTIAL_FACILITY_WEIGHT, 0),
            lang.tr("; fasilitas lain berbobot 1.", "; other facilities weigh 1."),
        )}</p>
        <ul>
            {[FacilityStatus::Functional, FacilityStatus::PresentNotFunctional, FacilityStatus::Absent].into_iter().map(|s| view! {
                <li>{s.name(en)} ": " {lang.tr("kredit", "credit")} " " {lang.num(s.credit(), 1)}</li>
            }).collect_view()}
        </ul>

        <h2 id="petugas">{lang.tr("Indeks petugas (rumus Pantau)", "Staff index (Pantau's formula)")}</h2>
        <p>{lang.tr(
            "Indeks = 100 × rata-rata tertimbang dari tiga bagian. Bila kebutuhan ABK tidak diketahui, bagian pemenuhan tidak dihitung dan bobot lainnya dinormalkan ulang.",
            "Index = 100 × weighted mean of three parts. When the staffing need (ABK) is unknown, the coverage part is left out and the other weights are renormalised.",
        )}</p>
        <ul>
            <li>{lang.tr("Pemenuhan petugas terhadap ABK, min(bertugas / kebutuhan, 1)", "Coverage of the need (ABK), min(on duty / required, 1)")} ": " {lang.pct(STAFF_COVERAGE_WEIGHT, 0)}</li>
            <li>{lang.tr("Kapabilitas: porsi petugas terlatih (dirata-rata dengan nilai kompetensi bila dinilai)", "Capability: trained share of staff on duty (averaged with the competence score when assessed)")} ": " {lang.pct(STAFF_CAPABILITY_WEIGHT, 0)}</li>
            <li>{lang.tr("Kehadiran", "Attendance")} ": " {lang.pct(STAFF_ATTENDANCE_WEIGHT, 0)}</li>
        </ul>

        <h2 id="penurunan">{lang.tr("Aturan penurunan", "Decline rule")}</h2>
        <p>{format!(
            "{} {} {}",
            lang.tr(
                "Sebuah indikator ditandai menurun bila nilainya turun lebih dari",
                "An indicator is flagged as declining when it fell by more than",
            ),
            lang.num(DEFAULT_DECLINE_MARGIN, 0),
            lang.tr(
                "poin (skala 0–100, dibandingkan dalam perseratus) terhadap nilai pembandingnya:",
                "points (0–100 scale, compared in hundredths) against its reference value:",
            ),
        )}</p>
        <ul>
            {[DeclineReference::Inauguration, DeclineReference::PreviousYear].into_iter().map(|r| view! { <li>{r.name(en)}</li> }).collect_view()}
        </ul>
        <p>{lang.tr("Indikator yang diperiksa:", "Indicators checked:")} " "
            {[Indicator::OmbudsmanScore, Indicator::Ikm, Indicator::FacilityIndex, Indicator::StaffIndex].into_iter().map(|i| i.name(en)).collect::<Vec<_>>().join(", ")}
        </p>

        <h2 id="sumber">{lang.tr("Sumber", "Sources")}</h2>
        <ul>
            <li>{lang.tr(
                "Kategori dan nilai kepatuhan: publikasi dan pemberitaan Ombudsman RI (Survei Kepatuhan 2015–2021, Opini Pengawasan 2022–2024, Peraturan Ombudsman 61/2025 untuk 2025). Setiap nilai yang dipublikasikan menyimpan tautan sumbernya (kolom source pada unduhan nilai).",
                "Categories and compliance scores: Ombudsman RI publications and news reports (Survei Kepatuhan 2015–2021, Opini Pengawasan 2022–2024, Ombudsman Regulation 61/2025 from 2025). Every published score keeps its source link (the source column of the score downloads).",
            )}</li>
            <li>{lang.tr(
                "Batas C/D 54,00 untuk 2022–2024 disimpulkan dari nilai yang dipublikasikan (tabel resmi tidak ditemukan).",
                "The C/D line at 54.00 for 2022–2024 is inferred from published scores (the official table was not found).",
            )}</li>
            <li>{lang.tr("IKM: PermenPANRB No. 14 Tahun 2017.", "IKM: PermenPANRB No. 14 of 2017.")}</li>
            <li>{lang.tr(
                "Kode dan data wilayah: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, lisensi MIT).",
                "Region codes and data: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, MIT licence).",
            )}</li>
            <li>{lang.tr(
                "Semua data lain adalah data demo buatan Pantau dan ditandai \"Data demo\" di setiap tempat ia ditampilkan.",
                "All other data is demo data generated by Pantau and marked \"Demo data\" wherever it is shown.",
            )}</li>
        </ul>
        <p><a href="/data">{lang.tr("Unduhan data terbuka (CSV, JSON, Excel)", "Open data downloads (CSV, JSON, Excel)")}</a></p>
    }
}
