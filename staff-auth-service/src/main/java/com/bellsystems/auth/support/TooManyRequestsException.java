package com.bellsystems.auth.support;

/** Throttled: answered 429 with Retry-After (seconds) by {@link TooManyRequestsMapper}. */
public class TooManyRequestsException extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(long retryAfterSeconds) {
        this(retryAfterSeconds, "Too many failed sign-in attempts; try again in " + retryAfterSeconds + " s");
    }

    public TooManyRequestsException(long retryAfterSeconds, String message) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
