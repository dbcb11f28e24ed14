//! The data layer (server only): connection, migrations, entities, validated writes, reference
//! and demo data, and the read queries used by pages and exports.
//!
//! The same code runs on SQLite (embedded default, `sqlite://pantau.db`) and PostgreSQL
//! (`postgres://…`); the backend is chosen by the URL only.

pub mod audit;
#[cfg(test)]
mod backend_tests;
pub mod entities;
mod error;
pub mod import;
#[cfg(test)]
mod leadership_tests;
pub mod queries;
pub mod seed;
pub mod testing;
#[cfg(test)]
mod unit_tests;
pub mod write;

pub use error::{DataError, Reason, is_unavailable};

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// Pool size for a SQLite file: WAL lets readers run beside the one writer.
const SQLITE_FILE_POOL: u32 = 4;
/// How long a SQLite writer waits for the lock before failing with "database is locked".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the server waits at start for an unreachable PostgreSQL to answer.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request waits for a pooled connection before failing: short, so that an outage
/// is reported within about a second instead of every request hanging.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);

/// SQLite: a request may wait for one of the few pooled connections while long writes (imports)
/// hold the others; waits are bounded but longer than PostgreSQL's.
const SQLITE_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens a connection pool.
///
/// * `sqlite:` URLs: the parent directory of a file is created, the file is created if missing
///   (`mode=rwc`), and every pooled connection gets `journal_mode=WAL`, `synchronous=NORMAL`,
///   `foreign_keys=ON` (SQLite does not enforce foreign keys otherwise) and a busy timeout.
///   An in-memory database (`sqlite::memory:`) uses a single connection that is never recycled,
///   since every connection would otherwise see its own empty database.
/// * other URLs (PostgreSQL) are used as they are.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = if url.starts_with("sqlite:") {
        sqlite_options(url)?
    } else {
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(10)
            .min_connections(0)
            .acquire_timeout(ACQUIRE_TIMEOUT);
        options
    };
    options.sqlx_logging(false);
    if url.starts_with("sqlite:") {
        return Database::connect(options).await;
    }
    // Requests wait at most ACQUIRE_TIMEOUT for a connection; starting up, the server waits up
    // to CONNECT_TIMEOUT for an unreachable database (e.g. one still starting beside it).
    let deadline = std::time::Instant::now() + CONNECT_TIMEOUT;
    loop {
        match Database::connect(options.clone()).await {
            Err(e) if unreachable(&e) && std::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            result => return result,
        }
    }
}

/// Whether `e` says the database could not be reached (as opposed to refusing the login).
fn unreachable(e: &DbErr) -> bool {
    use sea_orm::sqlx::Error;
    match e {
        DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)) => {
            matches!(&**e, Error::Io(_) | Error::PoolTimedOut)
        }
        _ => false,
    }
}

fn sqlite_options(url: &str) -> Result<ConnectOptions, DbErr> {
    let in_memory = is_sqlite_memory(url);
    let mut url = url.to_owned();
    if !in_memory {
        if let Some(path) = sqlite_file_path(&url)
            && let Some(parent) = Path::new(&path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent).map_err(|e| {
                DbErr::Conn(sea_orm::RuntimeErr::Internal(format!(
                    "cannot create {}: {e}",
                    parent.display()
                )))
            })?;
        }
        if !url.contains("mode=") {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str("mode=rwc");
        }
    }
    let mut options = ConnectOptions::new(url);
    options.map_sqlx_sqlite_opts(move |opts: SqliteConnectOptions| {
        let opts = opts.foreign_keys(true).busy_timeout(SQLITE_BUSY_TIMEOUT);
        if in_memory {
            opts
        } else {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
        }
    });
    if in_memory {
        options
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None::<Duration>)
            .max_lifetime(None::<Duration>);
    } else {
        options
            .max_connections(SQLITE_FILE_POOL)
            .min_connections(1)
            .acquire_timeout(SQLITE_ACQUIRE_TIMEOUT);
    }
    Ok(options)
}

fn is_sqlite_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// The file path of a `sqlite:` URL (`sqlite://data/pantau.db?x=y` → `data/pantau.db`).
fn sqlite_file_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty()).then(|| path.to_owned())
}

/// Applies all pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await
}

/// `true` when the database answers a trivial query (for `/healthz`).
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::ConnectionTrait;

    #[test]
    fn sqlite_file_paths() {
        assert_eq!(
            sqlite_file_path("sqlite://data/pantau.db?mode=rwc").as_deref(),
            Some("data/pantau.db")
        );
        assert_eq!(
            sqlite_file_path("sqlite:pantau.db").as_deref(),
            Some("pantau.db")
        );
        assert_eq!(
            sqlite_file_path("sqlite:///tmp/x/p.db").as_deref(),
            Some("/tmp/x/p.db")
        );
        assert!(is_sqlite_memory("sqlite::memory:"));
        assert!(!is_sqlite_memory("sqlite://pantau.db"));
    }

    #[tokio::test]
    async fn connect_creates_the_parent_directory_and_enforces_foreign_keys() {
        let dir = std::env::temp_dir().join(format!(
            "pantau-connect-{}-{}",
            std::process::id(),
            testing::unique_suffix()
        ));
        let url = format!("sqlite://{}/nested/p.db", dir.display());
        let db = connect(&url).await.unwrap();
        assert!(ping(&db).await);
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "PRAGMA foreign_keys",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<i32>(0).unwrap(), 1);
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                "PRAGMA journal_mode",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get_by_index::<String>(0).unwrap().to_lowercase(),
            "wal"
        );
        db.close().await.unwrap();
        assert!(dir.join("nested/p.db").exists());
        std::fs::remove_dir_all(dir).ok();
    }
}
