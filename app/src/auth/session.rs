//! Database sessions: a random 32-byte token in an HttpOnly cookie, its SHA-256 in the `session`
//! table, an absolute expiry ([`SESSION_TTL_SECS`] after sign-in), an idle timeout
//! ([`SESSION_IDLE_SECS`] without a request), and revocation at logout ("sign out everywhere"
//! revokes every session of the user). Any server instance on the same database accepts the
//! cookie. Ended sessions are deleted at each sign-in ([`purge_sessions`]).

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{User, random_token, sha256_hex};
use crate::db::DataError;
use crate::db::entities::{app_user, province, regency, session, user_province};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pantau_session";
/// Name of the session cookie when the site is served over HTTPS (`__Host-`: the browser keeps
/// it only with `Secure`, `Path=/` and no `Domain`, so no subdomain can plant or read it).
pub const SESSION_COOKIE_SECURE: &str = "__Host-pantau_session";
/// Absolute lifetime of a session: 12 hours after sign-in.
pub const SESSION_TTL_SECS: i64 = 12 * 3600;
/// Idle timeout: a session unused for 2 hours ends.
pub const SESSION_IDLE_SECS: i64 = 2 * 3600;
/// `last_seen_at` is written at most this often per session.
const TOUCH_EVERY_SECS: i64 = 60;

/// Creates a session for `user_id`; returns the cookie token (never stored) and the row.
pub async fn create_session<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    now: i64,
) -> Result<(String, session::Model), DataError> {
    let token = random_token();
    let row = session::ActiveModel {
        id: NotSet,
        token_hash: Set(sha256_hex(&token)),
        user_id: Set(user_id),
        csrf_token: Set(random_token()),
        created_at: Set(now),
        expires_at: Set(now + SESSION_TTL_SECS),
        revoked_at: Set(None),
        last_seen_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok((token, row))
}

/// The live session of a cookie token and its (active) user; `None` when unknown, expired,
/// idle too long, revoked or the account is deactivated. Records the activity (idle timeout).
pub async fn lookup_session<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: i64,
) -> Result<Option<(session::Model, User)>, DataError> {
    if !super::is_token(token) {
        return Ok(None);
    }
    let Some((s, Some(u))) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(sha256_hex(token)))
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::LastSeenAt.gt(now - SESSION_IDLE_SECS))
        .find_also_related(app_user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
    }
    if now - s.last_seen_at >= TOUCH_EVERY_SECS {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, Expr::value(now))
            .filter(session::Column::Id.eq(s.id))
            .exec(db)
            .await?;
    }
    let user = load_user(db, u).await?;
    Ok(Some((s, user)))
}

/// A user row with its regency and provinces resolved.
pub async fn load_user<C: ConnectionTrait>(db: &C, u: app_user::Model) -> Result<User, DataError> {
    let provinces = user_province::Entity::find()
        .filter(user_province::Column::UserId.eq(u.id))
        .find_also_related(province::Entity)
        .all(db)
        .await?;
    let regency_code = match u.regency_id {
        Some(id) => regency::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|r| r.code),
        None => None,
    };
    Ok(User {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        regency_id: u.regency_id,
        province_ids: provinces.iter().map(|(up, _)| up.province_id).collect(),
        province_codes: provinces
            .into_iter()
            .filter_map(|(_, p)| p.map(|p| p.code))
            .collect(),
        regency_code,
    })
}

/// Revokes a session (logout): its cookie stops working on every instance.
pub async fn revoke_session<C: ConnectionTrait>(
    db: &C,
    session_id: i32,
    now: i64,
) -> Result<(), DataError> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes every live session of a user ("sign out everywhere"); returns how many.
pub async fn revoke_user_sessions<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    now: i64,
) -> Result<u64, DataError> {
    let res = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Deletes sessions that can no longer be used: expired, idle too long or revoked.
pub async fn purge_sessions<C: ConnectionTrait>(db: &C, now: i64) -> Result<u64, DataError> {
    use sea_orm::Condition;
    let res = session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lte(now))
                .add(session::Column::LastSeenAt.lte(now - SESSION_IDLE_SECS))
                .add(session::Column::RevokedAt.is_not_null()),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
