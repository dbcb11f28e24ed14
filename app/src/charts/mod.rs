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

use crate::i18n::Lang;

fn rgb(hex: &str) -> RGBColor {
    let h = hex.trim_start_matches('#');
    let p = |i: usize| u8::from_str_radix(h.get(i..i + 2).unwrap_or("99"), 16).unwrap_or(0x99);
    RGBColor(p(0), p(2), p(4))
}

/// Chart size in SVG user units. CSS scales the SVG to its container: about 348 px wide on a
/// 390 px phone, about 550 px in a column at 1366 px. The size is chosen so that the smallest
/// text ([`TEXT_PX`]) is still at least 12 px as displayed on the phone (16 × 348 / 440 ≈ 12,7),
/// and the charts fit the phone's width without scrolling.
pub const SIZE: (u32, u32) = (440, 300);
/// The smallest text size in SVG user units (the `font-size` written into the SVG).
pub const TEXT_PX: f64 = 16.5;
/// Axis labels and descriptions.
const AXIS_PX: f64 = 17.0;
const FONT: &str = "sans-serif";
/// Light gridlines: one per labelled value, never the fine subdivisions.
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// A font whose SVG `font-size` is `px` user units (plotters' SVG backend writes the size
/// divided by 1,24).
fn font(px: f64) -> FontDesc<'static> {
    (FONT, px * 1.24).into_font()
}

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

/// What the values of a bar chart are: whole counts get whole axis steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    Counts,
    Scores,
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

/// The upper end and the number of labels of a value axis from 0: for counts a whole number
/// and at most six labels, so every step is a whole number (0, 1, 2 … or 0, 50, 100 …).
pub fn value_axis(max: f64, values: Values) -> (f64, usize) {
    let top = max.max(0.0) * 1.15;
    match values {
        Values::Counts => {
            let top = top.ceil().max(1.0);
            (top, (top as usize + 1).min(6))
        }
        Values::Scores => (top.max(1.0), 6),
    }
}

/// The visible range of a 0–100 line chart: from a round number below the lowest value (so a
/// line between 78 and 88 is not flattened against an axis from 0), up to 100.
pub fn score_range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let lowest = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    if !lowest.is_finite() {
        return (0.0, 100.0);
    }
    let lo = (((lowest - 5.0) / 10.0).floor() * 10.0).clamp(0.0, 80.0);
    (lo, 100.0)
}

/// A chart with one segment per label on the x axis (labels centred) and `0..y_max` upwards,
/// a light gridline per labelled value.
fn category_chart<'a, 'b>(
    root: &'a DrawingArea<SVGBackend<'b>, Shift>,
    labels: &[String],
    (y_max, y_labels): (f64, usize),
    y_desc: &str,
    lang: Lang,
) -> Result<
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<SegmentedCoord<RangedCoordi32>, RangedCoordf64>>,
    ChartError,
> {
    let n = labels.len().max(1) as i32;
    let mut chart = ChartBuilder::on(root)
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(62)
        // An integer range is inclusive in plotters: `0..n - 1` gives exactly n segments.
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..y_max)
        .map_err(err)?;
    let fmt = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
            labels.get(*i as usize).cloned().unwrap_or_default()
        }
        SegmentValue::Last => String::new(),
    };
    let y_fmt = |v: &f64| lang.num(*v, 0);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(1))
        .y_labels(y_labels)
        .y_desc(y_desc)
        .x_label_formatter(&fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(AXIS_PX))
        .axis_desc_style(font(TEXT_PX))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// A vertical bar chart over categories.
