//! What the national page leads with: headline figures with their change against the last
//! comparable year, the table of the 38 provinces (sortable by links, so it works without
//! JavaScript), the bottom of the ranking numbered by true rank, and the largest drops.

use crate::components::{CategoryBadge, DemoMarker, DemoNote};
use crate::i18n::{Lang, use_lang};
use crate::leadership::{Attention, Change, ProvinceRow};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sentence under a headline figure: "▲ naik 2,3 poin dibanding 2023", coloured by whether
/// the change is good, or why there is no comparison. Returns (class, text).
pub fn change_text(
    change: &Change,
    compared: Option<i32>,
    unit: (&str, &str),
    decimals: usize,
    up_is_good: bool,
    lang: Lang,
) -> (&'static str, String) {
    let (Some(delta), Some(year)) = (change.delta(), compared) else {
        return (
            "change none",
            lang.tr(
                "Tidak ada tahun pembanding dengan metode yang sama",
                "No earlier year assessed with the same method",
            )
            .to_string(),
        );
    };
    let unit = if lang.is_en() { unit.1 } else { unit.0 };
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    let shown = lang.num(delta.abs(), decimals);
    if shown == lang.num(0.0, decimals) {
        return (
            "change same",
            format!("= {} {year}", lang.tr("sama dengan", "the same as"),),
        );
    }
    let good = (delta > 0.0) == up_is_good;
    let class = match (delta > 0.0, good) {
        (true, true) => "change up good",
        (true, false) => "change up bad",
        (false, true) => "change down good",
        (false, false) => "change down bad",
    };
    let words = if delta > 0.0 {
        lang.tr("▲ naik", "▲ up")
    } else {
        lang.tr("▼ turun", "▼ down")
    };
    (
        class,
        format!(
            "{words} {shown}{unit} {} {year}",
            lang.tr("dibanding", "against")
        ),
    )
}

#[component]
fn ChangeCard(
    label: &'static str,
    value: String,
    change: (&'static str, String),
    href: String,
    link_text: &'static str,
) -> impl IntoView {
    let (class, text) = change;
    view! {
        <div class="stat change-card">
            <span class="stat-value">{value}</span>
            <span class="stat-label">{label}</span>
            <span class=class>{text}</span>
            <a class="stat-link" href=href>{link_text}</a>
        </div>
    }
}

#[component]
pub fn AttentionView(attention: Attention) -> impl IntoView {
    let lang = use_lang();
    let a = attention;
    let y = a.year;
    let c = a.compared_year;
    let median_text = if a.assessed > 0 {
        lang.num(a.median.now, 2)
    } else {
        "–".to_string()
    };
    let cards = view! {
        <section class="stats attention-cards" class:has-demo={a.demo > 0} aria-label=lang.tr("Angka utama dan perubahannya", "Headline figures and their change")>
            <ChangeCard
                label=lang.tr("Kabupaten/kota dinilai", "Regencies assessed")
                value=lang.int(i64::from(a.assessed))
                change=change_text(&a.assessed_change, c, ("", ""), 0, true, lang)
                href=format!("/peringkat?year={y}")
                link_text=lang.tr("Lihat peringkat lengkap", "See the full ranking")
            />
            <ChangeCard
                label=lang.tr("Nilai tengah (median) kabupaten/kota", "Median regency score")
                value=median_text
                change=change_text(&a.median, c, ("poin", "points"), 2, true, lang)
                href="#provinsi".to_string()
                link_text=lang.tr("Per provinsi", "By province")
            />
            <ChangeCard
                label=lang.tr("Zona hijau (kategori A–B)", "Green zone (categories A–B)")
                value=format!("{} %", lang.num(a.share_green.now, 1))
                change=change_text(&a.share_green, c, ("poin persen", "percentage points"), 1, true, lang)
                href=format!("/peringkat?year={y}")
                link_text=lang.tr("Lihat kabupaten/kota", "See the regencies")
            />
            <ChangeCard
                label=lang.tr("Zona merah (kategori D–E)", "Red zone (categories D–E)")
                value=lang.num(a.red.now, 0)
                change=change_text(&a.red, c, ("kabupaten/kota", "regencies"), 0, false, lang)
                href=format!("/peringkat?year={y}&order=asc")
                link_text=lang.tr("Lihat yang terbawah", "See the lowest")
            />
        </section>
    };
    let (demo, assessed) = (a.demo, a.assessed);
    view! {
        <DemoNote demo total=assessed year=y/>
        {cards}
        <ProvinceTable rows=a.provinces.clone() year=y compared=c/>
        <BottomList attention=a.clone()/>
        <Drops attention=a/>
    }
}

/// Sort keys of the province table (`?urut=…&arah=asc|desc`).
const SORT_KEYS: [&str; 6] = ["nama", "dinilai", "median", "hijau", "merah", "perubahan"];

/// The first direction of a column: most red first, everything else lowest/first-letter first.
fn default_ascending(key: &str) -> bool {
    key != "merah"
}

/// Sorts province rows by key and direction; provinces without a value go last.
pub fn sort_provinces(rows: &mut [ProvinceRow], key: &str, ascending: bool) {
    let value = |r: &ProvinceRow| -> Option<f64> {
        match key {
            "dinilai" => Some(f64::from(r.assessed)),
            "hijau" => r.share_green,
            "merah" => (r.assessed > 0).then_some(f64::from(r.red)),
            "perubahan" => r.median_change,
            _ => r.median,
        }
    };
    rows.sort_by(|a, b| {
        if key == "nama" {
            let o = a.name.cmp(&b.name);
            return if ascending { o } else { o.reverse() };
        }
        match (value(a), value(b)) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(&y);
                (if ascending { o } else { o.reverse() }).then_with(|| a.code.cmp(&b.code))
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.code.cmp(&b.code),
        }
    });
}

