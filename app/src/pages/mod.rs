//! One module per screen.

pub mod attention;
pub mod audit;
pub mod commitment_edit;
pub mod commitments;
pub mod compare;
pub mod data;
pub mod finding;
pub mod import;
pub mod inspection_new;
pub mod login;
pub mod metodologi;
pub mod national;
pub mod province;
pub mod ranking;
pub mod regency;
pub mod search;
pub mod unit;

use crate::i18n::use_lang;
use leptos::prelude::*;

/// Shown for unknown paths and unknown region or unit codes, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    let lang = use_lang();
    view! {
        <section class="error-page">
            <h1>{lang.tr("Halaman tidak ditemukan", "Page not found")}</h1>
            <p>{lang.tr("Alamat atau kode wilayah ini tidak dikenal.", "This address or region code is unknown.")}</p>
            <a href="/">{lang.tr("Kembali ke ikhtisar nasional", "Back to the national overview")}</a>
        </section>
    }
}

/// Shown for malformed parameters (e.g. `?year=abc`), with status 400.
#[component]
pub fn BadRequest(#[prop(into)] detail: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::BAD_REQUEST);
    }
    let lang = use_lang();
    view! {
        <section class="error-page">
            <h1>{lang.tr("Permintaan tidak valid", "Invalid request")}</h1>
            <p>{detail}</p>
            <a href="/">{lang.tr("Kembali ke ikhtisar nasional", "Back to the national overview")}</a>
        </section>
    }
}

/// The user-facing text of a server function error (without the framework's prefix; the
/// server functions only ever put localized, internals-free messages there).
pub fn server_message(e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(m) => m.clone(),
        other => other.to_string(),
    }
}

/// Shown when the visitor may not see a page (status 403 on the server).
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::FORBIDDEN);
    }
    let lang = use_lang();
    let signed_in = crate::session::use_viewer().signed_in();
    view! {
        <section class="error-page">
            <h1>{lang.tr("Akses ditolak", "Access denied")}</h1>
            <p>{lang.tr("Anda tidak berwenang membuka halaman ini.", "You are not allowed to open this page.")}</p>
            {(!signed_in).then(|| view! { <a href="/masuk" rel="external">{lang.tr("Masuk", "Sign in")}</a> })}
        </section>
    }
}
