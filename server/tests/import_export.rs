//! CSV import → table export, and the `pantau import` / `pantau export` commands.

use app::db::entities::service_unit;
use app::db::import::{ImportKind, ImportReport, import_csv};
use clap::{CommandFactory, Parser};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use server::config::Cli;
use server::export::{TABLES, write_table};

const UNITS: &str = "regency_code,unit_code,kind,name,inaugurated_on,tenant_count,service_count,counter_count\n\
                     15.05,15.05-F1,opd,=1+1,,,,\n\
                     15.05,15.05-F2,opd,@SUM(A1),2024-06-24,,-0,3\n\
                     15.05,15.05-F3,opd,\"Dinas \"\"A\"\", Muaro Jambi\",,,,\n";

async fn export(db: &DatabaseConnection, table: &str) -> String {
    let mut out = Vec::new();
    write_table(db, table, &mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}

app::backend_tests! {
    async fn formula_cells_are_neutralised_from_import_to_export(db: DatabaseConnection) {
        app::db::seed::load_reference(&db).await.unwrap();
        let report = import_csv(&db, ImportKind::ServiceUnits, UNITS.as_bytes()).await.unwrap();
        assert_eq!(report, ImportReport { rows: 3, inserted: 3, updated: 0, unchanged: 0 });
        // Stored as typed …
        let names: Vec<String> = service_unit::Entity::find().all(&db).await.unwrap().into_iter().map(|u| u.name).collect();
        assert!(names.contains(&"=1+1".to_owned()) && names.contains(&"@SUM(A1)".to_owned()));
        // … exported as text a spreadsheet will not evaluate.
        let csv = export(&db, "service_unit").await;
        let mut lines = csv.split("\r\n");
        assert_eq!(
            lines.next(),
            Some("id,regency_id,code,kind,name,inaugurated_on,tenant_count,service_count,counter_count,demo")
        );
        let f1 = csv.lines().find(|l| l.contains(",15.05-F1,")).unwrap();
        assert!(f1.ends_with(",15.05-F1,opd,'=1+1,,,,,false"), "{f1}");
        let f2 = csv.lines().find(|l| l.contains(",15.05-F2,")).unwrap();
        assert!(f2.ends_with(",15.05-F2,opd,'@SUM(A1),2024-06-24,,0,3,false"), "{f2}");
        let f3 = csv.lines().find(|l| l.contains(",15.05-F3,")).unwrap();
        assert!(f3.contains(",\"Dinas \"\"A\"\", Muaro Jambi\","), "{f3}");
        assert!(!csv.contains(",=") && !csv.contains(",@"), "{csv}");
    }

    async fn every_table_exports_a_header_and_all_its_rows(db: DatabaseConnection) {
        app::db::seed::load_reference(&db).await.unwrap();
        let config = app::db::seed::DemoConfig { seed: 3, scale: 0.02 };
        app::db::seed::generate_demo(&db, config, &|_, _| {}).await.unwrap();
        for table in TABLES {
            let csv = export(&db, table).await;
            let header = csv.split("\r\n").next().unwrap();
            assert!(header.starts_with("id,"), "{table}: {header}");
            let rows = csv.split("\r\n").filter(|l| !l.is_empty()).count() - 1;
            assert!(csv.ends_with("\r\n"), "{table}");
            if table == "service_unit" {
                assert_eq!(rows as u64, service_unit::Entity::find().count(&db).await.unwrap());
            }
            if ["province", "regency", "facility", "service_unit", "compliance_score"].contains(&table) {
                assert!(rows > 0, "{table} is empty");
            }
        }
        let regencies = export(&db, "regency").await;
        assert_eq!(regencies.split("\r\n").filter(|l| !l.is_empty()).count(), 515);
        assert!(regencies.contains(",15.05,1505,kabupaten,Kabupaten Muaro Jambi,"));
        assert!(write_table(&db, "app_user", &mut Vec::new()).await.is_err(), "accounts are not exported");
    }
}

#[test]
fn import_help_documents_every_format() {
    let mut command = Cli::command();
    let help = command
        .find_subcommand_mut("import")
        .unwrap()
        .render_long_help()
        .to_string();
    for kind in ImportKind::ALL {
        assert!(help.contains(kind.name()), "{kind}");
        for column in kind.columns() {
            assert!(help.contains(column) || column.starts_with('u'), "{column}");
        }
    }
    assert!(help.contains("u1 ... u9"));
}

/// `pantau import` and `pantau export` on a SQLite file, as a user runs them.
#[tokio::test]
async fn import_and_export_commands_on_a_sqlite_file() {
    let dir =
        std::env::temp_dir().join(format!("pantau-cli-{}", app::db::testing::unique_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/p.db", dir.display());
    let run = |args: &[&str]| {
        let mut argv = vec!["pantau", "--database-url", url.as_str()];
        argv.extend_from_slice(args);
        server::run(Cli::parse_from(argv))
    };
    let units = dir.join("units.csv");
    std::fs::write(&units, UNITS).unwrap();
    let units = units.to_str().unwrap();
    run(&["import", "units", units]).await.unwrap();
    run(&["import", "units", units, "--lang", "en"])
        .await
        .unwrap();

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, UNITS.replace("15.05,15.05-F3", "15.05,15.71-F3")).unwrap();
    let error = run(&["import", "units", bad.to_str().unwrap()])
        .await
        .unwrap_err();
    assert!(error.starts_with("Berkas ditolak: 1 masalah"), "{error}");
    let error = run(&["import", "units", bad.to_str().unwrap(), "--lang", "en"])
        .await
        .unwrap_err();
    assert!(error.starts_with("File rejected: 1 problem"), "{error}");

    let out = dir.join("out");
    run(&["export", "all", "--out", out.to_str().unwrap()])
        .await
        .unwrap();
    for table in TABLES {
        let csv = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        assert!(csv.starts_with("id,"), "{table}");
    }
    let units_csv = std::fs::read_to_string(out.join("service_unit.csv")).unwrap();
    assert!(units_csv.contains("'=1+1"));
    assert!(
        run(&["export", "nothing", "--out", out.to_str().unwrap()])
            .await
            .is_err()
    );
    std::fs::remove_dir_all(&dir).ok();
}
