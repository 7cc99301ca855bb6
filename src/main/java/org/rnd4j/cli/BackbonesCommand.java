package org.rnd4j.cli;

import java.util.concurrent.Callable;
import org.rnd4j.backbone.Backbone;
import org.rnd4j.backbone.Backbones;
import picocli.CommandLine.Command;

/** {@code rnd4j backbones}: what {@code model.backbone} can name. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "List the backbones model.backbone can name: built-ins and plugins on the class path (--classpath, RND4J_CLASSPATH).")
public final class BackbonesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Backbone b : Backbones.available().values()) {
            System.out.printf("%-12s %s [%s]%s%n", b.name(), b.description(), Backbones.origin(b),
                    b.options().isEmpty() ? "" : " options: " + new java.util.TreeSet<>(b.options()));
        }
        return 0;
    }
}
