package com.bellsystems.auth.support;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One page of a list endpoint: the items, the page asked for (0-based), its size and the total count. */
@RegisterForReflection
public record Page<T>(List<T> items, int page, int size, long total) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
}
