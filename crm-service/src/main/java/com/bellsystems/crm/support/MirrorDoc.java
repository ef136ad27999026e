package com.bellsystems.crm.support;

/**
 * Where one Postgres record lives in Firestore, as part of its {@link Table}'s description (data
 * only: the outbox feature writes it): {@code switchKey} names its
 * {@code bellsys.crm.mirror.<switchKey>.enabled} switch; {@code collection} may be a sub-collection
 * path such as {@code crm_customers/abc/orders}.
 */
public record MirrorDoc(String switchKey, String collection, String documentId) {}
