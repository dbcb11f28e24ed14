//! Typed results of the query layer, shared by the server (which computes them) and the
//! browser (which renders them after hydration). No database types here: this module
//! compiles to wasm.

use serde::{Deserialize, Serialize};

/// Zone of a compliance category (hijau / kuning / merah / hitam), as a plain string key so
/// the browser bundle does not need the methodology tables.
pub type ZoneKey = String;

/// How many regencies fall into one category in one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub label: String,
    pub zone: ZoneKey,
    pub count: u32,
}

/// Distribution of regency scores over the categories of one year's methodology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    pub year: i32,
    pub methodology_version: String,
    pub assessed: u32,
    pub categories: Vec<CategoryCount>,
    /// How many of the assessed scores are demo data (not published by Ombudsman RI).
    #[serde(default)]
    pub demo: u32,
}

impl Distribution {
    pub fn share(&self, label: &str) -> f64 {
        if self.assessed == 0 {
            return 0.0;
        }
        let n = self
            .categories
            .iter()
            .find(|c| c.label == label)
            .map_or(0, |c| c.count);
        100.0 * f64::from(n) / f64::from(self.assessed)
    }
}

/// Headline figures of the national overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub regencies: u32,
    pub assessed: u32,
    pub malls: u32,
    pub open_findings_past_due: u32,
    pub overdue_commitments: u32,
}

/// One regency in a ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankedRegency {
    pub rank: u32,
    pub code: String,
    pub name: String,
    pub province: String,
    pub kind: String,
    pub score: f64,
    pub label: String,
    pub zone: ZoneKey,
    pub published: bool,
}

/// A service unit whose indicators fell by more than the margin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecliningUnit {
    pub unit_code: String,
    pub unit_name: String,
    pub regency_code: String,
    pub regency_name: String,
    /// `inspection_score`, `facility_index`, `staff_index` or `ikm`.
    pub indicator: String,
    /// `inauguration` or `previous_year`.
    pub reference: String,
    pub from: f64,
    pub to: f64,
}

/// Everything the national overview shows for one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NationalOverview {
    pub year: i32,
    pub years: Vec<i32>,
    pub headline: Headline,
    pub distribution: Distribution,
    pub trend: Vec<Distribution>,
    pub ranking: Vec<RankedRegency>,
    pub declining: Vec<DecliningUnit>,
    pub provinces: Vec<ProvinceRef>,
    /// Public service malls in scope (all, or the filtered province's).
    pub malls: Vec<MallRef>,
}

/// A public service mall for lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MallRef {
    pub code: String,
    pub name: String,
    pub regency_code: String,
    pub regency_name: String,
    pub inaugurated_on: Option<chrono::NaiveDate>,
}

/// A chart as the page shows it: caption, one-sentence summary computed from the data, the
/// server-rendered SVG, and the same data as a table (and as CSV at `csv_href`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Stable id, also the `data-chart` attribute.
    pub id: String,
    pub caption: String,
    pub summary: String,
    pub svg: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub csv_href: Option<String>,
}

/// Filters of the national overview; all of them live in the URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalFilter {
    pub year: Option<i32>,
    /// Province code (`15`) to restrict the ranking to.
    pub province: Option<String>,
    /// `kabupaten` or `kota`.
    pub kind: Option<String>,
    /// `asc` lists the lowest scores first.
    pub order: Option<String>,
}

/// A province for filter lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceRef {
    pub code: String,
    pub name: String,
}

/// One year's compliance score of a regency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub year: i32,
    pub total: f64,
    pub label: String,
    pub zone: ZoneKey,
    pub methodology_version: String,
    pub published: bool,
    pub source: Option<String>,
    pub input: Option<f64>,
    pub process: Option<f64>,
    pub output: Option<f64>,
    pub complaint_handling: Option<f64>,
}

/// A service unit with its latest indicators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitSummary {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub inaugurated_on: Option<chrono::NaiveDate>,
    pub last_inspection: Option<chrono::NaiveDate>,
    pub inspection_score: Option<f64>,
    pub staff_coverage_pct: Option<f64>,
    pub ikm: Option<f64>,
    pub open_findings: u32,
}

/// A finding with its follow-up status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    pub id: i32,
    pub unit_code: String,
    pub unit_name: String,
    pub inspected_on: chrono::NaiveDate,
    pub category: String,
    pub severity: i32,
    pub description: String,
    pub due_on: chrono::NaiveDate,
    /// `belum`, `sebagian` or `selesai` (latest follow-up; `belum` when none).
    pub status: String,
    pub last_update: Option<chrono::NaiveDate>,
    pub overdue: bool,
}

/// An MoU commitment with its latest progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommitmentRow {
    pub id: i32,
    pub title: String,
    pub indicator: String,
    pub target: String,
    pub due_on: chrono::NaiveDate,
    pub responsible_office: String,
    pub percent: f64,
    /// `on_track`, `at_risk`, `late`, `done`, or `none` when nothing was reported yet.
    pub status: String,
    pub last_update: Option<chrono::NaiveDate>,
    pub last_note: Option<String>,
    pub overdue: bool,
}

