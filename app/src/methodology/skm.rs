//! Survei Kepuasan Masyarakat (SKM) and its index IKM, PermenPANRB 14/2017 (domain research §4).
//!
//! Respondents rate nine elements U1–U9 on 1–4; each element's average (NRR) is weighted 1/9, so
//! IKM = (Σ NRRᵢ / 9) × 25, ranging 25–100. Grades (compared in hundredths): A ≥ 88.31 "Sangat
//! baik", B ≥ 76.61 "Baik", C ≥ 65.00 "Kurang baik", D ≥ 25.00 "Tidak baik".

use serde::{Deserialize, Serialize};

use super::{MethodologyError, hundredths_within};

/// One of the nine SKM elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SkmElement {
    /// `"U1"` … `"U9"`.
    pub code: &'static str,
    pub name_id: &'static str,
    pub name_en: &'static str,
}

impl SkmElement {
    pub fn name(&self, english: bool) -> &'static str {
        if english { self.name_en } else { self.name_id }
    }
}

const fn element(code: &'static str, name_id: &'static str, name_en: &'static str) -> SkmElement {
    SkmElement {
        code,
        name_id,
        name_en,
    }
}

/// The nine elements, in the order [`ikm`] expects their averages.
pub const SKM_ELEMENTS: [SkmElement; 9] = [
    element("U1", "Persyaratan", "Requirements"),
    element(
        "U2",
        "Sistem, mekanisme, dan prosedur",
        "Systems, mechanisms and procedures",
    ),
    element("U3", "Waktu penyelesaian", "Completion time"),
    element("U4", "Biaya/tarif", "Cost/tariff"),
    element(
        "U5",
        "Produk spesifikasi jenis pelayanan",
        "Service product specification",
    ),
    element("U6", "Kompetensi pelaksana", "Staff competence"),
    element("U7", "Perilaku pelaksana", "Staff behaviour"),
    element(
        "U8",
        "Sarana dan prasarana",
        "Facilities and infrastructure",
    ),
    element(
        "U9",
        "Penanganan pengaduan, saran, dan masukan",
        "Handling of complaints, suggestions and feedback",
    ),
];

/// IKM (25–100) from the nine element averages U1–U9, each 1–4.
pub fn ikm(elements: &[f64; 9]) -> Result<f64, MethodologyError> {
    for (value, element) in elements.iter().zip(&SKM_ELEMENTS) {
        if !(1.0..=4.0).contains(value) {
            return Err(MethodologyError::ElementOutOfRange {
                element: element.code.to_owned(),
                value: *value,
            });
        }
    }
    Ok(elements.iter().sum::<f64>() / 9.0 * 25.0)
}

/// SKM quality grade ("mutu pelayanan").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SkmGrade {
    A,
    B,
    C,
    D,
}

impl SkmGrade {
    /// Best first.
    pub const ALL: [SkmGrade; 4] = [SkmGrade::A, SkmGrade::B, SkmGrade::C, SkmGrade::D];

    /// Lowest IKM of the grade, in hundredths.
    fn min_hundredths(self) -> i64 {
        match self {
            SkmGrade::A => 8831,
            SkmGrade::B => 7661,
            SkmGrade::C => 6500,
            SkmGrade::D => 2500,
        }
    }

    /// Lowest IKM of the grade (88.31, 76.61, 65.00, 25.00).
    pub fn min(self) -> f64 {
        self.min_hundredths() as f64 / 100.0
    }

    /// Grades an IKM; values outside 25–100 (after rounding to hundredths) are an error.
    pub fn from_ikm(ikm: f64) -> Result<SkmGrade, MethodologyError> {
        let out_of_range = || MethodologyError::ValueOutOfRange {
            field: "IKM".to_owned(),
            value: ikm,
            min: 25.0,
            max: 100.0,
        };
        let value = hundredths_within(ikm, SkmGrade::D.min_hundredths()..=10_000)
            .ok_or_else(out_of_range)?;
        Ok(SkmGrade::ALL
            .into_iter()
            .find(|grade| value >= grade.min_hundredths())
            .unwrap_or(SkmGrade::D))
    }

