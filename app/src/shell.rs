//! The HTML document, the router and the page frame (header, language switch, footer).

use crate::i18n::{Lang, current_lang};
use crate::pages;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
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
            <Header lang/>
            <main id="main">
                <Routes fallback=move || view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=pages::national::NationalPage ssr=SsrMode::Async/>
                    <Route path=path!("/kabupaten/:code") view=pages::regency::RegencyPage ssr=SsrMode::Async/>
                    <Route path=path!("/unit/:code") view=pages::unit::UnitPage ssr=SsrMode::Async/>
                    <Route path=path!("/provinsi/:code") view=pages::province::ProvincePage ssr=SsrMode::Async/>
                    <Route path=path!("/bandingkan") view=pages::compare::ComparePage ssr=SsrMode::Async/>
                    <Route path=path!("/komitmen/:code") view=pages::commitments::CommitmentsPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <Footer lang/>
        </Router>
    }
}

#[component]
fn Header(lang: Lang) -> impl IntoView {
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
                <A href="/bandingkan">{lang.tr("Bandingkan", "Compare")}</A>
            </nav>
            // A plain link: the server sets the cookie and sends the user back.
            <a class="lang-switch" href=other.0 hreflang=other.2 rel="external">{other.1}</a>
        </header>
    }
}

#[component]
fn Footer(lang: Lang) -> impl IntoView {
    view! {
        <footer class="site">
            <p>
                {lang.tr(
                    "Data wilayah: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, MIT). Nilai kepatuhan yang dipublikasikan: Ombudsman RI melalui pemberitaan publik. Data lain adalah data demo.",
                    "Region data: Kepmendagri No. 300.2.2-2138/2025 (cahyadsn/wilayah, MIT). Published compliance scores: Ombudsman RI via public news reports. Other data is demo data.",
                )}
            </p>
        </footer>
    }
}
