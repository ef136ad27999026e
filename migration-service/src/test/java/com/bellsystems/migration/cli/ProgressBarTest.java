package com.bellsystems.migration.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.migration.engine.Progress;
import org.junit.jupiter.api.Test;

/** The terminal progress bar of {@code migrate <job>}: fill, percentage, rows, rate and ETA. */
class ProgressBarTest {

    @Test
    void showsFillPercentRowsRateAndEta() {
        String bar = MigrationCli.progressBar(
                "device_logs", new Progress.View("loading", 50_000, 200_000L, 25_000, 6L, 2_000));
        assertTrue(bar.startsWith("device_logs"), bar);
        assertTrue(bar.contains("[#######-----------------------]"), bar);
        assertTrue(bar.contains(" 25%"), bar);
        assertTrue(bar.contains("50,000/200,000 rows"), bar);
        assertTrue(bar.contains("25,000 rows/s"), bar);
        assertTrue(bar.contains("ETA 6s"), bar);
    }

    @Test
    void unknownTotalShowsQuestionMarks() {
        String bar = MigrationCli.progressBar("heartbeats", new Progress.View("counting", 10, null, 0, null, 5));
        assertTrue(bar.contains("?%") && bar.contains("10/? rows") && bar.contains("ETA -"), bar);
    }
}
