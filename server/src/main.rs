//! `pantau`: serve the dashboard, or run one of the data commands. All logic lives in the
//! library so tests can call it without a socket.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = server::config::Cli::parse();
    server::init_tracing(&cli.log);
    match server::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("pantau: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
