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

    /** This request's meta plus one more piece of context. */
    public Map<String, Object> metaWith(String key, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(meta);
        m.put(key, value);
        return m;
    }
}
