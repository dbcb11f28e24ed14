//! Komitmen: one regency's MoU commitments grouped by status, with deadlines and the latest
//! progress update of each.

use crate::i18n::use_lang;
use crate::model::{CommitmentRow, MouInfo};
use crate::pages::NotFound;
use crate::pages::regency::status_name;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentsView {
    pub regency_code: String,
    pub regency_name: String,
    pub mous: Vec<MouInfo>,
    pub today: chrono::NaiveDate,
}

#[server]
pub async fn get_commitments(code: String) -> Result<Option<CommitmentsView>, ServerFnError> {
    use crate::db::DataError;
    let state = expect_context::<crate::state::AppState>();
    let lang = crate::i18n::current_lang();
    match crate::db::queries::regency::commitments(&state.db, &code).await {
        Ok(Some((regency_code, regency_name, mous))) => Ok(Some(CommitmentsView {
            regency_code,
            regency_name,
            mous,
            today: crate::db::queries::today(),
        })),
        Ok(None) | Err(DataError::UnknownRegion(_)) => Ok(None),
        Err(e) => Err(ServerFnError::new(e.message(lang.is_en()))),
    }
}

/// Display order of the status groups: what needs attention first.
const GROUPS: [&str; 5] = ["late", "at_risk", "none", "on_track", "done"];

#[component]
pub fn CommitmentsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let code = move || params.with(|p| p.get("code").unwrap_or_default());
    let data = Resource::new(code, get_commitments);
    view! {
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(view)) => view! { <CommitmentsBody view/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{crate::pages::server_message(&e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CommitmentsBody(view: CommitmentsView) -> impl IntoView {
    let lang = use_lang();
    let all: Vec<CommitmentRow> = view
        .mous
        .iter()
        .flat_map(|m| m.commitments.clone())
        .collect();
    // An overdue commitment counts as late whatever its last report said.
    let group_of = |c: &CommitmentRow| {
        if c.overdue {
            "late".to_string()
        } else {
            c.status.clone()
        }
    };
    view! {
        <nav class="breadcrumbs" aria-label=lang.tr("Jejak navigasi", "Breadcrumbs")>
            <ol>
                <li><a href="/">{lang.tr("Nasional", "National")}</a></li>
                <li><a href=format!("/kabupaten/{}", view.regency_code)>{view.regency_name.clone()}</a></li>
                <li aria-current="page">{lang.tr("Komitmen", "Commitments")}</li>
            </ol>
        </nav>
        <h1>{lang.tr("Komitmen MoU", "MoU commitments")} " — " {view.regency_name.clone()}</h1>
        <p class="print-only">{lang.tr("Dicetak pada", "Printed on")} " " {view.today.to_string()}</p>
        {view.mous.iter().map(|m| view! {
            <p><strong>{m.title.clone()}</strong> " (" {m.signed_on.to_string()} "): " {m.signatories.clone()}</p>
        }).collect_view()}
        {(all.is_empty()).then(|| view! { <p>{lang.tr("Belum ada komitmen.", "No commitments yet.")}</p> })}
        {GROUPS.iter().map(|g| {
            let items: Vec<CommitmentRow> = all.iter().filter(|c| group_of(c) == *g).cloned().collect();
            (!items.is_empty()).then(|| view! {
                <section class=format!("commitment-group status-{g}")>
                    <h2>{status_name(g, lang)} " (" {items.len()} ")"</h2>
                    <ul class="commitments">
                        {items.into_iter().map(|c| view! {
                            <li>
                                <strong>{c.title}</strong>
                                <div>{c.indicator} ": " {c.target} " — " {c.responsible_office}</div>
                                <div>
                                    {lang.tr("Tenggat", "Due")} " " {c.due_on.to_string()}
                                    {c.overdue.then(|| lang.tr(" — terlambat", " — overdue"))}
                                    " — " {lang.tr("capaian", "progress")} " "
                                    <progress max="100" value=c.percent>{format!("{} %", lang.num(c.percent, 0))}</progress>
                                    " " {format!("{} %", lang.num(c.percent, 0))}
                                </div>
                                {c.last_update.map(|d| view! {
                                    <div class="muted">{lang.tr("Pembaruan terakhir", "Last update")} " " {d.to_string()} ": " {c.last_note.clone().unwrap_or_default()}</div>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }).collect_view()}
    }
}
