//! CSV imports: published compliance scores, the service-unit registry, SKM results and staff
//! snapshots (see [`FORMATS`] for the columns).
//!
//! An import is all or nothing. The whole file is read and checked first — UTF-8, the header
//! (exactly the kind's columns, in any order), every cell's type, every rule of the matching
//! [`crate::db::write`] validation (`validate_*`, the same code the single writes use), the
//! region / unit codes, and that no natural key appears twice. Any problem rejects the file:
//! [`ImportError::Rejected`] counts **every** problem and lists the first 200 with row and column, and nothing is
//! written. A good file is written in one transaction as batched upserts by natural key; rows
//! equal to what is stored are left alone, so importing the same file again changes nothing
//! ([`ImportReport`] counts inserted / updated / unchanged rows). Reference look-ups take a
//! bounded number of queries: the code → id maps are loaded once, existing rows in chunks.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IdenStatic, Iterable,
    PrimaryKeyToColumn, QueryFilter, QuerySelect,
};

use super::DataError;
use super::entities::enums::UnitKind;
use super::entities::{
    compliance_score, province, regency, service_unit, skm_survey, staff_snapshot,
};
use super::write::{
    PublishedScoreInput, ServiceUnitInput, SkmSurveyInput, StaffSnapshotInput, begin, finish,
    new_row, validate_published_score, validate_service_unit, validate_skm_survey,
    validate_staff_snapshot,
};

/// The CSV formats, as shown by `pantau import --help` (and in the README).
pub const FORMATS: &str = "\
CSV files: UTF-8 (a byte-order mark is fine), a header row naming exactly the columns below (in
any order), one record per row; ',' separates cells (';' is recognised when the header uses it),
cells may be quoted (\"...\"). Empty cell = no value (allowed only where marked optional). Numbers
use '.' (a single ',' is read as the decimal separator too); dates are YYYY-MM-DD. Row numbers in
error messages are line numbers: the header is row 1.

scores  published Ombudsman RI compliance scores (same columns as app/data/published_scores.csv);
        key: kemendagri_code + year
  kemendagri_code     province (\"15\") or kabupaten/kota (\"15.05\") Kemendagri code, must exist
  name                region name, for people only (not stored)
  year                2000-2100, a year with an Ombudsman RI assessment
  score               total score 0-100
  published_category  category as published, one of that year's labels (e.g. A-E for 2022-2024,
                      hijau/kuning/merah up to 2021); optional: classified from the score
  source              URL of the publication; optional

units   the registry of MPPs and other service units; key: unit_code
  regency_code        kabupaten/kota code (\"15.05\"), must exist
  unit_code           \"<regency_code>-<SUFFIX>\", e.g. 15.05-MPP; at most 32 characters
  kind                mpp, dpmptsp, disdukcapil, puskesmas, rsud or opd
  name                unit name, at most 200 characters
  inaugurated_on      date; optional
  tenant_count        number of tenant agencies (MPP), whole number >= 0; optional
  service_count       number of services offered, whole number >= 0; optional
  counter_count       number of counters (loket), whole number >= 0; optional

skm     Survei Kepuasan Masyarakat results per unit and semester; key: unit_code + year + semester
  unit_code           an existing unit's code
  year                2000-2100
  semester            1 or 2
  respondents         whole number >= 1
  u1 ... u9           the nine element averages (NRR), each 1-4; the IKM is computed

staff   staffing snapshots per unit and date; key: unit_code + taken_on
  unit_code           an existing unit's code
  taken_on            date
  on_duty             staff on duty, whole number >= 0
  required            staff required by the workload analysis (ABK), whole number >= 0
  trained             trained staff, whole number 0..on_duty
  attendance_pct      attendance 0-100
  competence_score    competence score 0-100; optional
";

/// What a CSV file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportKind {
    /// Published compliance scores → `compliance_score`.
    PublishedScores,
    /// The MPP / service-unit registry → `service_unit`.
    ServiceUnits,
    /// SKM results → `skm_survey`.
    SkmSurveys,
    /// Staff snapshots → `staff_snapshot`.
    StaffSnapshots,
}

const SCORE_COLUMNS: &[&str] = &[
    "kemendagri_code",
    "name",
    "year",
    "score",
    "published_category",
    "source",
];
const UNIT_COLUMNS: &[&str] = &[
    "regency_code",
    "unit_code",
    "kind",
    "name",
    "inaugurated_on",
    "tenant_count",
    "service_count",
    "counter_count",
];
const SKM_COLUMNS: &[&str] = &[
    "unit_code",
    "year",
    "semester",
    "respondents",
    "u1",
    "u2",
    "u3",
    "u4",
    "u5",
    "u6",
    "u7",
    "u8",
    "u9",
];
const STAFF_COLUMNS: &[&str] = &[
    "unit_code",
    "taken_on",
    "on_duty",
    "required",
    "trained",
    "attendance_pct",
    "competence_score",
];

impl ImportKind {
    pub const ALL: [ImportKind; 4] = [
        ImportKind::PublishedScores,
        ImportKind::ServiceUnits,
        ImportKind::SkmSurveys,
        ImportKind::StaffSnapshots,
    ];

    /// The name used on the command line and in forms: `scores`, `units`, `skm`, `staff`.
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::PublishedScores => "scores",
            ImportKind::ServiceUnits => "units",
            ImportKind::SkmSurveys => "skm",
            ImportKind::StaffSnapshots => "staff",
        }
    }

    /// The kind named `name` ([`ImportKind::name`] or the table's name), case-insensitively.
    pub fn parse(name: &str) -> Option<ImportKind> {
        let name = name.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == name || kind.table() == name)
    }

    /// The table the rows go to.
    pub fn table(self) -> &'static str {
        match self {
            ImportKind::PublishedScores => "compliance_score",
            ImportKind::ServiceUnits => "service_unit",
            ImportKind::SkmSurveys => "skm_survey",
            ImportKind::StaffSnapshots => "staff_snapshot",
        }
    }

    /// The header the file must have (any order).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::PublishedScores => SCORE_COLUMNS,
            ImportKind::ServiceUnits => UNIT_COLUMNS,
            ImportKind::SkmSurveys => SKM_COLUMNS,
            ImportKind::StaffSnapshots => STAFF_COLUMNS,
        }
    }

    /// The columns of the natural key (a key may appear once per file).
    pub fn key_columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::PublishedScores => &["kemendagri_code", "year"],
            ImportKind::ServiceUnits => &["unit_code"],
            ImportKind::SkmSurveys => &["unit_code", "year", "semester"],
            ImportKind::StaffSnapshots => &["unit_code", "taken_on"],
        }
    }

    /// A short description for people.
    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (ImportKind::PublishedScores, false) => "nilai kepatuhan yang dipublikasikan",
            (ImportKind::PublishedScores, true) => "published compliance scores",
            (ImportKind::ServiceUnits, false) => "daftar unit layanan (MPP dan lainnya)",
            (ImportKind::ServiceUnits, true) => "service-unit registry (MPP and others)",
            (ImportKind::SkmSurveys, false) => "hasil SKM",
            (ImportKind::SkmSurveys, true) => "SKM results",
            (ImportKind::StaffSnapshots, false) => "data petugas",
            (ImportKind::StaffSnapshots, true) => "staff snapshots",
        }
    }

    /// Which CSV column a validation error of this kind is about. `field` names of
    /// [`DataError`] are the write inputs' names; most equal the CSV column.
    fn column_of(self, error: &DataError) -> Option<&'static str> {
        let field = match error {
            DataError::UnknownRegion(_) => "region",
            DataError::UnknownUnit(_) => "unit",
            DataError::OutOfRange { field, .. } | DataError::Invalid { field, .. } => field,
            _ => return None,
        };
        let aliases: &[(&str, &'static str)] = match self {
            ImportKind::PublishedScores => &[
                ("region", "kemendagri_code"),
                ("total", "score"),
                ("category", "published_category"),
            ],
            ImportKind::ServiceUnits => &[("region", "regency_code"), ("code", "unit_code")],
            ImportKind::SkmSurveys | ImportKind::StaffSnapshots => &[("unit", "unit_code")],
        };
        aliases
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, column)| *column)
            .or_else(|| self.columns().iter().copied().find(|c| *c == field))
    }
}

