//! Configuration: command-line flags, each also settable by an environment variable.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(
    name = "pantau",
    version,
    about = "Pantau: public-service quality dashboard for Indonesian regencies"
)]
pub struct Cli {
    /// Database URL: an SQLite file (default) or PostgreSQL (`postgres://user@host/db`).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/pantau.db?mode=rwc",
        global = true
    )]
    pub database_url: String,

    /// Log filter (tracing `EnvFilter` syntax), e.g. `info` or `server=debug,sqlx=warn`.
    #[arg(
        long,
        env = "PANTAU_LOG",
        default_value = "info,sqlx=warn,sea_orm=warn",
        global = true
    )]
    pub log: String,

    #[command(flatten)]
    pub serve: ServeArgs,

    /// What to do; without a command the server starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        env = "PANTAU_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    /// Directory holding the built site (`pkg/pantau.js`, `pkg/pantau.wasm`, `pkg/pantau.css`).
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: String,

    /// Size of the demo data set loaded on first start (1.0 = whole country; 0 = none).
    #[arg(long, env = "PANTAU_DEMO_SCALE", default_value_t = 1.0, global = true)]
    pub demo_scale: f64,

    /// Seed of the demo generator (same seed, same data).
    #[arg(long, env = "PANTAU_DEMO_SEED", default_value_t = 2024, global = true)]
    pub demo_seed: u64,

    #[command(flatten)]
    pub limits: Limits,
}

/// Timeouts and limits of the HTTP edge (see `serve.rs`). Durations in seconds.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Seconds a client has to send a request's complete header (slow clients are disconnected).
    #[arg(
        long,
        env = "PANTAU_HEADER_TIMEOUT",
        default_value_t = 10.0,
        global = true
    )]
    pub header_timeout: f64,
    /// Seconds a request body may pause between two pieces before the request fails (408).
    #[arg(
        long,
        env = "PANTAU_BODY_TIMEOUT",
        default_value_t = 30.0,
        global = true
    )]
    pub body_timeout: f64,
    /// Seconds a whole request may take before it is answered with 503.
    #[arg(
        long,
        env = "PANTAU_REQUEST_TIMEOUT",
        default_value_t = 120.0,
        global = true
    )]
    pub request_timeout: f64,
    /// Requests handled at the same time; more wait up to a second, then get 503.
    #[arg(
        long,
        env = "PANTAU_MAX_REQUESTS",
        default_value_t = 256,
        global = true
    )]
    pub max_requests: usize,
    /// Open connections at the same time; further clients wait in the listen queue.
    #[arg(
        long,
        env = "PANTAU_MAX_CONNECTIONS",
        default_value_t = 1024,
        global = true
    )]
    pub max_connections: usize,
    /// Seconds graceful shutdown waits for in-flight requests before dropping connections.
    #[arg(
        long,
        env = "PANTAU_SHUTDOWN_TIMEOUT",
        default_value_t = 10.0,
        global = true
    )]
    pub shutdown_timeout: f64,
    /// Largest form body (`application/x-www-form-urlencoded`) in bytes; larger ones get 413.
    #[arg(long, env = "PANTAU_MAX_FORM_BYTES", default_value_t = 256 * 1024, global = true)]
    pub max_form_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: 10.0,
            body_timeout: 30.0,
            request_timeout: 120.0,
            max_requests: 256,
            max_connections: 1024,
            shutdown_timeout: 10.0,
            max_form_bytes: 256 * 1024,
        }
    }
}

/// Seconds as a [`std::time::Duration`] (negative or invalid: zero).
pub fn secs(s: f64) -> std::time::Duration {
    std::time::Duration::try_from_secs_f64(s).unwrap_or_default()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create or update the database schema.
    Migrate,
    /// Load the reference data: 38 provinces, 514 regencies, facility catalogue, published scores.
    LoadReference,
    /// Generate the deterministic demo data set (uses --demo-scale and --demo-seed).
    GenerateDemo,
    /// Create an account; the password is read from PANTAU_PASSWORD or standard input.
    CreateUser(CreateUserArgs),
    /// Import a CSV file of scores, units, SKM results or staff snapshots (all rows or none).
    #[command(after_help = app::db::import::FORMATS)]
    Import(ImportArgs),
    /// Export tables to UTF-8 CSV files, one per table (`all`: every table).
    Export(ExportArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// What the file holds (columns: see below).
    #[arg(value_parser = ["scores", "units", "skm", "staff"])]
    pub kind: String,
    /// The CSV file.
    pub file: std::path::PathBuf,
    /// Language of the messages: `id` (Bahasa Indonesia) or `en`.
    #[arg(long, env = "PANTAU_LANG", default_value = "id", value_parser = ["id", "en"])]
    pub lang: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// A table name (e.g. `skm_survey`) or `all`.
    pub table: String,
    /// Directory for the `<table>.csv` files (created if missing).
    #[arg(long)]
    pub out: std::path::PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CreateUserArgs {
    /// `admin`, `pimpinan`, `asisten` (needs --province) or `pemda` (needs --regency).
    #[arg(long, value_parser = ["admin", "pimpinan", "asisten", "pemda"])]
    pub role: String,
    /// Login name: 3–64 of a-z 0-9 . _ -
    #[arg(long)]
    pub username: String,
    /// Name shown in the page header (default: the username).
    #[arg(long)]
    pub display_name: Option<String>,
    /// Province code (`15`) an asisten is assigned to; repeat for several.
    #[arg(long)]
    pub province: Vec<String>,
    /// Regency code (`15.05`) of a pemda account.
    #[arg(long)]
    pub regency: Option<String>,
}
