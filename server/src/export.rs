//! CSV, JSON and Excel exports. CSV and JSON: UTF-8, a header row with stable snake_case names, RFC 4180 quoting,
//! and cells that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) are
//! prefixed with `'` so they stay text. The page exports (`/api/…`) and the whole-table dumps of
//! `pantau export` ([`write_table`]) share the cell formatting.
//!
//! Excel (`.xlsx`, [`Table::to_xlsx`]): typed cells, so no spreadsheet has to guess — codes and
//! other text as text (`15.09` stays `15.09` under any locale), scores and counts as numbers,
//! dates as dates; a bold header row, frozen, with an autofilter.

use std::io::Write;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, IdenStatic, Iterable, PrimaryKeyToColumn,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

/// A table ready to be sent as CSV or JSON.
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// A CSV cell: numbers stay numbers (a negative number is not a formula), text is guarded.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number shown with at most two decimals.
    Num(f64),
    /// A number shown exactly (shortest form that reads back as the same `f64`).
    Exact(f64),
    /// A calendar date: `YYYY-MM-DD` in CSV and JSON, a date cell in Excel.
    Date(chrono::NaiveDate),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}
impl From<u32> for Cell {
    fn from(v: u32) -> Self {
        Cell::Int(i64::from(v))
    }
}
impl From<i32> for Cell {
    fn from(v: i32) -> Self {
        Cell::Int(i64::from(v))
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(v)
    }
}
impl From<chrono::NaiveDate> for Cell {
    fn from(v: chrono::NaiveDate) -> Self {
        Cell::Date(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Empty, Into::into)
    }
}

/// Quotes a text field for CSV and neutralises spreadsheet formulas.
pub fn csv_text(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) || guarded != guarded.trim() {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

impl Cell {
    /// The cell as CSV text (quoted and guarded when text).
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_text(s),
            Cell::Int(v) => v.to_string(),
            Cell::Num(v) => format!("{}", (v * 100.0).round() / 100.0),
            Cell::Exact(v) => v.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// A JSON value of a serialized row as a cell: numbers exact, booleans `true`/`false`.
    fn from_json(value: &serde_json::Value) -> Cell {
        use serde_json::Value;
        match value {
            Value::Null => Cell::Empty,
            Value::Bool(b) => Cell::Text(b.to_string()),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Cell::Int(i),
                None => n.as_f64().map_or(Cell::Empty, Cell::Exact),
            },
            Value::String(s) => Cell::Text(s.clone()),
            other => Cell::Text(other.to_string()),
        }
    }
}

