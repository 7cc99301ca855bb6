package org.rnd4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Line and scatter charts as PNG bytes, drawn by XChart (headless Java2D). */
final class Charts {
    static final int WIDTH = 720, HEIGHT = 360;

    /** One named curve. */
    record Series(String name, double[] x, double[] y, boolean dashed) {}

    private Charts() {}

    static byte[] lines(String title, String xLabel, String yLabel, List<Series> series, boolean logY) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(logY && series.stream().allMatch(Charts::positive));
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            if (s.x().length == 0) continue;
            XYSeries xy = chart.addSeries(unique(chart, s.name()), thin(s.x()), thin(s.y()));
            xy.setMarker(s.x().length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.dashed()) {
                xy.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
            }
        }
        return png(chart);
    }

    /** The chart as PNG bytes ({@link org.rnd4j.io.Png}: XChart's own encoder goes through ImageIO's file cache). */
    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.rnd4j.io.Png.encode(BitmapEncoder.getBufferedImage(chart), out);
        return out.toByteArray();
    }

    /** Points a line chart draws at most per series: a 2-million-row log is drawn as fast as a short one. */
    static final int MAX_POINTS = 2000;

    /** Every k-th value (and the last) so that at most {@link #MAX_POINTS} remain. */
    static double[] thin(double[] v) {
        if (v.length <= MAX_POINTS) return v;
        int k = (v.length + MAX_POINTS - 2) / (MAX_POINTS - 1);
        double[] out = new double[(v.length - 1) / k + 2];
        int n = 0;
        for (int i = 0; i < v.length - 1; i += k) out[n++] = v[i];
        out[n++] = v[v.length - 1];
        return java.util.Arrays.copyOf(out, n);
    }

    /** Whether a log axis can show the series: every finite value positive, at least one finite. */
    private static boolean positive(Series s) {
        boolean any = false;
        for (double y : s.y()) {
            if (!Double.isFinite(y)) continue;
            if (y <= 0) return false;
            any = true;
        }
        return any;
    }

    static byte[] scatter(String title, String xLabel, String yLabel, double[] x, double[] y, List<String> categories)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT * 3 / 4).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(8);
        if (categories != null) {
            chart.setCustomXAxisTickLabelsFormatter(v -> {
                int i = (int) Math.round(v);
                return Math.abs(v - i) < 1e-9 && i >= 0 && i < categories.size() ? categories.get(i) : "";
            });
        }
        chart.addSeries("candidates", x, y);
        return png(chart);
    }

    private static void style(XYChart chart) {
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setAntiAlias(true);
    }

    private static String unique(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeriesMap().containsKey(n); i++) n = name + " (" + i + ")";
        return n;
    }

    /** A trailing moving average over {@code window} points (the first points average what there is). */
    static double[] smooth(double[] y, int window) {
        double[] out = new double[y.length];
        double sum = 0;
        List<Double> q = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            q.add(y[i]);
            sum += y[i];
            if (q.size() > window) sum -= q.remove(0);
            out[i] = sum / q.size();
        }
        return out;
    }
}