impl std::fmt::Display for ImportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    /// Rows equal to what was stored (not written).
    pub unchanged: u64,
}

impl ImportReport {
    /// A one-line summary for people.
    pub fn message(&self, kind: ImportKind, english: bool) -> String {
        if english {
            format!(
                "Imported {} rows of {}: {} inserted, {} updated, {} unchanged.",
                self.rows,
                kind.label(true),
                self.inserted,
                self.updated,
                self.unchanged
            )
        } else {
            format!(
                "{} baris {} diimpor: {} ditambahkan, {} diperbarui, {} tidak berubah.",
                self.rows,
                kind.label(false),
                self.inserted,
                self.updated,
                self.unchanged
            )
        }
    }
}

/// One problem of a rejected file.
#[derive(Clone, Debug)]
pub struct Problem {
    /// The row (line number; the header is row 1), `None` for the file as a whole.
    pub row: Option<u64>,
    /// The CSV column, when the problem is about one.
    pub column: Option<&'static str>,
    pub kind: ProblemKind,
}

/// What is wrong.
#[derive(Clone, Debug)]
pub enum ProblemKind {
    /// The file is not UTF-8; `line` holds the first invalid byte.
    NotUtf8 {
        line: u64,
    },
    /// No header row.
    Empty,
    /// The header is not the kind's column set.
    Header {
        expected: &'static [&'static str],
        missing: Vec<String>,
        unexpected: Vec<String>,
        repeated: Vec<String>,
    },
    /// A row with another number of cells than the header.
    CellCount {
        found: usize,
        expected: usize,
    },
    /// The CSV syntax could not be read.
    Malformed(String),
    /// A required cell is empty.
    Required,
    NotAnInteger(String),
    NotANumber(String),
    NotADate(String),
    UnknownUnitKind(String),
    /// The row repeats the natural key of an earlier row.
    DuplicateKey {
        columns: &'static [&'static str],
        first_row: u64,
    },
    /// A rule of the data layer (range, code, category, …).
    Data(DataError),
}

/// At most 60 characters of a cell, for messages.
fn shown(value: &str) -> String {
    let mut text: String = value.chars().take(60).collect();
    if value.chars().count() > 60 {
        text.push('…');
    }
    text
}

impl Problem {
    fn at(row: u64, column: &'static str, kind: ProblemKind) -> Problem {
        Problem {
            row: Some(row),
            column: Some(column),
            kind,
        }
    }

    fn file(kind: ProblemKind) -> Problem {
        Problem {
            row: None,
            column: None,
            kind,
        }
    }

    /// The problem for people, with its row and column: Indonesian or English.
    pub fn message(&self, english: bool) -> String {
        let place = match (self.row, self.column, english) {
            (Some(row), Some(column), false) => format!("Baris {row}, kolom {column}: "),
            (Some(row), Some(column), true) => format!("Row {row}, column {column}: "),
            (Some(row), None, false) => format!("Baris {row}: "),
            (Some(row), None, true) => format!("Row {row}: "),
            (None, Some(column), false) => format!("Kolom {column}: "),
            (None, Some(column), true) => format!("Column {column}: "),
            (None, None, _) => String::new(),
        };
        place + &self.kind.message(english)
    }
}

