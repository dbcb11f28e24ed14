//! Peringkat: the full ranking of every assessed regency of a year, paged
//! (`/peringkat?year=2024&page=3`), with the same province/kind/order filters as the national
//! page and the whole list as CSV.

use crate::components::{CategoryBadge, DemoMarker, DemoNote};
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::leadership::RankingPage;
use crate::model::NationalFilter;
use crate::pages::national::parse_filter;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "get_ranking")]
pub async fn get_ranking(filter: NationalFilter, page: u32) -> Result<RankingPage, AppError> {
    let state = expect_context::<crate::state::AppState>();
    Ok(crate::db::queries::leadership::ranking_page(&state.db, &filter, page).await?)
}

/// The filters and page of the URL by the overview's one parameter rule (`page` a number).
fn ranking_args(q: &leptos_router::params::ParamsMap) -> Result<(NationalFilter, u32), AppError> {
    let filter = parse_filter(|k| q.get(k), None)?;
    let page = match q
        .get("page")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
    {
        None => 1,
        Some(p) => p
            .parse::<u32>()
            .map_err(|_| AppError::bad_parameter(format!("page={p}")))?,
    };
    Ok((filter, page))
}

/// The query string of these filters (without `page`), each part prefixed by `&`.
fn filter_query(f: &NationalFilter, year: i32) -> String {
    let mut s = format!("year={year}");
    if let Some(p) = &f.province {
        s.push_str(&format!("&province={p}"));
    }
    if let Some(k) = &f.kind {
        s.push_str(&format!("&kind={k}"));
    }
    if let Some(o) = &f.order {
        s.push_str(&format!("&order={o}"));
    }
    s
}

#[component]
pub fn RankingPageView() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let args = Memo::new(move |_| query.with(ranking_args));
    let data = Resource::new(
        move || args.get(),
        |args| async move {
            let (f, p) = args?;
            get_ranking(f, p).await
        },
    );
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li aria-current="page">{lang.tr("Peringkat lengkap", "Full ranking")}</li>
            </ol>
        </nav>
        <h1>{lang.tr("Peringkat kabupaten/kota", "Regency ranking")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <RankingBody page filter=args.get_untracked().map(|a| a.0).unwrap_or_default()/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn RankingBody(page: RankingPage, filter: NationalFilter) -> impl IntoView {
    let lang = use_lang();
    let RankingPage {
        year,
        years,
        total,
        page,
        pages,
        rows,
        demo,
    } = page;
    let base = filter_query(&filter, year);
    let csv = format!("/api/national/ranking.csv?{base}");
    let href = move |p: u32| format!("/peringkat?{base}&page={p}");
    let first = rows.first().map_or(0, |r| r.rank);
    let last = rows.last().map_or(0, |r| r.rank);
    let asc = filter.order.is_some();
    view! {
        <form class="filters" method="get" action="/peringkat">
            <label>
                {lang.tr("Tahun", "Year")}
                <select name="year">
                    {years.iter().rev().map(|&y| view! { <option value=y.to_string() selected=y == year>{y}</option> }).collect_view()}
                </select>
            </label>
            {filter.province.clone().map(|p| view! { <input type="hidden" name="province" value=p/> })}
            <label>
                {lang.tr("Jenis", "Kind")}
                <select name="kind">
                    <option value="" selected=filter.kind.is_none()>{lang.tr("Kabupaten dan kota", "Regencies and cities")}</option>
                    <option value="kabupaten" selected=filter.kind.as_deref() == Some("kabupaten")>{lang.tr("Kabupaten", "Regency (kabupaten)")}</option>
                    <option value="kota" selected=filter.kind.as_deref() == Some("kota")>{lang.tr("Kota", "City (kota)")}</option>
                </select>
            </label>
            <label>
                {lang.tr("Urutan", "Order")}
                <select name="order">
                    <option value="" selected=!asc>{lang.tr("Nilai tertinggi dulu", "Highest score first")}</option>
                    <option value="asc" selected=asc>{lang.tr("Nilai terendah dulu", "Lowest score first")}</option>
                </select>
            </label>
            <button type="submit">{lang.tr("Tampilkan", "Show")}</button>
        </form>
        <p role="status">
            {format!("{} {} {year}", lang.int(i64::from(total)), lang.tr("kabupaten/kota dinilai pada", "regencies assessed in"))}
            {(total > 0).then(|| format!(" · {} {}–{}", lang.tr("peringkat", "ranks"), lang.int(i64::from(first)), lang.int(i64::from(last))))}
            {(pages > 1).then(|| format!(" · {} {page} {} {pages}", lang.tr("halaman", "page"), lang.tr("dari", "of")))}
        </p>
        <DemoNote demo total year/>
        <section class="ranking full-ranking">
            <div class="table-wrap" tabindex="0">
                <table data-testid="full-ranking">
                    <caption class="visually-hidden">{lang.tr("Peringkat kabupaten/kota", "Regency ranking")} {format!(" {year}")}</caption>
                    <thead><tr>
                        <th scope="col" class="num">{lang.tr("Peringkat", "Rank")}</th>
                        <th scope="col">{lang.tr("Kabupaten/kota", "Regency")}</th>
                        <th scope="col">{lang.tr("Provinsi", "Province")}</th>
                        <th scope="col" class="num">{lang.tr("Nilai", "Score")}</th>
                        <th scope="col">{lang.tr("Kategori", "Category")}</th>
                        <th scope="col">{lang.tr("Sumber", "Source")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <td class="num">{lang.int(i64::from(r.rank))}</td>
                                <td><a href=format!("/kabupaten/{}", r.code)>{r.name}</a></td>
                                <td>{r.province}</td>
                                <td class="num">{lang.num(r.score, 2)}<DemoMarker published=r.published/></td>
                                <td><CategoryBadge label=r.label zone=r.zone/></td>
                                <td>{if r.published { lang.tr("Dipublikasikan", "Published") } else { lang.tr("Data demo", "Demo data") }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=lang.tr("Halaman peringkat", "Ranking pages")>
                <ul>
                    {(page > 1).then(|| view! { <li><a href=href(page - 1) rel="prev">{lang.tr("‹ Sebelumnya", "‹ Previous")}</a></li> })}
                    {(1..=pages).map(|p| view! {
                        <li>
                            {if p == page {
                                view! { <span aria-current="page">{p}</span> }.into_any()
                            } else {
                                view! { <a href=href(p)>{p}</a> }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                    {(page < pages).then(|| view! { <li><a href=href(page + 1) rel="next">{lang.tr("Berikutnya ›", "Next ›")}</a></li> })}
                </ul>
            </nav>
        })}
        <p><a class="download" href=csv download="">{lang.tr("Unduh CSV semua baris", "Download CSV of all rows")}</a></p>
    }
}
