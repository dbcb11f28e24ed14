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

pub use crate::components::ErrorPage;
pub use crate::error::AppError;
use leptos::prelude::*;

/// Shown for unknown paths and unknown region or unit codes, with status 404.
#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound/> }
}

/// Shown for malformed parameters (e.g. `?year=abc`), with status 400.
#[component]
pub fn BadRequest(#[prop(into)] detail: String) -> impl IntoView {
    view! { <ErrorPage error=AppError::bad_parameter(detail)/> }
}

/// Shown when the visitor may not see a page (status 403 on the server).
#[component]
pub fn Forbidden() -> impl IntoView {
    view! { <ErrorPage error=AppError::Forbidden/> }
}

/// Any failed server function's answer, through the one error component.
pub fn error_view(error: AppError) -> AnyView {
    view! { <ErrorPage error/> }.into_any()
}
