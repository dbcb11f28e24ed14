//! Request ids and the one log line of a failed request.
//!
//! Every request gets a fresh id, in its extensions (where Leptos renders and server functions
//! find it), in a task-local for the handlers of its task, and in the `x-request-id` response
//! header. Code that fails notes the cause ([`app::error::note_failure`]); this middleware then
//! logs it once, with the id, the method, the path and the status. Users only ever see the id.

use app::error::{FailureNote, REQUEST, RequestId, RequestScope};
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The response header that carries the id.
pub const HEADER: &str = "x-request-id";

pub async fn middleware(mut req: Request, next: Next) -> Response {
    let id = app::error::new_request_id();
    let note = FailureNote::default();
    req.extensions_mut().insert(RequestId(id.clone()));
    req.extensions_mut().insert(note.clone());
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let scope = RequestScope {
        id: RequestId(id.clone()),
        note: note.clone(),
    };
    let mut res = REQUEST.scope(scope, next.run(req)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HEADER, value);
    }
    let status = res.status().as_u16();
    match note.take() {
        Some(cause) if status >= 500 => {
            tracing::error!(request_id = %id, %method, path, status, cause, "request failed");
        }
        Some(cause) => {
            tracing::warn!(request_id = %id, %method, path, status, cause, "request refused");
        }
        None if status >= 500 => {
            tracing::error!(request_id = %id, %method, path, status, "request failed");
        }
        None => {}
    }
    res
}
