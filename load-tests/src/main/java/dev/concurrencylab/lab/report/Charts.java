package dev.concurrencylab.lab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;

/**
 * The report's charts, drawn by XChart onto VectorGraphics2D and returned as SVG markup to inline
 * in the HTML (so the report is one file that opens offline and stays sharp when zoomed).
 * One colour per variant everywhere, so a reader learns it once.
 */
final class Charts {

    static final int WIDTH = 560;
    static final int HEIGHT = 320;
    private static final Map<String, Color> VARIANT_COLOURS = Map.of(
            "mvc", new Color(0xD9, 0x5F, 0x02), "virtual", new Color(0x1B, 0x9E, 0x77), "webflux", new Color(0x75, 0x70, 0xB3));
    private static final Color[] OTHER_COLOURS = {new Color(0xE7, 0x29, 0x8A), new Color(0x66, 0xA6, 0x1E),
        new Color(0xE6, 0xAB, 0x02), new Color(0xA6, 0x76, 0x1D), new Color(0x66, 0x66, 0x66)};

    Charts() {
        // Charts need fonts and Graphics2D, never a display.
        System.setProperty("java.awt.headless", "true");
    }

    /** A series of a line or scatter chart: its name and its points. */
    record Series(String name, String variant, List<double[]> points) {
    }

    /** A moment marked on a time chart with a vertical line and its label: an event of the run. */
    record Mark(double x, String label) {
    }

    String lines(String title, String xTitle, String yTitle, List<Series> series) {
        return lines(title, xTitle, yTitle, series, List.of());
    }

    String lines(String title, String xTitle, String yTitle, List<Series> series, List<Mark> marks) {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        add(chart, series, SeriesMarkers.NONE);
        double top = series.stream().flatMap(one -> one.points().stream()).mapToDouble(point -> point[1]).max().orElse(1);
        for (Mark mark : marks) {
            chart.addAnnotation(new AnnotationLine(mark.x(), true, false));
            chart.addAnnotation(new AnnotationText(mark.label(), mark.x(), top, false));
        }
        return svg(chart);
    }

    String scatter(String title, String xTitle, String yTitle, List<Series> series) {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        add(chart, series, SeriesMarkers.CIRCLE);
        return svg(chart);
    }

    /**
     * A scatter of measured against predicted with the diagonal {@code y = x} drawn from 0 to
     * {@code extent}: a point above it measured more than predicted.
     */
    String scatterWithDiagonal(String title, String xTitle, String yTitle, List<Series> series, double extent) {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisMin(0.0);
        add(chart, series, SeriesMarkers.CIRCLE);
        double end = extent > 0 ? extent : 1;
        XYSeries diagonal = chart.addSeries("predicted = measured", new double[] {0, end}, new double[] {0, end});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        diagonal.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f}, 0f));
        return svg(chart);
    }

    /**
     * Grouped bars: one group per category, one bar per series.
     *
     * @param values per series name, one value per category
     */
    String bars(String title, String yTitle, List<String> categories, Map<String, List<Double>> values,
            Map<String, String> variants) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setOverlapped(false);
        int other = 0;
        for (Map.Entry<String, List<Double>> entry : values.entrySet()) {
            var bars = chart.addSeries(entry.getKey(), categories, entry.getValue());
            bars.setFillColor(colour(variants.get(entry.getKey()), other++));
        }
        return svg(chart);
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static void add(XYChart chart, List<Series> series, org.knowm.xchart.style.markers.Marker marker) {
        int other = 0;
        for (Series one : series) {
            if (one.points().isEmpty()) {
                continue;
            }
            double[] x = one.points().stream().mapToDouble(point -> point[0]).toArray();
            double[] y = one.points().stream().mapToDouble(point -> point[1]).toArray();
            XYSeries added = chart.addSeries(one.name(), x, y);
            Color colour = colour(one.variant(), other++);
            added.setLineColor(colour);
            added.setMarkerColor(colour);
            added.setMarker(marker);
            added.setLineWidth(1.6f);
            if (one.name().contains("p50") || one.name().contains("cache off")) {
                added.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f}, 0f));
            }
        }
    }

    private static Color colour(String variant, int index) {
        Color known = variant == null ? null : VARIANT_COLOURS.get(variant);
        return known != null ? known : OTHER_COLOURS[index % OTHER_COLOURS.length];
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleBoxVisible(false);
        styler.setAntiAlias(true);
    }

    private static String svg(Chart<?, ?> chart) {
        VectorGraphics2D graphics = new VectorGraphics2D();
        chart.paint(graphics, WIDTH, HEIGHT);
        Document document = new SVGProcessor().getDocument(graphics.getCommands(), new PageSize(0, 0, WIDTH, HEIGHT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            document.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String markup = out.toString(StandardCharsets.UTF_8);
        // Inline in HTML: the XML prolog and DOCTYPE belong to standalone files only. The title is drawn
        // as shapes; the figure's label carries it as text for screen readers and search.
        return "<figure aria-label=\"" + HtmlReport.escape(chart.getTitle()) + "\">"
                + markup.substring(markup.indexOf("<svg")) + "</figure>";
    }
}
