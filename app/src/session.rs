//! The visitor ([`Viewer`]) on both sides: the server reads it from the request's
//! `auth::Ctx`; the shell renders it into `<html data-*>`, where the browser reads it back.

use crate::model::Viewer;

/// The visitor of the current request (server) or page (browser).
pub fn current_viewer() -> Viewer {
    #[cfg(feature = "ssr")]
    {
        crate::auth::current_ctx().viewer()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let Some(root) = leptos::prelude::document().document_element() else {
            return Viewer::default();
        };
        let attr = |name: &str| root.get_attribute(name).filter(|v| !v.is_empty());
        Viewer {
            username: attr("data-user"),
            display_name: attr("data-user-name"),
            role: attr("data-role"),
            csrf: attr("data-csrf").unwrap_or_default(),
        }
    }
}

/// The visitor provided by the `App` component.
pub fn use_viewer() -> Viewer {
    leptos::prelude::use_context::<Viewer>().unwrap_or_default()
}

/// Display name of a role.
pub fn role_name(role: &str, lang: crate::i18n::Lang) -> &'static str {
    match role {
        "admin" => lang.tr("Admin", "Admin"),
        "pimpinan" => lang.tr("Pimpinan", "Leadership"),
        "asisten" => lang.tr("Asisten (pemeriksa)", "Inspector"),
        "pemda" => lang.tr("Pemerintah daerah", "Regency officer"),
        _ => "",
    }
}
