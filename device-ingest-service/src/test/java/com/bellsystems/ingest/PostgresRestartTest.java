package com.bellsystems.ingest;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.PostgresRestartContractTest;
import com.bellsystems.common.testing.PrivatePostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Readiness recovers within seconds of Postgres restarting (on a private cluster of this test run);
 * the broker is the run's own, since readiness also requires the MQTT sessions.
 */
@QuarkusTest
@WithTestResource(PrivatePostgresResource.class)
@WithTestResource(MosquittoResource.class)
class PostgresRestartTest extends PostgresRestartContractTest {}
