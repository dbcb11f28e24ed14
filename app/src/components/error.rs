//! The one way pages show an error: sets the HTTP status of the server-rendered answer (with
//! `Retry-After` on 503) and shows a localized title and message; failures of ours name the
//! request id under which they were logged.

use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::set_response_status(&error);
    let lang = use_lang();
    let signed_in = crate::session::use_viewer().signed_in();
    let request_id = error.request_id().map(str::to_owned);
    let sign_in = matches!(error, AppError::Forbidden) && !signed_in;
    view! {
        <section class="error-page" data-status=error.status()>
            <h1>{error.title(lang)}</h1>
            <p role="alert">{error.message(lang)}</p>
            {request_id.map(|id| view! {
                <p class="request-id">{lang.tr("Kode permintaan", "Request id")} ": " <code>{id}</code></p>
            })}
            {sign_in.then(|| view! { <p><a href="/masuk" rel="external">{lang.tr("Masuk", "Sign in")}</a></p> })}
            <a href="/">{lang.tr("Kembali ke ikhtisar nasional", "Back to the national overview")}</a>
        </section>
    }
}
