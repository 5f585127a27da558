package dev.mlrs.experiments.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;

/** The look every PNG chart of the project shares (white, light grid, legend outside), and saving one. */
public final class ChartStyle {
  static {
    // Charts are drawn off-screen; on a machine with a display this keeps AWT from opening a window system.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private ChartStyle() {
  }

  /** Applies the project's style; {@code logY} puts the y axis on a log scale. */
  public static void apply(XYChart chart, boolean logY) {
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(true);
    styler.setPlotGridLinesColor(new Color(0xdddddd));
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setLegendPosition(LegendPosition.OutsideE); // never on top of a curve
    styler.setLegendBorderColor(new Color(0xbbbbbb));
    styler.setMarkerSize(7);
    // Note: when every x value is evenly spaced XChart puts ticks on data points only (every k-th: 0, 60, 120...).
    styler.setXAxisDecimalPattern("#,##0");
    styler.setYAxisLogarithmic(logY);
  }

  /** Writes the chart as a PNG to exactly {@code file}. */
  public static void save(XYChart chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      // The OutputStream overload: the String one appends ".png" itself, which surprises callers with a full name.
      BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
    }
  }
}
