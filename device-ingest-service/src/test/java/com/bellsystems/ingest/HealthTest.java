package com.bellsystems.ingest;

import com.bellsystems.common.testing.MosquittoResource;
import com.bellsystems.common.testing.ServiceContractTest;
import com.bellsystems.common.testing.TestDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The operational contract every service keeps: health, metrics, OpenAPI, problem bodies. */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(MosquittoResource.class)
class HealthTest extends ServiceContractTest {}
