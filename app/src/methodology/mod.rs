//! The assessment methodology: pure functions, no I/O, no clock (compiles for the server and for
//! wasm32). Sources are cited by section of `/work/shared/reference/domain-research.md`.
//!
//! # Ombudsman RI compliance score (§1.1–1.4) — [`classify`], [`band_table`]
//! The Ombudsman's score (0–100, published with two decimals) is classified with the band table
//! of the methodology version in force that year, read from `app/data/methodology/bands.csv`:
//!
//! | version | years | bands (minimum score) |
//! |---|---|---|
//! | 2015 | 2015–2019 | hijau ≥ 81.00, kuning ≥ 51.00, merah below |
//! | 2021 | 2021 | same cut-offs (there was **no assessment in 2020**) |
//! | 2022 | 2022–2024 | A ≥ 88.00, B ≥ 78.00 (hijau), C ≥ 54.00 (kuning), D ≥ 32.00, E below (merah) |
//! | 2025 | 2025– | hijau ≥ 78, kuning ≥ 54, merah ≥ 32, hitam below |
//!
//! Scores are compared in hundredths (`round(score × 100)`), so 87.99 is B and 88.00 is A whatever
//! the float representation; a score that rounds outside 0.00–100.00 (or NaN) is an error. The
//! C/D line at 54.00 is inferred (§1.4, §8.1) and so is marked in the data file. Adding a year or
//! a version is a change to the data file only.
//!
//! # Composite score (§1.2, §1.3) — [`composite_score`]
//! Weighted mean of the dimension scores with the weights in `app/data/methodology/weights.csv`:
//! 2022–2024 input 21.85 %, proses 32.37 %, output 24.24 %, pengaduan 21.54 %; from 2025 the same
//! four dimensions scaled to 70 % plus kepercayaan masyarakat (public trust) 30 %.
//!
//! # SKM / IKM (§4, PermenPANRB 14/2017) — [`ikm`], [`SkmGrade`]
//! IKM = mean of the nine element averages U1–U9 (each 1–4) × 25, range 25–100; graded
//! A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, D ≥ 25.00.
//!
//! # Pantau's own unit indexes (motivated by §1.2 and §3.4; the formulas are ours) — [`facility_index`], [`staff_index`]
//! - Facility index = 100 × Σ weight × credit / Σ weight over the checked facilities, credit 1
//!   (functional), 0.5 (present, not functional) or 0 (absent), weight 2 if essential else 1;
//!   `None` without checks.
//! - Staff index = 100 × weighted mean of coverage `min(on_duty / required, 1)` (40; left out
//!   and the rest renormalised when the ABK requirement is 0/unknown), capability = trained
//!   share of staff on duty, averaged with competence/100 when assessed (30), and attendance
//!   share (30).
//!
//! # Decline detection (§3.4) — [`detect_decline`]
//! An indicator is flagged when it fell by more than a margin (default
//! [`DEFAULT_DECLINE_MARGIN`] = 10 points, compared in hundredths) against its value at the
//! unit's inauguration or against the previous year.

mod bands;
mod composite;
mod data;
mod decline;
mod skm;
mod unit_index;

use serde::{Deserialize, Serialize};

pub use bands::{
    Band, BandTable, Classification, all_labels_for_year, band_table, classify, versions,
};
pub use composite::{
    Component, DimensionScores, Weight, WeightTable, composite_score, weight_table,
};
pub use data::YearRange;
pub use decline::{DEFAULT_DECLINE_MARGIN, Decline, DeclineReference, Indicator, detect_decline};
pub use skm::{SKM_ELEMENTS, SkmElement, SkmGrade, ikm};
pub use unit_index::{
    ESSENTIAL_FACILITY_WEIGHT, FacilityCheck, FacilityStatus, STAFF_ATTENDANCE_WEIGHT,
    STAFF_CAPABILITY_WEIGHT, STAFF_COVERAGE_WEIGHT, StaffSnapshot, facility_index, staff_index,
};

/// The Okabe–Ito colour-blind-safe palette; every colour this module hands out is one of these.
pub const OKABE_ITO: [&str; 8] = [
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
];

/// Ombudsman RI colour zone ("zona").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Hijau,
    Kuning,
    Merah,
    /// Only from 2025 (scores below 32).
    Hitam,
}

impl Zone {
    pub const ALL: [Zone; 4] = [Zone::Hijau, Zone::Kuning, Zone::Merah, Zone::Hitam];

