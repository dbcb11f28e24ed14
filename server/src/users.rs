//! `pantau create-user`: accounts are created from the command line (the first admin too); the
//! password comes from `PANTAU_PASSWORD` or the first line of standard input, never from a flag.

use app::auth::{Actor, NewUser};
use app::db::entities::enums::Role;

use crate::config::CreateUserArgs;

/// Environment variable read for the new account's password.
pub const PASSWORD_ENV: &str = "PANTAU_PASSWORD";

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var(PASSWORD_ENV)
        && !p.is_empty()
    {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let p = line.trim_end_matches(['\r', '\n']).to_owned();
    if p.is_empty() {
        return Err(format!(
            "no password: set {PASSWORD_ENV} or pass it on standard input"
        ));
    }
    Ok(p)
}

pub async fn create_user(database_url: &str, args: &CreateUserArgs) -> Result<(), String> {
    let role = Role::parse(&args.role).ok_or_else(|| format!("unknown role {}", args.role))?;
    let password = read_password()?;
    let db = crate::prepare_database(database_url, 0.0, 0).await?;
    let input = NewUser {
        username: args.username.clone(),
        display_name: args.display_name.clone().unwrap_or_default(),
        password,
        role,
        regency_code: args.regency.clone(),
        province_codes: args.province.clone(),
    };
    let result = app::auth::create_user(&db, &input, &Actor::cli()).await;
    db.close().await.ok();
    let user = result.map_err(|e| e.message(true))?;
    println!(
        "created {} account {:?} (id {})",
        user.role.as_str(),
        user.username,
        user.id
    );
    Ok(())
}
