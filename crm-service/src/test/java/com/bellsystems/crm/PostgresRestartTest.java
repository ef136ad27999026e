package com.bellsystems.crm;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.PostgresRestartContractTest;
import com.bellsystems.common.testing.PrivatePostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness recovers within seconds of Postgres restarting (on a private cluster of this test run). */
@QuarkusTest
@WithTestResource(PrivatePostgresResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class PostgresRestartTest extends PostgresRestartContractTest {}
