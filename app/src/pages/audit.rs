//! Log audit: every write and export, for `admin` and `pimpinan`; filters (user, entity,
//! action, date range) live in the URL.

use crate::i18n::use_lang;
use crate::model::{AuditFilter, AuditRow};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `Err(Forbidden)` when the visitor may not read the audit log.
#[server]
pub async fn get_audit(
    user: String,
    entity: String,
    action: String,
    from: String,
    to: String,
    page: u32,
) -> Result<Vec<AuditRow>, crate::error::AppError> {
    let (ctx, db, _) = crate::forms::service::env();
    let text = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let date = |v: String| chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok();
    let filter = AuditFilter {
        user: text(user),
        entity: text(entity),
        action: text(action),
        from: date(from),
        to: date(to),
        page: Some(page),
    };
    if !ctx.can_read_audit() {
        return Err(crate::error::AppError::Forbidden);
    }
    Ok(crate::db::audit::list(&db, &filter).await?)
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let text = |k: &str| {
                q.get(k)
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
            };
            let date = |k: &str| {
                text(k).and_then(|v| chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok())
            };
            AuditFilter {
                user: text("user"),
                entity: text("entity"),
                action: text("action"),
                from: date("from"),
                to: date("to"),
                page: text("page").and_then(|p| p.parse().ok()),
            }
        })
    };
    let data = Resource::new(filter, |f: AuditFilter| {
        let text = |v: Option<String>| v.unwrap_or_default();
        let date = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
        get_audit(
            text(f.user),
            text(f.entity),
            text(f.action),
            date(f.from),
            date(f.to),
            f.page.unwrap_or(0),
        )
    });
    view! {
        <Title text=lang.tr("Log audit — Pantau", "Audit log — Pantau")/>
        <Transition fallback=move || view! { <p class="loading">{lang.tr("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let f = filter();
                match data.await {
                    Ok(rows) => view! { <AuditBody rows filter=f/> }.into_any(),
                    Err(e) => crate::pages::error_view(e),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditBody(rows: Vec<AuditRow>, filter: AuditFilter) -> impl IntoView {
    let lang = use_lang();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let date = |v: &Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let page = filter.page.unwrap_or(0);
    let next_page = {
        let mut q = vec![];
        for (k, v) in [
            ("user", text(&filter.user)),
            ("entity", text(&filter.entity)),
            ("action", text(&filter.action)),
            ("from", date(&filter.from)),
            ("to", date(&filter.to)),
        ] {
            if !v.is_empty() {
                q.push(format!("{k}={}", v.replace('&', "%26").replace(' ', "+")));
            }
        }
        q.push(format!("page={}", page + 1));
        format!("/audit?{}", q.join("&"))
    };
    let full = rows.len() as u64 >= 100;
    view! {
        <h1>{lang.tr("Log audit", "Audit log")}</h1>
        <form method="get" action="/audit" class="filters" aria-label=lang.tr("Saring log audit", "Filter the audit log")>
            <div class="field">
                <label for="a-user">{lang.tr("Pengguna", "User")}</label>
                <input id="a-user" name="user" type="text" value=text(&filter.user)/>
            </div>
            <div class="field">
                <label for="a-entity">{lang.tr("Data", "Entity")}</label>
                <input id="a-entity" name="entity" type="text" value=text(&filter.entity)
                    list="a-entities"/>
                <datalist id="a-entities">
                    {["inspection", "follow_up", "commitment", "commitment_progress", "export", "session", "app_user"]
                        .into_iter().map(|e| view! { <option value=e></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="a-action">{lang.tr("Tindakan", "Action")}</label>
                <input id="a-action" name="action" type="text" value=text(&filter.action) list="a-actions"/>
                <datalist id="a-actions">
                    {["create", "update", "export", "login", "login_failed", "logout", "logout_all"]
                        .into_iter().map(|e| view! { <option value=e></option> }).collect_view()}
                </datalist>
            </div>
            <div class="field">
                <label for="a-from">{lang.tr("Dari tanggal", "From")}</label>
                <input id="a-from" name="from" type="date" value=date(&filter.from)/>
            </div>
            <div class="field">
                <label for="a-to">{lang.tr("Sampai tanggal", "To")}</label>
                <input id="a-to" name="to" type="date" value=date(&filter.to)/>
            </div>
            <button type="submit">{lang.tr("Terapkan", "Apply")}</button>
        </form>
        {if rows.is_empty() {
            view! { <p>{lang.tr("Tidak ada entri.", "No entries.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0">
                    <table class="audit">
                        <thead><tr>
                            <th scope="col">{lang.tr("Waktu", "Time")}</th>
                            <th scope="col">{lang.tr("Pengguna", "User")}</th>
                            <th scope="col">{lang.tr("Tindakan", "Action")}</th>
                            <th scope="col">{lang.tr("Data", "Entity")}</th>
                            <th scope="col">{lang.tr("Kunci", "Key")}</th>
                            <th scope="col">{lang.tr("Keterangan", "Detail")}</th>
                            <th scope="col">{lang.tr("Sebelum", "Before")}</th>
                            <th scope="col">{lang.tr("Sesudah", "After")}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td>{r.at}</td>
                                    <td>{r.username}</td>
                                    <td>{r.action}</td>
                                    <td>{r.entity}</td>
                                    <td>{r.entity_key}</td>
                                    <td>{r.detail.unwrap_or_default()}</td>
                                    <td><code class="json">{r.before.unwrap_or_default()}</code></td>
                                    <td><code class="json">{r.after.unwrap_or_default()}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {full.then(|| view! { <a href=next_page>{lang.tr("Halaman berikutnya", "Next page")}</a> })}
    }
}
