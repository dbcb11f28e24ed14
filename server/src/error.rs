//! One error type for the HTTP layer: maps to a status code, logs internals, never shows them.

use app::db::DataError;
use app::i18n::Lang;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Data(#[from] DataError),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Data(DataError::Invalid { .. }) => {
                StatusCode::BAD_REQUEST
            }
            AppError::Data(DataError::Db(_)) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Data(
                DataError::NotFound | DataError::UnknownRegion(_) | DataError::UnknownUnit(_),
            ) => StatusCode::NOT_FOUND,
            AppError::Data(DataError::VersionConflict)
            | AppError::Data(DataError::Duplicate { .. }) => StatusCode::CONFLICT,
            AppError::Data(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    /// The message for the user, in their language; internal errors get a generic text.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::NotFound => lang.tr("Data tidak ditemukan.", "Not found.").to_string(),
            AppError::BadRequest(m) => format!(
                "{} {m}",
                lang.tr("Permintaan tidak valid:", "Invalid request:")
            ),
            AppError::Data(e) => e.message(lang.is_en()),
        }
    }

    pub fn into_response_for(self, lang: Lang) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = ?self, "request failed");
        }
        let body = serde_json::json!({ "error": self.message(lang) });
        (status, axum::Json(body)).into_response()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.into_response_for(Lang::Id)
    }
}