#[component]
fn ProvinceTable(rows: Vec<ProvinceRow>, year: i32, compared: Option<i32>) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    // Default: the lowest median first (what needs attention).
    let sort = move || {
        query.with(|q| {
            let key = q
                .get("urut")
                .filter(|k| SORT_KEYS.contains(&k.as_str()))
                .unwrap_or_else(|| "median".to_string());
            let asc = match q.get("arah").as_deref() {
                Some("asc") => true,
                Some("desc") => false,
                _ => default_ascending(&key),
            };
            (key, asc)
        })
    };
    let header = move |key: &'static str, label: &'static str, numeric: bool| {
        move || {
            let (current, asc) = sort();
            let active = current == key;
            let next = if active { !asc } else { default_ascending(key) };
            let href = format!(
                "/?year={year}&urut={key}&arah={}#provinsi",
                if next { "asc" } else { "desc" }
            );
            let aria = active.then_some(if asc { "ascending" } else { "descending" });
            let arrow = if active {
                if asc { " ↑" } else { " ↓" }
            } else {
                ""
            };
            view! {
                <th scope="col" class:num=numeric aria-sort=aria>
                    <a href=href>{label}{arrow}</a>
                </th>
            }
        }
    };
    let body = move || {
        let (key, asc) = sort();
        let mut rows = rows.clone();
        sort_provinces(&mut rows, &key, asc);
        rows.into_iter()
            .map(|r| {
                let change = r.median_change.map(|d| {
                    let class = if d > 0.0 { "change up good" } else if d < 0.0 { "change down bad" } else { "change same" };
                    let arrow = if d > 0.0 { "▲ +" } else if d < 0.0 { "▼ −" } else { "= " };
                    view! { <span class=class>{arrow}{lang.num(d.abs(), 2)}</span> }
                });
                view! {
                    <tr>
                        <th scope="row">
                            <a href=format!("/provinsi/{}?year={year}", r.code)>{r.name}</a>
                            {(r.demo > 0).then(|| view! {
                                " "
                                <span class="source source-demo demo-marker">
                                    {format!("{} demo", lang.int(i64::from(r.demo)))}
                                </span>
                            })}
                        </th>
                        <td class="num">{format!("{} / {}", lang.int(i64::from(r.assessed)), lang.int(i64::from(r.regencies)))}</td>
                        <td class="num">{r.median.map_or("–".to_string(), |m| lang.num(m, 2))}</td>
                        <td class="num">{r.share_green.map_or("–".to_string(), |s| format!("{} %", lang.num(s, 1)))}</td>
                        <td class="num">{if r.assessed > 0 { lang.int(i64::from(r.red)) } else { "–".to_string() }}</td>
                        <td class="num">{change.map_or_else(|| view! { <span>"–"</span> }.into_any(), |v| v.into_any())}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let compared_note = match compared {
        Some(c) => format!(
            "{} {c}.",
            lang.tr("Perubahan: median tahun ini dikurangi median", "Change: this year's median minus the median of")
        ),
        None => lang
            .tr(
                "Tidak ada tahun sebelumnya yang dinilai dengan metode yang sama, jadi perubahan tidak dihitung.",
                "No earlier year was assessed with the same method, so no change is shown.",
            )
            .to_string(),
    };
    view! {
        <section class="provinces" id="provinsi">
            <h2>{lang.tr("Provinsi", "Provinces")} {format!(" {year}")}</h2>
            <p class="muted">
                {lang.tr("Klik judul kolom untuk mengurutkan. ", "Select a column heading to sort. ")}
                {compared_note}
            </p>
            <div class="table-wrap" tabindex="0">
                <table data-testid="province-table">
                    <caption class="visually-hidden">{lang.tr("Kabupaten/kota per provinsi", "Regencies by province")} {format!(" {year}")}</caption>
                    <thead><tr>
                        {header("nama", lang.tr("Provinsi", "Province"), false)}
                        {header("dinilai", lang.tr("Dinilai", "Assessed"), true)}
                        {header("median", lang.tr("Median nilai", "Median score"), true)}
                        {header("hijau", lang.tr("Zona hijau (A–B)", "Green (A–B)"), true)}
                        {header("merah", lang.tr("Zona merah (D–E)", "Red (D–E)"), true)}
                        {header("perubahan", lang.tr("Perubahan median", "Median change"), true)}
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn BottomList(attention: Attention) -> impl IntoView {
    let lang = use_lang();
    let year = attention.year;
    let total = attention.assessed;
    let demo = attention.bottom.iter().filter(|r| !r.published).count() as u32;
    let shown = attention.bottom.len() as u32;
    view! {
        <section class="bottom" id="perlu-perhatian">
            <h2>{lang.tr("Perlu perhatian", "Needs attention")} {format!(" {year}")}</h2>
            <DemoNote demo total=shown year/>
            <p class="muted">
                {format!("{} {} {} {}", lang.int(i64::from(shown)), lang.tr("nilai terendah dari", "lowest scores of"), lang.int(i64::from(total)), lang.tr("kabupaten/kota yang dinilai, terendah dulu; nomor = peringkat sebenarnya.", "regencies assessed, lowest first; the number is the true rank."))}
            </p>
            <div class="table-wrap" tabindex="0">
                <table data-testid="bottom-list">
                    <thead><tr>
                        <th scope="col" class="num">{lang.tr("Peringkat", "Rank")}</th>
                        <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                        <th scope="col">{lang.tr("Provinsi", "Province")}</th>
                        <th scope="col" class="num">{lang.tr("Nilai", "Score")}</th>
                        <th scope="col">{lang.tr("Kategori", "Category")}</th>
                    </tr></thead>
                    <tbody>
                        {attention.bottom.into_iter().map(|r| view! {
                            <tr>
                                <td class="num">{lang.int(i64::from(r.rank))}</td>
                                <td><a href=format!("/kabupaten/{}", r.code)>{r.name}</a></td>
                                <td>{r.province}</td>
                                <td class="num">{lang.num(r.score, 2)}<DemoMarker published=r.published/></td>
                                <td><CategoryBadge label=r.label zone=r.zone/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="more"><a href=format!("/peringkat?year={year}&order=asc")>{lang.tr("Peringkat lengkap, terendah dulu", "Full ranking, lowest first")}</a></p>
        </section>
    }
}

#[component]
fn Drops(attention: Attention) -> impl IntoView {
    let lang = use_lang();
    let Some(compared) = attention.compared_year else {
        return view! {
            <section class="drops" id="turun-terbanyak">
                <h2>{lang.tr("Turun terbanyak", "Largest drops")}</h2>
                <p>{lang.tr(
                    "Tidak ada tahun sebelumnya yang dinilai dengan metode yang sama; penurunan tidak dihitung.",
                    "No earlier year was assessed with the same method; drops are not computed.",
                )}</p>
            </section>
        }
        .into_any();
    };
    let year = attention.year;
    let demo = attention.drops.iter().filter(|m| !m.published).count() as u32;
    let shown = attention.drops.len() as u32;
    view! {
        <section class="drops" id="turun-terbanyak">
            <h2>{lang.tr("Turun terbanyak", "Largest drops")} {format!(" {compared} → {year}")}</h2>
            <DemoNote demo total=shown year/>
            {if attention.drops.is_empty() {
                view! { <p>{lang.tr("Tidak ada kabupaten/kota yang nilainya turun.", "No regency's score fell.")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table data-testid="drops">
                            <thead><tr>
                                <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                                <th scope="col">{lang.tr("Provinsi", "Province")}</th>
                                <th scope="col" class="num">{compared.to_string()}</th>
                                <th scope="col" class="num">{year.to_string()}</th>
                                <th scope="col" class="num">{lang.tr("Perubahan (poin)", "Change (points)")}</th>
                                <th scope="col" class="num">{lang.tr("Peringkat", "Rank")} {format!(" {year}")}</th>
                            </tr></thead>
                            <tbody>
                                {attention.drops.into_iter().map(|m| view! {
                                    <tr>
                                        <td><a href=format!("/kabupaten/{}", m.code)>{m.name.clone()}</a><DemoMarker published=m.published/></td>
                                        <td>{m.province.clone()}</td>
                                        <td class="num">{lang.num(m.from, 2)}</td>
                                        <td class="num">{lang.num(m.to, 2)} " " <CategoryBadge label=m.label.clone() zone=m.zone.clone()/></td>
                                        <td class="num"><span class="change down bad">{format!("▼ −{}", lang.num(-m.change(), 2))}</span></td>
                                        <td class="num">{lang.int(i64::from(m.rank))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, name: &str, median: Option<f64>) -> ProvinceRow {
        ProvinceRow {
            code: code.into(),
            name: name.into(),
            regencies: 10,
            assessed: u32::from(median.is_some()),
            median,
            share_green: median.map(|m| m / 2.0),
            red: 0,
            median_change: median.map(|m| m - 80.0),
            demo: 0,
        }
    }

    #[test]
    fn provinces_sort_by_value_with_missing_last() {
        let mut rows = vec![
            row("11", "Aceh", Some(80.0)),
            row("12", "Bali", None),
            row("13", "Jambi", Some(70.0)),
        ];
        sort_provinces(&mut rows, "median", true);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["13", "11", "12"]);
        sort_provinces(&mut rows, "median", false);
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["11", "13", "12"]);
        sort_provinces(&mut rows, "nama", false);
        assert_eq!(rows[0].name, "Jambi");
    }

    #[test]
    fn change_words_and_colours() {
        let up = Change {
            now: 80.0,
            before: Some(77.0),
        };
        assert_eq!(
            change_text(&up, Some(2023), ("poin", "points"), 2, true, Lang::Id),
            (
                "change up good",
                "▲ naik 3,00 poin dibanding 2023".to_string()
            )
        );
        assert_eq!(
            change_text(&up, Some(2023), ("", ""), 0, false, Lang::En),
            ("change up bad", "▲ up 3 against 2023".to_string())
        );
        let down = Change {
            now: 70.0,
            before: Some(77.5),
        };
        assert_eq!(
            change_text(&down, Some(2023), ("", ""), 1, true, Lang::Id).0,
            "change down bad"
        );
        let same = Change {
            now: 70.0,
            before: Some(70.0),
        };
        assert_eq!(
            change_text(&same, Some(2023), ("", ""), 1, true, Lang::Id).0,
            "change same"
        );
        let none = Change {
            now: 70.0,
            before: None,
        };
        assert!(
            change_text(&none, None, ("", ""), 1, true, Lang::Id)
                .1
                .contains("metode")
        );
    }
}
