//! `pantau import` and `pantau export`: CSV files in and out of the database.

use std::path::Path;
use std::time::Instant;

use app::db::import::{ImportError, ImportKind, ImportPhase};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{ExportArgs, ImportArgs};
use crate::export::{TABLES, write_table};

/// Imports one CSV file (all or nothing, audited as the `cli` actor) and prints what it did; a
/// rejected file prints every problem on stderr and fails.
pub async fn import(database_url: &str, args: &ImportArgs) -> Result<(), String> {
    let english = args.lang == "en";
    let kind =
        ImportKind::parse(&args.kind).ok_or_else(|| format!("unknown kind {}", args.kind))?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let db = crate::prepare_database(database_url, 0.0, 0).await?;

    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress = |phase: ImportPhase, done: u64, total: u64| {
        let message = match (phase, english) {
            (ImportPhase::Checking, false) => "memeriksa",
            (ImportPhase::Checking, true) => "checking",
            (ImportPhase::Writing, false) => "menyimpan",
            (ImportPhase::Writing, true) => "writing",
        };
        bar.set_message(message);
        bar.set_length(total);
        bar.set_position(done);
    };
    let started = Instant::now();
    let file_name = args.file.display().to_string();
    let result = app::db::import::import_csv_as(
        &db,
        kind,
        &bytes,
        &app::auth::Actor::cli(),
        &file_name,
        &progress,
    )
    .await;
    bar.finish_and_clear();
    db.close().await.ok();
    match result {
        Ok(report) => {
            println!(
                "{} ({:.2} s)",
                report.message(kind, english),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(error @ ImportError::Rejected { .. }) => {
            for message in error.messages(english) {
                eprintln!("{message}");
            }
            Err(error.summary(english))
        }
        Err(ImportError::Data(error)) => {
            tracing::error!(%error, "import failed");
            Err(error.message(english))
        }
    }
}

/// Writes `<out>/<table>.csv` for one table or all of them.
pub async fn export(database_url: &str, args: &ExportArgs) -> Result<(), String> {
    let tables: Vec<&str> = if args.table == "all" {
        TABLES.to_vec()
    } else if TABLES.contains(&args.table.as_str()) {
        vec![args.table.as_str()]
    } else {
        return Err(format!(
            "unknown table {:?} (one of: all, {})",
            args.table,
            TABLES.join(", ")
        ));
    };
    let db = app::db::connect(database_url)
        .await
        .map_err(|e| format!("cannot open database: {e}"))?;
    app::db::migrate(&db)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    for table in tables {
        let path = args.out.join(format!("{table}.csv"));
        let rows = export_table(&db, table, &path).await?;
        println!("{table}: {rows} rows → {}", path.display());
    }
    db.close().await.ok();
    Ok(())
}

/// Writes one table to `path` (replacing it only once the whole table is written).
pub async fn export_table(
    db: &sea_orm::DatabaseConnection,
    table: &str,
    path: &Path,
) -> Result<u64, String> {
    let partial = path.with_extension("csv.part");
    let file = std::fs::File::create(&partial)
        .map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let rows = write_table(db, table, &mut out).await;
    drop(out);
    match rows {
        Ok(rows) => {
            std::fs::rename(&partial, path)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok(rows)
        }
        Err(error) => {
            std::fs::remove_file(&partial).ok();
            Err(error)
        }
    }
}
