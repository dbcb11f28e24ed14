//! The audit log: one row per write (who, when, what, before and after as JSON) and per export.
//! [`record`] takes the caller's connection so the row is written in the same transaction as the
//! change it describes: both are kept, or neither.

use chrono::NaiveDate;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

use super::DataError;
use super::entities::audit_log;
use crate::auth::Actor;
use crate::model::{AuditFilter, AuditRow};

/// Rows shown per page of the audit log.
pub const PAGE_SIZE: u64 = 100;

fn json<T: Serialize + ?Sized>(value: Option<&T>) -> Option<String> {
    value.and_then(|v| serde_json::to_string(v).ok())
}

/// Writes one audit row.
#[allow(clippy::too_many_arguments)]
pub async fn record<C, B, A>(
    db: &C,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_key: &str,
    before: Option<&B>,
    after: Option<&A>,
    detail: Option<String>,
) -> Result<(), DataError>
where
    C: ConnectionTrait,
    B: Serialize + ?Sized,
    A: Serialize + ?Sized,
{
    audit_log::ActiveModel {
        id: NotSet,
        at: Set(chrono::Utc::now().timestamp()),
        user_id: Set(actor.user_id),
        username: Set(actor.username.chars().take(64).collect()),
        action: Set(action.chars().take(32).collect()),
        entity: Set(entity.chars().take(64).collect()),
        entity_key: Set(entity_key.chars().take(200).collect()),
        before_json: Set(json(before)),
        after_json: Set(json(after)),
        detail: Set(detail),
    }
    .insert(db)
    .await?;
    Ok(())
}

fn day_start(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}

/// The newest rows matching `filter` (at most [`PAGE_SIZE`], page `filter.page`), newest first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    filter: &AuditFilter,
) -> Result<Vec<AuditRow>, DataError> {
    let mut q = audit_log::Entity::find();
    if let Some(u) = filter
        .user
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        q = q.filter(audit_log::Column::Username.eq(u.to_lowercase()));
    }
    if let Some(e) = filter
        .entity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        q = q.filter(audit_log::Column::Entity.eq(e));
    }
    if let Some(a) = filter
        .action
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        q = q.filter(audit_log::Column::Action.eq(a));
    }
    if let Some(from) = filter.from {
        q = q.filter(audit_log::Column::At.gte(day_start(from)));
    }
    if let Some(to) = filter.to {
        q = q.filter(audit_log::Column::At.lt(day_start(to) + 86_400));
    }
    let rows = q
        .order_by_desc(audit_log::Column::Id)
        .offset(u64::from(filter.page.unwrap_or(0)) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditRow {
            id: r.id,
            at: chrono::DateTime::from_timestamp(r.at, 0)
                .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_default(),
            username: r.username,
            action: r.action,
            entity: r.entity,
            entity_key: r.entity_key,
            before: r.before_json,
            after: r.after_json,
            detail: r.detail,
        })
        .collect())
}
