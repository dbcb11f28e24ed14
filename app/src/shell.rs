//! The HTML document, the router and the page frame (header, language switch, footer).

use crate::i18n::{Lang, current_lang};
use crate::model::Viewer;
use crate::pages;
use crate::session::{current_viewer, role_name};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

/// The Content-Security-Policy without a script nonce (responses that are not pages): scripts
/// only from this origin and wasm compilation ('wasm-unsafe-eval' for the hydration bundle),
/// styles only from the stylesheet, images from this origin or `data:`, no plugins, no framing,
/// forms and `<base>` only to this origin.
pub const CSP_BASE: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The Content-Security-Policy of a page: [`CSP_BASE`] plus the nonce of Leptos' inline
/// hydration scripts.
pub fn page_csp(nonce: &str) -> String {
    CSP_BASE.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

/// Sends the page's CSP with the nonce Leptos put on its inline scripts (server only).
fn send_csp() {
    #[cfg(feature = "ssr")]
    {
        if let (Some(res), Some(nonce)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            leptos::nonce::use_nonce(),
        ) && let Ok(value) = http::HeaderValue::from_str(&page_csp(&nonce))
        {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    send_csp();
    let lang = current_lang();
    let viewer = current_viewer();
    let submitted = crate::forms::current_submitted();
    let form = submitted.as_ref().map(|s| s.form.clone());
    let form_values = submitted
        .as_ref()
        .map(|s| crate::forms::encode_pairs(&s.values));
    let form_errors = submitted
        .as_ref()
        .map(|s| crate::forms::encode_pairs(&s.errors.0));
    let form_message = submitted.as_ref().and_then(|s| s.message.clone());
    view! {
        <!DOCTYPE html>
        <html
            lang=lang.code()
            data-user=viewer.username
            data-user-name=viewer.display_name
            data-role=viewer.role
            data-csrf=viewer.csrf
            data-form=form
            data-form-values=form_values
            data-form-errors=form_errors
            data-form-message=form_message
        >
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = current_lang();
    provide_context(lang);
    let viewer = current_viewer();
    provide_context(viewer.clone());
    provide_context(crate::forms::current_submitted());

    // Mark the document once the wasm bundle has taken over (browser tests wait for it).
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/pantau.css"/>
        <Title text=lang.tr("Pantau — Kualitas Pelayanan Publik", "Pantau — Public Service Quality")/>
        <Router>
            <Header lang viewer/>
            <main id="main">
                <Routes fallback=move || view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::national::NationalPage ssr=SsrMode::Async/>
                    <Route path=path!("/kabupaten/:code") view=pages::regency::RegencyPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/:code") view=pages::unit::UnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/provinsi/:code") view=pages::province::ProvincePage ssr=SsrMode::Async/>
                    <Route path=path!("/cari") view=pages::search::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/peringkat") view=pages::ranking::RankingPageView ssr=SsrMode::Async/>
                    <Route path=path!("/bandingkan") view=pages::compare::ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/komitmen/:code") view=pages::commitments::CommitmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/komitmen/:code/baru") view=pages::commitment_edit::CommitmentNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/komitmen/:code/ubah/:id") view=pages::commitment_edit::CommitmentEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/temuan/:id") view=pages::finding::FindingPage ssr=SsrMode::Async/>
                    <Route path=path!("/sidak/baru") view=pages::inspection_new::InspectionNewPage ssr=SsrMode::Async/>
                    <Route path=path!("/masuk") view=pages::login::LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=pages::audit::AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/impor") view=pages::import::ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/metodologi") view=pages::metodologi::MethodologyPage/>
                    <Route path=path!("/data") view=pages::data::DataPage/>
                </Routes>
            </main>
            <Footer lang/>
        </Router>
    }
}

#[component]
fn Header(lang: Lang, viewer: Viewer) -> impl IntoView {
    let other = match lang {
        Lang::Id => ("/bahasa/en", "English", "en"),
        Lang::En => ("/bahasa/id", "Bahasa Indonesia", "id"),
    };
    view! {
        <a class="skip" href="#main">{lang.tr("Langsung ke isi", "Skip to content")}</a>
        <header class="site">
            <A href="/" attr:class="brand">"Pantau"</A>
            <span class="tagline">{lang.tr("Kualitas pelayanan publik per kabupaten/kota", "Public service quality per regency")}</span>
            <nav aria-label=lang.tr("Navigasi utama", "Main navigation")>
                <A href="/">{lang.tr("Nasional", "National")}</A>
                <A href="/peringkat">{lang.tr("Peringkat", "Ranking")}</A>
                <A href="/bandingkan">{lang.tr("Bandingkan", "Compare")}</A>
            </nav>
            <pages::search::SearchBox lang/>
            // A plain link: the server sets the cookie and sends the user back.
            <a class="lang-switch" href=other.0 hreflang=other.2 rel="external">{other.1}</a>
            <Account lang viewer/>
        </header>
    }
}

/// Sign-in link, or the signed-in user with the logout button (a plain form: works without
/// JavaScript).
#[component]
fn Account(lang: Lang, viewer: Viewer) -> impl IntoView {
    match viewer.username.clone() {
        None => view! {
            <div class="account">
                <a href="/masuk" rel="external">{lang.tr("Masuk", "Sign in")}</a>
            </div>
        }
        .into_any(),
        Some(username) => {
            let role = viewer.role.clone().unwrap_or_default();
            let name = viewer.display_name.clone().unwrap_or(username);
            view! {
                <div class="account">
                    {viewer.has_role(&["admin", "pimpinan"]).then(|| view! {
                        <a href="/audit">{lang.tr("Log audit", "Audit log")}</a>
                    })}
                    {viewer.has_role(&["admin"]).then(|| view! {
                        <a href="/impor">{lang.tr("Impor", "Import")}</a>
                    })}
                    <span class="user" data-testid="signed-in-user">
                        {name} " (" {role_name(&role, lang)} ")"
                    </span>
                    <form method="post" action="/keluar" class="logout">
                        <input type="hidden" name="csrf" value=viewer.csrf.clone()/>
                        <button type="submit">{lang.tr("Keluar", "Sign out")}</button>
                    </form>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
fn Footer(lang: Lang) -> impl IntoView {
    view! {
        <footer class="site">
            <nav class="footer-links" aria-label=lang.tr("Tentang data", "About the data")>
                <a href="/metodologi">{lang.tr("Metodologi", "Methodology")}</a> " · "
                <a href="/data">{lang.tr("Data terbuka (CSV, JSON, Excel)", "Open data (CSV, JSON, Excel)")}</a>
            </nav>
            <p>
                {lang.tr(
                    "Data wilayah: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, MIT). Nilai kepatuhan yang dipublikasikan: Ombudsman RI melalui pemberitaan publik. Data lain adalah data demo.",
                    "Region data: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, MIT). Published compliance scores: Ombudsman RI via public news reports. Other data is demo data.",
                )}
            </p>
        </footer>
    }
}
