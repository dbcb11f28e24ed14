//! The HTTP layer's error is the application's one error type: [`app::error::AppError`] maps to
//! its status (`IntoResponse`), notes internals for the request's log line, never shows them.

pub use app::error::AppError;
