//! Impor: upload a CSV file (published scores, unit registry, SKM results, staff snapshots).
//! A plain multipart POST to `/impor` (works without JavaScript); the server validates the whole
//! file first and lists every problem by row and column, or imports it in one transaction.

use crate::forms::{CsrfField, use_submitted};
use crate::i18n::use_lang;
use crate::session::use_viewer;
use leptos::prelude::*;

/// The file kinds and their labels.
const KINDS: [(&str, &str, &str); 4] = [
    (
        "scores",
        "Nilai kepatuhan yang dipublikasikan",
        "Published compliance scores",
    ),
    (
        "units",
        "Daftar MPP dan unit layanan",
        "Malls and service units",
    ),
    (
        "skm",
        "Hasil survei kepuasan (SKM)",
        "Satisfaction survey (SKM) results",
    ),
    ("staff", "Data petugas (SDM)", "Staff snapshots"),
];

#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    let viewer = use_viewer();
    let submitted = use_submitted().filter(|s| s.form == "import");
    let chosen = submitted
        .as_ref()
        .and_then(|s| {
            s.values
                .iter()
                .find(|(k, _)| k == "kind")
                .map(|(_, v)| v.clone())
        })
        .unwrap_or_default();
    let problems: Vec<String> = submitted
        .as_ref()
        .map(|s| s.errors.0.iter().map(|(_, m)| m.clone()).collect())
        .unwrap_or_default();
    let message = submitted.and_then(|s| s.message);
    view! {
        <h1>{lang.tr("Impor data CSV", "Import CSV data")}</h1>
        {message.map(|m| view! { <p class="notice" role="status">{m}</p> })}
        {(!problems.is_empty()).then(|| view! {
            <ul class="error" role="alert">
                {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
        })}
        {if viewer.has_role(&["admin"]) {
            view! {
                <form class="filters" method="post" action="/impor" enctype="multipart/form-data">
                    <CsrfField/>
                    <label>
                        {lang.tr("Jenis data", "Kind of data")}
                        <select name="kind" required>
                            {KINDS.iter().map(|(key, id, en)| view! {
                                <option value=*key selected=chosen == *key>{lang.tr(id, en)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {lang.tr("Berkas CSV (UTF-8)", "CSV file (UTF-8)")}
                        <input type="file" name="file" accept=".csv,text/csv" required/>
                    </label>
                    <button type="submit">{lang.tr("Impor", "Import")}</button>
                </form>
                <p class="muted">{lang.tr(
                    "Seluruh berkas diperiksa lebih dulu; satu baris yang salah menolak seluruh berkas. Mengimpor berkas yang sama dua kali tidak mengubah apa pun.",
                    "The whole file is checked first; one bad row rejects the whole file. Importing the same file twice changes nothing.",
                )}</p>
            }.into_any()
        } else {
            view! { <p>{lang.tr("Hanya admin yang dapat mengimpor data.", "Only an admin can import data.")}</p> }.into_any()
        }}
    }
}