pub fn bar_chart(
    bars: &[Bar],
    y_desc: &str,
    values: Values,
    lang: Lang,
) -> Result<String, ChartError> {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    render(|root| {
        let mut chart = category_chart(root, &labels, value_axis(max, values), y_desc, lang)?;
        let colors: Vec<RGBColor> = bars.iter().map(|b| rgb(&b.color)).collect();
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .margin(8)
                    .style_func(|x, _| match x {
                        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => {
                            colors.get(*i as usize).copied().unwrap_or(BLACK).filled()
                        }
                        SegmentValue::Last => BLACK.filled(),
                    })
                    .data(bars.iter().enumerate().map(|(i, b)| (i as i32, b.value))),
            )
            .map_err(err)?;
        let on_top = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Center, VPos::Bottom));
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
/// percentages of the bar. Every segment tall enough carries its category and share; `tops`
/// is written above each bar (e.g. how many regencies it covers); a dashed line marks each
/// index in `breaks` (e.g. a change of methodology before that bar); the legend sits below
/// the plot, outside the bars.
pub fn stacked_bar_chart(
    x_labels: &[String],
    stacks: &[Stack],
    tops: &[String],
    breaks: &[usize],
    y_desc: &str,
    lang: Lang,
) -> Result<String, ChartError> {
    render(|root| {
        let legend_rows = stacks.len().div_ceil(5) as u32;
        let (plot, legend) = root.split_vertically(SIZE.1 - 28 * legend_rows.max(1));
        let mut chart = category_chart(&plot, x_labels, (112.0, 6), y_desc, lang)?;
        let above = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(tops.iter().enumerate().map(|(i, t)| {
                Text::new(
                    t.clone(),
                    (SegmentValue::CenterOf(i as i32), 101.0),
                    above.clone(),
                )
            }))
            .map_err(err)?;
        let mut base = vec![0.0_f64; x_labels.len()];
        let inside = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Center, VPos::Center));
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
                .map_err(err)?;
            // Write the category and its share into every segment tall enough to hold them: a
            // short label and the share on one line ("A 37%"), a long one ("kuning") above its
            // share on two lines, or only the share when the segment is too low for two.
            let short = stack.label.chars().count() <= 2;
            let mut texts = Vec::new();
            for (i, v) in stack.values.iter().enumerate() {
                let x = SegmentValue::CenterOf(i as i32);
                let mid = bottoms[i] + v / 2.0;
                if *v < 9.0 {
                    continue;
                }
                if short {
                    texts.push(Text::new(
                        format!("{} {:.0}%", stack.label, v),
                        (x, mid),
                        inside.clone(),
                    ));
                } else if *v >= 20.0 {
                    texts.push(Text::new(
                        stack.label.clone(),
                        (x.clone(), mid + 5.5),
                        inside.clone(),
                    ));
                    texts.push(Text::new(
                        format!("{v:.0}%"),
                        (x, mid - 5.5),
                        inside.clone(),
                    ));
                } else {
                    texts.push(Text::new(format!("{v:.0}%"), (x, mid), inside.clone()));
                }
            }
            chart.draw_series(texts).map_err(err)?;
            for (b, v) in base.iter_mut().zip(&stack.values) {
                *b += v;
            }
        }
        let dashed = BLACK.stroke_width(2);
        for &i in breaks {
            for k in 0..11 {
                let y0 = f64::from(k) * 10.0;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![
                            (SegmentValue::Exact(i as i32), y0),
                            (SegmentValue::Exact(i as i32), y0 + 6.0),
                        ],
                        dashed,
                    )))
                    .map_err(err)?;
            }
        }
        // Legend: a swatch and the label per category, in rows of five below the plot.
        let text = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Left, VPos::Center));
        let step = (SIZE.0 as i32 - 72) / 5;
        for (k, stack) in stacks.iter().enumerate() {
            let (row, col) = ((k / 5) as i32, (k % 5) as i32);
            let (x, y) = (72 + col * step, 14 + row * 28);
            legend
                .draw(&Rectangle::new(
                    [(x, y - 7), (x + 14, y + 7)],
                    rgb(&stack.color).filled(),
                ))
                .map_err(err)?;
            legend
                .draw(&Rectangle::new([(x, y - 7), (x + 14, y + 7)], BLACK))
                .map_err(err)?;
            legend
                .draw(&Text::new(stack.label.clone(), (x + 19, y), text.clone()))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// Lines over years on a 0–100 scale whose visible part starts where the data needs it
/// ([`score_range`]), over optional band backgrounds. Each series gets its own marker shape as
/// well as its colour.
pub fn line_chart(
    series: &[Series],
    bands: &[Band],
    y_desc: &str,
    lang: Lang,
) -> Result<String, ChartError> {
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
    let (lo, hi) = score_range(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    let x_range = (f64::from(min_y) - 0.5)..(f64::from(max_y) + 0.5);
    let legend_rows = series.len() as u32;
    render(|root| {
        let (plot, legend) = root.split_vertically(SIZE.1 - 26 * legend_rows);
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(62)
            .build_cartesian_2d(x_range, lo..hi)
            .map_err(err)?;
        // One label per year; with many years every second one.
        let span = max_y - min_y;
        let every = if span > 7 { 2 } else { 1 };
        let year_fmt = |x: &f64| {
            let y = x.round();
            if (x - y).abs() < 1e-6 && (y as i32 - min_y) % every == 0 {
                format!("{y:.0}")
            } else {
                String::new()
            }
        };
        let y_fmt = |v: &f64| lang.num(*v, 0);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID.stroke_width(1))
            .x_labels((span + 1) as usize * 2 + 1)
            .y_labels(((hi - lo) / 10.0) as usize + 1)
            .x_label_formatter(&year_fmt)
            .y_label_formatter(&y_fmt)
            .y_desc(y_desc)
            .label_style(font(AXIS_PX))
            .axis_desc_style(font(TEXT_PX))
            .draw()
            .map_err(err)?;
        let band_text = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Left, VPos::Center));
        for band in bands {
            // Only the part of the band inside the visible range.
            let (min, max) = (band.min.max(lo), band.max.min(hi));
            if max <= min {
                continue;
            }
            let color = rgb(&band.color);
            let (x0, x1) = (
                f64::from(band.from_year) - 0.5,
                f64::from(band.to_year) + 0.5,
            );
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x0, min), (x1, max)],
                    color.mix(0.18).filled(),
                )))
                .map_err(err)?;
            // The label only where the band is tall enough to hold it.
            if (max - min) / (hi - lo) >= 0.07 {
                chart
                    .draw_series(std::iter::once(Text::new(
                        band.label.clone(),
                        (x0 + 0.04, (min + max) / 2.0),
                        band_text.clone(),
                    )))
                    .map_err(err)?;
            }
        }
        for (k, s) in series.iter().enumerate() {
            let color = rgb(&s.color);
            let style = color.stroke_width(3);
            chart
                .draw_series(LineSeries::new(
                    s.points.iter().map(|&(y, v)| (f64::from(y), v)),
                    style,
                ))
                .map_err(err)?;
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
        // Legend below the plot: the marker, the line and the series name, one row each.
        let text = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Left, VPos::Center));
        for (k, s) in series.iter().enumerate() {
            let color = rgb(&s.color);
            let (x, y) = (72, 13 + 26 * k as i32);
            legend
                .draw(&PathElement::new(
                    vec![(x, y), (x + 24, y)],
                    color.stroke_width(3),
                ))
                .map_err(err)?;
            match k % 3 {
                0 => legend.draw(&Circle::new((x + 12, y), 5, color.filled())),
                1 => legend.draw(&TriangleMarker::new((x + 12, y), 6, color.filled())),
                _ => legend.draw(&Cross::new((x + 12, y), 6, color.stroke_width(3))),
            }
            .map_err(err)?;
            legend
                .draw(&Text::new(s.label.clone(), (x + 32, y), text.clone()))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// How the points of a [`DateSeries`] are marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    None,
    Circle,
    Triangle,
    Cross,
}

