//! Cari: one search box for provinces, regencies and public service malls, in the header of
//! every page. A plain GET form (`/cari?q=`) that works without JavaScript: one match answers
//! with a 303 redirect to it, several with a list, none with a clear message. With JavaScript
//! the box suggests matches while typing (the same search, as a GET server function).

use crate::i18n::{Lang, use_lang};
use crate::leadership::{HitKind, SearchHit, SearchOutcome};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_router::hooks::use_query_map;

/// How many suggestions the type-ahead shows.
pub const SUGGESTIONS: usize = 8;

/// Searches provinces, regencies and malls (`GET /api/cari?q=…`).
#[server(endpoint = "cari", input = GetUrl)]
pub async fn search_places(q: String) -> Result<SearchOutcome, crate::error::AppError> {
    let state = expect_context::<crate::state::AppState>();
    // Longer input is no name of a place; cut it instead of searching it.
    let q: String = q.chars().take(100).collect();
    Ok(crate::db::queries::search::search(&state.db, &q).await?)
}

fn kind_name(kind: HitKind, lang: Lang) -> &'static str {
    match kind {
        HitKind::Province => lang.tr("Provinsi", "Province"),
        HitKind::Regency => lang.tr("Kabupaten/kota", "Regency/city"),
        HitKind::Mall => lang.tr("Mal Pelayanan Publik", "Public service mall"),
    }
}

/// The search box of the header.
#[component]
pub fn SearchBox(lang: Lang) -> impl IntoView {
    let (hits, set_hits) = signal(Vec::<SearchHit>::new());
    let (status, set_status) = signal(String::new());
    let latest = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        let n = latest.get_value() + 1;
        latest.set_value(n);
        if q.trim().chars().count() < 2 {
            set_hits.set(Vec::new());
            set_status.set(String::new());
            return;
        }
        leptos::task::spawn_local(async move {
            let result = search_places(q).await;
            // A slower answer to an older input must not replace a newer one.
            if latest.get_value() != n {
                return;
            }
            match result {
                Ok(outcome) => {
                    let shown: Vec<SearchHit> =
                        outcome.hits.into_iter().take(SUGGESTIONS).collect();
                    set_status.set(match shown.len() {
                        0 => lang.tr("Tidak ada yang cocok", "No match").to_string(),
                        n => format!("{n} {}", lang.tr("saran", "suggestions")),
                    });
                    set_hits.set(shown);
                }
                Err(_) => {
                    set_hits.set(Vec::new());
                    set_status.set(String::new());
                }
            }
        });
    };
    let label = lang.tr(
        "Cari kabupaten/kota, provinsi atau MPP",
        "Search regency/city, province or MPP",
    );
    view! {
        <form class="site-search" method="get" action="/cari" role="search">
            <label for="site-search-q" class="visually-hidden">{label}</label>
            <input
                id="site-search-q"
                type="search"
                name="q"
                placeholder=label
                autocomplete="off"
                maxlength="100"
                aria-describedby="site-search-status"
                on:input=on_input
            />
            <button type="submit">{lang.tr("Cari", "Search")}</button>
            <p id="site-search-status" class="visually-hidden" aria-live="polite">{move || status.get()}</p>
            <Show when=move || !hits.with(Vec::is_empty)>
                <ul class="suggestions" data-testid="search-suggestions">
                    {move || hits.get().into_iter().map(|h| view! {
                        <li>
                            <a href=h.href.clone()>{h.name.clone()}</a>
                            " "
                            <span class="hit-context">{kind_name(h.kind, lang)} {(!h.context.is_empty()).then(|| format!(" · {}", h.context))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </Show>
        </form>
    }
}

/// Sends the browser to `href` with a 303 (server) or navigates there (browser).
fn go_to(href: &str) {
    #[cfg(feature = "ssr")]
    if let (Some(resp), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(href),
    ) {
        resp.insert_header(http::header::LOCATION, value);
        resp.set_status(http::StatusCode::SEE_OTHER);
    }
    #[cfg(not(feature = "ssr"))]
    {
        let navigate = leptos_router::hooks::use_navigate();
        let href = href.to_string();
        request_animation_frame(move || {
            navigate(
                &href,
                leptos_router::NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            )
        });
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let data = Resource::new(move || q.get(), search_places);
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Remah roti", "Breadcrumbs")>
            <a href="/">{lang.tr("Nasional", "National")}</a> " › " {lang.tr("Cari", "Search")}
        </nav>
        <h1>{lang.tr("Cari", "Search")}</h1>
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(outcome) => view! { <SearchResults outcome lang/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn SearchResults(outcome: SearchOutcome, lang: Lang) -> impl IntoView {
    if let Some(href) = &outcome.redirect {
        go_to(href);
        let name = outcome
            .hits
            .first()
            .map_or(href.clone(), |h| h.name.clone());
        return view! {
            <p>{lang.tr("Satu hasil:", "One result:")} " " <a href=href.clone()>{name}</a></p>
        }
        .into_any();
    }
    let SearchOutcome {
        query, hits, total, ..
    } = outcome;
    if query.is_empty() {
        return view! {
            <p>{lang.tr(
                "Ketik nama atau kode kabupaten/kota, provinsi atau MPP di kotak pencarian.",
                "Type the name or code of a regency/city, province or MPP in the search box.",
            )}</p>
        }
        .into_any();
    }
    if hits.is_empty() {
        return view! {
            <section class="search-results" data-testid="search-none">
                <p role="status">
                    {lang.tr("Tidak ditemukan kabupaten/kota, provinsi atau MPP untuk", "No regency/city, province or MPP matches")}
                    " “" {query} "”."
                </p>
                <p>{lang.tr(
                    "Periksa ejaan, atau coba sebagian nama (mis. “muaro”) atau kode wilayah (mis. “15.05”).",
                    "Check the spelling, or try part of the name (e.g. “muaro”) or a region code (e.g. “15.05”).",
                )}</p>
            </section>
        }
        .into_any();
    }
    let shown = hits.len();
    view! {
        <section class="search-results" data-testid="search-results">
            <p role="status">
                {format!("{total} ")} {lang.tr("hasil untuk", "results for")} " “" {query} "”"
                {(total > shown).then(|| format!(" ({} {shown})", lang.tr("ditampilkan", "showing")))}
            </p>
            <ul class="results">
                {hits.into_iter().map(|h| view! {
                    <li>
                        <a href=h.href.clone()>{h.name.clone()}</a>
                        " "
                        <span class="hit-context">
                            {kind_name(h.kind, lang)} " · " {h.code.clone()}
                            {(!h.context.is_empty()).then(|| format!(" · {}", h.context))}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
