//! `cargo bench -p server --bench render`: server-side render times on the full national demo
//! data set in an SQLite file, in process (no socket), and the time to draw one chart's SVG.
//! Prints min / median / p95 per target; targets: overview < 50 ms, regency and mall pages
//! < 30 ms, one chart < 2 ms (median).
#![recursion_limit = "512"]

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| ms(samples[((samples.len() - 1) as f64 * q).round() as usize]);
    (ms(samples[0]), p(0.5), p(0.95))
}

fn report(name: &str, samples: Vec<Duration>, target_ms: f64) {
    let (min, median, p95) = stats(samples);
    let verdict = if median <= target_ms {
        "ok"
    } else {
        "OVER TARGET"
    };
    println!(
        "{name:<34} min {min:>8.3} ms  median {median:>8.3} ms  p95 {p95:>8.3} ms  (target {target_ms} ms: {verdict})"
    );
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let scale: f64 = std::env::var("PANTAU_DEMO_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let dir = std::env::temp_dir().join(format!("pantau-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let t0 = Instant::now();
    let db = server::prepare_database(&url, scale, 2024).await.unwrap();
    println!(
        "database ready (migrate + reference + demo at scale {scale}): {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    let mall = app::db::queries::national::overview(&db, &Default::default())
        .await
        .unwrap();
    let mall_code = {
        use app::db::entities::{enums::UnitKind, service_unit};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        service_unit::Entity::find()
            .filter(service_unit::Column::Kind.eq(UnitKind::Mpp))
            .filter(service_unit::Column::Code.starts_with("15.05"))
            .one(&db)
            .await
            .unwrap()
            .map(|u| u.code)
            .expect("Muaro Jambi's mall is seeded")
    };
    let state = app::state::AppState {
        leptos_options: server::leptos_options("target/site", "127.0.0.1:3000".parse().unwrap()),
        db: db.clone(),
    };
    let router = server::app(state);

    for (name, uri, target) in [
        ("GET / (national overview)", "/".to_string(), 50.0),
        (
            "GET /?year=2023&province=15",
            "/?year=2023&province=15".to_string(),
            50.0,
        ),
        ("GET /kabupaten/15.05", "/kabupaten/15.05".to_string(), 30.0),
        (
            "GET /unit/<Muaro Jambi MPP>",
            format!("/unit/{mall_code}"),
            30.0,
        ),
        (
            "GET /api/national/ranking.csv",
            "/api/national/ranking.csv".to_string(),
            50.0,
        ),
    ] {
        let mut samples = Vec::with_capacity(runs);
        for i in 0..runs + 3 {
            let t = Instant::now();
            let res = router
                .clone()
                .oneshot(Request::builder().uri(&uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            assert!(res.status().is_success(), "{uri}: {}", res.status());
            let _ = res.into_body().collect().await.unwrap();
            if i >= 3 {
                samples.push(t.elapsed()); // the first three warm caches up
            }
        }
        report(name, samples, target);
    }

    let lang = app::i18n::Lang::Id;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let fig = app::charts::figures::distribution(&mall.distribution, lang);
        samples.push(t.elapsed());
        assert!(fig.svg.starts_with("<svg"));
    }
    report("one chart SVG (distribution)", samples, 2.0);
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let fig = app::charts::figures::distribution_trend(&mall.trend, lang);
        samples.push(t.elapsed());
        assert!(fig.svg.starts_with("<svg"));
    }
    report("one chart SVG (trend, stacked)", samples, 2.0);

    let size = std::fs::metadata(dir.join("bench.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("SQLite file: {:.1} MB", size as f64 / 1e6);
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}
