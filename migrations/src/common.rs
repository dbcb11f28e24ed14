//! Small helpers shared by the migrations.

use sea_orm_migration::prelude::*;

/// A foreign key `from_table.from_col → to_table.id`, named `fk_<from_table>_<from_col>`.
pub fn fk<T, C, R>(
    from_table: T,
    from_col: C,
    to_table: R,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
    R: IntoIden + 'static,
{
    let from_name = from_table.clone().into_iden().to_string();
    let col_name = from_col.clone().into_iden().to_string();
    ForeignKey::create()
        .name(format!("fk_{from_name}_{col_name}"))
        .from(from_table, from_col)
        .to(to_table, Alias::new("id"))
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A (non-unique) index `idx_<table>_<cols>`.
pub fn index<T, C>(table: T, cols: &[C]) -> IndexCreateStatement
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    build_index(table, cols, false)
}

/// A unique index `ux_<table>_<cols>` (a natural key).
pub fn unique<T, C>(table: T, cols: &[C]) -> IndexCreateStatement
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    build_index(table, cols, true)
}

fn build_index<T, C>(table: T, cols: &[C], unique: bool) -> IndexCreateStatement
where
    T: IntoIden + Clone + 'static,
    C: IntoIden + Clone + 'static,
{
    let table_name = table.clone().into_iden().to_string();
    let col_names: Vec<String> = cols
        .iter()
        .map(|c| c.clone().into_iden().to_string())
        .collect();
    let prefix = if unique { "ux" } else { "idx" };
    let mut stmt = Index::create();
    stmt.name(format!("{prefix}_{table_name}_{}", col_names.join("_")))
        .table(table)
        .if_not_exists();
    for c in cols {
        stmt.col(c.clone());
    }
    if unique {
        stmt.unique();
    }
    stmt.to_owned()
}

/// `col BETWEEN lo AND hi` (NULL passes, as in every SQL `CHECK`).
pub fn between<C: IntoIden + 'static>(col: C, lo: f64, hi: f64) -> Expr {
    Expr::col(col).between(lo, hi)
}

/// `col IN (values…)`.
pub fn one_of<C: IntoIden + 'static>(col: C, values: &[&str]) -> Expr {
    Expr::col(col).is_in(values.iter().map(|v| (*v).to_owned()))
}