/// An MoU between a regency and Ombudsman RI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MouInfo {
    pub signed_on: chrono::NaiveDate,
    pub title: String,
    pub signatories: String,
    pub scope: String,
    pub commitments: Vec<CommitmentRow>,
}

/// Everything the regency page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegencyDetail {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub province_name: String,
    pub population: i64,
    pub area_km2: f64,
    pub scores: Vec<ScoreRow>,
    /// Mean IKM of the regency's units per year.
    pub ikm_trend: Vec<(i32, f64)>,
    pub units: Vec<UnitSummary>,
    pub findings: Vec<FindingRow>,
    pub mous: Vec<MouInfo>,
    pub today: chrono::NaiveDate,
}

/// Staffing of a unit on one date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffPoint {
    pub date: chrono::NaiveDate,
    pub on_duty: i32,
    pub required: i32,
    pub trained: i32,
    pub attendance_pct: f64,
    pub staff_index: Option<f64>,
}

/// One catalogue facility at the first inspection after inauguration and at the latest one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacilityRow {
    pub name: String,
    pub essential: bool,
    /// `functional`, `present` or `absent`; `None` when not checked.
    pub at_inauguration: Option<String>,
    pub now: Option<String>,
    /// Functional at the reference inspection, not functional now.
    pub lost: bool,
    /// Not functional (or not checked) at the reference inspection, functional now.
    pub added: bool,
}

/// One measurement in the then-versus-now panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// A percentage (staff, trained, attendance), a 0–100 score (IKM, inspection) or a count
    /// (facilities working).
    pub value: f64,
    /// The counts behind the value: `(part, whole)`, e.g. 25 staff on duty of 29 required.
    pub count: Option<(i32, i32)>,
    /// When it was measured (an IKM semester: the semester's last day).
    pub date: chrono::NaiveDate,
    /// The period when the value is not of one day (`Semester 1 2024`).
    pub period: Option<String>,
}

/// Which way a then-versus-now line went (higher is better for every line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Up,
    Down,
    Same,
}

/// One line of the then-versus-now panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThenNowRow {
    /// `facilities`, `staff`, `trained`, `attendance`, `ikm` or `inspection_score`.
    pub key: String,
    /// At (or nearest to) the inauguration.
    pub then: Option<Measure>,
    /// The latest measurement.
    pub now: Option<Measure>,
}

impl ThenNowRow {
    /// The direction of the change; `None` when one side is missing or both are the same
    /// measurement. Differences below the shown precision (0,05) count as no change.
    pub fn change(&self) -> Option<Change> {
        let (a, b) = (self.then.as_ref()?, self.now.as_ref()?);
        if a.date == b.date && a.period == b.period {
            return None;
        }
        let d = b.value - a.value;
        Some(if d.abs() < 0.05 {
            Change::Same
        } else if d > 0.0 {
            Change::Up
        } else {
            Change::Down
        })
    }
}

/// The unit at its inauguration against now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThenNow {
    /// The reference date; `None` when the unit has no inauguration date (then: its first data).
    pub inaugurated_on: Option<chrono::NaiveDate>,
    pub rows: Vec<ThenNowRow>,
    /// Facility names functional then and not now.
    pub lost: Vec<String>,
    /// Facility names not functional then and functional now.
    pub added: Vec<String>,
}

/// One inspection (sidak) in a unit's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionRow {
    pub date: chrono::NaiveDate,
    pub unannounced: bool,
    pub inspector: String,
    pub score: Option<f64>,
    pub facility_index: Option<f64>,
    pub findings: Vec<FindingRow>,
}

/// A decline flag of one unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeclineFlag {
    /// Same keys as [`DecliningUnit::indicator`] and [`DecliningUnit::reference`].
    pub indicator: String,
    pub reference: String,
    pub from: f64,
    pub to: f64,
}

/// Everything the unit (MPP) page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitDetail {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub regency_code: String,
    pub regency_name: String,
    pub province_code: String,
    pub province_name: String,
    pub inaugurated_on: Option<chrono::NaiveDate>,
    pub tenants: Option<i32>,
    pub services: Option<i32>,
    pub counters: Option<i32>,
    pub staff: Vec<StaffPoint>,
    pub facilities: Vec<FacilityRow>,
    /// Latest first.
    pub inspections: Vec<InspectionRow>,
    pub declines: Vec<DeclineFlag>,
    pub ikm: Vec<(i32, f64)>,
    pub then_now: ThenNow,
}

/// A regency for pickers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegencyRef {
    pub code: String,
    pub name: String,
}

/// The visitor as pages need it: who is signed in (if anyone) and the CSRF token every form
/// carries. Rendered into `<html data-*>` by the shell so the browser reads the same values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// `admin`, `pimpinan`, `asisten` or `pemda`.
    pub role: Option<String>,
    pub csrf: String,
}

impl Viewer {
    pub fn signed_in(&self) -> bool {
        self.username.is_some()
    }

    pub fn has_role(&self, roles: &[&str]) -> bool {
        self.role.as_deref().is_some_and(|r| roles.contains(&r))
    }
}

/// Filters of the audit log page (all in the URL).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub user: Option<String>,
    pub entity: Option<String>,
    pub action: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub page: Option<u32>,
}

/// One audit log entry for display.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i32,
    pub at: String,
    pub username: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub detail: Option<String>,
}
