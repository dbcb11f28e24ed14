//! Atomic counters in the database (`rate_counter`), shared by every server instance: the login
//! rate limit and the aggregated audit rows (failed sign-ins, anonymous exports) count with them.
//!
//! [`bump`] is one statement (`INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`), so concurrent
//! requests on any number of instances never read the same count: the database serializes them
//! on the counter's row.

use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, Value};

use crate::db::DataError;

/// The count of `key` after one more hit, and when its window started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub hits: i64,
    pub window_start: i64,
}

fn placeholders(backend: DatabaseBackend, sql: &str) -> String {
    // The SQL below is written with `$n`; SQLite takes `?n` the same way.
    match backend {
        DatabaseBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    }
}

/// Adds one hit to `key` and returns its count in the current window of `window_secs` (a window
/// older than that starts again at 1). Atomic: one statement.
pub async fn bump<C: ConnectionTrait>(
    db: &C,
    key: &str,
    window_secs: i64,
    now: i64,
) -> Result<Count, DataError> {
    let backend = db.get_database_backend();
    let sql = placeholders(
        backend,
        r#"INSERT INTO rate_counter ("key", window_start, hits, updated_at) VALUES ($1, $2, 1, $2)
ON CONFLICT ("key") DO UPDATE SET
  hits = CASE WHEN rate_counter.window_start <= $3 THEN 1 ELSE rate_counter.hits + 1 END,
  window_start = CASE WHEN rate_counter.window_start <= $3 THEN $2 ELSE rate_counter.window_start END,
  updated_at = $2
RETURNING hits, window_start"#,
    );
    let values: Vec<Value> = vec![key.into(), now.into(), (now - window_secs).into()];
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or(DataError::NotFound)?;
    let hits: i32 = row.try_get("", "hits")?;
    let window_start: i64 = row.try_get("", "window_start")?;
    Ok(Count {
        hits: i64::from(hits),
        window_start,
    })
}

/// Forgets `key` (a successful sign-in clears its failures).
pub async fn reset<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), DataError> {
    let backend = db.get_database_backend();
    let sql = placeholders(backend, r#"DELETE FROM rate_counter WHERE "key" = $1"#);
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        vec![Value::from(key)],
    ))
    .await?;
    Ok(())
}

/// Deletes counters untouched for `max_age_secs`.
pub async fn purge<C: ConnectionTrait>(
    db: &C,
    max_age_secs: i64,
    now: i64,
) -> Result<u64, DataError> {
    let backend = db.get_database_backend();
    let sql = placeholders(backend, "DELETE FROM rate_counter WHERE updated_at < $1");
    let res = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            vec![Value::from(now - max_age_secs)],
        ))
        .await?;
    Ok(res.rows_affected())
}

async fn read_secret<C: ConnectionTrait>(db: &C, name: &str) -> Result<Option<String>, DataError> {
    let backend = db.get_database_backend();
    let sql = placeholders(backend, "SELECT value FROM app_secret WHERE name = $1");
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            vec![Value::from(name)],
        ))
        .await?;
    Ok(match row {
        Some(row) => Some(row.try_get("", "value")?),
        None => None,
    })
}

/// A named random secret shared by every instance (created on first use; when two instances
/// race, both read the one that was stored first).
pub async fn secret<C: ConnectionTrait>(db: &C, name: &str) -> Result<String, DataError> {
    if let Some(value) = read_secret(db, name).await? {
        return Ok(value);
    }
    let backend = db.get_database_backend();
    let insert = placeholders(
        backend,
        "INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    );
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        insert,
        vec![Value::from(name), Value::from(super::random_token())],
    ))
    .await?;
    read_secret(db, name).await?.ok_or(DataError::NotFound)
}

/// Start of the UTC day of `now` and its date.
pub fn day_of(now: i64) -> (i64, String) {
    let start = now - now.rem_euclid(86_400);
    let date = chrono::DateTime::from_timestamp(start, 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default();
    (start, date)
}

/// One audit row per (`action`, `entity_key`, UTC day) instead of one per event: the first event
/// of the day inserts the row, later ones update its count (`detail(count)`). The count comes
/// from [`bump`] inside the same transaction, which serializes the events of one key, so the
/// row always shows the latest count.
pub async fn audit_aggregated(
    db: &sea_orm::DatabaseConnection,
    actor: &super::Actor,
    action: &str,
    entity: &str,
    entity_key: &str,
    now: i64,
    detail: impl Fn(i64) -> String,
) -> Result<i64, DataError> {
    use crate::db::entities::audit_log;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let (day_start, date) = day_of(now);
    let entity_key: String = entity_key.chars().take(200).collect();
    let key = format!("audit:{action}:{date}:{entity_key}");
    let key: String = key.chars().take(255).collect();
    let txn = crate::db::write::begin(db).await?;
    let result = async {
        let count = bump(&txn, &key, 2 * 86_400, now).await?;
        let updated = if count.hits > 1 {
            audit_log::Entity::update_many()
                .col_expr(audit_log::Column::Detail, Expr::value(detail(count.hits)))
                .filter(audit_log::Column::Action.eq(action))
                .filter(audit_log::Column::EntityKey.eq(entity_key.as_str()))
                .filter(audit_log::Column::At.gte(day_start))
                .exec(&txn)
                .await?
                .rows_affected
        } else {
            0
        };
        if updated == 0 {
            crate::db::audit::record(
                &txn,
                actor,
                action,
                entity,
                &entity_key,
                None::<&()>,
                None::<&()>,
                Some(detail(count.hits)),
            )
            .await?;
        }
        Ok(count.hits)
    }
    .await;
    crate::db::write::finish(txn, result).await
}
