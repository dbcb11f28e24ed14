//! Creating accounts (the `pantau create-user` command) and signing in.

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde::Serialize;

use super::password::{MIN_PASSWORD_LEN, dummy_hash, hash_password, verify_password_async};
use super::session::{create_session, load_user};
use super::{Actor, User, rate_limit};
use crate::db::entities::enums::Role;
use crate::db::entities::{app_user, province, session, user_province};
use crate::db::write::{begin, finish, regency_by_code};
use crate::db::{DataError, audit};

/// A new account.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    /// Required for (and only for) `pemda`: the regency's Kemendagri code.
    pub regency_code: Option<String>,
    /// Required for (and only for) `asisten`: province codes.
    pub province_codes: Vec<String>,
}

/// What the audit log keeps of an account (never the hash).
#[derive(Serialize)]
struct UserAudit<'a> {
    id: i32,
    username: &'a str,
    display_name: &'a str,
    role: &'a str,
    regency: Option<&'a str>,
    provinces: &'a [String],
}

fn invalid(field: &str, reason: &str) -> DataError {
    DataError::Invalid {
        field: field.to_owned(),
        reason: crate::db::Reason::Other(reason.to_owned()),
    }
}

/// Whether a username is acceptable: 3–64 of `a-z 0-9 . _ -`.
pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Creates an account (one transaction, audited as `actor`).
pub async fn create_user(
    db: &DatabaseConnection,
    input: &NewUser,
    actor: &Actor,
) -> Result<app_user::Model, DataError> {
    let username = input.username.trim().to_lowercase();
    if !valid_username(&username) {
        return Err(invalid(
            "username",
            "3–64 characters: lowercase letters, digits, '.', '_' or '-'",
        ));
    }
    let display_name = match input.display_name.trim() {
        "" => username.clone(),
        name if name.chars().count() > 200 => {
            return Err(invalid("display_name", "at most 200 characters"));
        }
        name => name.to_owned(),
    };
    if input.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(invalid(
            "password",
            &format!("at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    let regency_code = input
        .regency_code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    match (input.role, regency_code) {
        (Role::Pemda, None) => return Err(invalid("regency", "a pemda account needs --regency")),
        (Role::Pemda, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(invalid(
                "regency",
                "only pemda accounts belong to a regency",
            ));
        }
    }
    match (input.role, input.province_codes.is_empty()) {
        (Role::Asisten, true) => {
            return Err(invalid("province", "an asisten account needs --province"));
        }
        (Role::Asisten, false) | (_, true) => {}
        (_, false) => return Err(invalid("province", "only asisten accounts have provinces")),
    }
    let hash = hash_password(&input.password).map_err(|e| invalid("password", &e))?;
    let now = chrono::Utc::now().timestamp();

    let txn = begin(db).await?;
    let result = async {
        let regency = match regency_code {
            Some(code) => Some(regency_by_code(&txn, code).await?),
            None => None,
        };
        if app_user::Entity::find()
            .filter(app_user::Column::Username.eq(&username))
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(DataError::Duplicate {
                what: "app_user".to_owned(),
            });
        }
        let user = app_user::ActiveModel {
            id: NotSet,
            username: Set(username.clone()),
            display_name: Set(display_name.clone()),
            password_hash: Set(hash.clone()),
            role: Set(input.role),
            regency_id: Set(regency.as_ref().map(|r| r.id)),
            active: Set(true),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let mut codes = Vec::new();
        for code in &input.province_codes {
            let code = code.trim();
            let p = province::Entity::find()
                .filter(province::Column::Code.eq(code))
                .one(&txn)
                .await?
                .ok_or_else(|| DataError::UnknownRegion(code.to_owned()))?;
            if codes.contains(&p.code) {
                continue;
            }
            user_province::ActiveModel {
                id: NotSet,
                user_id: Set(user.id),
                province_id: Set(p.id),
            }
            .insert(&txn)
            .await?;
            codes.push(p.code);
        }
        audit::record(
            &txn,
            actor,
            "create",
            "app_user",
            &user.id.to_string(),
            None::<&()>,
            Some(&UserAudit {
                id: user.id,
                username: &user.username,
                display_name: &user.display_name,
                role: user.role.as_str(),
                regency: regency.as_ref().map(|r| r.code.as_str()),
                provinces: &codes,
            }),
            None,
        )
        .await?;
        Ok(user)
    }
    .await;
    finish(txn, result).await
}

/// Why a sign-in failed.
#[derive(Debug)]
pub enum LoginError {
    /// The username is not of a shape any account can have (checked before anything else: no
    /// database query, no password hash).
    InvalidUsername,
    /// Too many attempts for this username from this address (or from this address at all):
    /// try again after `retry_after` seconds (HTTP 429). The password was not checked.
    RateLimited {
        retry_after: i64,
    },
    /// Unknown user, wrong password or deactivated account (one message for all three).
    BadCredentials,
    Data(DataError),
}

impl From<DataError> for LoginError {
    fn from(e: DataError) -> Self {
        LoginError::Data(e)
    }
}

/// The username as stored (trimmed, lower-case), or `None` when no account can have it.
pub fn normalize_username(raw: &str) -> Option<String> {
    let name = raw.trim();
    if name.len() > 64 {
        return None;
    }
    let name = name.to_lowercase();
    valid_username(&name).then_some(name)
}

/// Audit key of failed sign-ins of names that are no account.
const UNKNOWN_USER: &str = "(tidak dikenal)";

/// Records a failed sign-in in the audit log, aggregated: one row per account and UTC day (its
/// detail says how many and the last address), one row per day for all unknown names.
async fn audit_failure(
    db: &DatabaseConnection,
    row: Option<&app_user::Model>,
    ip: Option<std::net::IpAddr>,
    now: i64,
) -> Result<(), DataError> {
    let (actor, key) = match row {
        Some(u) => (
            Actor {
                user_id: Some(u.id),
                username: u.username.clone(),
            },
            u.username.clone(),
        ),
        None => (
            Actor {
                user_id: None,
                username: "anonim".into(),
            },
            UNKNOWN_USER.to_owned(),
        ),
    };
    let from = ip.map_or_else(|| "-".to_owned(), |ip| ip.to_canonical().to_string());
    super::counter::audit_aggregated(db, &actor, "login_failed", "session", &key, now, |n| {
        format!("{n} percobaan masuk gagal hari ini (UTC); terakhir dari ip {from}")
    })
    .await
    .map(|_| ())
}

/// Signs in. In this order: the username's shape (no query, no hash when it cannot exist); the
/// rate limit, which **counts this attempt before the password is checked** (atomically, in the
/// database, see [`rate_limit`]); the password (argon2 on the blocking pool, bounded). On
/// success: clears the counts, revokes `previous_session` (the browser's old session: rotation),
/// deletes ended sessions, opens a session (audited) and returns the cookie token. Failures are
/// audited in aggregate.
pub async fn login(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    ip: Option<std::net::IpAddr>,
    previous_session: Option<i32>,
    now: i64,
) -> Result<(String, session::Model, User), LoginError> {
    let username = normalize_username(username).ok_or(LoginError::InvalidUsername)?;
    match rate_limit::count_attempt(db, &username, ip, now).await? {
        rate_limit::Decision::Refuse { retry_after } => {
            return Err(LoginError::RateLimited { retry_after });
        }
        rate_limit::Decision::Check(wait) if !wait.is_zero() => tokio::time::sleep(wait).await,
        rate_limit::Decision::Check(_) => {}
    }
    let row = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(&username))
        .one(db)
        .await
        .map_err(|e| LoginError::Data(e.into()))?;
    let hash = row
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let verified = verify_password_async(password.to_owned(), hash).await;
    let ok = verified && row.as_ref().is_some_and(|u| u.active);
    let u = match row {
        Some(u) if ok => u,
        other => {
            audit_failure(db, other.as_ref(), ip, now)
                .await
                .map_err(LoginError::Data)?;
            return Err(LoginError::BadCredentials);
        }
    };
    let txn = begin(db).await.map_err(LoginError::Data)?;
    let result = async {
        rate_limit::clear(&txn, &username, ip).await?;
        if let Some(old) = previous_session {
            super::revoke_session(&txn, old, now).await?;
        }
        super::purge_sessions(&txn, now).await?;
        super::counter::purge(&txn, 2 * 86_400, now).await?;
        let (token, session) = create_session(&txn, u.id, now).await?;
        let user = load_user(&txn, u).await?;
        audit::record(
            &txn,
            &Actor {
                user_id: Some(user.id),
                username: user.username.clone(),
            },
            "login",
            "session",
            &session.id.to_string(),
            None::<&()>,
            None::<&()>,
            ip.map(|ip| format!("ip {}", ip.to_canonical())),
        )
        .await?;
        Ok((token, session, user))
    }
    .await;
    Ok(finish(txn, result).await?)
}

/// Revokes every session of the signed-in user ("sign out everywhere"), audited.
pub async fn logout_everywhere<C: ConnectionTrait>(
    db: &C,
    user_id: i32,
    actor: &Actor,
    now: i64,
) -> Result<u64, DataError> {
    let n = super::revoke_user_sessions(db, user_id, now).await?;
    audit::record(
        db,
        actor,
        "logout_all",
        "session",
        &format!("user {user_id}"),
        None::<&()>,
        None::<&()>,
        Some(format!("{n} sesi diakhiri")),
    )
    .await?;
    Ok(n)
}

/// Revokes the session (logout), audited.
pub async fn logout<C: ConnectionTrait>(
    db: &C,
    session_id: i32,
    actor: &Actor,
    now: i64,
) -> Result<(), DataError> {
    super::revoke_session(db, session_id, now).await?;
    audit::record(
        db,
        actor,
        "logout",
        "session",
        &session_id.to_string(),
        None::<&()>,
        None::<&()>,
        None,
    )
    .await
}
