//! The data layer's error type: what went wrong in terms a user can act on, with messages in
//! Indonesian (default) and English that never show SQL or driver internals.

use sea_orm::{DbErr, SqlErr, TransactionError};

/// Error of a read or write in [`crate::db`].
///
/// `Display` (for logs) may include database details; [`DataError::message`] (for users) never does.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DataError {
    /// No province or regency has this Kemendagri code.
    #[error("unknown region code {0:?}")]
    UnknownRegion(String),
    /// No service unit has this code (or id).
    #[error("unknown service unit {0:?}")]
    UnknownUnit(String),
    /// A number outside its allowed range (inclusive bounds).
    #[error("{field} = {value} is outside {min}–{max}")]
    OutOfRange {
        field: String,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A row with the same natural key exists already. `what` is the table's name.
    #[error("duplicate {what}")]
    Duplicate { what: String },
    /// A finding or follow-up refers to a unit (`unit`) outside the regency it belongs to (`regency`).
    #[error("unit {unit} is not in regency {regency}")]
    WrongRegency { unit: String, regency: String },
    /// The row to change does not exist.
    #[error("not found")]
    NotFound,
    /// The row was changed since it was read (optimistic locking).
    #[error("version conflict")]
    VersionConflict,
    /// Any other invalid input.
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: Reason },
    /// Any other database error.
    #[error("database error: {0}")]
    Db(DbErr),
}

/// Why a value is invalid ([`DataError::Invalid`]): a closed list, each with its message in
/// both languages ([`Reason::message`]); `Display` is the English text for logs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Reason {
    #[error("must not be empty")]
    Empty,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    #[error("refers to a record that does not exist or is still referenced")]
    DanglingReference,
    #[error("required by this year's weights")]
    RequiredByWeights,
    #[error("the due date is before the inspection")]
    DueBeforeInspection,
    #[error("the due date is before the MoU")]
    DueBeforeMou,
    #[error("a finished follow-up needs its evidence")]
    EvidenceRequired,
    #[error("a follow-up cannot precede the inspection")]
    FollowUpBeforeInspection,
    #[error("\"done\" needs 100 %")]
    DoneNeedsFull,
    #[error("must start with the regency code, e.g. \"{regency}-MPP\"")]
    MustStartWithRegency { regency: String },
    #[error("no Ombudsman RI assessment took place in {year}")]
    NoAssessment { year: i32 },
    #[error("the composite-score weights for {year} are not known")]
    NoWeights { year: i32 },
    #[error("no assessment data for {year}")]
    NoAssessmentData { year: i32 },
    #[error("unknown facility code {code:?}")]
    UnknownFacility { code: String },
    #[error("{category:?} is not a category of {year} (expected one of {expected})")]
    NotACategory {
        category: String,
        year: i32,
        expected: String,
    },
    /// Problems of our own reference files and of command-line input (English only: read by
    /// operators, never shown on a page).
    #[error("{0}")]
    Other(String),
}

impl Reason {
    /// The reason in the user's language (`english = false`: Indonesian).
    pub fn message(&self, english: bool) -> String {
        if english {
            return self.to_string();
        }
        match self {
            Reason::Empty => "tidak boleh kosong".to_owned(),
            Reason::TooLong { max } => format!("paling banyak {max} karakter"),
            Reason::DanglingReference => {
                "merujuk data yang tidak ada atau masih dirujuk data lain".to_owned()
            }
            Reason::RequiredByWeights => "wajib menurut bobot penilaian tahun itu".to_owned(),
            Reason::DueBeforeInspection => "tenggat sebelum tanggal inspeksi".to_owned(),
            Reason::DueBeforeMou => "tenggat sebelum tanggal nota kesepakatan".to_owned(),
            Reason::EvidenceRequired => "tindak lanjut yang selesai memerlukan bukti".to_owned(),
            Reason::FollowUpBeforeInspection => {
                "tindak lanjut tidak boleh sebelum inspeksi".to_owned()
            }
            Reason::DoneNeedsFull => "status \"selesai\" memerlukan 100 %".to_owned(),
            Reason::MustStartWithRegency { regency } => {
                format!("harus diawali kode kabupaten/kota, misalnya \"{regency}-MPP\"")
            }
            Reason::NoAssessment { year } => {
                format!("tidak ada penilaian Ombudsman RI pada tahun {year}")
            }
            Reason::NoWeights { year } => {
                format!("bobot nilai gabungan tahun {year} tidak diketahui")
            }
            Reason::NoAssessmentData { year } => {
                format!("tidak ada data penilaian untuk tahun {year}")
            }
            Reason::UnknownFacility { code } => format!("kode fasilitas \"{code}\" tidak dikenal"),
            Reason::NotACategory {
                category,
                year,
                expected,
            } => format!("\"{category}\" bukan kategori tahun {year} (pilihan: {expected})"),
            Reason::Other(text) => text.clone(),
        }
    }
}