impl ProblemKind {
    fn message(&self, english: bool) -> String {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|i| if i.is_empty() { "\"\"" } else { i.as_str() })
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, english) {
            (ProblemKind::NotUtf8 { line }, false) => format!(
                "Berkas bukan teks UTF-8 (byte tidak valid pada baris {line}). Simpan ulang berkas \
                 sebagai \"CSV UTF-8\"."
            ),
            (ProblemKind::NotUtf8 { line }, true) => format!(
                "The file is not UTF-8 text (invalid bytes on line {line}). Save it again as \"CSV UTF-8\"."
            ),
            (ProblemKind::Empty, false) => "Berkas kosong: tidak ada baris judul kolom.".to_owned(),
            (ProblemKind::Empty, true) => "The file is empty: there is no header row.".to_owned(),
            (
                ProblemKind::Header {
                    expected,
                    missing,
                    unexpected,
                    repeated,
                },
                _,
            ) => {
                let mut text = if english {
                    "The header row does not match.".to_owned()
                } else {
                    "Baris judul kolom tidak sesuai.".to_owned()
                };
                for (items, id, en) in [
                    (missing, "Kolom yang tidak ada", "Missing columns"),
                    (unexpected, "Kolom yang tidak dikenal", "Unknown columns"),
                    (repeated, "Kolom yang berulang", "Repeated columns"),
                ] {
                    if !items.is_empty() {
                        text += &format!(" {}: {}.", if english { en } else { id }, list(items));
                    }
                }
                text += &format!(
                    " {}: {}.",
                    if english {
                        "Expected columns"
                    } else {
                        "Kolom yang diharapkan"
                    },
                    expected.join(",")
                );
                text
            }
            (ProblemKind::CellCount { found, expected }, false) => {
                format!("baris ini berisi {found} sel, seharusnya {expected}.")
            }
            (ProblemKind::CellCount { found, expected }, true) => {
                format!("this row has {found} cells instead of {expected}.")
            }
            (ProblemKind::Malformed(detail), false) => {
                format!("format CSV tidak dapat dibaca ({detail}).")
            }
            (ProblemKind::Malformed(detail), true) => format!("unreadable CSV ({detail})."),
            (ProblemKind::Required, false) => "wajib diisi.".to_owned(),
            (ProblemKind::Required, true) => "a value is required.".to_owned(),
            (ProblemKind::NotAnInteger(v), false) => {
                format!("\"{}\" bukan bilangan bulat.", shown(v))
            }
            (ProblemKind::NotAnInteger(v), true) => {
                format!("\"{}\" is not a whole number.", shown(v))
            }
            (ProblemKind::NotANumber(v), false) => format!("\"{}\" bukan angka.", shown(v)),
            (ProblemKind::NotANumber(v), true) => format!("\"{}\" is not a number.", shown(v)),
            (ProblemKind::NotADate(v), false) => format!(
                "\"{}\" bukan tanggal berformat TTTT-BB-HH (misalnya 2024-06-24).",
                shown(v)
            ),
            (ProblemKind::NotADate(v), true) => format!(
                "\"{}\" is not a date written YYYY-MM-DD (e.g. 2024-06-24).",
                shown(v)
            ),
            (ProblemKind::UnknownUnitKind(v), false) => format!(
                "jenis unit \"{}\" tidak dikenal (pilihan: {}).",
                shown(v),
                unit_kinds()
            ),
            (ProblemKind::UnknownUnitKind(v), true) => format!(
                "unknown unit kind \"{}\" (one of: {}).",
                shown(v),
                unit_kinds()
            ),
            (ProblemKind::DuplicateKey { columns, first_row }, false) => format!(
                "baris ini mengulang {} dari baris {first_row}; setiap kunci hanya boleh muncul sekali.",
                columns.join(" + ")
            ),
            (ProblemKind::DuplicateKey { columns, first_row }, true) => format!(
                "this row repeats the {} of row {first_row}; each key may appear only once.",
                columns.join(" + ")
            ),
            (ProblemKind::Data(error), _) => error.message(english),
        }
    }
}

fn unit_kinds() -> String {
    UnitKind::iter()
        .map(UnitKind::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an import wrote nothing.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems: the first [`MAX_PROBLEMS`] of them in row order, and how many
    /// there are in all.
    #[error("file rejected: {total} problem(s)")]
    Rejected {
        problems: Vec<Problem>,
        total: usize,
    },
    /// The database failed.
    #[error(transparent)]
    Data(#[from] DataError),
}

impl From<sea_orm::DbErr> for ImportError {
    fn from(err: sea_orm::DbErr) -> Self {
        ImportError::Data(err.into())
    }
}

/// Most problems a rejected file reports (the total is always counted): a file of 50,000 bad
/// rows answers a short report, not one line per problem.
pub const MAX_PROBLEMS: usize = 200;

impl ImportError {
    /// A rejected file with `problems` (in row order): keeps the first [`MAX_PROBLEMS`].
    pub fn rejected(mut problems: Vec<Problem>) -> ImportError {
        let total = problems.len();
        problems.truncate(MAX_PROBLEMS);
        problems.shrink_to_fit();
        ImportError::Rejected { problems, total }
    }

    /// A one-line summary for people.
    pub fn summary(&self, english: bool) -> String {
        match (self, english) {
            (ImportError::Rejected { problems, total }, false) => {
                let mut m = format!(
                    "Berkas ditolak: {total} masalah ditemukan; tidak ada data yang disimpan."
                );
                if *total > problems.len() {
                    m.push_str(&format!(" {} masalah pertama ditampilkan.", problems.len()));
                }
                m
            }
            (ImportError::Rejected { problems, total }, true) => {
                let mut m = format!("File rejected: {total} problem(s) found; nothing was saved.");
                if *total > problems.len() {
                    m.push_str(&format!(" The first {} are shown.", problems.len()));
                }
                m
            }
            (ImportError::Data(error), _) => error.message(english),
        }
    }

    /// Every problem for people (empty for a database error: see [`ImportError::summary`]).
    pub fn messages(&self, english: bool) -> Vec<String> {
        match self {
            ImportError::Rejected { problems, .. } => {
                problems.iter().map(|p| p.message(english)).collect()
            }
            ImportError::Data(_) => Vec::new(),
        }
    }

    /// The problems of a rejected file.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ImportError::Rejected { problems, .. } => problems,
            ImportError::Data(_) => &[],
        }
    }
}

/// The stage an import is in, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportPhase {
    /// Reading and checking rows (`done` of `total` rows).
    Checking,
    /// Writing rows (`done` of `total` rows to write).
    Writing,
}

/// A progress callback: `(phase, done, total)`.
pub type Progress<'a> = &'a (dyn Fn(ImportPhase, u64, u64) + Sync);

/// Imports a CSV file of `kind` in one transaction (see the [module documentation](self)).
pub async fn import_csv(
    db: &DatabaseConnection,
    kind: ImportKind,
    bytes: &[u8],
) -> Result<ImportReport, ImportError> {
    import_csv_with_progress(db, kind, bytes, &|_, _, _| {}).await
}

