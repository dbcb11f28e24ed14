//! Server-side SVG charts drawn with plotters.
//!
//! Every text node is XML-escaped by plotters' SVG backend (checked by the tests below), the
//! SVG carries a `viewBox` so CSS scales it to its container, and every bar, band and line has
//! a written label or a distinct marker: colour is never the only signal. Palette: Okabe–Ito,
//! which stays distinguishable under the common colour-vision deficiencies.

pub mod figures;

use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn rgb(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("99"), 16).unwrap_or(0x99);
    RGBColor(p(0), p(2), p(4))
}

/// Chart size in SVG user units; CSS scales the SVG to its container.
const SIZE: (u32, u32) = (720, 380);
const FONT: &str = "sans-serif";

#[derive(Debug, thiserror::Error)]
#[error("chart could not be drawn: {0}")]
pub struct ChartError(String);

fn err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// One bar of a bar chart.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub color: String,
    /// Text written on top of the bar (e.g. the count).
    pub value_label: String,
}

/// One layer of a stacked bar chart: a category with its value per x position.
#[derive(Clone, Debug)]
pub struct Stack {
    pub label: String,
    pub color: String,
    pub values: Vec<f64>,
}

/// A line series over years; `None` is a gap.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub color: String,
    pub points: Vec<(i32, f64)>,
}

/// A background band (e.g. a compliance category) over a span of years.
#[derive(Clone, Debug)]
pub struct Band {
    pub from_year: i32,
    pub to_year: i32,
    pub min: f64,
    pub max: f64,
    pub label: String,
    pub color: String,
}

fn render(
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        draw(&root)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// A chart with one segment per label on the x axis (labels centred) and `0..y_max` upwards,
/// its mesh drawn.
fn category_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    labels: &[String],
    y_max: f64,
    y_desc: &str,
) -> Result<
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>>,
    ChartError,
> {
    let n = labels.len().max(1) as i32;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d((0..n).into_segmented(), 0.0..y_max)
        .map_err(err)?;
    let fmt = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            labels.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(y_desc)
        .x_label_formatter(&fmt)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 14))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// A vertical bar chart over categories.
pub fn bar_chart(bars: &[Bar], y_desc: &str) -> Result<String, ChartError> {
    let y_max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.15;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    render(|root| {
        let mut chart = category_chart(root, &labels, y_max, y_desc)?;
        let colors: Vec<RGBColor> = bars.iter().map(|b| rgb(&b.color)).collect();
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .margin(10)
                    .style_func(|x, _| match x {
                        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                            colors.get(*i as usize).copied().unwrap_or(BLACK).filled()
                        }
                        SegmentValue::Last => BLACK.filled(),
                    })
                    .data(bars.iter().enumerate().map(|(i, b)| (i as i32, b.value))),
            )
            .map_err(err)?;
        let on_top =
            TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Text::new(
                    b.value_label.clone(),
                    (SegmentValue::CenterOf(i as i32), b.value),
                    on_top.clone(),
                )
            }))
            .map_err(err)?;
        Ok(())
    })
}

/// Stacked bars, one bar per x label, layers in the given order (bottom first). Values are
/// percentages of the bar.
pub fn stacked_bar_chart(
    x_labels: &[String],
    stacks: &[Stack],
    y_desc: &str,
) -> Result<String, ChartError> {
    render(|root| {
        let mut chart = category_chart(root, x_labels, 100.0, y_desc)?;
        let mut base = vec![0.0_f64; x_labels.len()];
        let inside =
            TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Center, VPos::Center));
        for stack in stacks {
            let color = rgb(&stack.color);
            let bottoms = base.clone();
            chart
                .draw_series(stack.values.iter().enumerate().map(|(i, v)| {
                    let x0 = SegmentValue::Exact(i as i32);
                    let x1 = SegmentValue::Exact(i as i32 + 1);
                    Rectangle::new(
                        [(x0, bottoms[i]), (x1, bottoms[i] + v)],
                        color.filled().stroke_width(1),
                    )
                }))
                .map_err(err)?
                .label(stack.label.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 12, y + 6)], color.filled())
                });
            // Write the category into every segment tall enough to hold it.
            chart
                .draw_series(
                    stack
                        .values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| **v >= 6.0)
                        .map(|(i, v)| {
                            Text::new(
                                format!("{} {:.0}%", stack.label, v),
                                (SegmentValue::CenterOf(i as i32), bottoms[i] + v / 2.0),
                                inside.clone(),
                            )
                        }),
                )
                .map_err(err)?;
            for (b, v) in base.iter_mut().zip(&stack.values) {
                *b += v;
            }
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 13))
            .draw()
            .map_err(err)?;
        Ok(())
    })
}