/// A series over dates: a line through the points and/or a marker on each.
#[derive(Clone, Debug)]
pub struct DateSeries {
    pub label: String,
    pub color: String,
    pub line: bool,
    pub marker: Marker,
    pub points: Vec<(chrono::NaiveDate, f64)>,
}

/// A vertical line at a date with a short label (e.g. the inauguration).
#[derive(Clone, Debug)]
pub struct DateRule {
    pub date: chrono::NaiveDate,
    pub label: String,
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    marker: Marker,
    at: (i32, i32),
    color: RGBColor,
) -> Result<(), ChartError> {
    match marker {
        Marker::None => Ok(()),
        Marker::Circle => area.draw(&Circle::new(at, 5, color.filled())),
        Marker::Triangle => area.draw(&TriangleMarker::new(at, 7, color.filled())),
        Marker::Cross => area.draw(&Cross::new(at, 6, color.stroke_width(3))),
    }
    .map_err(err)
}

/// A line chart over dates (x: days, labelled by year) on the 0–100 scale from
/// [`score_range`], with optional vertical rules and a legend below showing each series' line
/// and marker.
pub fn date_chart(
    series: &[DateSeries],
    rules: &[DateRule],
    y_desc: &str,
    lang: Lang,
) -> Result<String, ChartError> {
    use chrono::Datelike;
    let day = |d: chrono::NaiveDate| f64::from(d.num_days_from_ce());
    let dates: Vec<chrono::NaiveDate> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(rules.iter().map(|r| r.date))
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Err(ChartError("no data".into()));
    };
    let pad = ((day(*last) - day(*first)) * 0.04).max(20.0);
    let x_range = (day(*first) - pad)..(day(*last) + pad);
    // Ticks on 1 January (labelled with the year); over less than three years also on 1 July
    // (labelled "Jul 2024"), so a short series still has at least two labels.
    let half_years = day(*last) - day(*first) < 3.0 * 365.0;
    let ticks: Vec<(f64, String)> = (first.year()..=last.year() + 1)
        .flat_map(|y| [(y, 1), (y, 7)])
        .filter(|&(_, m)| m == 1 || half_years)
        .filter_map(|(y, m)| chrono::NaiveDate::from_ymd_opt(y, m, 1))
        .filter(|d| x_range.contains(&day(*d)))
        .map(|d| {
            let label = if d.month() == 1 {
                d.year().to_string()
            } else {
                lang.date(d).trim_start_matches("1 ").to_string()
            };
            (day(d), label)
        })
        .collect();
    let (lo, hi) = score_range(series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    let legend_rows = series.len() as u32;
    render(|root| {
        let (plot, legend) = root.split_vertically(SIZE.1 - 26 * legend_rows);
        let mut chart = ChartBuilder::on(&plot)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(62)
            .build_cartesian_2d(x_range.clone(), lo..hi)
            .map_err(err)?;
        let y_fmt = |v: &f64| lang.num(*v, 0);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID.stroke_width(1))
            .y_labels(((hi - lo) / 10.0) as usize + 1)
            .y_label_formatter(&y_fmt)
            .y_desc(y_desc)
            .label_style(font(AXIS_PX))
            .axis_desc_style(font(TEXT_PX))
            .draw()
            .map_err(err)?;
        // Year ticks: a short mark at 1 January and the year beside it.
        let year_text = TextStyle::from(font(AXIS_PX)).pos(Pos::new(HPos::Left, VPos::Top));
        for (x, label) in &ticks {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*x, lo), (*x, lo + (hi - lo) * 0.03)],
                    BLACK.stroke_width(1),
                )))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(*x, lo));
            // A label that would run past the right edge is left out (its tick stays).
            if px + 9 * label.len() as i32 <= SIZE.0 as i32 {
                plot.draw(&Text::new(
                    label.clone(),
                    (px + 3, py + 4),
                    year_text.clone(),
                ))
                .map_err(err)?;
            }
        }
        let rule_text = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Left, VPos::Top));
        for rule in rules {
            let x = day(rule.date);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, lo), (x, hi)],
                    BLACK.stroke_width(2),
                )))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(x, hi));
            plot.draw(&Text::new(
                rule.label.clone(),
                (px + 4, py + 2),
                rule_text.clone(),
            ))
            .map_err(err)?;
        }
        for s in series {
            let color = rgb(&s.color);
            if s.line {
                chart
                    .draw_series(LineSeries::new(
                        s.points.iter().map(|&(d, v)| (day(d), v)),
                        color.stroke_width(3),
                    ))
                    .map_err(err)?;
            }
            for &(d, v) in &s.points {
                let at = chart.backend_coord(&(day(d), v));
                draw_marker(&plot, s.marker, at, color)?;
            }
        }
        let text = TextStyle::from(font(TEXT_PX)).pos(Pos::new(HPos::Left, VPos::Center));
        for (k, s) in series.iter().enumerate() {
            let color = rgb(&s.color);
            let (x, y) = (72, 13 + 26 * k as i32);
            if s.line {
                legend
                    .draw(&PathElement::new(
                        vec![(x, y), (x + 24, y)],
                        color.stroke_width(3),
                    ))
                    .map_err(err)?;
            }
            draw_marker(&legend, s.marker, (x + 12, y), color)?;
            legend
                .draw(&Text::new(s.label.clone(), (x + 32, y), text.clone()))
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
        let svg = bar_chart(&bars, "Jumlah & <b>", Values::Counts, Lang::Id).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", SIZE.0, SIZE.1)));
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
        let svg = stacked_bar_chart(
            &["2023".into(), "2024".into()],
            &stacks,
            &["n=11".into(), "n=514".into()],
            &[1],
            "%",
            Lang::Id,
        )
        .unwrap();
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
        let svg = line_chart(&series, &bands, "Nilai", Lang::Id).unwrap();
        assert_escaped(&svg);
        let texts = texts(&svg);
        assert!(
            texts.iter().any(|t| t == "2022") && texts.iter().any(|t| t == "2023"),
            "years on the axis: {texts:?}"
        );
    }

    #[test]
    fn empty_inputs_still_render() {
        assert!(
            bar_chart(&[], "n", Values::Counts, Lang::Id)
                .unwrap()
                .starts_with("<svg")
        );
        assert!(
            line_chart(&[], &[], "n", Lang::Id)
                .unwrap()
                .starts_with("<svg")
        );
    }

    /// Every `font-size` written into the SVG.
    fn font_sizes(svg: &str) -> Vec<f64> {
        svg.split("font-size=\"")
            .skip(1)
            .filter_map(|t| t.split_once('"')?.0.parse().ok())
            .collect()
    }

    /// The y-axis labels: texts right-aligned against the axis (`text-anchor="end"`).
    fn axis_numbers(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter(|t| {
                t.split_once('>')
                    .is_some_and(|(a, _)| a.contains("text-anchor=\"end\""))
            })
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
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn grid_lines(svg: &str) -> usize {
        svg.matches("stroke=\"#DDDDDD\"").count()
    }

    fn counts(values: &[f64]) -> Vec<Bar> {
        values
            .iter()
            .map(|&v| Bar {
                label: "A".into(),
                value: v,
                color: "#009E73".into(),
                value_label: Lang::Id.num(v, 0),
            })
            .collect()
    }

    #[test]
    fn text_is_legible_when_scaled_to_a_phone() {
        // On a 390 px phone the chart is about 348 px wide: every text must stay >= 12 px.
        let scale = 348.0 / f64::from(SIZE.0);
        let svgs = [
            bar_chart(&counts(&[3.0, 5.0]), "Jumlah", Values::Counts, Lang::Id).unwrap(),
            stacked_bar_chart(
                &["2023".into()],
                &[Stack {
                    label: "A".into(),
                    color: "#009E73".into(),
                    values: vec![100.0],
                }],
                &["n=1".into()],
                &[],
                "%",
                Lang::Id,
            )
            .unwrap(),
            line_chart(
                &[Series {
                    label: "Kab".into(),
                    color: "#0072B2".into(),
                    points: vec![(2022, 80.0), (2023, 84.57)],
                }],
                &[],
                "Nilai",
                Lang::Id,
            )
            .unwrap(),
        ];
        for svg in &svgs {
            let sizes = font_sizes(svg);
            assert!(!sizes.is_empty());
            for s in sizes {
                assert!(s * scale >= 12.0, "font-size {s} shows at {} px", s * scale);
            }
        }
    }

    #[test]
    fn count_axes_have_whole_steps_and_local_separators() {
        let svg = bar_chart(&counts(&[3.0, 2.0]), "n", Values::Counts, Lang::Id).unwrap();
        let labels = axis_numbers(&svg);
        assert!(labels.contains(&"0".to_string()), "{labels:?}");
        assert!(labels.contains(&"3".to_string()), "{labels:?}");
        assert!(
            labels.iter().all(|l| !l.contains(',') && !l.contains('.')),
            "counts without decimals: {labels:?}"
        );
        // Thousands: "1.000" in Indonesian, "1,000" in English, never "1000.0".
        let svg = bar_chart(&counts(&[1800.0]), "n", Values::Counts, Lang::Id).unwrap();
        let labels = axis_numbers(&svg);
        assert!(labels.contains(&"1.000".to_string()), "{labels:?}");
        let svg = bar_chart(&counts(&[1800.0]), "n", Values::Counts, Lang::En).unwrap();
        assert!(axis_numbers(&svg).contains(&"1,000".to_string()));
        assert!(!svg.contains("1000.0") && !svg.contains(">300.0<"));
    }

    #[test]
    fn few_gridlines() {
        let svg = bar_chart(&counts(&[300.0, 120.0]), "n", Values::Counts, Lang::Id).unwrap();
        let n = grid_lines(&svg);
        assert!((2..=7).contains(&n), "{n} gridlines");
        let svg = line_chart(
            &[Series {
                label: "IKM".into(),
                color: "#009E73".into(),
                points: vec![(2019, 78.0), (2024, 88.0)],
            }],
            &[],
            "IKM",
            Lang::Id,
        )
        .unwrap();
        let n = grid_lines(&svg);
        assert!((2..=9).contains(&n), "{n} gridlines");
    }

    #[test]
    fn score_axis_starts_where_the_data_needs() {
        assert_eq!(score_range([78.2, 88.0]), (70.0, 100.0));
        assert_eq!(score_range([84.57]), (70.0, 100.0));
        assert_eq!(score_range([12.0, 90.0]), (0.0, 100.0));
        assert_eq!(score_range(std::iter::empty()), (0.0, 100.0));
        let svg = line_chart(
            &[Series {
                label: "IKM".into(),
                color: "#009E73".into(),
                points: vec![(2022, 78.0), (2023, 88.0)],
            }],
            &[],
            "IKM",
            Lang::Id,
        )
        .unwrap();
        let labels = axis_numbers(&svg);
        assert!(labels.contains(&"70".to_string()), "{labels:?}");
        assert!(
            !labels.contains(&"0".to_string()),
            "IKM axis from 0: {labels:?}"
        );
    }

    #[test]
    fn value_axis_for_counts_is_whole() {
        assert_eq!(value_axis(3.0, Values::Counts), (4.0, 5));
        assert_eq!(value_axis(0.0, Values::Counts), (1.0, 2));
        let (top, n) = value_axis(300.0, Values::Counts);
        assert_eq!((top, n), (345.0, 6));
    }

    #[test]
    fn date_chart_marks_sidaks_with_their_own_shape_and_the_inauguration_line() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let svg = date_chart(
            &[
                DateSeries {
                    label: "Sidak".into(),
                    color: "#D55E00".into(),
                    line: false,
                    marker: Marker::Triangle,
                    points: vec![(d(2024, 12, 1), 78.9)],
                },
                DateSeries {
                    label: "Terjadwal".into(),
                    color: "#0072B2".into(),
                    line: false,
                    marker: Marker::Circle,
                    points: vec![(d(2024, 7, 7), 84.5), (d(2025, 8, 17), 85.1)],
                },
            ],
            &[DateRule {
                date: d(2024, 6, 24),
                label: "Peresmian".into(),
            }],
            "Nilai",
            Lang::Id,
        )
        .unwrap();
        // One triangle per sidak plus the legend's; one circle per visit plus the legend's.
        assert_eq!(svg.matches("<polygon").count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
        let t = texts(&svg);
        for label in ["Peresmian", "Sidak", "Terjadwal", "2025", "Jul 2024"] {
            assert!(t.iter().any(|x| x == label), "{label} in {t:?}");
        }
        assert!(date_chart(&[], &[], "Nilai", Lang::Id).is_err());
    }
}
