//! Provinsi: its regencies ranked, the trend of their categories, its malls and slipping units.
//! The same view as the national overview, restricted to one province by the path.

use crate::i18n::use_lang;
use crate::pages::NotFound;
use crate::pages::national::{NationalBody, load_national, parse_filter};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProvincePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let code = params.with(|p| p.get("code").unwrap_or_default());
        query.with(|q| parse_filter(|k| q.get(k), Some(code)))
    });
    let data = Resource::new(move || filter.get(), load_national);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let f = filter.get_untracked().unwrap_or_default();
                let code = f.province.clone().unwrap_or_default();
                match data.await {
                    Ok(view) => match view.overview.provinces.iter().find(|p| p.code == code).cloned() {
                        Some(p) => view! {
                            <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
                                <ol>
                                    <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                                    <li aria-current="page">{p.name.clone()}</li>
                                </ol>
                            </nav>
                            <h1>{lang.tr("Provinsi", "Province")} " " {p.name}</h1>
                            <NationalBody view filter=f base=format!("/provinsi/{code}")/>
                        }.into_any(),
                        None => view! { <NotFound/> }.into_any(),
                    },
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}