/// [`import_csv`], reporting progress.
pub async fn import_csv_with_progress(
    db: &DatabaseConnection,
    kind: ImportKind,
    bytes: &[u8],
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    // File-level problems need no transaction.
    let sheet = Sheet::read(kind, bytes)?;
    let txn = begin(db).await?;
    let result = import_sheet(&txn, sheet, progress).await;
    match result {
        Ok(report) => Ok(finish(txn, Ok(report)).await?),
        Err(error) => {
            txn.rollback().await.ok();
            Err(error)
        }
    }
}

/// [`import_csv_with_progress`] on behalf of `actor` (a signed-in user, or
/// [`crate::auth::Actor::cli`]): when the import changed something, one audit row (`import`,
/// the table, `file_name`, the report) is written in the same transaction.
pub async fn import_csv_as(
    db: &DatabaseConnection,
    kind: ImportKind,
    bytes: &[u8],
    actor: &crate::auth::Actor,
    file_name: &str,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let sheet = Sheet::read(kind, bytes)?;
    let txn = begin(db).await?;
    let result = async {
        let report = import_sheet(&txn, sheet, progress).await?;
        if report.inserted + report.updated > 0 {
            super::audit::record(
                &txn,
                actor,
                "import",
                kind.table(),
                file_name,
                None::<&()>,
                Some(&report),
                Some(report.message(kind, true)),
            )
            .await?;
        }
        Ok(report)
    }
    .await;
    match result {
        Ok(report) => Ok(finish(txn, Ok(report)).await?),
        Err(error) => {
            txn.rollback().await.ok();
            Err(error)
        }
    }
}

/// Checks and imports `bytes` on `conn`, typically a transaction the caller owns (e.g. to add an
/// audit row): on `Err` the caller must roll back, since nothing is guaranteed about what was
/// written before a database error (a rejected file writes nothing).
pub async fn import_csv_in<C: ConnectionTrait>(
    conn: &C,
    kind: ImportKind,
    bytes: &[u8],
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    import_sheet(conn, Sheet::read(kind, bytes)?, progress).await
}

async fn import_sheet<C: ConnectionTrait>(
    conn: &C,
    sheet: Sheet,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    match sheet.kind {
        ImportKind::PublishedScores => import_scores(conn, sheet, progress).await,
        ImportKind::ServiceUnits => import_units(conn, sheet, progress).await,
        ImportKind::SkmSurveys => import_skm(conn, sheet, progress).await,
        ImportKind::StaffSnapshots => import_staff(conn, sheet, progress).await,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// A decoded file with a good header.
struct Sheet {
    kind: ImportKind,
    /// `(row, cells in the kind's column order)`.
    records: Vec<(u64, Vec<String>)>,
    /// Row-level problems found while reading (cell counts, syntax).
    problems: Vec<Problem>,
}

impl Sheet {
    fn read(kind: ImportKind, bytes: &[u8]) -> Result<Sheet, ImportError> {
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let line = bytes[..error.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64
                    + 1;
                return Err(ImportError::rejected(vec![Problem::file(
                    ProblemKind::NotUtf8 { line },
                )]));
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first_line = text.lines().next().unwrap_or_default();
        let delimiter = if !first_line.contains(',') && first_line.contains(';') {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(header) => header.iter().map(|h| h.to_ascii_lowercase()).collect(),
            Err(error) => {
                return Err(ImportError::rejected(vec![Problem::file(
                    ProblemKind::Malformed(error.to_string()),
                )]));
            }
        };
        if header.iter().all(String::is_empty) {
            return Err(ImportError::rejected(vec![Problem::file(
                ProblemKind::Empty,
            )]));
        }
        let expected = kind.columns();
        let mut positions = Vec::with_capacity(expected.len());
        let mut missing = Vec::new();
        for column in expected {
            match header.iter().position(|h| h == column) {
                Some(i) => positions.push(i),
                None => missing.push((*column).to_owned()),
            }
        }
        let unexpected: Vec<String> = header
            .iter()
            .filter(|h| !expected.contains(&h.as_str()))
            .cloned()
            .collect();
        let mut repeated: Vec<String> = header
            .iter()
            .enumerate()
            .filter(|(i, h)| header[..*i].contains(h) && expected.contains(&h.as_str()))
            .map(|(_, h)| h.clone())
            .collect();
        repeated.dedup();
        if !(missing.is_empty() && unexpected.is_empty() && repeated.is_empty()) {
            return Err(ImportError::rejected(vec![Problem {
                row: Some(1),
                column: None,
                kind: ProblemKind::Header {
                    expected,
                    missing,
                    unexpected,
                    repeated,
                },
            }]));
        }

        let mut records = Vec::new();
        let mut problems = Vec::new();
        let mut record = csv::StringRecord::new();
        let mut lines = LineCounter::new(text.as_bytes());
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let row = lines.line_at(record.position().map_or(0, |p| offset(p.byte())));
                    // A row of empty cells (e.g. ",,," from a spreadsheet) is skipped.
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    if record.len() != header.len() {
                        problems.push(Problem {
                            row: Some(row),
                            column: None,
                            kind: ProblemKind::CellCount {
                                found: record.len(),
                                expected: header.len(),
                            },
                        });
                        continue;
                    }
                    records.push((
                        row,
                        positions.iter().map(|&i| record[i].to_owned()).collect(),
                    ));
                }
                Err(error) => {
                    // Not expected: the text is UTF-8 and rows may have any length here.
                    let row = error.position().map(|p| lines.line_at(offset(p.byte())));
                    problems.push(Problem {
                        row,
                        column: None,
                        kind: ProblemKind::Malformed(error.to_string()),
                    });
                    break;
                }
            }
        }
        Ok(Sheet {
            kind,
            records,
            problems,
        })
    }

    /// Parses and validates every record: the valid rows, and the problems of the others.
    fn check<I, V>(
        self,
        parse: fn(&mut Cells<'_>) -> Option<I>,
        validate: fn(&I) -> Result<V, Vec<DataError>>,
        progress: Progress<'_>,
    ) -> Checked<V> {
        let kind = self.kind;
        let total = self.records.len() as u64;
        let mut problems = self.problems;
        let mut rows = Vec::with_capacity(self.records.len());
        for (done, (row, cells)) in self.records.iter().enumerate() {
            if done % 1000 == 0 {
                progress(ImportPhase::Checking, done as u64, total);
            }
            let mut c = Cells {
                kind,
                row: *row,
                cells,
                problems: &mut problems,
                failed: false,
            };
            let Some(input) = parse(&mut c) else {
                continue;
            };
            if c.failed {
                continue;
            }
            match validate(&input) {
                Ok(valid) => rows.push((*row, valid)),
                Err(errors) => problems.extend(errors.into_iter().map(|error| Problem {
                    row: Some(*row),
                    column: kind.column_of(&error),
                    kind: ProblemKind::Data(error),
                })),
            }
        }
        progress(ImportPhase::Checking, total, total);
        Checked {
            kind,
            total,
            rows,
            problems,
        }
    }
}

fn offset(byte: u64) -> usize {
    usize::try_from(byte).unwrap_or(usize::MAX)
}

/// Line numbers of byte offsets, counted incrementally (offsets must not decrease).
struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of the record starting at `offset`. The csv reader may report a record's start
    /// just before the `\n` of the previous line's `\r\n`: line ends there are skipped.
    fn line_at(&mut self, offset: usize) -> u64 {
        let mut start = offset.max(self.counted_to).min(self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        self.line += self.bytes[self.counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.counted_to = start;
        self.line
    }
}

/// The cells of one record, in the kind's column order, and where to put their problems.
struct Cells<'a> {
    kind: ImportKind,
    row: u64,
    cells: &'a [String],
    problems: &'a mut Vec<Problem>,
    failed: bool,
}

impl<'a> Cells<'a> {
    fn column(&self, name: &str) -> (&'static str, &'a str) {
        let cells: &'a [String] = self.cells;
        let columns = self.kind.columns();
        let i = columns
            .iter()
            .position(|c| *c == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.kind));
        (columns[i], cells[i].as_str())
    }

    fn fail<T>(&mut self, column: &'static str, kind: ProblemKind) -> Option<T> {
        self.failed = true;
        self.problems.push(Problem::at(self.row, column, kind));
        None
    }

    /// The cell's text (may be empty).
    fn text(&self, name: &str) -> String {
        self.column(name).1.to_owned()
    }

    fn optional<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Option<T>,
        problem: fn(String) -> ProblemKind,
    ) -> Option<T> {
        let (column, value) = self.column(name);
        if value.is_empty() {
            return None;
        }
        match parse(value) {
            Some(v) => Some(v),
            None => {
                let value = value.to_owned();
                self.fail(column, problem(value))
            }
        }
    }

    fn required<T>(
        &mut self,
        name: &str,
        parse: impl FnOnce(&str) -> Option<T>,
        problem: fn(String) -> ProblemKind,
    ) -> Option<T> {
        let (column, value) = self.column(name);
        if value.is_empty() {
            return self.fail(column, ProblemKind::Required);
        }
        self.optional(name, parse, problem)
    }

    fn int(&mut self, name: &str) -> Option<i32> {
        self.required(name, parse_int, ProblemKind::NotAnInteger)
    }
    fn opt_int(&mut self, name: &str) -> Option<i32> {
        self.optional(name, parse_int, ProblemKind::NotAnInteger)
    }
    fn num(&mut self, name: &str) -> Option<f64> {
        self.required(name, parse_number, ProblemKind::NotANumber)
    }
    fn opt_num(&mut self, name: &str) -> Option<f64> {
        self.optional(name, parse_number, ProblemKind::NotANumber)
    }
    fn date(&mut self, name: &str) -> Option<NaiveDate> {
        self.required(name, parse_date, ProblemKind::NotADate)
    }
    fn opt_date(&mut self, name: &str) -> Option<NaiveDate> {
        self.optional(name, parse_date, ProblemKind::NotADate)
    }
}

