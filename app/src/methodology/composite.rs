//! Composite Ombudsman RI score from dimension scores (domain research §1.2 for 2022–2024,
//! §1.3 for 2025), with the versioned weights of `app/data/methodology/weights.csv`:
//!
//! composite = Σ weightᵢ × scoreᵢ / Σ weightᵢ over the components the version weights.
//!
//! 2022–2024: input 21.85, proses 32.37, output 24.24, pengaduan 21.54. From 2025 the four
//! dimensions keep those proportions but share 70 % (each weight × 0.70, stored so in the file)
//! and public trust (kepercayaan masyarakat) carries 30 %. The result is not rounded;
//! [`super::classify`] rounds to hundredths.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::data::{YearRange, read_versions};
use super::{MethodologyError, band_table, check_range};

/// A weighted component of the composite score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Kompetensi pelaksana and sarana prasarana.
    Input,
    /// Standar pelayanan (proses).
    Process,
    /// Persepsi maladministrasi.
    Output,
    /// Pengelolaan pengaduan.
    ComplaintHandling,
    /// Kepercayaan masyarakat (from 2025).
    PublicTrust,
}

impl Component {
    pub const ALL: [Component; 5] = [
        Component::Input,
        Component::Process,
        Component::Output,
        Component::ComplaintHandling,
        Component::PublicTrust,
    ];

    /// The snake_case key used in data files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Component::Input => "input",
            Component::Process => "process",
            Component::Output => "output",
            Component::ComplaintHandling => "complaint_handling",
            Component::PublicTrust => "public_trust",
        }
    }

    pub fn from_key(key: &str) -> Option<Component> {
        Component::ALL
            .into_iter()
            .find(|component| component.key() == key)
    }

    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (Component::Input, _) => "Input",
            (Component::Process, false) => "Proses",
            (Component::Process, true) => "Process",
            (Component::Output, _) => "Output",
            (Component::ComplaintHandling, false) => "Pengelolaan pengaduan",
            (Component::ComplaintHandling, true) => "Complaint handling",
            (Component::PublicTrust, false) => "Kepercayaan masyarakat",
            (Component::PublicTrust, true) => "Public trust",
        }
    }
}

/// Scores (0–100) of one assessed entity; `public_trust` is required from 2025.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DimensionScores {
    pub input: f64,
    pub process: f64,
    pub output: f64,
    pub complaint_handling: f64,
    pub public_trust: Option<f64>,
}

