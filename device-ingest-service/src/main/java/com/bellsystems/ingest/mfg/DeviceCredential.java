package com.bellsystems.ingest.mfg;

import java.util.List;

/**
 * A device's broker account as provisioning returns it, once: the password is not stored
 * anywhere the service can read it back (the broker keeps only its PBKDF2 hash).
 */
public record DeviceCredential(
        String serial,
        String username,
        String password,
        boolean rotated,
        List<String> publishTopics,
        String commandTopic) {}
