//! Masuk: sign in with username and password. A plain form posting to `/masuk` (handled by the
//! server, which sets the session cookie), so it works the same with and without JavaScript.

use crate::forms::{FieldError, FormMessage, FormState};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let viewer = crate::session::use_viewer();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let state = FormState::new("login", Signal::derive(|| None));
    view! {
        <Title text=lang.tr("Masuk — Pantau", "Sign in — Pantau")/>
        <h1>{lang.tr("Masuk", "Sign in")}</h1>
        {viewer.username.clone().map(|u| view! {
            <p>{lang.tr("Anda sudah masuk sebagai", "You are signed in as")} " " <strong>{u}</strong> "."</p>
            <form method="post" action="/keluar-semua" class="form narrow">
                <input type="hidden" name="csrf" value=viewer.csrf.clone()/>
                <p>{lang.tr(
                    "Akhiri sesi Anda di semua perangkat dan peramban (misalnya bila perangkat hilang).",
                    "End your sessions on every device and browser (e.g. when a device is lost).",
                )}</p>
                <button type="submit">{lang.tr("Keluar dari semua perangkat", "Sign out everywhere")}</button>
            </form>
        })}
        <Transition fallback=|| ()>
            {move || {
                let csrf = viewer.csrf.clone();
                Suspend::new(async move {
                view! {
                    <form method="post" action="/masuk" class="form narrow" novalidate>
                        <FormMessage message=Signal::derive(move || state.message())/>
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="next" value=state.value("next", &next())/>
                        <div class="field">
                            <label for="login-username">{lang.tr("Nama pengguna", "Username")}</label>
                            <input
                                id="login-username"
                                name="username"
                                type="text"
                                autocomplete="username"
                                required
                                value=state.value("username", "")
                                aria-describedby=move || state.error("username").map(|_| "login-username-error")
                            />
                            <FieldError id="login-username".to_string() message=Signal::derive(move || state.error("username"))/>
                        </div>
                        <div class="field">
                            <label for="login-password">{lang.tr("Kata sandi", "Password")}</label>
                            <input id="login-password" name="password" type="password" autocomplete="current-password" required/>
                        </div>
                        <button type="submit">{lang.tr("Masuk", "Sign in")}</button>
                    </form>
                }
            })}}
        </Transition>
    }
}
