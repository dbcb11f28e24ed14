//! Pantau's own 0–100 indexes for a service unit, built from inspection records. They are not
//! official Ombudsman measures; they summarise what the Ombudsman instrument checks under
//! "sarana prasarana" and "kompetensi pelaksana / jumlah petugas sesuai ABK" (domain research
//! §1.2) and what MPP sidak reports found lacking (§3.4).
//!
//! **Facility index** ([`facility_index`]): each checked facility earns a credit — functional 1,
//! present but not functional 0.5, absent 0 — weighted 2 if essential and 1 otherwise:
//! index = 100 × Σ weight × credit / Σ weight. No checks → `None`.
//!
//! **Staff index** ([`staff_index`]): a weighted mean of three shares, × 100:
//! - coverage (weight 40): `min(on_duty / required, 1)`, `required` being the staffing the
//!   workload analysis (ABK) calls for. `required == 0` means no ABK figure: coverage is left out
//!   and the other two weights are renormalised (50/50);
//! - capability (weight 30): `trained / on_duty` (0 when nobody is on duty); when a competence
//!   score (0–100) is known, the mean of that share and `competence_score / 100`;
//! - attendance (weight 30): `attendance_pct / 100`.

use serde::{Deserialize, Serialize};

use super::{MethodologyError, check_range};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FacilityStatus {
    Functional,
    PresentNotFunctional,
    Absent,
}

impl FacilityStatus {
    /// Credit towards the facility index: 1, 0.5 or 0.
    pub fn credit(self) -> f64 {
        match self {
            FacilityStatus::Functional => 1.0,
            FacilityStatus::PresentNotFunctional => 0.5,
            FacilityStatus::Absent => 0.0,
        }
    }

    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (FacilityStatus::Functional, false) => "Berfungsi",
            (FacilityStatus::Functional, true) => "Functional",
            (FacilityStatus::PresentNotFunctional, false) => "Ada, tidak berfungsi",
            (FacilityStatus::PresentNotFunctional, true) => "Present, not functional",
            (FacilityStatus::Absent, false) => "Tidak ada",
            (FacilityStatus::Absent, true) => "Absent",
        }
    }
}

/// One facility check of a unit (e.g. toilet, disability WC, lactation room, queue machine).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacilityCheck {
    pub status: FacilityStatus,
    pub essential: bool,
}

/// Weight of an essential facility; other facilities weigh 1.
pub const ESSENTIAL_FACILITY_WEIGHT: f64 = 2.0;

/// Facility index 0–100 (formula in [`crate::methodology`]); `None` if nothing was checked.
pub fn facility_index(checks: &[FacilityCheck]) -> Option<f64> {
    let weight = |check: &FacilityCheck| {
        if check.essential {
            ESSENTIAL_FACILITY_WEIGHT
        } else {
            1.0
        }
    };
    let max: f64 = checks.iter().map(weight).sum();
    let earned: f64 = checks
        .iter()
        .map(|check| weight(check) * check.status.credit())
        .sum();
    (!checks.is_empty()).then(|| 100.0 * earned / max)
}

/// A unit's staffing at one inspection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSnapshot {
    /// Staff actually serving.
    pub on_duty: u32,
    /// Staff required by the workload analysis (ABK); 0 if unknown.
    pub required: u32,
    /// Staff on duty who have had service training (at most `on_duty`).
    pub trained: u32,
    /// 0–100.
    pub attendance_pct: f64,
    /// 0–100, if assessed.
    pub competence_score: Option<f64>,
}

pub const STAFF_COVERAGE_WEIGHT: f64 = 40.0;
pub const STAFF_CAPABILITY_WEIGHT: f64 = 30.0;
pub const STAFF_ATTENDANCE_WEIGHT: f64 = 30.0;

