//! Decline detection: a unit is flagged when an indicator fell by more than a margin (in points)
//! against its value at the unit's inauguration or against the previous year. Motivated by the
//! "inaugurated vs one year later" findings at MPPs (domain research §3.4). Drops are compared in
//! hundredths, so a drop exactly equal to the margin is not flagged whatever the float noise.

use serde::{Deserialize, Serialize};

use super::hundredths;

/// Default margin, in points of the indicator's 0–100 scale.
pub const DEFAULT_DECLINE_MARGIN: f64 = 10.0;

/// The 0–100 indicators Pantau tracks per unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Indicator {
    /// Ombudsman RI compliance / opini score.
    OmbudsmanScore,
    /// SKM index (IKM).
    Ikm,
    FacilityIndex,
    StaffIndex,
}

impl Indicator {
    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (Indicator::OmbudsmanScore, false) => "Nilai Ombudsman",
            (Indicator::OmbudsmanScore, true) => "Ombudsman score",
            (Indicator::Ikm, false) => "Indeks Kepuasan Masyarakat",
            (Indicator::Ikm, true) => "Public satisfaction index",
            (Indicator::FacilityIndex, false) => "Indeks sarana prasarana",
            (Indicator::FacilityIndex, true) => "Facility index",
            (Indicator::StaffIndex, false) => "Indeks petugas",
            (Indicator::StaffIndex, true) => "Staff index",
        }
    }
}

/// What a value is compared against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeclineReference {
    /// The value recorded when the unit (e.g. an MPP) was inaugurated.
    Inauguration,
    PreviousYear,
}

impl DeclineReference {
    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (DeclineReference::Inauguration, false) => "Sejak peresmian",
            (DeclineReference::Inauguration, true) => "Since inauguration",
            (DeclineReference::PreviousYear, false) => "Dibanding tahun lalu",
            (DeclineReference::PreviousYear, true) => "Against the previous year",
        }
    }
}

/// A flagged fall of `indicator` from `from` (the reference value) to `to`; `drop = from - to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decline {
    pub indicator: Indicator,
    pub reference: DeclineReference,
    pub from: f64,
    pub to: f64,
    pub drop: f64,
}

/// The declines of `current` by more than `margin` points against the inauguration `baseline`
/// and against `previous_year` (each when known), in that order. Non-finite values never flag.
pub fn detect_decline(
    indicator: Indicator,
    baseline: Option<f64>,
    previous_year: Option<f64>,
    current: f64,
    margin: f64,
) -> Vec<Decline> {
    [
        (DeclineReference::Inauguration, baseline),
        (DeclineReference::PreviousYear, previous_year),
    ]
    .into_iter()
    .filter_map(|(reference, from)| {
        let from = from?;
        let drop = from - current;
        (drop.is_finite() && hundredths(drop) > hundredths(margin)).then_some(Decline {
            indicator,
            reference,
            from,
            to: current,
            drop,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn references(
        baseline: Option<f64>,
        previous: Option<f64>,
        current: f64,
        margin: f64,
    ) -> Vec<DeclineReference> {
        detect_decline(Indicator::Ikm, baseline, previous, current, margin)
            .into_iter()
            .map(|d| d.reference)
            .collect()
    }

    #[test]
    fn drop_equal_to_margin_is_not_flagged() {
        assert!(references(Some(90.0), Some(90.0), 80.0, 10.0).is_empty());
        // 85.3 - 75.3 is 10.000000000000014 in floating point: still "equal".
        assert!(references(Some(85.3), Some(85.3), 75.3, DEFAULT_DECLINE_MARGIN).is_empty());
    }

    #[test]
    fn drop_above_margin_is_flagged_with_its_details() {
        let declines = detect_decline(Indicator::StaffIndex, Some(92.5), None, 82.49, 10.0);
        assert_eq!(declines.len(), 1);
        let decline = &declines[0];
        assert_eq!(
            (
                decline.indicator,
                decline.reference,
                decline.from,
                decline.to
            ),
            (
                Indicator::StaffIndex,
                DeclineReference::Inauguration,
                92.5,
                82.49
            )
        );
        assert!((decline.drop - 10.01).abs() < 1e-9);
    }

    #[test]
    fn both_references_are_checked_independently() {
        use DeclineReference::*;
        assert_eq!(
            references(Some(90.0), Some(85.0), 70.0, 10.0),
            [Inauguration, PreviousYear]
        );
        assert_eq!(
            references(Some(90.0), Some(75.0), 70.0, 10.0),
            [Inauguration]
        );
        assert_eq!(
            references(Some(75.0), Some(90.0), 70.0, 10.0),
            [PreviousYear]
        );
        assert_eq!(references(None, Some(90.0), 70.0, 10.0), [PreviousYear]);
        assert_eq!(references(Some(90.0), None, 70.0, 10.0), [Inauguration]);
        assert!(references(None, None, 0.0, 10.0).is_empty());
    }

    #[test]
    fn rises_small_falls_and_nan_are_not_flagged() {
        assert!(references(Some(50.0), Some(60.0), 80.0, 10.0).is_empty());
        assert!(references(Some(85.0), Some(85.0), 80.0, 10.0).is_empty());
        assert!(references(Some(f64::NAN), Some(90.0), f64::NAN, 10.0).is_empty());
        assert!(references(Some(f64::INFINITY), None, 0.0, 10.0).is_empty());
    }

    #[test]
    fn margin_is_configurable() {
        assert_eq!(
            references(Some(80.0), None, 77.0, 2.5),
            [DeclineReference::Inauguration]
        );
        assert!(references(Some(80.0), None, 77.0, 3.0).is_empty());
        // A zero margin flags any fall of at least a hundredth.
        assert_eq!(references(Some(80.0), None, 79.99, 0.0).len(), 1);
    }
}