fn parse_int(value: &str) -> Option<i32> {
    value.strip_prefix('+').unwrap_or(value).parse().ok()
}

/// A finite decimal number: `84.57`, or with a decimal comma `84,57`.
fn parse_number(value: &str) -> Option<f64> {
    let plain = |v: &str| {
        let ok = !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
        ok.then(|| v.parse::<f64>().ok())
            .flatten()
            .filter(|n| n.is_finite())
    };
    plain(value).or_else(|| {
        (value.matches(',').count() == 1 && !value.contains('.'))
            .then(|| plain(&value.replace(',', ".")))
            .flatten()
    })
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

fn parse_unit_kind(value: &str) -> Option<UnitKind> {
    let value = value.to_ascii_lowercase();
    UnitKind::iter().find(|k| k.as_str() == value)
}

fn parse_score_row(c: &mut Cells<'_>) -> Option<PublishedScoreInput> {
    let region_code = c.text("kemendagri_code");
    if region_code.is_empty() {
        c.fail::<()>("kemendagri_code", ProblemKind::Required);
    }
    let year = c.int("year");
    let total = c.num("score");
    let category = c.text("published_category");
    let source = c.text("source");
    Some(PublishedScoreInput {
        region_code,
        year: year?,
        total: total?,
        category: (!category.is_empty()).then_some(category),
        input_score: None,
        process_score: None,
        output_score: None,
        complaint_score: None,
        public_trust: None,
        source: (!source.is_empty()).then_some(source),
    })
}

fn parse_unit_row(c: &mut Cells<'_>) -> Option<ServiceUnitInput> {
    let regency_code = c.text("regency_code");
    if regency_code.is_empty() {
        c.fail::<()>("regency_code", ProblemKind::Required);
    }
    let kind = c.required("kind", parse_unit_kind, ProblemKind::UnknownUnitKind);
    let inaugurated_on = c.opt_date("inaugurated_on");
    let tenant_count = c.opt_int("tenant_count");
    let service_count = c.opt_int("service_count");
    let counter_count = c.opt_int("counter_count");
    Some(ServiceUnitInput {
        regency_code,
        code: c.text("unit_code"),
        kind: kind?,
        name: c.text("name"),
        inaugurated_on,
        tenant_count,
        service_count,
        counter_count,
    })
}

fn parse_skm_row(c: &mut Cells<'_>) -> Option<SkmSurveyInput> {
    let unit_code = c.text("unit_code");
    if unit_code.is_empty() {
        c.fail::<()>("unit_code", ProblemKind::Required);
    }
    let year = c.int("year");
    let semester = c.int("semester");
    let respondents = c.int("respondents");
    let mut elements = [0.0; 9];
    let mut all = true;
    for (i, element) in elements.iter_mut().enumerate() {
        match c.num(SKM_COLUMNS[4 + i]) {
            Some(value) => *element = value,
            None => all = false,
        }
    }
    all.then_some(())?;
    Some(SkmSurveyInput {
        unit_code,
        year: year?,
        semester: semester?,
        respondents: respondents?,
        elements,
    })
}

fn parse_staff_row(c: &mut Cells<'_>) -> Option<StaffSnapshotInput> {
    let unit_code = c.text("unit_code");
    if unit_code.is_empty() {
        c.fail::<()>("unit_code", ProblemKind::Required);
    }
    let taken_on = c.date("taken_on");
    let on_duty = c.int("on_duty");
    let required = c.int("required");
    let trained = c.int("trained");
    let attendance_pct = c.num("attendance_pct");
    let competence_score = c.opt_num("competence_score");
    Some(StaffSnapshotInput {
        unit_code,
        taken_on: taken_on?,
        on_duty: on_duty?,
        required: required?,
        trained: trained?,
        attendance_pct: attendance_pct?,
        competence_score,
    })
}

// ---------------------------------------------------------------------------------------------
// Checking against the database, and writing
// ---------------------------------------------------------------------------------------------

/// The valid rows of a file and the problems of the others.
struct Checked<V> {
    kind: ImportKind,
    total: u64,
    rows: Vec<(u64, V)>,
    problems: Vec<Problem>,
}

impl<V> Checked<V> {
    /// Reports rows whose natural key appeared on an earlier row.
    fn reject_duplicate_keys<K: Hash + Eq>(&mut self, key: impl Fn(&V) -> K) {
        let mut first_rows: HashMap<K, u64> = HashMap::with_capacity(self.rows.len());
        for (row, valid) in &self.rows {
            match first_rows.entry(key(valid)) {
                Entry::Occupied(first) => self.problems.push(Problem {
                    row: Some(*row),
                    column: None,
                    kind: ProblemKind::DuplicateKey {
                        columns: self.kind.key_columns(),
                        first_row: *first.get(),
                    },
                }),
                Entry::Vacant(slot) => {
                    slot.insert(*row);
                }
            }
        }
    }

    /// Resolves a code of every row with `ids`; unknown codes become problems.
    fn resolve<T: Copy>(
        &mut self,
        code: impl Fn(&V) -> &str,
        ids: impl Fn(&str) -> Option<T>,
        column: &'static str,
        unknown: fn(String) -> DataError,
    ) -> Vec<(T, V)> {
        let mut resolved = Vec::with_capacity(self.rows.len());
        for (row, valid) in std::mem::take(&mut self.rows) {
            match ids(code(&valid)) {
                Some(id) => resolved.push((id, valid)),
                None => self.problems.push(Problem::at(
                    row,
                    column,
                    ProblemKind::Data(unknown(code(&valid).to_owned())),
                )),
            }
        }
        resolved
    }

    /// `Err` with every problem, in row order, if there are any.
    fn reject_if_any(&mut self) -> Result<(), ImportError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let mut problems = std::mem::take(&mut self.problems);
        let order = |p: &Problem| {
            let column = p
                .column
                .and_then(|c| self.kind.columns().iter().position(|k| *k == c))
                .unwrap_or(usize::MAX);
            (p.row.unwrap_or(0), column)
        };
        problems.sort_by_key(order);
        Err(ImportError::rejected(problems))
    }
}

