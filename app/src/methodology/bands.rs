//! Versioned band tables of the Ombudsman RI score (domain research §1.4), read from
//! `app/data/methodology/bands.csv`.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::data::{YearRange, read_versions};
use super::{MethodologyError, OKABE_ITO, Zone, hundredths, hundredths_within};

/// One band of a table: scores from `min` to `max` (inclusive, in hundredths) get `label`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// `"A"`…`"E"` (2022–2024) or the zone key (`"hijau"`, … in 2015–2021 and from 2025).
    pub label: String,
    pub zone: Zone,
    pub min: f64,
    /// The next band's `min` − 0.01, or 100.00 for the best band.
    pub max: f64,
    /// Indonesian display name, e.g. "Kualitas Tertinggi".
    pub name_id: String,
    /// English display name, e.g. "Highest quality".
    pub name_en: String,
    /// Okabe–Ito colour; a label has the same colour in every version.
    pub colour: String,
}

impl Band {
    pub fn name(&self, english: bool) -> &str {
        if english {
            &self.name_en
        } else {
            &self.name_id
        }
    }
}

/// The bands of one methodology version, best band first; the last band starts at 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BandTable {
    pub version: String,
    pub years: YearRange,
    pub bands: Vec<Band>,
}

impl BandTable {
    /// Classifies `score` (compared in hundredths; see the module documentation).
    pub fn classify(&self, score: f64) -> Result<Classification, MethodologyError> {
        let out_of_range = || MethodologyError::ScoreOutOfRange { value: score };
        let value = hundredths_within(score, 0..=10_000).ok_or_else(out_of_range)?;
        let band = self
            .bands
            .iter()
            .find(|band| value >= hundredths(band.min))
            .ok_or_else(out_of_range)?;
        Ok(Classification {
            version: self.version.clone(),
            label: band.label.clone(),
            zone: band.zone,
        })
    }

    pub fn band(&self, label: &str) -> Option<&Band> {
        self.bands.iter().find(|band| band.label == label)
    }
}

/// The result of [`classify`]: the version whose table was used, the band's label and its zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub version: String,
    pub label: String,
    pub zone: Zone,
}

impl Classification {
    /// The band this classification names, if its version and label are known.
    pub fn band(&self) -> Option<&'static Band> {
        versions()
            .find(|table| table.version == self.version)?
            .band(&self.label)
    }

    /// Display name of the band, e.g. "Kualitas Tinggi" / "High quality" (the label if unknown).
    pub fn name(&self, english: bool) -> &str {
        self.band().map_or(&self.label, |band| band.name(english))
    }

    /// Chart colour of the band (the zone's colour if unknown).
    pub fn colour(&self) -> &str {
        self.band().map_or(self.zone.colour(), |band| &band.colour)
    }
}

static TABLES: LazyLock<Vec<BandTable>> = LazyLock::new(|| {
    parse(include_str!("../../data/methodology/bands.csv"))
        .unwrap_or_else(|error| panic!("app/data/methodology/bands.csv: {error}"))
});

/// All band tables, oldest version first.
pub fn versions() -> impl Iterator<Item = &'static BandTable> {
    TABLES.iter()
}

/// The band table in force in `year`; [`MethodologyError::NoAssessment`] for 2020 and before 2015.
pub fn band_table(year: i32) -> Result<&'static BandTable, MethodologyError> {
    versions()
        .find(|table| table.years.contains(year))
        .ok_or(MethodologyError::NoAssessment { year })
}

/// Classifies an Ombudsman RI score of `year`.
pub fn classify(year: i32, score: f64) -> Result<Classification, MethodologyError> {
    band_table(year)?.classify(score)
}

/// The labels of `year`'s table, best first.
pub fn all_labels_for_year(year: i32) -> Result<Vec<&'static str>, MethodologyError> {
    Ok(band_table(year)?
        .bands
        .iter()
        .map(|band| band.label.as_str())
        .collect())
}

const HEADER: [&str; 9] = [
    "version",
    "first_year",
    "last_year",
    "label",
    "zone",
    "min_score",
    "name_id",
    "name_en",
    "colour",
];

