//! Accounts, sessions and authorization (server only).
//!
//! **One module decides who may do what**: [`Ctx`] (who is asking) and its `can_*` methods. Every
//! write path resolves its target's regency and province from the database and asks `Ctx`; the
//! HTTP layer only builds the `Ctx` from the session cookie (see `server::auth`).
//!
//! | role | may |
//! | --- | --- |
//! | `admin` | manage users and reference data (MoU commitments), read everything |
//! | `pimpinan` | read everything, incl. unpublished inspections and the audit log |
//! | `asisten` | record and edit inspections, follow-ups and commitments in the assigned provinces; read their details |
//! | `pemda` | record commitment progress and follow-ups of its own regency; read its details |
//! | anonymous | read published data only |

pub mod counter;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod users;

use std::net::IpAddr;

use crate::db::entities::enums::Role;
use crate::model::Viewer;

pub use password::{hash_password, verify_password};
pub use session::{
    SESSION_COOKIE, SESSION_COOKIE_SECURE, SESSION_IDLE_SECS, SESSION_TTL_SECS, create_session,
    lookup_session, purge_sessions, revoke_session, revoke_user_sessions,
};
pub use users::{NewUser, create_user};

/// Name of the cookie holding the CSRF token of anonymous visitors (double-submit: the login
/// form must echo it). The token is signed ([`new_csrf_token`]): a cookie planted by someone
/// else (e.g. from a sibling subdomain) with a matching form field is refused unless this server
/// made it. Signed-in users use the token stored with their session.
pub const CSRF_COOKIE: &str = "pantau_csrf";
/// The same over HTTPS (`__Host-` prefix, see [`SESSION_COOKIE_SECURE`]).
pub const CSRF_COOKIE_SECURE: &str = "__Host-pantau_csrf";
/// Name of the server secret (table `app_secret`) that signs anonymous CSRF tokens.
pub const CSRF_SECRET: &str = "csrf";

/// HMAC-SHA-256 (RFC 2104) of `msg` under `key`.
pub fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

fn csrf_mac(secret: &str, nonce: &str) -> String {
    hex::encode(hmac_sha256(
        secret.as_bytes(),
        format!("csrf:{nonce}").as_bytes(),
    ))
}

/// A new anonymous CSRF token: `<random nonce>.<HMAC of the nonce under the server secret>`.
pub fn new_csrf_token(secret: &str) -> String {
    let nonce = random_token();
    let mac = csrf_mac(secret, &nonce);
    format!("{nonce}.{mac}")
}

/// Whether `token` is an anonymous CSRF token this server signed.
pub fn csrf_token_signed(secret: &str, token: &str) -> bool {
    let Some((nonce, mac)) = token.split_once('.') else {
        return false;
    };
    is_token(nonce) && is_token(mac) && tokens_match(&csrf_mac(secret, nonce), mac)
}

/// A signed-in user as the authorization checks need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The regency of a `pemda` account.
    pub regency_id: Option<i32>,
    /// The provinces of an `asisten` account.
    pub province_ids: Vec<i32>,
    /// Display codes of the same (for the page header and links).
    pub regency_code: Option<String>,
    pub province_codes: Vec<String>,
}

/// Who is asking: the signed-in user (if any), the session, the CSRF token every form must carry,
/// and the client's address (for the login rate limit).
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    pub user: Option<User>,
    pub session_id: Option<i32>,
    pub csrf: String,
    pub client_ip: Option<IpAddr>,
}

/// Who wrote something, for the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub username: String,
}

impl Actor {
    /// The command line (`pantau create-user`, imports run by an operator).
    pub fn cli() -> Actor {
        Actor {
            user_id: None,
            username: "cli".into(),
        }
    }
}

/// Constant-time comparison (CSRF tokens).
pub fn tokens_match(a: &str, b: &str) -> bool {
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// 32 random bytes as 64 hex characters.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    hex::encode(bytes)
}

