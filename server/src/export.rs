//! CSV and JSON exports: UTF-8, a header row with stable snake_case names, RFC 4180 quoting,
//! and cells that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) are
//! prefixed with `'` so they stay text.

use axum::http::header;
use axum::response::{IntoResponse, Response};
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
    Num(f64),
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
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_text(s),
            Cell::Int(v) => v.to_string(),
            Cell::Num(v) => format!("{}", (v * 100.0).round() / 100.0),
            Cell::Empty => String::new(),
        }
    }
}

impl Table {
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.columns.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let line: Vec<String> = row.iter().map(Cell::csv).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
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
}
