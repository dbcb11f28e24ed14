//! Provinsi: its regencies ranked, the trend of their categories, its malls and slipping units.
//! The same view as the national overview, restricted to one province by the path.

use crate::i18n::use_lang;
use crate::model::NationalFilter;
use crate::pages::national::{NationalBody, get_national};
use crate::pages::{BadRequest, NotFound, server_message};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ProvincePage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let code = params.with(|p| p.get("code").unwrap_or_default());
        query.with(|q| NationalFilter {
            year: q.get("year").and_then(|y| y.trim().parse().ok()),
            province: Some(code),
            kind: q.get("kind").filter(|k| k == "kabupaten" || k == "kota"),
            order: q.get("order").filter(|o| o == "asc"),
        })
    });
    let data = Resource::new(move || filter.get(), get_national);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let f = filter.get_untracked();
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
                    Err(e) => view! { <BadRequest detail=server_message(&e)/> }.into_any(),
                }
            })}
        </Transition>
    }
}
