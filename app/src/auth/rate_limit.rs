//! Login rate limit, kept in the database (so it holds across server instances): at most
//! [`MAX_FAILURES`] failed attempts per username and per client address in [`WINDOW_SECS`].

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};

use crate::db::DataError;
use crate::db::entities::login_attempt;

pub const MAX_FAILURES: u64 = 5;
pub const WINDOW_SECS: i64 = 15 * 60;

/// The keys an attempt counts against: the (lower-cased) username and the client address.
pub fn keys(username: &str, ip: Option<std::net::IpAddr>) -> Vec<String> {
    let mut keys = vec![format!("user:{}", username.trim().to_lowercase())];
    if let Some(ip) = ip {
        keys.push(format!("ip:{ip}"));
    }
    keys
}

/// Whether any key has reached the limit.
pub async fn is_limited<C: ConnectionTrait>(
    db: &C,
    keys: &[String],
    now: i64,
) -> Result<bool, DataError> {
    for key in keys {
        let failures = login_attempt::Entity::find()
            .filter(login_attempt::Column::Key.eq(key.as_str()))
            .filter(login_attempt::Column::AttemptedAt.gt(now - WINDOW_SECS))
            .filter(login_attempt::Column::Success.eq(false))
            .count(db)
            .await?;
        if failures >= MAX_FAILURES {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Records an attempt under every key, and forgets attempts older than a day.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    keys: &[String],
    success: bool,
    now: i64,
) -> Result<(), DataError> {
    for key in keys {
        login_attempt::ActiveModel {
            id: NotSet,
            key: Set(key.clone()),
            attempted_at: Set(now),
            success: Set(success),
        }
        .insert(db)
        .await?;
    }
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::AttemptedAt.lt(now - 24 * 3600))
        .exec(db)
        .await?;
    Ok(())
}