impl From<DbErr> for DataError {
    /// Unique-key violations become [`DataError::Duplicate`] (named after the table when it can be
    /// told from the driver message), foreign-key violations [`DataError::Invalid`], the rest `Db`.
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(message)) => DataError::Duplicate {
                what: table_in_message(&message).unwrap_or("record").to_owned(),
            },
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => DataError::Invalid {
                field: "reference".to_owned(),
                reason: Reason::DanglingReference,
            },
            // SQLite reports a violated `ON DELETE RESTRICT` as SQLITE_CONSTRAINT_TRIGGER, which
            // `sql_err` does not classify.
            _ if err.to_string().contains("FOREIGN KEY constraint failed") => DataError::Invalid {
                field: "reference".to_owned(),
                reason: Reason::DanglingReference,
            },
            _ => DataError::Db(err),
        }
    }
}

impl From<TransactionError<DataError>> for DataError {
    fn from(err: TransactionError<DataError>) -> Self {
        match err {
            TransactionError::Connection(db) => db.into(),
            TransactionError::Transaction(e) => e,
        }
    }
}

impl From<crate::methodology::MethodologyError> for DataError {
    fn from(err: crate::methodology::MethodologyError) -> Self {
        use crate::methodology::MethodologyError as M;
        match err {
            M::ScoreOutOfRange { value } => DataError::OutOfRange {
                field: "score".to_owned(),
                value,
                min: 0.0,
                max: 100.0,
            },
            M::ElementOutOfRange { element, value } => DataError::OutOfRange {
                field: element.to_lowercase(),
                value,
                min: 1.0,
                max: 4.0,
            },
            M::ValueOutOfRange {
                field,
                value,
                min,
                max,
            } => DataError::OutOfRange {
                field,
                value,
                min,
                max,
            },
            M::NoAssessment { year } => DataError::Invalid {
                field: "year".to_owned(),
                reason: Reason::NoAssessment { year },
            },
            M::NoWeights { year } => DataError::Invalid {
                field: "year".to_owned(),
                reason: Reason::NoWeights { year },
            },
            M::MissingComponent { component } => DataError::Invalid {
                field: component.key().to_owned(),
                reason: Reason::RequiredByWeights,
            },
        }
    }
}

/// Whether a database error means the database cannot be reached or cannot serve now (an
/// outage: 503, retry later) rather than a bug in our queries (500): pool timeouts, closed or
/// refused connections, I/O errors, PostgreSQL's connection-exception, shutdown and
/// resource classes, and SQLite's busy/locked.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let runtime = match err {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r) => r,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return matches!(err, DbErr::Conn(_));
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::Protocol(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed => true,
        Sqlx::Database(db) => db.code().is_some_and(|code| {
            let code = code.as_ref();
            code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P")
                // SQLite: SQLITE_BUSY, SQLITE_LOCKED (and their extended codes)
                || code == "5"
                || code == "6"
                || code.parse::<u32>().is_ok_and(|n| n > 255 && matches!(n & 0xff, 5 | 6))
        }),
        _ => matches!(err, DbErr::Conn(_)),
    }
}

/// Our table names, longest first so `commitment_progress` wins over `commitment`.
const TABLES: [&str; 15] = [
    "commitment_progress",
    "compliance_score",
    "staff_snapshot",
    "facility_check",
    "complaint_stat",
    "service_unit",
    "skm_survey",
    "inspection",
    "commitment",
    "follow_up",
    "province",
    "facility",
    "regency",
    "finding",
    "mou",
];

fn table_in_message(message: &str) -> Option<&'static str> {
    TABLES.into_iter().find(|table| message.contains(table))
}