    /// The lowercase key used in data files and JSON (`"hijau"`, …).
    pub fn key(self) -> &'static str {
        match self {
            Zone::Hijau => "hijau",
            Zone::Kuning => "kuning",
            Zone::Merah => "merah",
            Zone::Hitam => "hitam",
        }
    }

    pub fn from_key(key: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|zone| zone.key() == key)
    }

    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (Zone::Hijau, false) => "Zona hijau",
            (Zone::Hijau, true) => "Green zone",
            (Zone::Kuning, false) => "Zona kuning",
            (Zone::Kuning, true) => "Yellow zone",
            (Zone::Merah, false) => "Zona merah",
            (Zone::Merah, true) => "Red zone",
            (Zone::Hitam, false) => "Zona hitam",
            (Zone::Hitam, true) => "Black zone",
        }
    }

    /// Okabe–Ito colour for charts. Kuning uses the palette's orange: its yellow (#F0E442) is too
    /// pale for lines and markers on a white background.
    pub fn colour(self) -> &'static str {
        match self {
            Zone::Hijau => "#009E73",
            Zone::Kuning => "#E69F00",
            Zone::Merah => "#D55E00",
            Zone::Hitam => "#000000",
        }
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum MethodologyError {
    /// No Ombudsman RI assessment methodology covers the year (2020, or before 2015).
    #[error("no Ombudsman RI assessment took place in {year}")]
    NoAssessment { year: i32 },
    /// There was an assessment, but the weights of its components are not known (before 2022).
    #[error("the composite-score weights for {year} are not known")]
    NoWeights { year: i32 },
    #[error("score {value} is outside 0–100")]
    ScoreOutOfRange { value: f64 },
    /// An SKM element average outside 1–4; `element` is its code, e.g. `"U5"`.
    #[error("SKM element {element} = {value} is outside 1–4")]
    ElementOutOfRange { element: String, value: f64 },
    /// Any other input outside its range; `field` names it.
    #[error("{field} = {value} is outside {min}–{max}")]
    ValueOutOfRange {
        field: String,
        value: f64,
        min: f64,
        max: f64,
    },
    /// The year's weights need a score that was not given (the public-trust score from 2025).
    #[error("missing {} score, which this year's weights require", .component.key())]
    MissingComponent { component: Component },
}

/// `value` in hundredths, the precision Ombudsman RI publishes (NaN gives 0: check finiteness first).
fn hundredths(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// `value` in hundredths if it is finite and rounds into `range` (in hundredths).
fn hundredths_within(value: f64, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    let rounded = hundredths(value);
    (value.is_finite() && range.contains(&rounded)).then_some(rounded)
}

/// Checks `value` lies in `min..=max` (NaN never does).
fn check_range(field: &str, value: f64, min: f64, max: f64) -> Result<f64, MethodologyError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(MethodologyError::ValueOutOfRange {
            field: field.to_owned(),
            value,
            min,
            max,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_keys_round_trip_and_colours_are_okabe_ito() {
        for zone in Zone::ALL {
            assert_eq!(Zone::from_key(zone.key()), Some(zone));
            assert!(OKABE_ITO.contains(&zone.colour()), "{zone:?}");
            assert_ne!(zone.name(false), zone.name(true));
        }
        assert_eq!(Zone::from_key("Hijau"), None);
        assert_eq!(Zone::Kuning.name(true), "Yellow zone");
    }

    #[cfg(feature = "ssr")] // serde_json is a dependency of the ssr feature only
    #[test]
    fn zone_serialises_as_its_key() {
        // The derive must agree with `key()`: both are used as the wire/data representation.
        let json = serde_json::to_string(&Zone::ALL).unwrap();
        assert_eq!(json, r#"["hijau","kuning","merah","hitam"]"#);
    }

    #[test]
    fn hundredths_rounds_float_noise_away() {
        assert_eq!(hundredths(87.99), 8799);
        assert_eq!(hundredths(88.0), 8800);
        assert_eq!(hundredths(0.1 + 0.2), 30);
        assert_eq!(hundredths(85.3 - 75.3), 1000);
    }

    #[test]
    fn check_range_rejects_nan_and_outside_values() {
        assert_eq!(check_range("x", 0.0, 0.0, 1.0), Ok(0.0));
        assert_eq!(check_range("x", 1.0, 0.0, 1.0), Ok(1.0));
        assert!(check_range("x", f64::NAN, 0.0, 1.0).is_err());
        let error = check_range("attendance_pct", 100.5, 0.0, 100.0).unwrap_err();
        assert_eq!(error.to_string(), "attendance_pct = 100.5 is outside 0–100");
    }

    #[test]
    fn error_messages() {
        assert_eq!(
            MethodologyError::NoAssessment { year: 2020 }.to_string(),
            "no Ombudsman RI assessment took place in 2020"
        );
        let missing = MethodologyError::MissingComponent {
            component: Component::PublicTrust,
        };
        assert_eq!(
            missing.to_string(),
            "missing public_trust score, which this year's weights require"
        );
    }
}