/// Staff index 0–100 (formula in [`crate::methodology`]).
pub fn staff_index(staff: &StaffSnapshot) -> Result<f64, MethodologyError> {
    let trained = check_range(
        "trained",
        f64::from(staff.trained),
        0.0,
        f64::from(staff.on_duty),
    )?;
    let attendance = check_range("attendance_pct", staff.attendance_pct, 0.0, 100.0)? / 100.0;
    let trained_share = if staff.on_duty == 0 {
        0.0
    } else {
        trained / f64::from(staff.on_duty)
    };
    let capability = match staff.competence_score {
        Some(score) => {
            (trained_share + check_range("competence_score", score, 0.0, 100.0)? / 100.0) / 2.0
        }
        None => trained_share,
    };
    let coverage = (staff.required > 0)
        .then(|| (f64::from(staff.on_duty) / f64::from(staff.required)).min(1.0));

    let parts = [
        (STAFF_COVERAGE_WEIGHT, coverage),
        (STAFF_CAPABILITY_WEIGHT, Some(capability)),
        (STAFF_ATTENDANCE_WEIGHT, Some(attendance)),
    ];
    let (weighted, total) = parts
        .iter()
        .filter_map(|&(weight, share)| share.map(|share| (weight * share, weight)))
        .fold((0.0, 0.0), |(weighted, total), (w_share, w)| {
            (weighted + w_share, total + w)
        });
    Ok(100.0 * weighted / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(status: FacilityStatus, essential: bool) -> FacilityCheck {
        FacilityCheck { status, essential }
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 1e-9, "{actual} != {expected}");
    }

    #[test]
    fn facility_index_formula() {
        use FacilityStatus::*;
        assert_eq!(facility_index(&[]), None);
        assert_eq!(
            facility_index(&[check(Functional, true), check(Functional, false)]),
            Some(100.0)
        );
        assert_eq!(
            facility_index(&[check(Absent, true), check(Absent, false)]),
            Some(0.0)
        );
        assert_eq!(
            facility_index(&[check(PresentNotFunctional, false)]),
            Some(50.0)
        );
        // essential functional (2 × 1) + optional absent (1 × 0) = 2 of 3
        assert_close(
            facility_index(&[check(Functional, true), check(Absent, false)]).unwrap(),
            200.0 / 3.0,
        );
        // essential absent (2 × 0) + optional functional (1 × 1) = 1 of 3
        assert_close(
            facility_index(&[check(Absent, true), check(Functional, false)]).unwrap(),
            100.0 / 3.0,
        );
        // essential half (2 × 0.5) + optional functional (1) + optional half (0.5) = 2.5 of 4
        let mixed = [
            check(PresentNotFunctional, true),
            check(Functional, false),
            check(PresentNotFunctional, false),
        ];
        assert_close(facility_index(&mixed).unwrap(), 62.5);
    }

    fn staff(
        on_duty: u32,
        required: u32,
        trained: u32,
        attendance_pct: f64,
        competence_score: Option<f64>,
    ) -> StaffSnapshot {
        StaffSnapshot {
            on_duty,
            required,
            trained,
            attendance_pct,
            competence_score,
        }
    }

    #[test]
    fn staff_index_formula() {
        assert_close(staff_index(&staff(10, 10, 10, 100.0, None)).unwrap(), 100.0);
        assert_close(staff_index(&staff(0, 10, 0, 0.0, None)).unwrap(), 0.0);
        // coverage 5/10 = 0.5, trained 4/5 = 0.8, attendance 0.9: 40×0.5 + 30×0.8 + 30×0.9 = 71
        assert_close(staff_index(&staff(5, 10, 4, 90.0, None)).unwrap(), 71.0);
        // with competence 60: capability (0.8 + 0.6) / 2 = 0.7: 20 + 21 + 27 = 68
        assert_close(
            staff_index(&staff(5, 10, 4, 90.0, Some(60.0))).unwrap(),
            68.0,
        );
        // over-staffing does not raise coverage above 1: 40 + 30×0.5 + 30×0.8 = 79
        assert_close(staff_index(&staff(20, 10, 10, 80.0, None)).unwrap(), 79.0);
        // no ABK figure: coverage left out, (30×0.8 + 30×0.9) / 60 = 0.85
        assert_close(staff_index(&staff(5, 0, 4, 90.0, None)).unwrap(), 85.0);
        // nobody on duty, no ABK figure: only attendance counts, at half weight
        assert_close(staff_index(&staff(0, 0, 0, 100.0, None)).unwrap(), 50.0);
        assert_eq!(
            STAFF_COVERAGE_WEIGHT + STAFF_CAPABILITY_WEIGHT + STAFF_ATTENDANCE_WEIGHT,
            100.0
        );
    }

    #[test]
    fn staff_index_validates_inputs() {
        let field = |snapshot: StaffSnapshot| match staff_index(&snapshot) {
            Err(MethodologyError::ValueOutOfRange { field, .. }) => field,
            other => panic!("{snapshot:?}: {other:?}"),
        };
        assert_eq!(field(staff(5, 10, 6, 90.0, None)), "trained");
        assert_eq!(field(staff(5, 10, 4, 100.1, None)), "attendance_pct");
        assert_eq!(field(staff(5, 10, 4, -0.1, None)), "attendance_pct");
        assert_eq!(field(staff(5, 10, 4, f64::NAN, None)), "attendance_pct");
        assert_eq!(field(staff(5, 10, 4, 90.0, Some(-1.0))), "competence_score");
        assert_eq!(
            field(staff(5, 10, 4, 90.0, Some(101.0))),
            "competence_score"
        );
        assert!(staff_index(&staff(5, 10, 5, 0.0, Some(0.0))).is_ok());
    }
}