impl DimensionScores {
    pub fn get(&self, component: Component) -> Option<f64> {
        match component {
            Component::Input => Some(self.input),
            Component::Process => Some(self.process),
            Component::Output => Some(self.output),
            Component::ComplaintHandling => Some(self.complaint_handling),
            Component::PublicTrust => self.public_trust,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Weight {
    pub component: Component,
    /// Percent; the weights of a table sum to 100.
    pub weight: f64,
}

/// The weights of one methodology version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeightTable {
    pub version: String,
    pub years: YearRange,
    pub weights: Vec<Weight>,
}

impl WeightTable {
    pub fn weight(&self, component: Component) -> Option<f64> {
        self.weights
            .iter()
            .find(|w| w.component == component)
            .map(|w| w.weight)
    }

    /// The composite score; scores of components this table does not weight are ignored.
    pub fn composite(&self, scores: &DimensionScores) -> Result<f64, MethodologyError> {
        let mut weighted = 0.0;
        let mut total = 0.0;
        for &Weight { component, weight } in &self.weights {
            let score = scores
                .get(component)
                .ok_or(MethodologyError::MissingComponent { component })?;
            weighted += weight * check_range(component.key(), score, 0.0, 100.0)?;
            total += weight;
        }
        Ok(weighted / total)
    }
}

static TABLES: LazyLock<Vec<WeightTable>> = LazyLock::new(|| {
    parse(include_str!("../../data/methodology/weights.csv"))
        .unwrap_or_else(|error| panic!("app/data/methodology/weights.csv: {error}"))
});

/// The weights in force in `year`: [`MethodologyError::NoAssessment`] if there was no assessment
/// that year, [`MethodologyError::NoWeights`] if its weights are unknown (before 2022).
pub fn weight_table(year: i32) -> Result<&'static WeightTable, MethodologyError> {
    band_table(year)?;
    TABLES
        .iter()
        .find(|table| table.years.contains(year))
        .ok_or(MethodologyError::NoWeights { year })
}

/// The composite score of `year` from its dimension scores (each 0–100).
pub fn composite_score(year: i32, scores: &DimensionScores) -> Result<f64, MethodologyError> {
    weight_table(year)?.composite(scores)
}

const HEADER: [&str; 5] = ["version", "first_year", "last_year", "component", "weight"];

fn parse(text: &str) -> Result<Vec<WeightTable>, String> {
    let mut tables = Vec::new();
    for version in read_versions(text, &HEADER)? {
        let mut weights: Vec<Weight> = Vec::new();
        for row in &version.rows {
            let component = Component::from_key(row.get(3))
                .ok_or_else(|| row.error(format!("unknown component {:?}", row.get(3))))?;
            if weights.iter().any(|w| w.component == component) {
                return Err(row.error(format!("duplicate component {}", row.get(3))));
            }
            let weight: f64 = row.parse(4, "weight")?;
            if !(weight > 0.0 && weight <= 100.0) {
                return Err(row.error("weight must lie in (0, 100]"));
            }
            weights.push(Weight { component, weight });
        }
        let sum: f64 = weights.iter().map(|w| w.weight).sum();
        if (sum - 100.0).abs() > 1e-6 {
            return Err(format!(
                "version {}: weights sum to {sum}, not 100",
                version.version
            ));
        }
        tables.push(WeightTable {
            version: version.version.to_owned(),
            years: version.years,
            weights,
        });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(
        input: f64,
        process: f64,
        output: f64,
        complaint_handling: f64,
        public_trust: Option<f64>,
    ) -> DimensionScores {
        DimensionScores {
            input,
            process,
            output,
            complaint_handling,
            public_trust,
        }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn weights_sum_to_100_in_every_version() {
        assert!(TABLES.len() >= 2);
        for table in TABLES.iter() {
            assert_close(table.weights.iter().map(|w| w.weight).sum(), 100.0);
        }
    }

    #[test]
    fn weights_2022_2024() {
        for year in 2022..=2024 {
            let table = weight_table(year).unwrap();
            let weights: Vec<f64> = Component::ALL
                .iter()
                .filter_map(|&c| table.weight(c))
                .collect();
            assert_eq!(weights, [21.85, 32.37, 24.24, 21.54]);
            assert_eq!(table.weight(Component::PublicTrust), None);
        }
    }

    #[test]
    fn weights_2025_are_70_percent_dimensions_and_30_percent_trust() {
        let (old, new) = (weight_table(2024).unwrap(), weight_table(2025).unwrap());
        for component in &Component::ALL[..4] {
            assert_close(
                new.weight(*component).unwrap(),
                old.weight(*component).unwrap() * 0.7,
            );
        }
        assert_eq!(new.weight(Component::PublicTrust), Some(30.0));
        assert_eq!(weight_table(2031).unwrap().version, "2025");
    }

    #[test]
    fn composite_known_values() {
        // Equal scores give that score.
        assert_close(
            composite_score(2023, &scores(80.0, 80.0, 80.0, 80.0, None)).unwrap(),
            80.0,
        );
        // Single dimension at 100 gives its weight.
        assert_close(
            composite_score(2022, &scores(0.0, 100.0, 0.0, 0.0, None)).unwrap(),
            32.37,
        );
        // (21.85×90 + 32.37×80 + 24.24×70 + 21.54×60) / 100 = 75.453
        assert_close(
            composite_score(2024, &scores(90.0, 80.0, 70.0, 60.0, None)).unwrap(),
            75.453,
        );
        // Public trust is ignored before 2025.
        assert_close(
            composite_score(2024, &scores(90.0, 80.0, 70.0, 60.0, Some(0.0))).unwrap(),
            75.453,
        );
        // 2025: 0.7 × 75.453 + 0.3 × 50 = 67.8171
        assert_close(
            composite_score(2025, &scores(90.0, 80.0, 70.0, 60.0, Some(50.0))).unwrap(),
            67.8171,
        );
        assert_close(
            composite_score(2025, &scores(100.0, 100.0, 100.0, 100.0, Some(100.0))).unwrap(),
            100.0,
        );
        assert_close(
            composite_score(2025, &scores(0.0, 0.0, 0.0, 0.0, Some(100.0))).unwrap(),
            30.0,
        );
    }

    #[test]
    fn composite_errors() {
        let all = scores(80.0, 80.0, 80.0, 80.0, Some(80.0));
        assert_eq!(
            composite_score(2025, &scores(80.0, 80.0, 80.0, 80.0, None)),
            Err(MethodologyError::MissingComponent {
                component: Component::PublicTrust
            })
        );
        for year in [2015, 2019, 2021] {
            assert_eq!(
                composite_score(year, &all),
                Err(MethodologyError::NoWeights { year })
            );
        }
        for year in [2014, 2020] {
            assert_eq!(
                composite_score(year, &all),
                Err(MethodologyError::NoAssessment { year })
            );
        }
        let bad_output = scores(80.0, 80.0, 100.5, 80.0, None);
        assert_eq!(
            composite_score(2023, &bad_output),
            Err(MethodologyError::ValueOutOfRange {
                field: "output".into(),
                value: 100.5,
                min: 0.0,
                max: 100.0
            })
        );
        assert!(composite_score(2025, &scores(80.0, 80.0, 80.0, 80.0, Some(-1.0))).is_err());
        assert!(composite_score(2023, &scores(f64::NAN, 80.0, 80.0, 80.0, None)).is_err());
    }

    #[test]
    fn component_keys_round_trip() {
        for component in Component::ALL {
            assert_eq!(Component::from_key(component.key()), Some(component));
        }
        assert_eq!(
            Component::ComplaintHandling.name(false),
            "Pengelolaan pengaduan"
        );
    }

    #[test]
    fn rejects_invalid_weight_data() {
        let header = HEADER.join(",");
        let cases = [
            ("v,2000,,input,60\nv,2000,,output,30", "sum to 90"),
            ("v,2000,,input,50\nv,2000,,input,50", "duplicate component"),
            ("v,2000,,trust,100", "unknown component"),
            ("v,2000,,input,0\nv,2000,,output,100", "(0, 100]"),
            ("v,2000,,input,abc", "invalid weight"),
        ];
        for (rows, expected) in cases {
            let error = parse(&format!("{header}\n{rows}\n")).unwrap_err();
            assert!(error.contains(expected), "{rows}: {error}");
        }
    }
}
