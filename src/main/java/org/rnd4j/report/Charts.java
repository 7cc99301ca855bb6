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
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            if (s.x().length == 0) continue;
            XYSeries xy = chart.addSeries(unique(chart, s.name()), s.x(), s.y());
            xy.setMarker(s.x().length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.dashed()) {
                xy.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
            }
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
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
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
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
