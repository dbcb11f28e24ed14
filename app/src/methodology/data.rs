//! A minimal reader for the embedded data files under `app/data/methodology/`.
//!
//! Format: comma-separated, no quoting (no field may contain a comma); blank lines and lines
//! starting with `#` are comments; the first other line is the header. Every table starts with
//! the columns `version,first_year,last_year` (`last_year` empty = still in force).

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The years a methodology version is in force, inclusive; `last == None` means open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRange {
    pub first: i32,
    pub last: Option<i32>,
}

impl YearRange {
    pub fn contains(self, year: i32) -> bool {
        year >= self.first && self.last.is_none_or(|last| year <= last)
    }
}

/// One data line of a file: its 1-based line number and its (trimmed) fields.
pub(super) struct Row<'a> {
    pub line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub fn get(&self, index: usize) -> &'a str {
        self.fields[index]
    }

    /// Parses field `index` (called `name` in error messages).
    pub fn parse<T: FromStr>(&self, index: usize, name: &str) -> Result<T, String> {
        self.fields[index]
            .parse()
            .map_err(|_| self.error(format!("invalid {name} {:?}", self.fields[index])))
    }

    pub fn error(&self, message: impl std::fmt::Display) -> String {
        format!("line {}: {message}", self.line)
    }
}

/// Rows of one methodology version, with the version's name and years.
pub(super) struct VersionRows<'a> {
    pub version: &'a str,
    pub years: YearRange,
    pub rows: Vec<Row<'a>>,
}

/// Reads `text`, checks its header is `header` (which must start with
/// `version,first_year,last_year`) and groups the rows by version. The rows of a version must be
/// contiguous and agree on the years, and no two versions may cover the same year.
pub(super) fn read_versions<'a>(
    text: &'a str,
    header: &[&str],
) -> Result<Vec<VersionRows<'a>>, String> {
    debug_assert_eq!(header[..3], ["version", "first_year", "last_year"]);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    match lines.next() {
        Some((_, found)) if found == header.join(",") => {}
        found => {
            return Err(format!(
                "expected header {:?}, found {found:?}",
                header.join(",")
            ));
        }
    }

    let mut versions: Vec<VersionRows<'a>> = Vec::new();
    for (line, text) in lines {
        let row = Row {
            line,
            fields: text.split(',').map(str::trim).collect(),
        };
        if row.fields.len() != header.len() {
            return Err(row.error(format!(
                "expected {} fields, found {}",
                header.len(),
                row.fields.len()
            )));
        }
        let years = YearRange {
            first: row.parse(1, "first_year")?,
            last: match row.get(2) {
                "" => None,
                _ => Some(row.parse(2, "last_year")?),
            },
        };
        match versions.last_mut() {
            Some(current) if current.version == row.get(0) => {
                if current.years != years {
                    return Err(row.error(format!(
                        "years differ from the first row of version {}",
                        current.version
                    )));
                }
                current.rows.push(row);
            }
            _ => {
                if versions.iter().any(|v| v.version == row.get(0)) {
                    return Err(
                        row.error(format!("rows of version {} are not contiguous", row.get(0)))
                    );
                }
                if years.last.is_some_and(|last| last < years.first) {
                    return Err(row.error("last_year is before first_year"));
                }
                versions.push(VersionRows {
                    version: row.get(0),
                    years,
                    rows: vec![row],
                });
            }
        }
    }

    versions.sort_by_key(|v| v.years.first);
    for pair in versions.windows(2) {
        if pair[0]
            .years
            .last
            .is_none_or(|last| last >= pair[1].years.first)
        {
            return Err(format!(
                "versions {} and {} overlap",
                pair[0].version, pair[1].version
            ));
        }
    }
    Ok(versions)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: [&str; 4] = ["version", "first_year", "last_year", "x"];

    fn versions(text: &str) -> Result<Vec<(String, YearRange, usize)>, String> {
        read_versions(text, &HEADER).map(|vs| {
            vs.into_iter()
                .map(|v| (v.version.to_owned(), v.years, v.rows.len()))
                .collect()
        })
    }

    #[test]
    fn groups_rows_skips_comments_and_sorts_by_year() {
        let text = "# comment\n\nversion,first_year,last_year,x\nb,2020,,1\n# between\na,2010,2019,1\na,2010,2019,2\n";
        let open = YearRange {
            first: 2020,
            last: None,
        };
        let closed = YearRange {
            first: 2010,
            last: Some(2019),
        };
        assert_eq!(
            versions(text).unwrap(),
            vec![("a".into(), closed, 2), ("b".into(), open, 1)]
        );
    }

    #[test]
    fn year_range_contains_is_inclusive_and_open_ended() {
        let closed = YearRange {
            first: 2015,
            last: Some(2019),
        };
        assert!(
            !closed.contains(2014)
                && closed.contains(2015)
                && closed.contains(2019)
                && !closed.contains(2020)
        );
        let open = YearRange {
            first: 2025,
            last: None,
        };
        assert!(!open.contains(2024) && open.contains(2025) && open.contains(2100));
    }

    #[test]
    fn rejects_malformed_files() {
        let cases = [
            ("version,first_year,x\n", "expected header"),
            (
                "version,first_year,last_year,x\na,2010,,1,2\n",
                "line 2: expected 4 fields, found 5",
            ),
            (
                "version,first_year,last_year,x\na,20x0,,1\n",
                "line 2: invalid first_year",
            ),
            (
                "version,first_year,last_year,x\na,2010,2009,1\n",
                "last_year is before first_year",
            ),
            (
                "version,first_year,last_year,x\na,2010,2011,1\na,2010,2012,1\n",
                "years differ",
            ),
            (
                "version,first_year,last_year,x\na,2010,2011,1\nb,2012,,1\na,2010,2011,1\n",
                "not contiguous",
            ),
            (
                "version,first_year,last_year,x\na,2010,2015,1\nb,2015,,1\n",
                "overlap",
            ),
            (
                "version,first_year,last_year,x\na,2010,,1\nb,2015,,1\n",
                "overlap",
            ),
        ];
        for (text, expected) in cases {
            let error = versions(text).unwrap_err();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }
}
