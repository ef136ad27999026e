package com.bellsystems.crm.device;

import com.google.cloud.Timestamp;
import java.util.Map;

/**
 * A Firestore document as read: id, fields (firebase-admin's types) and its update time, which a
 * later write passes back as a precondition so a change the app made in between is never overwritten.
 */
public record FirestoreDoc(String id, Map<String, Object> data, Timestamp updateTime) {}
