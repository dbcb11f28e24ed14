//! Database sessions: a random 32-byte token in an HttpOnly cookie, its SHA-256 in the `session`
//! table, an expiry, and revocation at logout. Any server instance on the same database accepts
//! the cookie.

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::{User, random_token, sha256_hex};
use crate::db::DataError;
use crate::db::entities::{app_user, province, regency, session, user_province};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "pantau_session";
/// Lifetime of a session: 12 hours.
pub const SESSION_TTL_SECS: i64 = 12 * 3600;

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
    }
    .insert(db)
    .await?;
    Ok((token, row))
}

/// The live session of a cookie token and its (active) user; `None` when unknown, expired,
/// revoked or the account is deactivated.
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
        .find_also_related(app_user::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
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
