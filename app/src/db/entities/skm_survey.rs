//! `skm_survey`: a Survei Kepuasan Masyarakat (PermenPANRB 14/2017) of a unit per semester:
//! the average answer (NRR, 1–4) of each of the nine elements U1–U9 and the resulting IKM
//! (25–100), computed with `methodology::ikm` and stored.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "skm_survey")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub unit_id: i32,
    pub year: i32,
    /// 1–2.
    pub semester: i32,
    pub respondents: i32,
    /// Persyaratan.
    pub u1: f64,
    /// Sistem, mekanisme dan prosedur.
    pub u2: f64,
    /// Waktu penyelesaian.
    pub u3: f64,
    /// Biaya/tarif.
    pub u4: f64,
    /// Produk spesifikasi jenis pelayanan.
    pub u5: f64,
    /// Kompetensi pelaksana.
    pub u6: f64,
    /// Perilaku pelaksana.
    pub u7: f64,
    /// Sarana dan prasarana.
    pub u8: f64,
    /// Penanganan pengaduan, saran dan masukan.
    pub u9: f64,
    pub ikm: f64,
    pub demo: bool,
}

impl Model {
    /// The nine element averages in order U1..U9.
    pub fn elements(&self) -> [f64; 9] {
        [
            self.u1, self.u2, self.u3, self.u4, self.u5, self.u6, self.u7, self.u8, self.u9,
        ]
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service_unit::Entity",
        from = "Column::UnitId",
        to = "super::service_unit::Column::Id"
    )]
    ServiceUnit,
}

impl Related<super::service_unit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceUnit.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
