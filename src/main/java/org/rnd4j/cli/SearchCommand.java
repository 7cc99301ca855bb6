package org.rnd4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnd4j.search.Search;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rnd4j search CONFIG [--resume]}. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Hyperparameter search with Arbiter: each candidate is a short training run; writes results.csv, best.yaml, best.zip.")
public final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Search YAML, e.g. configs/search-sr.yaml")
    Path config;

    @Option(names = "--resume", description = "Keep the rows of an interrupted search and run the remaining candidates")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Backend.require();
        Search.Outcome o = Search.load(config, System.out).run(resume);
        return o.best().isPresent() ? 0 : 1;
    }
}
