#![recursion_limit = "512"]
//! Pantau's server: configuration, the axum router, data commands.
//!
//! `app()` builds the whole router from an [`AppState`], so tests drive it with `oneshot`.

pub mod auth;
pub mod commands;
pub mod config;
pub mod error;
pub mod export;
pub mod forms;
pub mod request_id;
pub mod routes;
pub mod serve;
pub mod users;

use app::state::AppState;
use app::{App, shell};
use axum::Router;
use config::{Cli, Command};
use leptos::prelude::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::DatabaseConnection;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| "info".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .try_init();
}

/// Leptos options for a site root and address; the output name matches the build.
pub fn leptos_options(site_root: &str, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("pantau")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos::config::Env::PROD)
        .build()
}

/// The complete router with the default limits (see [`app_with`]).
pub fn app(state: AppState) -> Router {
    app_full(state, auth::AuthConfig::from_env(), None)
}

/// [`app`] with explicit cookie and proxy settings (tests); default edge limits.
pub fn app_with(state: AppState, auth_config: auth::AuthConfig) -> Router {
    app_full(state, auth_config, None)
}

/// [`app`] with explicit edge limits (tests); cookie and proxy settings from the environment.
pub fn app_with_edge(state: AppState, edge: serve::Edge) -> Router {
    app_full(state, auth::AuthConfig::from_env(), Some(edge))
}

/// The complete router: pages (server-rendered, hydrated), server functions, static files,
/// health checks, language switch and the CSV/JSON exports, behind the edge middleware
/// (security headers, limits, timeouts, input hygiene).
fn app_full(state: AppState, auth_config: auth::AuthConfig, edge: Option<serve::Edge>) -> Router {
    let edge = edge
        .unwrap_or_else(|| serve::Edge::new(config::Limits::default(), auth_config.secure_cookies));
    let routes = generate_route_list(App);
    let auth_state = auth::AuthState::new(state.clone(), auth_config);
    Router::new()
        .merge(
            routes::router().route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                auth::audit_exports,
            )),
        )
        .merge(forms::router())
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            auth_state,
            auth::middleware,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(edge, serve::edge))
        .layer(TraceLayer::new_for_http().on_failure(()))
        .layer(axum::middleware::from_fn(request_id::middleware))
        .with_state(state)
}

/// Connects, migrates, and loads reference data (and demo data if asked) when the database
/// is new. Idempotent: a second start changes nothing.
pub async fn prepare_database(
    url: &str,
    demo_scale: f64,
    demo_seed: u64,
) -> Result<DatabaseConnection, String> {
    let db = app::db::connect(url)
        .await
        .map_err(|e| format!("cannot open database: {e}"))?;
    app::db::migrate(&db)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    if !app::db::queries::has_reference(&db)
        .await
        .map_err(|e| e.to_string())?
    {
        let counts = app::db::seed::load_reference(&db)
            .await
            .map_err(|e| e.to_string())?;
        tracing::info!(?counts, "reference data loaded");
    }
    if demo_scale > 0.0
        && !app::db::queries::has_demo(&db)
            .await
            .map_err(|e| e.to_string())?
    {
        tracing::info!(scale = demo_scale, "generating demo data (first start)");
        let counts = generate_demo(&db, demo_scale, demo_seed).await?;
        tracing::info!(?counts, "demo data generated");
    }
    Ok(db)
}

async fn generate_demo(
    db: &DatabaseConnection,
    scale: f64,
    seed: u64,
) -> Result<app::db::seed::DemoCounts, String> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("demo data");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let counts =
        app::db::seed::generate_demo(db, app::db::seed::DemoConfig { seed, scale }, &progress)
            .await
            .map_err(|e| e.to_string())?;
    bar.finish();
    Ok(counts)
}

/// Runs the command line.
pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.database_url, &cli.serve).await,
        Command::Migrate => {
            let db = app::db::connect(&cli.database_url)
                .await
                .map_err(|e| e.to_string())?;
            app::db::migrate(&db).await.map_err(|e| e.to_string())?;
            tracing::info!("database schema is up to date");
            Ok(())
        }
        Command::LoadReference => {
            let db = prepare_database(&cli.database_url, 0.0, 0).await?;
            let counts = app::db::seed::load_reference(&db)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(?counts, "reference data loaded");
            Ok(())
        }
        Command::GenerateDemo => {
            let db = prepare_database(&cli.database_url, 0.0, 0).await?;
            let started = std::time::Instant::now();
            let counts = generate_demo(&db, cli.serve.demo_scale, cli.serve.demo_seed).await?;
            tracing::info!(
                ?counts,
                seconds = started.elapsed().as_secs_f64(),
                "demo data generated"
            );
            Ok(())
        }
        Command::Import(args) => commands::import(&cli.database_url, &args).await,
        Command::Export(args) => commands::export(&cli.database_url, &args).await,
        Command::CreateUser(args) => users::create_user(&cli.database_url, &args).await,
    }
}

async fn serve(database_url: &str, args: &config::ServeArgs) -> Result<(), String> {
    let db = prepare_database(database_url, args.demo_scale, args.demo_seed).await?;
    let state = AppState {
        leptos_options: leptos_options(&args.site_root, args.addr),
        db,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    tracing::info!("Pantau listening on http://{}", args.addr);
    let auth_config = auth::AuthConfig::from_env();
    let edge = serve::Edge::new(args.limits.clone(), auth_config.secure_cookies);
    let router = app_full(state, auth_config, Some(edge));
    serve::serve(listener, router, &args.limits, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown signal received");
}