/// Hex SHA-256 of a token.
pub fn sha256_hex(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// Whether a cookie value has the shape of our tokens (64 lowercase hex characters).
pub fn is_token(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Ctx {
    pub fn anonymous(csrf: String) -> Ctx {
        Ctx {
            csrf,
            ..Ctx::default()
        }
    }

    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// The actor for the audit log (`anonim` when nobody is signed in).
    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor {
                user_id: Some(u.id),
                username: u.username.clone(),
            },
            None => Actor {
                user_id: None,
                username: "anonim".into(),
            },
        }
    }

    /// Whether `token` is this request's CSRF token.
    pub fn csrf_ok(&self, token: &str) -> bool {
        tokens_match(self.csrf.trim(), token.trim())
    }

    fn is_asisten_of(&self, province_id: i32) -> bool {
        matches!(&self.user, Some(u) if u.role == Role::Asisten && u.province_ids.contains(&province_id))
    }

    fn is_pemda_of(&self, regency_id: i32) -> bool {
        matches!(&self.user, Some(u) if u.role == Role::Pemda && u.regency_id == Some(regency_id))
    }

    /// Record or edit an inspection (with its facility checks, scores and findings) of a unit in
    /// this regency / province: an `asisten` assigned to the province.
    pub fn can_write_unit(&self, _regency_id: i32, province_id: i32) -> bool {
        self.is_asisten_of(province_id)
    }

    /// Record a follow-up of a finding of this regency: its `pemda` officer, or an `asisten`
    /// of the province (who verifies follow-ups).
    pub fn can_follow_up(&self, regency_id: i32, province_id: i32) -> bool {
        self.is_pemda_of(regency_id) || self.is_asisten_of(province_id)
    }

    /// Report progress on a commitment of this regency: its `pemda` officer only.
    pub fn can_record_progress(&self, regency_id: i32) -> bool {
        self.is_pemda_of(regency_id)
    }

    /// Create or edit the commitments of an MoU of this regency: `admin` (reference data) or an
    /// `asisten` of the province.
    pub fn can_manage_commitments(&self, _regency_id: i32, province_id: i32) -> bool {
        self.role() == Some(Role::Admin) || self.is_asisten_of(province_id)
    }

    /// Read unpublished inspection details of this regency: `admin` and `pimpinan` everywhere,
    /// an `asisten` in the assigned provinces, a `pemda` officer in its regency.
    pub fn can_read_unpublished(&self, regency_id: i32, province_id: i32) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Pimpinan))
            || self.is_asisten_of(province_id)
            || self.is_pemda_of(regency_id)
    }

    /// Read the audit log: `admin` and `pimpinan`.
    pub fn can_read_audit(&self) -> bool {
        matches!(self.role(), Some(Role::Admin | Role::Pimpinan))
    }

    /// Import CSV files (published scores, unit registry, SKM, staff) from the upload page:
    /// `admin`, who manages reference data (the rows of a file may span every province).
    pub fn can_import(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// Manage accounts: `admin`.
    pub fn can_manage_users(&self) -> bool {
        self.role() == Some(Role::Admin)
    }

    /// What the page needs to know about the visitor (serializable, also in the browser).
    pub fn viewer(&self) -> Viewer {
        match &self.user {
            Some(u) => Viewer {
                username: Some(u.username.clone()),
                display_name: Some(u.display_name.clone()),
                role: Some(u.role.as_str().to_owned()),
                csrf: self.csrf.clone(),
            },
            None => Viewer {
                csrf: self.csrf.clone(),
                ..Viewer::default()
            },
        }
    }
}

/// The `Ctx` of the current request (put into the request's extensions by the server's
/// middleware), anonymous if there is none (e.g. in unit tests).
pub fn current_ctx() -> Ctx {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Ctx>().cloned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, regency: Option<i32>, provinces: Vec<i32>) -> Ctx {
        Ctx {
            user: Some(User {
                id: 1,
                username: "u".into(),
                display_name: "U".into(),
                role,
                regency_id: regency,
                province_ids: provinces,
                regency_code: None,
                province_codes: vec![],
            }),
            session_id: Some(1),
            csrf: "x".repeat(64),
            client_ip: None,
        }
    }

    #[test]
    fn roles_decide() {
        let anon = Ctx::anonymous("a".repeat(64));
        let admin = user(Role::Admin, None, vec![]);
        let lead = user(Role::Pimpinan, None, vec![]);
        let inspector = user(Role::Asisten, None, vec![15]);
        let officer = user(Role::Pemda, Some(7), vec![]);
        assert!(!anon.can_write_unit(7, 15));
        assert!(!admin.can_write_unit(7, 15));
        assert!(!lead.can_write_unit(7, 15));
        assert!(inspector.can_write_unit(7, 15));
        assert!(!inspector.can_write_unit(7, 16));
        assert!(!officer.can_write_unit(7, 15));
        assert!(officer.can_record_progress(7));
        assert!(!officer.can_record_progress(8));
        assert!(!inspector.can_record_progress(7));
        assert!(officer.can_follow_up(7, 15));
        assert!(!officer.can_follow_up(8, 15));
        assert!(inspector.can_follow_up(8, 15));
        assert!(admin.can_manage_commitments(7, 15));
        assert!(!officer.can_manage_commitments(7, 15));
        assert!(lead.can_read_audit() && admin.can_read_audit());
        assert!(!inspector.can_read_audit() && !anon.can_read_audit());
        assert!(lead.can_read_unpublished(1, 1));
        assert!(!anon.can_read_unpublished(1, 1));
        assert!(officer.can_read_unpublished(7, 99));
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let key = [0xaau8; 131];
        assert_eq!(
            hex::encode(hmac_sha256(
                &key,
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn csrf_tokens_are_signed() {
        let t = new_csrf_token("geheim");
        assert!(csrf_token_signed("geheim", &t));
        assert!(!csrf_token_signed("anders", &t), "another server's secret");
        let planted = format!("{}.{}", "a".repeat(64), "b".repeat(64));
        assert!(!csrf_token_signed("geheim", &planted));
        assert!(!csrf_token_signed("geheim", &"a".repeat(64)));
        assert!(!csrf_token_signed("geheim", ""));
    }

    #[test]
    fn tokens() {
        let t = random_token();
        assert!(is_token(&t));
        assert_ne!(t, random_token());
        assert!(tokens_match(&t, &t.clone()));
        assert!(!tokens_match(&t, ""));
        assert!(!tokens_match("", ""));
        assert_eq!(sha256_hex("abc").len(), 64);
        assert!(!is_token("ABC"));
    }
}