/// Sorts new rows into inserts, updates and unchanged ones by comparing with the stored row of
/// the same key; returns the rows to write.
fn plan<K, M, A, F>(
    report: &mut ImportReport,
    existing: &HashMap<K, M>,
    id: fn(&M) -> i32,
    rows: impl IntoIterator<Item = (K, F)>,
) -> Vec<A>
where
    K: Hash + Eq,
    M: PartialEq + sea_orm::IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait,
    F: Fn(i32) -> M,
{
    let mut to_write = Vec::new();
    for (key, model) in rows {
        match existing.get(&key) {
            None => {
                report.inserted += 1;
                to_write.push(new_row(model(0)));
            }
            Some(stored) if *stored == model(id(stored)) => report.unchanged += 1,
            Some(_) => {
                report.updated += 1;
                to_write.push(new_row(model(0)));
            }
        }
    }
    to_write
}

/// Bind parameters per statement: below SQLite's 32766 and PostgreSQL's 65535.
const MAX_PARAMS: usize = 30_000;
/// Values of at most this many rows are bound to one SQL statement.
const MAX_ROWS_PER_STATEMENT: usize = 2_000;
/// Ids per `IN (…)` list when loading stored rows.
const IDS_PER_QUERY: usize = 1_000;

/// Inserts `rows`, or updates the row of the same `keys` (every other column but the primary
/// key), in statements of a bounded number of rows.
async fn upsert<E, C>(
    conn: &C,
    rows: Vec<E::ActiveModel>,
    keys: &[E::Column],
    progress: Progress<'_>,
) -> Result<(), ImportError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let primary: Vec<&str> = E::PrimaryKey::iter()
        .map(|k| k.into_column().as_str())
        .collect();
    let key_names: Vec<&str> = keys.iter().map(|k| k.as_str()).collect();
    let updated: Vec<E::Column> = E::Column::iter()
        .filter(|c| !primary.contains(&c.as_str()) && !key_names.contains(&c.as_str()))
        .collect();
    let per_statement = (MAX_PARAMS / E::Column::iter().count()).clamp(1, MAX_ROWS_PER_STATEMENT);
    let total = rows.len() as u64;
    let mut done = 0;
    progress(ImportPhase::Writing, 0, total);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<E::ActiveModel> = rows.by_ref().take(per_statement).collect();
        done += chunk.len() as u64;
        E::insert_many(chunk)
            .on_conflict(
                OnConflict::columns(keys.iter().copied())
                    .update_columns(updated.iter().copied())
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?;
        progress(ImportPhase::Writing, done, total);
    }
    Ok(())
}