fn parse(text: &str) -> Result<Vec<BandTable>, String> {
    let mut tables = Vec::new();
    for version in read_versions(text, &HEADER)? {
        let mut bands: Vec<Band> = Vec::new();
        for row in &version.rows {
            let min: f64 = row.parse(5, "min_score")?;
            let colour = row.get(8);
            if !(0.0..=100.0).contains(&min) {
                return Err(row.error("min_score must lie in 0–100"));
            }
            if bands.iter().any(|band| band.label == row.get(3)) {
                return Err(row.error(format!("duplicate label {}", row.get(3))));
            }
            if !OKABE_ITO.contains(&colour) {
                return Err(row.error(format!("colour {colour} is not an Okabe–Ito colour")));
            }
            let max = match bands.last() {
                Some(better) if hundredths(min) >= hundredths(better.min) => {
                    return Err(
                        row.error("bands must be listed best first, with decreasing min_score")
                    );
                }
                Some(better) => (hundredths(better.min) - 1) as f64 / 100.0,
                None => 100.0,
            };
            bands.push(Band {
                label: row.get(3).to_owned(),
                zone: Zone::from_key(row.get(4))
                    .ok_or_else(|| row.error(format!("unknown zone {:?}", row.get(4))))?,
                min,
                max,
                name_id: row.get(6).to_owned(),
                name_en: row.get(7).to_owned(),
                colour: colour.to_owned(),
            });
        }
        if bands.last().is_none_or(|worst| worst.min != 0.0) {
            return Err(format!(
                "version {}: the last band must start at 0",
                version.version
            ));
        }
        tables.push(BandTable {
            version: version.version.to_owned(),
            years: version.years,
            bands,
        });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(year: i32, score: f64) -> String {
        classify(year, score)
            .unwrap_or_else(|error| panic!("{year} {score}: {error}"))
            .label
    }

    /// Asserts `(score, label)` pairs for `year`.
    fn assert_labels(year: i32, cases: &[(f64, &str)]) {
        for &(score, expected) in cases {
            assert_eq!(label(year, score), expected, "{year}, score {score}");
        }
    }

    #[test]
    fn tables_2022_2024_boundaries() {
        for year in 2022..=2024 {
            assert_labels(
                year,
                &[
                    (100.0, "A"),
                    (88.0, "A"),
                    (87.99, "B"),
                    (78.0, "B"),
                    (77.99, "C"),
                    (54.0, "C"),
                    (53.99, "D"),
                    (32.0, "D"),
                    (31.99, "E"),
                    (0.0, "E"),
                ],
            );
        }
        let zones: Vec<Zone> = band_table(2023)
            .unwrap()
            .bands
            .iter()
            .map(|band| band.zone)
            .collect();
        assert_eq!(
            zones,
            [
                Zone::Hijau,
                Zone::Hijau,
                Zone::Kuning,
                Zone::Merah,
                Zone::Merah
            ]
        );
    }

    #[test]
    fn tables_2015_2021_boundaries() {
        for year in (2015..=2019).chain([2021]) {
            assert_labels(
                year,
                &[
                    (100.0, "hijau"),
                    (81.0, "hijau"),
                    (80.99, "kuning"),
                    (80.5, "kuning"),
                    (51.0, "kuning"),
                    (50.99, "merah"),
                    (50.5, "merah"),
                    (0.0, "merah"),
                ],
            );
            assert!(
                band_table(year)
                    .unwrap()
                    .bands
                    .iter()
                    .all(|band| band.label == band.zone.key())
            );
        }
        assert_eq!(band_table(2019).unwrap().version, "2015");
        assert_eq!(band_table(2021).unwrap().version, "2021");
    }

    #[test]
    fn table_2025_onward_boundaries() {
        for year in [2025, 2026, 2030] {
            assert_labels(
                year,
                &[
                    (100.0, "hijau"),
                    (88.0, "hijau"),
                    (78.0, "hijau"),
                    (77.99, "kuning"),
                    (54.0, "kuning"),
                    (53.99, "merah"),
                    (32.0, "merah"),
                    (31.99, "hitam"),
                    (0.0, "hitam"),
                ],
            );
            assert_eq!(classify(year, 31.99).unwrap().zone, Zone::Hitam);
        }
        assert_eq!(band_table(2030).unwrap().version, "2025");
    }

    /// Every band of every table, straight from the data: min and max are in, one hundredth
    /// below min is the next band.
    #[test]
    fn every_band_of_every_table_is_contiguous() {
        for table in versions() {
            let year = table.years.first;
            assert_eq!(table.bands[0].max, 100.0);
            for (band, worse) in table
                .bands
                .iter()
                .zip(table.bands.iter().skip(1).map(Some).chain([None]))
            {
                assert_eq!(label(year, band.min), band.label);
                assert_eq!(label(year, band.max), band.label);
                match worse {
                    Some(worse) => {
                        assert_eq!(hundredths(worse.max), hundredths(band.min) - 1);
                        assert_eq!(label(year, band.min - 0.01), worse.label);
                    }
                    None => assert_eq!(band.min, 0.0),
                }
            }
        }
    }

    #[test]
    fn scores_are_compared_in_hundredths() {
        assert_labels(
            2023,
            &[
                (87.994, "B"),
                (87.996, "A"),
                (0.1 + 0.2 + 87.7, "A"),
                (100.004, "A"),
            ],
        );
    }

    #[test]
    fn out_of_range_scores_are_errors() {
        for year in [2015, 2019, 2021, 2022, 2024, 2025, 2030] {
            for score in [
                100.01,
                -0.01,
                -1.0,
                1e300,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ] {
                match classify(year, score) {
                    Err(MethodologyError::ScoreOutOfRange { value }) => {
                        assert!(
                            value.to_bits() == score.to_bits(),
                            "{year} {score}: reports {value}"
                        )
                    }
                    other => panic!("{year} {score}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn years_without_assessment_are_errors() {
        for year in [2020, 2014, 1990, i32::MIN] {
            assert_eq!(
                classify(year, 90.0),
                Err(MethodologyError::NoAssessment { year })
            );
            assert_eq!(
                band_table(year),
                Err(MethodologyError::NoAssessment { year })
            );
            assert!(all_labels_for_year(year).is_err());
        }
    }

    #[test]
    fn versions_and_labels() {
        let names: Vec<&str> = versions().map(|table| table.version.as_str()).collect();
        assert_eq!(names, ["2015", "2021", "2022", "2025"]);
        assert_eq!(
            all_labels_for_year(2024).unwrap(),
            ["A", "B", "C", "D", "E"]
        );
        assert_eq!(
            all_labels_for_year(2021).unwrap(),
            ["hijau", "kuning", "merah"]
        );
        assert_eq!(
            all_labels_for_year(2025).unwrap(),
            ["hijau", "kuning", "merah", "hitam"]
        );
    }

    #[test]
    fn display_names_and_colours() {
        let a = classify(2022, 90.0).unwrap();
        assert_eq!(
            (a.name(false), a.name(true)),
            ("Kualitas Tertinggi", "Highest quality")
        );
        let e = classify(2022, 10.0).unwrap();
        assert_eq!(
            (e.name(false), e.name(true)),
            ("Kualitas Terendah", "Lowest quality")
        );
        assert_eq!(a.colour(), "#009E73");
        // Unknown version: falls back to the label and the zone colour.
        let unknown = Classification {
            version: "1999".into(),
            label: "X".into(),
            zone: Zone::Merah,
        };
        assert_eq!(
            (unknown.name(true), unknown.colour(), unknown.band()),
            ("X", "#D55E00", None)
        );
    }

    #[test]
    fn a_label_keeps_its_colour_and_zone_labels_use_the_zone_colour() {
        let bands: Vec<&Band> = versions().flat_map(|table| &table.bands).collect();
        for band in &bands {
            assert!(
                bands
                    .iter()
                    .filter(|other| other.label == band.label)
                    .all(|other| other.colour == band.colour)
            );
            if band.label == band.zone.key() {
                assert_eq!(band.colour, band.zone.colour(), "{}", band.label);
            }
            assert!(!band.name_id.is_empty() && !band.name_en.is_empty());
        }
    }

    #[test]
    fn rejects_invalid_band_data() {
        let header = HEADER.join(",");
        let cases = [
            (
                "v,2000,,A,hijau,50,a,b,#000000\nv,2000,,B,kuning,60,a,b,#000000",
                "decreasing min_score",
            ),
            (
                "v,2000,,A,hijau,50,a,b,#000000\nv,2000,,B,kuning,50,a,b,#000000",
                "decreasing min_score",
            ),
            ("v,2000,,A,hijau,50,a,b,#000000", "must start at 0"),
            ("v,2000,,A,biru,0,a,b,#000000", "unknown zone"),
            ("v,2000,,A,hijau,101,a,b,#000000", "0–100"),
            ("v,2000,,A,hijau,0,a,b,#123456", "Okabe–Ito"),
            (
                "v,2000,,A,hijau,50,a,b,#000000\nv,2000,,A,merah,0,a,b,#000000",
                "duplicate label",
            ),
        ];
        for (rows, expected) in cases {
            let error = parse(&format!("{header}\n{rows}\n")).unwrap_err();
            assert!(error.contains(expected), "{rows}: {error}");
        }
    }

    /// Published results (news reports quoting Ombudsman RI; one source URL per row) must
    /// classify exactly as published.
    #[test]
    fn published_results_fixture() {
        let text = include_str!("../../data/fixtures/ombudsman_results_jambi_sumbar.csv");
        let mut lines = text.lines().filter(|line| !line.trim().is_empty());
        assert_eq!(
            lines.next(),
            Some("kemendagri_code,name,year,score,published_category,source")
        );
        let mut checked = 0;
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            let [code, name, year, score, published, _source] = fields[..] else {
                panic!("expected 6 fields: {line}");
            };
            let (year, score) = (year.parse().unwrap(), score.parse().unwrap());
            assert_eq!(
                label(year, score),
                published,
                "{code} {name} {year}: {score}"
            );
            checked += 1;
        }
        assert!(checked >= 47, "fixture shrank to {checked} rows");
    }
}
