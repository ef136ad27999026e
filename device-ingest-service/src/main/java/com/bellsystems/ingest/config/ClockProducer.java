package com.bellsystems.ingest.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The wall clock partition maintenance and command time-outs read; tests replace it to cross month boundaries. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @jakarta.inject.Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
