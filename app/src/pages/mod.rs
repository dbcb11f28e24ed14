//! One module per screen.

pub mod commitments;
pub mod compare;
pub mod national;
pub mod province;
pub mod regency;
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