/// Display name of a table (`Duplicate::what`) or a field.
fn label(key: &str, english: bool) -> String {
    let (id, en) = match key {
        "province" => ("provinsi", "province"),
        "regency" => ("kabupaten/kota", "regency"),
        "service_unit" => ("unit layanan", "service unit"),
        "staff_snapshot" => (
            "data petugas pada tanggal itu",
            "staff snapshot for that date",
        ),
        "facility" => ("fasilitas", "facility"),
        "inspection" => ("inspeksi pada tanggal itu", "inspection on that date"),
        "facility_check" => ("pemeriksaan fasilitas", "facility check"),
        "finding" => ("temuan", "finding"),
        "follow_up" => ("tindak lanjut", "follow-up"),
        "complaint_stat" => (
            "statistik pengaduan triwulan itu",
            "complaint statistics for that quarter",
        ),
        "skm_survey" => ("survei SKM semester itu", "SKM survey for that semester"),
        "compliance_score" => (
            "nilai kepatuhan tahun itu",
            "compliance score for that year",
        ),
        "mou" => (
            "nota kesepakatan pada tanggal itu",
            "MoU signed on that date",
        ),
        "commitment" => ("komitmen dengan judul itu", "commitment with that title"),
        "commitment_progress" => (
            "laporan kemajuan pada tanggal itu",
            "progress report on that date",
        ),
        "score" | "total" => ("nilai", "score"),
        "input_score" => ("nilai dimensi input", "input score"),
        "process_score" => ("nilai dimensi proses", "process score"),
        "output_score" => ("nilai dimensi output", "output score"),
        "complaint_score" => ("nilai dimensi pengaduan", "complaint-handling score"),
        "public_trust" => ("nilai kepercayaan masyarakat", "public-trust score"),
        "attendance_pct" => ("persentase kehadiran", "attendance percentage"),
        "competence_score" => ("nilai kompetensi", "competence score"),
        "percent" => ("persentase kemajuan", "progress percentage"),
        "severity" => ("tingkat keparahan", "severity"),
        "quarter" => ("triwulan", "quarter"),
        "semester" => ("semester", "semester"),
        "year" => ("tahun", "year"),
        "respondents" => ("jumlah responden", "number of respondents"),
        "resolved" => ("pengaduan selesai", "resolved complaints"),
        "received" => ("pengaduan diterima", "received complaints"),
        "reference" => ("rujukan data", "reference"),
        "code" => ("kode", "code"),
        "name" => ("nama", "name"),
        "category" => ("kategori", "category"),
        "on_duty" => ("jumlah petugas bertugas", "staff on duty"),
        "required" => ("kebutuhan petugas (ABK)", "required staff"),
        "trained" => ("jumlah petugas terlatih", "trained staff"),
        "tenant_count" => ("jumlah tenant", "tenant count"),
        "service_count" => ("jumlah layanan", "service count"),
        "counter_count" => ("jumlah loket", "counter count"),
        other => {
            if let Some(n) = other
                .strip_prefix('u')
                .filter(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_digit()))
            {
                return if english {
                    format!("SKM element U{n}")
                } else {
                    format!("unsur SKM U{n}")
                };
            }
            return other.replace('_', " ");
        }
    };
    (if english { en } else { id }).to_owned()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A number as users write it: at most two decimals, no trailing zeros.
fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

