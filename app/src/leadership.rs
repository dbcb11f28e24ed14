//! Typed results of the leadership view — the site-wide search and the national page's
//! "what needs attention" lists — shared by the server (which computes them) and the browser
//! (which renders them after hydration). No database types here: this module compiles to wasm.

use crate::model::RankedRegency;
use serde::{Deserialize, Serialize};

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HitKind {
    Province,
    Regency,
    Mall,
}

/// One place a search matched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub code: String,
    pub name: String,
    /// Where it lies: the province of a regency, the regency of a mall (empty for provinces).
    pub context: String,
    pub href: String,
    /// The query named it in full (name, name without "Kabupaten"/"Kota", or code), not just
    /// a part of it.
    pub exact: bool,
}

/// The answer to one search.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchOutcome {
    pub query: String,
    /// Best first: full matches, then partial ones; at most [`SearchOutcome::LIMIT`].
    pub hits: Vec<SearchHit>,
    /// How many places matched in all.
    pub total: usize,
    /// Set when exactly one place answers the query: go straight there.
    pub redirect: Option<String>,
}

impl SearchOutcome {
    pub const LIMIT: usize = 50;
}

/// One province in the national table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceRow {
    pub code: String,
    pub name: String,
    pub regencies: u32,
    pub assessed: u32,
    pub median: Option<f64>,
    /// Share of assessed regencies in the green zone (A–B from 2022), in percent.
    pub share_green: Option<f64>,
    /// Regencies in the red zone (D–E from 2022) or worse.
    pub red: u32,
    /// Median now minus the median of the comparable year, when both exist.
    pub median_change: Option<f64>,
    /// How many of the assessed scores are demo data (not published by Ombudsman RI).
    #[serde(default)]
    pub demo: u32,
}

/// A regency whose score fell against the comparable year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mover {
    pub code: String,
    pub name: String,
    pub province: String,
    pub from: f64,
    pub to: f64,
    pub label: String,
    pub zone: String,
    pub rank: u32,
    /// Both scores (`from` and `to`) are published; `false`: at least one is demo data.
    #[serde(default)]
    pub published: bool,
}

impl Mover {
    pub fn change(&self) -> f64 {
        self.to - self.from
    }
}

/// A headline figure now and in the comparable year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub now: f64,
    pub before: Option<f64>,
}

impl Change {
    pub fn delta(&self) -> Option<f64> {
        self.before.map(|b| self.now - b)
    }
}

/// The national page's attention view for one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub year: i32,
    /// The latest earlier year assessed with the same methodology version, if any.
    pub compared_year: Option<i32>,
    /// Regencies with a score this year.
    pub assessed: u32,
    /// How many of those scores are demo data (not published by Ombudsman RI).
    #[serde(default)]
    pub demo: u32,
    pub assessed_change: Change,
    pub median: Change,
    pub share_green: Change,
    pub red: Change,
    pub provinces: Vec<ProvinceRow>,
    /// The bottom of the ranking, worst first, numbered by true rank.
    pub bottom: Vec<RankedRegency>,
    /// Largest drops against the comparable year, largest first.
    pub drops: Vec<Mover>,
}

/// One page of the full ranking.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankingPage {
    pub year: i32,
    pub years: Vec<i32>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
    pub rows: Vec<RankedRegency>,
    /// How many of the `total` ranked scores (all pages) are demo data.
    #[serde(default)]
    pub demo: u32,
}

impl RankingPage {
    pub const PER_PAGE: u32 = 50;
}
