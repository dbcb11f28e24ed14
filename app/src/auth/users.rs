//! Creating accounts (the `pantau create-user` command) and signing in.

use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde::Serialize;

use super::password::{MIN_PASSWORD_LEN, dummy_hash, hash_password, verify_password};
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
    /// Too many failed attempts for this username or address: try again later (HTTP 429).
    RateLimited,
    /// Unknown user, wrong password or deactivated account (one message for all three).
    BadCredentials,
    Data(DataError),
}

impl From<DataError> for LoginError {
    fn from(e: DataError) -> Self {
        LoginError::Data(e)
    }
}

/// Checks the rate limit and the password; on success opens a session (audited) and returns the
/// cookie token. Every attempt is counted.
pub async fn login(
    db: &DatabaseConnection,
    username: &str,
    password: &str,
    ip: Option<std::net::IpAddr>,
    now: i64,
) -> Result<(String, session::Model, User), LoginError> {
    let username = username.trim().to_lowercase();
    let keys = rate_limit::keys(&username, ip);
    if rate_limit::is_limited(db, &keys, now).await? {
        return Err(LoginError::RateLimited);
    }
    let row = app_user::Entity::find()
        .filter(app_user::Column::Username.eq(&username))
        .one(db)
        .await
        .map_err(|e| LoginError::Data(e.into()))?;
    let ok = match &row {
        Some(u) => verify_password(password, &u.password_hash) && u.active,
        None => {
            verify_password(password, dummy_hash());
            false
        }
    };
    let txn = begin(db).await.map_err(LoginError::Data)?;
    let result = async {
        rate_limit::record(&txn, &keys, ok, now).await?;
        match row {
            Some(u) if ok => {
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
                    ip.map(|ip| format!("ip {ip}")),
                )
                .await?;
                Ok(Some((token, session, user)))
            }
            _ => Ok(None),
        }
    }
    .await;
    match finish(txn, result).await? {
        Some(done) => Ok(done),
        None => Err(LoginError::BadCredentials),
    }
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