impl DataError {
    /// A clear message for users, in Indonesian (`english = false`) or English. Never includes
    /// SQL, constraint names or driver messages.
    pub fn message(&self, english: bool) -> String {
        match (self, english) {
            (DataError::UnknownRegion(code), false) => format!("Kode wilayah \"{code}\" tidak dikenal."),
            (DataError::UnknownRegion(code), true) => format!("Unknown region code \"{code}\"."),
            (DataError::UnknownUnit(code), false) => format!("Unit layanan \"{code}\" tidak ditemukan."),
            (DataError::UnknownUnit(code), true) => format!("Unknown service unit \"{code}\"."),
            (DataError::OutOfRange { field, value, min, max }, false) => format!(
                "{} ({}) harus antara {} dan {}.",
                capitalised(&label(field, false)),
                number(*value),
                number(*min),
                number(*max)
            ),
            (DataError::OutOfRange { field, value, min, max }, true) => format!(
                "The {} ({}) must be between {} and {}.",
                label(field, true),
                number(*value),
                number(*min),
                number(*max)
            ),
            (DataError::Duplicate { what }, false) => format!("Data {} sudah ada.", label(what, false)),
            (DataError::Duplicate { what }, true) => format!("The {} already exists.", label(what, true)),
            (DataError::WrongRegency { unit, regency }, false) => format!(
                "Unit layanan \"{unit}\" tidak berada di wilayah {regency}; temuan dan tindak lanjut harus \
                 berada di kabupaten/kota yang sama dengan unit yang diperiksa."
            ),
            (DataError::WrongRegency { unit, regency }, true) => format!(
                "Service unit \"{unit}\" is not in region {regency}; findings and follow-ups must stay in the \
                 regency of the inspected unit."
            ),
            (DataError::NotFound, false) => "Data tidak ditemukan.".to_owned(),
            (DataError::NotFound, true) => "Not found.".to_owned(),
            (DataError::VersionConflict, false) => {
                "Data ini baru saja diubah oleh pengguna lain. Muat ulang halaman, lalu ulangi perubahan Anda.".to_owned()
            }
            (DataError::VersionConflict, true) => {
                "This record was just changed by someone else. Reload the page and make your change again.".to_owned()
            }
            (DataError::Invalid { field, reason }, false) => {
                format!("Isian {} tidak valid: {}.", label(field, false), reason.message(false))
            }
            (DataError::Invalid { field, reason }, true) => {
                format!("Invalid {}: {}.", label(field, true), reason.message(true))
            }
            (DataError::Db(_), false) => {
                "Terjadi gangguan pada basis data. Silakan coba lagi beberapa saat lagi.".to_owned()
            }
            (DataError::Db(_), true) => "A database error occurred. Please try again in a moment.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_bilingual_and_clean() {
        let e = DataError::OutOfRange {
            field: "input_score".into(),
            value: 100.01,
            min: 0.0,
            max: 100.0,
        };
        assert_eq!(
            e.message(false),
            "Nilai dimensi input (100.01) harus antara 0 dan 100."
        );
        assert_eq!(
            e.message(true),
            "The input score (100.01) must be between 0 and 100."
        );
        let e = DataError::OutOfRange {
            field: "u5".into(),
            value: 5.0,
            min: 1.0,
            max: 4.0,
        };
        assert_eq!(e.message(false), "Unsur SKM U5 (5) harus antara 1 dan 4.");
        assert!(e.message(true).contains("SKM element U5"));
        let e = DataError::Duplicate {
            what: "skm_survey".into(),
        };
        assert_eq!(
            e.message(true),
            "The SKM survey for that semester already exists."
        );
        let e = DataError::Db(DbErr::Custom("SELECT secret FROM x".into()));
        assert!(!e.message(false).contains("SELECT"));
        assert!(!e.message(true).contains("SELECT"));
    }

    #[test]
    fn invalid_reasons_are_translated() {
        let invalid = |field: &str, reason: Reason| DataError::Invalid {
            field: field.into(),
            reason,
        };
        assert_eq!(
            invalid("name", Reason::Empty).message(false),
            "Isian nama tidak valid: tidak boleh kosong."
        );
        assert_eq!(
            invalid("code", Reason::TooLong { max: 32 }).message(false),
            "Isian kode tidak valid: paling banyak 32 karakter."
        );
        assert_eq!(
            invalid(
                "category",
                Reason::NotACategory {
                    category: "Z".into(),
                    year: 2023,
                    expected: "A, B, C, D, E".into()
                }
            )
            .message(false),
            "Isian kategori tidak valid: \"Z\" bukan kategori tahun 2023 (pilihan: A, B, C, D, E)."
        );
        assert_eq!(
            invalid(
                "code",
                Reason::MustStartWithRegency {
                    regency: "15.05".into()
                }
            )
            .message(true),
            "Invalid code: must start with the regency code, e.g. \"15.05-MPP\"."
        );
    }

    #[test]
    fn table_names_are_found_in_driver_messages() {
        assert_eq!(
            table_in_message("UNIQUE constraint failed: skm_survey.unit_id, skm_survey.year"),
            Some("skm_survey")
        );
        assert_eq!(
            table_in_message(
                "duplicate key value violates unique constraint \"ux_commitment_progress_commitment_id_reported_on\""
            ),
            Some("commitment_progress")
        );
        assert_eq!(table_in_message("something else"), None);
    }
}
