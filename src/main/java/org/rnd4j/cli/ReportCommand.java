package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rnd4j.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j report RUN_DIR [RUN_DIR ...] [--out DIR]}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write report.html, one self-contained file to open in any browser, for a run, several runs or a search.",
                "For one run folder its curves, final table and image grids; for several runs their curves overlaid and finals"
                        + " side by side (e.g. RND on vs off); for a search folder the score against each searched field and the"
                        + " ranked candidates."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Run or search folders, e.g. checkpoints/quickstart")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--out", description = "Folder for report.html (default: the run or search folder itself; for several runs"
            + " compare-<names> beside the first)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) org.rnd4j.io.SafeFiles.checkFolder(out, "--out");
        Path file = Report.write(dirs, out);
        System.out.println("report: " + file.toAbsolutePath() + " (open it in a browser)");
        return 0;
    }
}
