//! Pantau: the Leptos application (pages, components, server functions), the assessment
//! methodology (pure, no I/O) and, with the `ssr` feature, the data layer and server-side charts.
#![recursion_limit = "512"]

pub mod components;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod leadership;
pub mod methodology;
pub mod model;
pub mod pages;
pub mod session;
mod shell;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod charts;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

pub use shell::{App, CSP_BASE, page_csp, shell};

/// Entry point of the hydrate (wasm) bundle.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
