package org.rnd4j.search;

import static org.rnd4j.TestData.QUIET;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.TestData;
import org.rnd4j.config.ConfigLoader;
import org.rnd4j.config.RunConfig;
import org.rnd4j.train.Trainer;

/** Tiny real searches: each candidate trains a few steps through the normal trainer. */
class SearchTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void data() throws Exception {
        TestData.folders(dir);
        TestData.config(dir, "sr", 4, Map.of());  // writes sr.yaml, the base config
    }

    static Path write(String name, String body) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\nbase: " + dir.resolve("sr.yaml") + "\noutput: " + dir.resolve(name) + "\n" + body);
        return f;
    }

    @Test
    void randomSearchWritesOneRowPerCandidateAndABestConfigThatTrains() throws Exception {
        Path f = write("rs", """
                set: {train.iterations: 4}
                search:
                  train.lr: {logUniform: [1.0e-4, 1.0e-2]}
                  model.feats: {choice: [4, 8]}
                generator: random
                maxCandidates: 3
                seed: 5
                """);
        Search.Outcome o = Search.load(f, QUIET).run(false);
        assertThat(o.rows()).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("rs/results.csv"))).hasSize(4);
        assertThat(o.best()).isPresent();
        assertThat(o.rows()).allSatisfy(r -> assertThat(r.consistency()).isLessThanOrEqualTo(1e-5));
        RunConfig best = ConfigLoader.load(dir.resolve("rs/best.yaml"), Map.of("output", dir.resolve("rs-best").toString()));
        assertThat(new Trainer(best, "test", QUIET).run(false).status()).isEqualTo(Trainer.Status.COMPLETED);
        assertThat(dir.resolve("rs/best.zip")).exists();
    }

    @Test
    void gridSearchCoversTheGridExactly() throws Exception {
        Path f = write("grid", """
                set: {train.iterations: 2}
                search:
                  model.feats: {choice: [4, 8]}
                  model.rnd: {choice: [true, false]}
                generator: grid
                """);
        Search.Outcome o = Search.load(f, QUIET).run(false);
        Set<List<Object>> seen = new HashSet<>();
        o.rows().forEach(r -> seen.add(List.of(r.params().get("model.feats"), r.params().get("model.rnd"))));
        assertThat(o.rows()).hasSize(4);
        assertThat(seen).containsExactlyInAnyOrder(List.of(4, true), List.of(4, false), List.of(8, true), List.of(8, false));
    }

    @Test
    void aFailingCandidateIsRecordedAndTheSearchGoesOn() throws Exception {
        // lr 0.99 diverges (NaN) for this net; 1e-3 trains
        Path f = write("fail", """
                set: {train.iterations: 4, model.feats: 32, model.blocks: 3}
                search:
                  train.lr: {choice: [0.99, 1.0e-3]}
                generator: grid
                """);
        Search.Outcome o = Search.load(f, QUIET).run(false);
        assertThat(o.rows()).extracting(Search.Row::status).containsExactlyInAnyOrder("failed", "completed");
        assertThat(o.rows().stream().filter(r -> r.status().equals("failed")).findFirst().orElseThrow().message())
                .contains("loss became");
        assertThat(o.best()).isPresent();
        // resuming keeps the rows and trains nothing new
        List<String> csv = Files.readAllLines(dir.resolve("fail/results.csv"));
        Search.Outcome again = Search.load(f, QUIET).run(true);
        assertThat(again.rows()).extracting(Search.Row::index, Search.Row::status)
                .containsExactlyElementsOf(o.rows().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.index(), r.status())).toList());
        assertThat(Files.readAllLines(dir.resolve("fail/results.csv"))).isEqualTo(csv);
    }

    /**
     * {@code --resume} after an interruption: the candidate under way continues its own {@code last.zip} (same
     * result as uninterrupted, no second folder); one that had no checkpoint yet runs again in {@code c<i>-2}, and its
     * row says so, so {@code best.zip} always comes from the folder the row names. Before, the candidate always ran
     * again in {@code c<i>-2} while {@code best.zip} was copied from {@code c<i>}, the unfinished run.
     */
    @Test
    void resumingContinuesTheInterruptedCandidateAndBestComesFromItsOwnFolder() throws Exception {
        Path f = write("interrupted", """
                set: {train.iterations: 4}
                search:
                  train.lr: {choice: [1.0e-3, 2.0e-3, 3.0e-3]}
                generator: grid
                """);
        Search.Outcome full = Search.load(f, QUIET).run(false);
        Path csv = dir.resolve("interrupted/results.csv");
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).endsWith(",message,run");
        assertThat(rows.get(3)).endsWith(",c2");

        // stopped during candidate 2's final evaluation: its row is missing, its last.zip is there
        Files.write(csv, rows.subList(0, 3));
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        Search.Outcome resumed = Search.load(f, new java.io.PrintStream(text, true)).run(true);
        assertThat(text.toString()).contains("candidate 2: continuing " + dir.resolve("interrupted/c2/last.zip"));
        assertThat(dir.resolve("interrupted/c2-2")).doesNotExist();
        assertThat(resumed.rows().get(2).run()).isEqualTo("c2");
        assertThat(resumed.rows().get(2).psnr()).isEqualTo(full.rows().get(2).psnr());

        // stopped before candidate 2's first checkpoint: it runs again beside the unfinished folder, and says where
        Files.write(csv, rows.subList(0, 3));
        Files.delete(dir.resolve("interrupted/c2/last.zip"));
        Search.Outcome again = Search.load(f, QUIET).run(true);
        assertThat(again.rows().get(2).run()).isEqualTo("c2-2");
        assertThat(Files.readAllLines(csv).get(3)).endsWith(",c2-2");
        Search.Row best = again.best().orElseThrow();
        assertThat(Files.readAllBytes(dir.resolve("interrupted/best.zip")))
                .isEqualTo(Files.readAllBytes(dir.resolve("interrupted").resolve(best.run()).resolve(Trainer.BEST)));

        // a results.csv from before the run column still resumes: each row's folder is c<index>
        List<String> legacy = Files.readAllLines(csv).stream().map(l -> l.replaceFirst(",(run|c[0-9-]+)$", "")).toList();
        Files.write(csv, legacy);
        assertThat(Search.load(f, QUIET).run(true).rows()).extracting(Search.Row::run).containsExactly("c0", "c1", "c2");
    }

    @Test
    void badSearchPathsAreRejectedBeforeAnythingTrains() throws Exception {
        Path f = write("bad", """
                search:
                  train.lrate: {logUniform: [1.0e-4, 1.0e-2]}
                """);
        assertThatThrownBy(() -> Search.load(f, QUIET)).hasMessageContaining("unknown field 'train.lrate'");
        assertThat(dir.resolve("bad")).doesNotExist();
        Path g = write("bad2", """
                search:
                  model.feats: {between: [1, 2]}
                """);
        assertThatThrownBy(() -> Search.load(g, QUIET)).hasMessageContaining("search.model.feats").hasMessageContaining("between");
        Path h = write("bad3", """
                search:
                  model.feats: {choice: [big]}
                """);
        assertThatThrownBy(() -> Search.load(h, QUIET)).hasMessageContaining("model.feats").hasMessageContaining("an integer");
    }
}