/// Lines over years on a 0–100 scale, over optional band backgrounds. Each series gets its own
/// marker shape as well as its colour.
pub fn line_chart(series: &[Series], bands: &[Band], y_desc: &str) -> Result<String, ChartError> {
    let years = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(bands.iter().flat_map(|b| [b.from_year, b.to_year]));
    let (min_y, max_y) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let (min_y, max_y) = if min_y > max_y {
        (2021, 2025)
    } else {
        (min_y, max_y)
    };
    let x_range = (f64::from(min_y) - 0.5)..(f64::from(max_y) + 0.5);
    render(|root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(x_range, 0.0..100.0)
            .map_err(err)?;
        let year_fmt = |x: &f64| {
            if (x - x.round()).abs() < 1e-6 {
                format!("{:.0}", x)
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels((max_y - min_y + 1) as usize * 2 + 1)
            .x_label_formatter(&year_fmt)
            .y_desc(y_desc)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(err)?;
        let band_text =
            TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
        for band in bands {
            let color = rgb(&band.color);
            let (x0, x1) = (
                f64::from(band.from_year) - 0.5,
                f64::from(band.to_year) + 0.5,
            );
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, band.min), (x1, band.max)],
                    color.mix(0.18).filled(),
                )))
                .map_err(err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    band.label.clone(),
                    (x0 + 0.04, (band.min + band.max) / 2.0),
                    band_text.clone(),
                )))
                .map_err(err)?;
        }
        for (k, s) in series.iter().enumerate() {
            let color = rgb(&s.color);
            let style = color.stroke_width(3);
            chart
                .draw_series(LineSeries::new(
                    s.points.iter().map(|&(y, v)| (f64::from(y), v)),
                    style,
                ))
                .map_err(err)?
                .label(s.label.clone())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(3))
                });
            let pts = s.points.iter().map(move |&(y, v)| (f64::from(y), v));
            match k % 3 {
                0 => chart
                    .draw_series(pts.map(|p| Circle::new(p, 5, color.filled())))
                    .map(|_| ()),
                1 => chart
                    .draw_series(pts.map(|p| TriangleMarker::new(p, 6, color.filled())))
                    .map(|_| ()),
                _ => chart
                    .draw_series(pts.map(|p| Cross::new(p, 6, color.stroke_width(3))))
                    .map(|_| ()),
            }
            .map_err(err)?;
        }
        if !series.is_empty() {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .label_font((FONT, 13))
                .draw()
                .map_err(err)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> String {
        "<script>alert(1)</script> & \"Kab\"".to_string()
    }

    /// The trimmed contents of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| {
                Some(
                    t.split_once('>')?
                        .1
                        .split_once("</text>")?
                        .0
                        .trim()
                        .to_string(),
                )
            })
            .collect()
    }

    fn assert_escaped(svg: &str) {
        assert!(!svg.contains("<script>"), "raw <script> in SVG: {svg}");
        assert!(svg.contains("&lt;script&gt;"), "escaped label missing");
        assert!(svg.contains("&amp;"), "escaped ampersand missing");
        assert!(!svg.contains(" & "), "raw ampersand in SVG");
    }

    #[test]
    fn bar_chart_escapes_labels_and_scales() {
        let bars = vec![
            Bar {
                label: hostile(),
                value: 3.0,
                color: "#009E73".into(),
                value_label: hostile(),
            },
            Bar {
                label: "B".into(),
                value: 5.0,
                color: "#7FCDB5".into(),
                value_label: "5".into(),
            },
        ];
        let svg = bar_chart(&bars, "Jumlah & <b>").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("viewBox=\"0 0 720 380\""));
        assert_escaped(&svg);
    }

    #[test]
    fn stacked_chart_escapes_and_labels_segments() {
        let stacks = vec![
            Stack {
                label: hostile(),
                color: "#009E73".into(),
                values: vec![60.0, 40.0],
            },
            Stack {
                label: "C".into(),
                color: "#F0E442".into(),
                values: vec![40.0, 60.0],
            },
        ];
        let svg = stacked_bar_chart(&["2023".into(), "2024".into()], &stacks, "%").unwrap();
        assert_escaped(&svg);
        assert!(svg.contains("C 60%"), "segments carry their category label");
    }

    #[test]
    fn line_chart_escapes_series_and_band_labels() {
        let series = vec![Series {
            label: hostile(),
            color: "#0072B2".into(),
            points: vec![(2022, 80.0), (2023, 84.57)],
        }];
        let bands = vec![Band {
            from_year: 2022,
            to_year: 2023,
            min: 88.0,
            max: 100.0,
            label: hostile(),
            color: "#009E73".into(),
        }];
        let svg = line_chart(&series, &bands, "Nilai").unwrap();
        assert_escaped(&svg);
        let texts = texts(&svg);
        assert!(
            texts.iter().any(|t| t == "2022") && texts.iter().any(|t| t == "2023"),
            "years on the axis: {texts:?}"
        );
    }

    #[test]
    fn empty_inputs_still_render() {
        assert!(bar_chart(&[], "n").unwrap().starts_with("<svg"));
        assert!(line_chart(&[], &[], "n").unwrap().starts_with("<svg"));
    }
}
