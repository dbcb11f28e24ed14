//! Login rate limit, kept in the database (so it holds across server instances) and counted
//! **before** the password is checked, with one atomic statement per key ([`super::counter`]):
//!
//! * per (username, client address): at most [`MAX_ATTEMPTS`] sign-in attempts in
//!   [`WINDOW_SECS`]; further attempts answer 429 without looking at the password. A successful
//!   sign-in clears the count;
//! * per client address (any username): at most [`MAX_PER_ADDRESS`] attempts in the window
//!   (password spraying);
//! * per username (any address): a **soft** limit — beyond [`USER_SOFT_LIMIT`] attempts in the
//!   window each further attempt waits ([`user_delay`], growing, capped) before its password is
//!   checked. It slows a distributed guesser down but never locks the owner out: from another
//!   address the right password still signs in.

use std::net::IpAddr;
use std::time::Duration;

use sea_orm::ConnectionTrait;

use super::counter::{self, Count};
use crate::db::DataError;

/// Attempts per (username, address) in the window.
pub const MAX_ATTEMPTS: i64 = 5;
/// Attempts per address in the window, whatever the username.
pub const MAX_PER_ADDRESS: i64 = 50;
/// Attempts per username (from all addresses) in the window before they are slowed down.
pub const USER_SOFT_LIMIT: i64 = 10;
/// Length of the window.
pub const WINDOW_SECS: i64 = 15 * 60;
/// The longest wait the per-username limit imposes on one attempt.
pub const MAX_USER_DELAY: Duration = Duration::from_secs(8);

fn address(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "-".to_owned(), |ip| ip.to_canonical().to_string())
}

/// Counter key of (username, address).
pub fn pair_key(username: &str, ip: Option<IpAddr>) -> String {
    format!("login:pair:{username}|{}", address(ip))
}

/// Counter key of a username.
pub fn user_key(username: &str) -> String {
    format!("login:user:{username}")
}

/// Counter key of an address.
pub fn address_key(ip: IpAddr) -> String {
    format!("login:addr:{}", address(Some(ip)))
}

/// What the limiter decided for one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Check the password, after waiting this long (the per-username slow-down).
    Check(Duration),
    /// Refuse without checking; the client may try again after this many seconds.
    Refuse { retry_after: i64 },
}

/// How long an attempt waits when its username has had `hits` attempts in the window.
pub fn user_delay(hits: i64) -> Duration {
    if hits <= USER_SOFT_LIMIT {
        return Duration::ZERO;
    }
    let doublings = (hits - USER_SOFT_LIMIT - 1).min(10) as u32;
    Duration::from_millis(250u64 << doublings).min(MAX_USER_DELAY)
}

fn retry_after(count: Count, now: i64) -> i64 {
    (count.window_start + WINDOW_SECS - now).clamp(1, WINDOW_SECS)
}

/// Counts this attempt (for the pair, the address and the username) and decides. `username`
/// must be validated and normalized already.
pub async fn count_attempt<C: ConnectionTrait>(
    db: &C,
    username: &str,
    ip: Option<IpAddr>,
    now: i64,
) -> Result<Decision, DataError> {
    let pair = counter::bump(db, &pair_key(username, ip), WINDOW_SECS, now).await?;
    if pair.hits == 1 {
        // A new key: forget counters nobody touched for two days (failed attempts alone must
        // not grow the table forever).
        counter::purge(db, 2 * 86_400, now).await?;
    }
    if pair.hits > MAX_ATTEMPTS {
        return Ok(Decision::Refuse {
            retry_after: retry_after(pair, now),
        });
    }
    if let Some(ip) = ip {
        let by_address = counter::bump(db, &address_key(ip), WINDOW_SECS, now).await?;
        if by_address.hits > MAX_PER_ADDRESS {
            return Ok(Decision::Refuse {
                retry_after: retry_after(by_address, now),
            });
        }
    }
    let by_user = counter::bump(db, &user_key(username), WINDOW_SECS, now).await?;
    Ok(Decision::Check(user_delay(by_user.hits)))
}

/// After a successful sign-in: the pair's and the username's counts start again.
pub async fn clear<C: ConnectionTrait>(
    db: &C,
    username: &str,
    ip: Option<IpAddr>,
) -> Result<(), DataError> {
    counter::reset(db, &pair_key(username, ip)).await?;
    counter::reset(db, &user_key(username)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_username_limit_slows_down_and_is_capped() {
        assert_eq!(user_delay(USER_SOFT_LIMIT), Duration::ZERO);
        assert_eq!(user_delay(USER_SOFT_LIMIT + 1), Duration::from_millis(250));
        assert_eq!(user_delay(USER_SOFT_LIMIT + 2), Duration::from_millis(500));
        assert_eq!(user_delay(10_000), MAX_USER_DELAY);
    }

    #[test]
    fn keys_fit_the_column() {
        let long = "a".repeat(64);
        let ip: IpAddr = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap();
        assert!(pair_key(&long, Some(ip)).len() <= 255);
        assert_eq!(
            pair_key("x", Some("::ffff:10.0.0.1".parse().unwrap())),
            "login:pair:x|10.0.0.1"
        );
    }
}