/// `code → id` of every row of a code/id table (one query).
async fn code_ids<E, C>(
    conn: &C,
    code: E::Column,
    id: E::Column,
) -> Result<HashMap<String, i32>, ImportError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    Ok(E::find()
        .select_only()
        .column(code)
        .column(id)
        .into_tuple::<(String, i32)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// The stored rows of the units `unit_ids`, in `IN` lists of [`IDS_PER_QUERY`].
async fn rows_of_units<E, C>(
    conn: &C,
    unit_column: E::Column,
    unit_ids: impl IntoIterator<Item = i32>,
) -> Result<Vec<E::Model>, ImportError>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let mut ids: Vec<i32> = unit_ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let mut rows = Vec::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        rows.extend(
            E::find()
                .filter(unit_column.is_in(chunk.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    Ok(rows)
}

async fn import_scores<C: ConnectionTrait>(
    conn: &C,
    sheet: Sheet,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let mut checked = sheet.check(parse_score_row, validate_published_score, progress);
    checked.reject_duplicate_keys(|v| (v.region_code.clone(), v.year));
    let provinces =
        code_ids::<province::Entity, _>(conn, province::Column::Code, province::Column::Id).await?;
    let regencies =
        code_ids::<regency::Entity, _>(conn, regency::Column::Code, regency::Column::Id).await?;
    let rows = checked.resolve(
        |v| &v.region_code,
        |code| {
            if code.len() == 2 {
                provinces.get(code).map(|id| (Some(*id), None))
            } else {
                regencies.get(code).map(|id| (None, Some(*id)))
            }
        },
        "kemendagri_code",
        DataError::UnknownRegion,
    );
    checked.reject_if_any()?;

    // compliance_score is small (a row per region and year): load it whole.
    let existing: HashMap<(String, i32), compliance_score::Model> =
        compliance_score::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|m| ((m.region_code.clone(), m.year), m))
            .collect();
    let mut report = ImportReport {
        rows: checked.total,
        ..Default::default()
    };
    let to_write = plan(
        &mut report,
        &existing,
        |m| m.id,
        rows.iter().map(|((province_id, regency_id), v)| {
            let key = (v.region_code.clone(), v.year);
            (key, move |id| v.model(id, *province_id, *regency_id))
        }),
    );
    use compliance_score::Column as S;
    upsert::<compliance_score::Entity, _>(conn, to_write, &[S::RegionCode, S::Year], progress)
        .await?;
    Ok(report)
}

async fn import_units<C: ConnectionTrait>(
    conn: &C,
    sheet: Sheet,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let mut checked = sheet.check(parse_unit_row, validate_service_unit, progress);
    checked.reject_duplicate_keys(|v| v.code.clone());
    let regencies =
        code_ids::<regency::Entity, _>(conn, regency::Column::Code, regency::Column::Id).await?;
    let rows = checked.resolve(
        |v| &v.regency_code,
        |code| regencies.get(code).copied(),
        "regency_code",
        DataError::UnknownRegion,
    );
    checked.reject_if_any()?;

    let mut codes: Vec<&str> = rows.iter().map(|(_, v)| v.code.as_str()).collect();
    codes.sort_unstable();
    let mut existing = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(IDS_PER_QUERY) {
        for unit in service_unit::Entity::find()
            .filter(service_unit::Column::Code.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            existing.insert(unit.code.clone(), unit);
        }
    }
    let mut report = ImportReport {
        rows: checked.total,
        ..Default::default()
    };
    let to_write = plan(
        &mut report,
        &existing,
        |m| m.id,
        rows.iter()
            .map(|(regency_id, v)| (v.code.clone(), move |id| v.model(id, *regency_id))),
    );
    upsert::<service_unit::Entity, _>(conn, to_write, &[service_unit::Column::Code], progress)
        .await?;
    Ok(report)
}

async fn import_skm<C: ConnectionTrait>(
    conn: &C,
    sheet: Sheet,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let mut checked = sheet.check(parse_skm_row, validate_skm_survey, progress);
    checked.reject_duplicate_keys(|v| (v.unit_code.clone(), v.year, v.semester));
    let units = code_ids::<service_unit::Entity, _>(
        conn,
        service_unit::Column::Code,
        service_unit::Column::Id,
    )
    .await?;
    let rows = checked.resolve(
        |v| &v.unit_code,
        |code| units.get(code).copied(),
        "unit_code",
        DataError::UnknownUnit,
    );
    checked.reject_if_any()?;

    use skm_survey::Column as S;
    let existing: HashMap<(i32, i32, i32), skm_survey::Model> =
        rows_of_units::<skm_survey::Entity, _>(conn, S::UnitId, rows.iter().map(|(id, _)| *id))
            .await?
            .into_iter()
            .map(|m| ((m.unit_id, m.year, m.semester), m))
            .collect();
    let mut report = ImportReport {
        rows: checked.total,
        ..Default::default()
    };
    let to_write = plan(
        &mut report,
        &existing,
        |m| m.id,
        rows.iter().map(|(unit_id, v)| {
            ((*unit_id, v.year, v.semester), move |id| {
                v.model(id, *unit_id)
            })
        }),
    );
    upsert::<skm_survey::Entity, _>(conn, to_write, &[S::UnitId, S::Year, S::Semester], progress)
        .await?;
    Ok(report)
}

async fn import_staff<C: ConnectionTrait>(
    conn: &C,
    sheet: Sheet,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let mut checked = sheet.check(parse_staff_row, validate_staff_snapshot, progress);
    checked.reject_duplicate_keys(|v| (v.unit_code.clone(), v.taken_on));
    let units = code_ids::<service_unit::Entity, _>(
        conn,
        service_unit::Column::Code,
        service_unit::Column::Id,
    )
    .await?;
    let rows = checked.resolve(
        |v| &v.unit_code,
        |code| units.get(code).copied(),
        "unit_code",
        DataError::UnknownUnit,
    );
    checked.reject_if_any()?;

    use staff_snapshot::Column as S;
    let existing: HashMap<(i32, NaiveDate), staff_snapshot::Model> =
        rows_of_units::<staff_snapshot::Entity, _>(conn, S::UnitId, rows.iter().map(|(id, _)| *id))
            .await?
            .into_iter()
            .map(|m| ((m.unit_id, m.taken_on), m))
            .collect();
    let mut report = ImportReport {
        rows: checked.total,
        ..Default::default()
    };
    let to_write = plan(
        &mut report,
        &existing,
        |m| m.id,
        rows.iter()
            .map(|(unit_id, v)| ((*unit_id, v.taken_on), move |id| v.model(id, *unit_id))),
    );
    upsert::<staff_snapshot::Entity, _>(conn, to_write, &[S::UnitId, S::TakenOn], progress).await?;
    Ok(report)
}

/// Imports against a database, on SQLite and PostgreSQL.
#[cfg(test)]
#[path = "import_tests.rs"]
mod backend;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in ImportKind::ALL {
            assert_eq!(ImportKind::parse(kind.name()), Some(kind));
            assert_eq!(ImportKind::parse(kind.table()), Some(kind));
            for key in kind.key_columns() {
                assert!(kind.columns().contains(key));
            }
            for column in kind.columns() {
                let listed = FORMATS.contains(&format!("\n  {column} "))
                    || (column.starts_with('u') && FORMATS.contains("\n  u1 ... u9 "));
                assert!(listed, "{column}");
            }
        }
        assert_eq!(ImportKind::parse(" SKM "), Some(ImportKind::SkmSurveys));
        assert_eq!(ImportKind::parse("x"), None);
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_number("84.57"), Some(84.57));
        assert_eq!(parse_number("84,57"), Some(84.57));
        assert_eq!(parse_number("-1"), Some(-1.0));
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("=1+1"), None);
        assert_eq!(parse_int("+12"), Some(12));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(
            parse_date("2024-06-24"),
            NaiveDate::from_ymd_opt(2024, 6, 24)
        );
        assert_eq!(parse_date("24/06/2024"), None);
        assert_eq!(parse_unit_kind("MPP"), Some(UnitKind::Mpp));
    }

    #[test]
    fn header_problems_name_the_columns() {
        let Err(ImportError::Rejected { problems, .. }) = Sheet::read(
            ImportKind::StaffSnapshots,
            b"unit_code,taken_on,on_duty,required,trained,attendance_pct,extra\n",
        ) else {
            panic!("accepted a bad header");
        };
        let message = problems[0].message(true);
        assert!(
            message.contains("Missing columns: competence_score"),
            "{message}"
        );
        assert!(message.contains("Unknown columns: extra"), "{message}");
        assert!(
            problems[0]
                .message(false)
                .contains("Kolom yang tidak ada: competence_score")
        );
    }

    #[test]
    fn bom_semicolons_and_quotes_are_read() {
        let file = "\u{feff}unit_code;taken_on;on_duty;required;trained;attendance_pct;competence_score\r\n\
                    \"15.05-MPP\";2024-01-02;10;12;8;\"95,5\";\r\n";
        let sheet = Sheet::read(ImportKind::StaffSnapshots, file.as_bytes())
            .unwrap_or_else(|e| panic!("{:?}", e.messages(true)));
        assert!(sheet.problems.is_empty());
        let checked = sheet.check(parse_staff_row, validate_staff_snapshot, &|_, _, _| {});
        assert!(checked.problems.is_empty(), "{:?}", checked.problems);
        let (row, valid) = &checked.rows[0];
        assert_eq!(*row, 2);
        assert_eq!(valid.unit_code, "15.05-MPP");
        assert_eq!(valid.attendance_pct, 95.5);
        assert_eq!(valid.competence_score, None);
    }

    #[test]
    fn rows_are_line_numbers_with_crlf_blank_lines_and_multiline_cells() {
        let file = "unit_code,taken_on,on_duty,required,trained,attendance_pct,competence_score\r\n\
                    A,2024-01-01,1,1,1,90,\r\n\
                    \r\n\
                    B,2024-01-01,1,1,1,90,\"multi\r\nline\"\r\n\
                    C,2024-01-01,1,1,1,x,\r\n";
        let sheet = Sheet::read(ImportKind::StaffSnapshots, file.as_bytes()).unwrap();
        let rows: Vec<u64> = sheet.records.iter().map(|(row, _)| *row).collect();
        assert_eq!(rows, [2, 4, 6]);
    }

    #[test]
    fn every_problem_of_a_row_is_listed() {
        let file = "unit_code,year,semester,respondents,u1,u2,u3,u4,u5,u6,u7,u8,u9\n\
                    A,2024,1,10,3,3,3,3,3,3,3,3,3\n\
                    B,1999,3,0,5,3,3,3,3,3,3,3,0.5\n\
                    C,abc,1,10,3,3,3,3,3,3,3,3,\n";
        let sheet = Sheet::read(ImportKind::SkmSurveys, file.as_bytes()).unwrap();
        let checked = sheet.check(parse_skm_row, validate_skm_survey, &|_, _, _| {});
        assert_eq!(checked.rows.len(), 1);
        let found: Vec<(Option<u64>, Option<&str>)> =
            checked.problems.iter().map(|p| (p.row, p.column)).collect();
        assert_eq!(
            found,
            vec![
                (Some(3), Some("year")),
                (Some(3), Some("semester")),
                (Some(3), Some("respondents")),
                (Some(3), Some("u1")),
                (Some(3), Some("u9")),
                (Some(4), Some("year")),
                (Some(4), Some("u9")),
            ]
        );
        assert_eq!(
            checked.problems[3].message(false),
            "Baris 3, kolom u1: Unsur SKM U1 (5) harus antara 1 dan 4."
        );
        assert_eq!(
            checked.problems[5].message(true),
            "Row 4, column year: \"abc\" is not a whole number."
        );
        assert_eq!(
            checked.problems[6].message(false),
            "Baris 4, kolom u9: wajib diisi."
        );
    }

    #[test]
    fn not_utf8_names_the_line() {
        let Err(error) = Sheet::read(ImportKind::PublishedScores, b"a,b\nx,\xff\n") else {
            panic!("accepted Latin-1");
        };
        assert!(matches!(
            error.problems()[0].kind,
            ProblemKind::NotUtf8 { line: 2 }
        ));
        assert!(error.messages(false)[0].contains("bukan teks UTF-8"));
    }
}
