package org.rnd4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnd4j.Cli;
import org.rnd4j.TestData;

/**
 * {@code train --ui} and {@code rnd4j ui}. With the UI build ({@code -Pui}, as in CI) a run records
 * DL4J statistics and {@code ui} serves them over HTTP; without it both stop with the one-line hint
 * and touch no run folder.
 */
class TrainingUiTest {
    @TempDir
    Path dir;

    static boolean uiBuilt() {
        try {
            Class.forName("org.deeplearning4j.ui.api.UIServer", false, TrainingUiTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void trainWithUiRecordsStatisticsAndUiServesThem() throws Exception {
        TestData.config(TestData.folders(dir), "sr", 3, Map.of());
        Path cfg = dir.resolve("sr.yaml");
        Path run = dir.resolve("run-sr");
        Cli.Run t = Cli.run("train", cfg.toString(), "--ui", "--set", "train.iterations=4");
        if (!uiBuilt()) {
            assertThat(t.code()).isNotZero();
            assertThat(t.err().strip()).doesNotContain("\n").contains("-Pui");
            assertThat(run).doesNotExist();
            Files.write(dir.resolve(TrainingUi.FILE), new byte[] {1});
            Cli.Run u = Cli.run("ui", dir.toString(), "--seconds", "1");
            assertThat(u.code()).isNotZero();
            assertThat(u.err().strip()).doesNotContain("\n").contains("-Pui");
            return;
        }
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(run.resolve(TrainingUi.FILE)).isRegularFile();
        assertThat(Files.size(run.resolve(TrainingUi.FILE))).isPositive();

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        Cli.Run[] served = new Cli.Run[1];
        Thread server = new Thread(() -> served[0] = Cli.run("ui", run.toString(), "--port", String.valueOf(p), "--seconds", "120"));
        server.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int status = -1;
        String body = "";
        for (int i = 0; i < 300 && status != 200 && server.isAlive(); i++) {
            Thread.sleep(200);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + p + "/train")).build(),
                        HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                body = r.body();
            } catch (java.io.IOException notYet) {
                // the server is still starting
            }
        }
        server.interrupt();
        server.join();
        assertThat(status).as("GET /train; ui printed %s", served[0]).isEqualTo(200);
        assertThat(body).containsIgnoringCase("<html");
        assertThat(served[0].code()).as(served[0].err()).isZero();
        assertThat(served[0].out()).contains("http://localhost:" + p + "/train");
    }

    @Test
    void uiOnAFolderWithoutStatisticsIsOneLine() {
        Cli.Run u = Cli.run("ui", dir.toString(), "--seconds", "1");
        assertThat(u.code()).isNotZero();
        assertThat(u.err().strip()).doesNotContain("\n").contains(dir.toString());
    }
}