    pub fn label(self) -> &'static str {
        match self {
            SkmGrade::A => "A",
            SkmGrade::B => "B",
            SkmGrade::C => "C",
            SkmGrade::D => "D",
        }
    }

    pub fn name(self, english: bool) -> &'static str {
        match (self, english) {
            (SkmGrade::A, false) => "Sangat baik",
            (SkmGrade::A, true) => "Very good",
            (SkmGrade::B, false) => "Baik",
            (SkmGrade::B, true) => "Good",
            (SkmGrade::C, false) => "Kurang baik",
            (SkmGrade::C, true) => "Poor",
            (SkmGrade::D, false) => "Tidak baik",
            (SkmGrade::D, true) => "Very poor",
        }
    }

    /// Okabe–Ito colour, matching the Ombudsman categories A–D.
    pub fn colour(self) -> &'static str {
        match self {
            SkmGrade::A => "#009E73",
            SkmGrade::B => "#56B4E9",
            SkmGrade::C => "#E69F00",
            SkmGrade::D => "#D55E00",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methodology::OKABE_ITO;

    fn grade(ikm: f64) -> SkmGrade {
        SkmGrade::from_ikm(ikm).unwrap_or_else(|error| panic!("{ikm}: {error}"))
    }

    #[test]
    fn ikm_examples() {
        assert_eq!(ikm(&[4.0; 9]), Ok(100.0));
        assert_eq!(ikm(&[1.0; 9]), Ok(25.0));
        assert_eq!(ikm(&[3.0; 9]), Ok(75.0));
        // (3.2 + 3.1 + 2.9 + 3.5 + 3.0 + 3.4 + 3.6 + 2.8 + 3.0) / 9 × 25 = 28.5 / 9 × 25 = 79.1666…
        let value = ikm(&[3.2, 3.1, 2.9, 3.5, 3.0, 3.4, 3.6, 2.8, 3.0]).unwrap();
        assert!((value - 79.166_666_666).abs() < 1e-6, "{value}");
        assert_eq!(grade(value), SkmGrade::B);
    }

    #[test]
    fn element_out_of_range_names_the_element() {
        for index in 0..9 {
            for bad in [0.99, 4.01, 5.0, -1.0, f64::NAN] {
                let mut elements = [3.0; 9];
                elements[index] = bad;
                let error = ikm(&elements).unwrap_err();
                let code = format!("U{}", index + 1);
                assert!(error.to_string().contains(&code), "{error}");
                assert!(
                    matches!(error, MethodologyError::ElementOutOfRange { element, .. } if element == code)
                );
            }
        }
        let mut elements = [3.0; 9];
        elements[4] = 5.0;
        assert_eq!(
            ikm(&elements).unwrap_err().to_string(),
            "SKM element U5 = 5 is outside 1–4"
        );
    }

    #[test]
    fn grade_boundaries() {
        let cases = [
            (100.0, SkmGrade::A),
            (88.31, SkmGrade::A),
            (88.30, SkmGrade::B),
            (76.61, SkmGrade::B),
            (76.60, SkmGrade::C),
            (65.00, SkmGrade::C),
            (64.99, SkmGrade::D),
            (25.00, SkmGrade::D),
        ];
        for (ikm, expected) in cases {
            assert_eq!(grade(ikm), expected, "{ikm}");
        }
        for bad in [24.99, 100.01, 0.0, f64::NAN, f64::INFINITY] {
            assert!(SkmGrade::from_ikm(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn grade_from_element_averages_at_the_conversion_table_edges() {
        // Conversion table: NRR 3.5324 ↔ IKM 88.31 (A); NRR 2.60 ↔ IKM 65.00 (C).
        assert_eq!(grade(ikm(&[3.5324; 9]).unwrap()), SkmGrade::A);
        assert_eq!(grade(ikm(&[3.532; 9]).unwrap()), SkmGrade::B);
        assert_eq!(grade(ikm(&[2.6; 9]).unwrap()), SkmGrade::C);
        assert_eq!(grade(ikm(&[2.5996; 9]).unwrap()), SkmGrade::D);
    }

    #[test]
    fn names_colours_and_minimums() {
        assert_eq!(
            SKM_ELEMENTS.map(|e| e.code),
            ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]
        );
        assert_eq!(SkmGrade::ALL.map(SkmGrade::min), [88.31, 76.61, 65.0, 25.0]);
        assert_eq!(SkmGrade::C.name(false), "Kurang baik");
        for grade in SkmGrade::ALL {
            assert!(OKABE_ITO.contains(&grade.colour()));
            assert_eq!(SkmGrade::from_ikm(grade.min()), Ok(grade));
        }
    }
}