/// One CSV record with its line end.
pub fn csv_line<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> String {
    let mut line = cells
        .into_iter()
        .map(Cell::csv)
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

impl Table {
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.columns.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            out.push_str(&csv_line(row));
        }
        out
    }

    /// The same rows as JSON objects keyed by column name.
    pub fn to_json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = self
            .rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| {
                        (
                            c.to_string(),
                            serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                        )
                    })
                    .collect()
            })
            .collect();
        serde_json::json!({ "columns": self.columns, "rows": rows })
    }

    pub fn csv_response(&self) -> Response {
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}.csv\"", self.name),
                ),
            ],
            self.to_csv(),
        )
            .into_response()
    }

    pub fn json_response(&self) -> Response {
        axum::Json(self.to_json()).into_response()
    }

    /// The table as an Excel workbook with one sheet named after the table.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let name: String = self.name.chars().take(31).collect();
        sheet.set_name(name)?;
        let header = Format::new().set_bold().set_align(FormatAlign::Left);
        // "@" keeps a text cell text even when it is edited later.
        let text = Format::new().set_num_format("@");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let two_decimals = Format::new().set_num_format("0.00");
        for (c, column) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *column, &header)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string_with_format(r, c, s, &text)?;
                    }
                    Cell::Int(v) => {
                        sheet.write_number(r, c, *v as f64)?;
                    }
                    Cell::Num(v) => {
                        sheet.write_number_with_format(
                            r,
                            c,
                            (v * 100.0).round() / 100.0,
                            &two_decimals,
                        )?;
                    }
                    Cell::Exact(v) => {
                        sheet.write_number(r, c, *v)?;
                    }
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let when = ExcelDateTime::from_ymd(
                            u16::try_from(d.year()).unwrap_or(1900),
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        sheet.write_datetime_with_format(r, c, &when, &date)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_col = self.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, self.rows.len() as u32, last_col)?;
        sheet.autofit();
        workbook.save_to_buffer()
    }

    pub fn xlsx_response(&self) -> Response {
        match self.to_xlsx() {
            Ok(bytes) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            .to_string(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{}.xlsx\"", self.name),
                    ),
                ],
                bytes,
            )
                .into_response(),
            Err(e) => {
                tracing::error!(error = %e, table = self.name, "xlsx export failed");
                axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Whole tables (`pantau export`)
// ---------------------------------------------------------------------------------------------

/// The tables `pantau export` writes: every table of the data model. The account tables (users,
/// sessions, login attempts, audit log) are left out on purpose: they hold credentials.
pub const TABLES: [&str; 15] = [
    "province",
    "regency",
    "facility",
    "service_unit",
    "staff_snapshot",
    "inspection",
    "facility_check",
    "finding",
    "follow_up",
    "complaint_stat",
    "skm_survey",
    "compliance_score",
    "mou",
    "commitment",
    "commitment_progress",
];

/// Rows read per query while dumping a table.
const DUMP_PAGE: u64 = 5_000;

/// Writes table `table` (one of [`TABLES`]) as CSV to `out`: a header row with the column names,
/// then every row ordered by `id`; numbers exact, booleans `true`/`false`, dates `YYYY-MM-DD`,
/// text guarded against formulas. Returns the number of rows.
pub async fn write_table(
    db: &DatabaseConnection,
    table: &str,
    out: &mut (dyn Write + Send),
) -> Result<u64, String> {
    use app::db::entities::*;
    match table {
        "province" => dump::<province::Entity>(db, out).await,
        "regency" => dump::<regency::Entity>(db, out).await,
        "facility" => dump::<facility::Entity>(db, out).await,
        "service_unit" => dump::<service_unit::Entity>(db, out).await,
        "staff_snapshot" => dump::<staff_snapshot::Entity>(db, out).await,
        "inspection" => dump::<inspection::Entity>(db, out).await,
        "facility_check" => dump::<facility_check::Entity>(db, out).await,
        "finding" => dump::<finding::Entity>(db, out).await,
        "follow_up" => dump::<follow_up::Entity>(db, out).await,
        "complaint_stat" => dump::<complaint_stat::Entity>(db, out).await,
        "skm_survey" => dump::<skm_survey::Entity>(db, out).await,
        "compliance_score" => dump::<compliance_score::Entity>(db, out).await,
        "mou" => dump::<mou::Entity>(db, out).await,
        "commitment" => dump::<commitment::Entity>(db, out).await,
        "commitment_progress" => dump::<commitment_progress::Entity>(db, out).await,
        other => Err(format!(
            "unknown table {other:?} (one of: {})",
            TABLES.join(", ")
        )),
    }
}

/// Every row of `E` (whose primary key is an integer `id`), page by page.
async fn dump<E>(db: &DatabaseConnection, out: &mut (dyn Write + Send)) -> Result<u64, String>
where
    E: EntityTrait,
    E::Model: Serialize,
{
    let columns: Vec<&'static str> = E::Column::iter().map(|c| c.as_str()).collect();
    let id = E::PrimaryKey::iter()
        .next()
        .ok_or("table without a primary key")?
        .into_column();
    let io = |e: std::io::Error| e.to_string();
    out.write_all(columns.join(",").as_bytes()).map_err(io)?;
    out.write_all(b"\r\n").map_err(io)?;
    let mut rows = 0;
    let mut last: Option<i64> = None;
    loop {
        let mut query = E::find().order_by_asc(id).limit(DUMP_PAGE);
        if let Some(last) = last {
            query = query.filter(id.gt(last));
        }
        let page = query.all(db).await.map_err(|e| e.to_string())?;
        if page.is_empty() {
            break;
        }
        for model in &page {
            let value = serde_json::to_value(model).map_err(|e| e.to_string())?;
            let cells: Vec<Cell> = columns
                .iter()
                .map(|c| Cell::from_json(&value[*c]))
                .collect();
            out.write_all(csv_line(&cells).as_bytes()).map_err(io)?;
            last = value["id"].as_i64();
        }
        rows += page.len() as u64;
        if (page.len() as u64) < DUMP_PAGE {
            break;
        }
    }
    out.flush().map_err(io)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_injection() {
        assert_eq!(csv_text("Kab. A, B"), "\"Kab. A, B\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("-1"), "'-1");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("<script>"), "<script>");
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(Cell::Exact(-84.5671).csv(), "-84.5671");
        assert_eq!(Cell::Exact(100.0).csv(), "100");
    }

    #[test]
    fn table_csv_and_json() {
        let t = Table {
            name: "t",
            columns: vec!["name", "score", "n"],
            rows: vec![vec![
                "Kota \"X\", <script>".into(),
                Cell::Num(-84.567),
                Cell::Int(3),
            ]],
        };
        assert_eq!(
            t.to_csv(),
            "name,score,n\r\n\"Kota \"\"X\"\", <script>\",-84.57,3\r\n"
        );
        let j = t.to_json();
        assert_eq!(j["rows"][0]["name"], "Kota \"X\", <script>");
        assert_eq!(j["rows"][0]["n"], 3);
    }

    #[test]
    fn dates_are_iso_in_csv_and_json() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 6, 24).unwrap();
        assert_eq!(Cell::Date(d).csv(), "2024-06-24");
        assert_eq!(serde_json::to_value(Cell::Date(d)).unwrap(), "2024-06-24");
    }

    /// The XML of one part of the workbook (an xlsx is a zip of XML files).
    fn part(xlsx: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn xlsx_cells_are_typed_and_the_header_frozen_and_filtered() {
        let t = Table {
            name: "ranking",
            columns: vec!["regency_code", "score", "n", "on", "note"],
            rows: vec![
                vec![
                    "15.09".into(),
                    Cell::Num(88.85),
                    Cell::Int(514),
                    Cell::Date(chrono::NaiveDate::from_ymd_opt(2024, 6, 24).unwrap()),
                    "=1+1".into(),
                ],
                vec![
                    "15.10".into(),
                    Cell::Empty,
                    Cell::Int(3),
                    Cell::Empty,
                    "x".into(),
                ],
            ],
        };
        let xlsx = t.to_xlsx().unwrap();
        assert!(xlsx.starts_with(b"PK"), "a zip file");
        let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
        let strings = part(&xlsx, "xl/sharedStrings.xml");
        // Codes are shared strings (t="s"), never numbers: 15.10 keeps its trailing zero.
        assert!(strings.contains("<t>15.09</t>") && strings.contains("<t>15.10</t>"));
        assert!(!sheet.contains("<v>15.09</v>") && !sheet.contains("<v>15.1</v>"));
        // Scores and counts are numeric cells.
        assert!(sheet.contains("<v>88.85</v>"), "{sheet}");
        assert!(sheet.contains("<v>514</v>"));
        // 24 June 2024 is Excel serial date 45467, in a date-formatted cell.
        assert!(sheet.contains("<v>45467</v>"), "{sheet}");
        let styles = part(&xlsx, "xl/styles.xml");
        assert!(styles.contains("yyyy-mm-dd"));
        // A formula-like text is stored as text, not as a formula.
        assert!(strings.contains("<t>=1+1</t>") && !sheet.contains("<f>"));
        // Header row frozen and filtered over the whole table.
        assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""));
        assert!(sheet.contains("<autoFilter ref=\"A1:E3\""), "{sheet}");
    }
}
