package com.bellsystems.ingest.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.ingest.support.Db;
import com.bellsystems.ingest.telemetry.repository.IngestRepository;
import com.bellsystems.ingest.telemetry.service.PayloadParser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A crash between COMMIT and PUBACK makes the broker redeliver with the DUP flag: such a message
 * is stored only if it is not there yet; a first delivery never pays for the lookup.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class RedeliveryDedupeTest {

    @Inject
    IngestRepository repository;

    @Test
    void aRedeliveredMessageAlreadyStoredIsSkipped() {
        String serial = "BC-DUP-1";
        Inbound log = inbound(new DeviceRecord.Log(serial, "INFO", "once", 1L), "logs", "{\"n\":1}", false);
        Inbound hb = inbound(
                new DeviceRecord.Heartbeat(serial, "1.0", null, null, 5L, null, null, "{\"uptime_seconds\":5}"),
                "heartbeat",
                "{\"n\":2}",
                false);
        Inbound alert =
                inbound(new DeviceRecord.Alert(serial, "jam", "warning", null, "{}"), "alerts", "{\"n\":3}", false);
        write(List.of(log, hb, alert));

        // the same three again as redeliveries, plus a redelivery of something never stored
        Inbound fresh = inbound(new DeviceRecord.Log(serial, "INFO", "lost ack", 2L), "logs", "{\"n\":4}", true);
        write(List.of(redelivery(log), redelivery(hb), redelivery(alert), fresh));
        // and the same redelivery twice in one batch
        Inbound twice = inbound(new DeviceRecord.Log(serial, "INFO", "twice", 3L), "logs", "{\"n\":5}", true);
        write(List.of(twice, twice));

        assertEquals(3, Db.count("SELECT count(*) FROM device_logs WHERE device_serial = '" + serial + "'"));
        assertEquals(1, Db.count("SELECT count(*) FROM heartbeats WHERE device_serial = '" + serial + "'"));
        assertEquals(1, Db.count("SELECT count(*) FROM device_alerts WHERE device_serial = '" + serial + "'"));
    }

    private void write(List<Inbound> batch) {
        repository.write(batch).await().atMost(Duration.ofSeconds(30));
    }

    private static Inbound inbound(DeviceRecord record, String kind, String payload, boolean redelivered) {
        long hash = PayloadParser.hash(
                "t/devices/" + record.serial() + "/" + kind, payload.getBytes(StandardCharsets.UTF_8));
        return new Inbound(record, hash, redelivered, () -> {});
    }

    private static Inbound redelivery(Inbound original) {
        return new Inbound(original.record(), original.hash(), true, original.ack());
    }
}
