package com.bellsystems.common.audit;

/** Who did something: the staff id ({@code sub} of the token) and the name shown in the log. */
public record Actor(String id, String name) {

    /** Work done by the system itself (schedulers, migrations), not by a person. */
    public static final Actor SYSTEM = new Actor("system", "System");
}
