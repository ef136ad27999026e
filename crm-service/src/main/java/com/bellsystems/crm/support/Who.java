package com.bellsystems.crm.support;

import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.audit.RequestAudit;
import java.util.Map;

/**
 * The actor and audit meta of a request, read once on the request thread so the reactive chain
 * that writes the audit row never depends on the request context still being active.
 */
public record Who(Actor actor, Map<String, Object> meta) {

    public static Who of(RequestAudit audit) {
        return new Who(audit.actor(), audit.meta());
    }

    /** The same actor with one more piece of context in the meta (e.g. what a cascade came from). */
    public Who with(String key, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(meta);
        m.put(key, value);
        return new Who(actor, m);
    }
}
