//! Test harness: run the same test body on SQLite and on PostgreSQL.
//!
//! ```ignore
//! app::backend_tests! {
//!     async fn counts_regions(db: DatabaseConnection) {
//!         app::db::seed::load_reference(&db).await.unwrap();
//!         // ...
//!     }
//! }
//! ```
//! expands to `mod sqlite { #[tokio::test] async fn counts_regions() }` and
//! `mod postgres { #[tokio::test] async fn counts_regions() }`, so both show up in the test
//! output (`…::sqlite::counts_regions`, `…::postgres::counts_regions`). The caller's crate needs
//! `tokio` (with `macros` and `rt`).
//!
//! * SQLite: a fresh, migrated in-memory database per test.
//! * PostgreSQL: `TEST_DATABASE_URL` names a server (e.g.
//!   `postgres://postgres@127.0.0.1:5432/postgres`); each test gets its own database
//!   (`pantau_test_<pid>_<counter>_<nanos>`), migrated, and dropped afterwards — also when the test
//!   panics (best effort, from `Drop`). Without `TEST_DATABASE_URL` the PostgreSQL tests panic
//!   with a hint: they are meant to run, not to be skipped silently.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// Environment variable naming the PostgreSQL server used by the tests.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// A process-unique suffix: `<pid>_<counter>_<nanos>`.
pub fn unique_suffix() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}_{n}_{nanos}", std::process::id())
}

/// A fresh, migrated in-memory SQLite database.
pub async fn sqlite() -> DatabaseConnection {
    let db = super::connect("sqlite::memory:")
        .await
        .expect("open in-memory SQLite");
    super::migrate(&db).await.expect("migrate SQLite");
    db
}

/// The PostgreSQL server URL from `TEST_DATABASE_URL`; panics with a hint when unset.
pub fn postgres_server_url() -> String {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) or run `make test` \
             to run the PostgreSQL variant of the database tests"
        ),
    }
}

/// `url` with its database name replaced by `database` (query string kept).
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_and_path = &base[scheme_end..];
    let server = match host_and_path.find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

/// A throw-away PostgreSQL database for one test. Dropped by [`PgTestDb::finish`], or from `Drop`
/// if the test panicked.
pub struct PgTestDb {
    server_url: String,
    name: String,
    db: DatabaseConnection,
    finished: bool,
}

impl PgTestDb {
    /// Creates and migrates a uniquely named database on the `TEST_DATABASE_URL` server.
    pub async fn create() -> PgTestDb {
        let server_url = postgres_server_url();
        let name = format!("pantau_test_{}", unique_suffix());
        let admin = Database::connect(server_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL ({server_url}): {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        admin.close().await.ok();
        let db = super::connect(&with_database(&server_url, &name))
            .await
            .unwrap_or_else(|e| panic!("cannot connect to test database {name}: {e}"));
        let guard = PgTestDb {
            server_url,
            name,
            db,
            finished: false,
        };
        super::migrate(&guard.db).await.expect("migrate PostgreSQL");
        guard
    }

    /// A handle on the test database (a clone of the pool).
    pub fn connection(&self) -> DatabaseConnection {
        self.db.clone()
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the pool and drops the database.
    pub async fn finish(mut self) {
        self.finished = true;
        self.db.close_by_ref().await.ok();
        drop_database(&self.server_url, &self.name).await;
    }
}

async fn drop_database(server_url: &str, name: &str) {
    if let Ok(admin) = Database::connect(server_url).await {
        admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .await
            .ok();
        admin.close().await.ok();
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // The test panicked (or returned early): drop the database from a helper thread with its
        // own runtime, since `Drop` cannot await. `WITH (FORCE)` ends the test's connections.
        let server_url = self.server_url.clone();
        let name = self.name.clone();
        let handle = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(drop_database(&server_url, &name));
            }
        });
        handle.join().ok();
    }
}

/// Runs each test body on SQLite and on PostgreSQL: see the [module documentation](self).
#[macro_export]
macro_rules! backend_tests {
    ($( $(#[$attr:meta])* async fn $name:ident ( $db:ident : $ty:ty ) $body:block )*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$attr])*
                #[::tokio::test]
                async fn $name() {
                    let $db: $ty = $crate::db::testing::sqlite().await;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[$attr])*
                #[::tokio::test]
                async fn $name() {
                    let guard = $crate::db::testing::PgTestDb::create().await;
                    {
                        let $db: $ty = guard.connection();
                        $body
                    }
                    guard.finish().await;
                }
            )*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            with_database("postgres://u:p@h/db?sslmode=disable", "t2"),
            "postgres://u:p@h/t2?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "t3"),
            "postgres://h:5432/t3"
        );
    }

    #[test]
    fn suffixes_are_unique() {
        assert_ne!(unique_suffix(), unique_suffix());
    }
}
