package com.bellsystems.crm.support;

import java.security.SecureRandom;

/**
 * New record ids in the shape Firestore gives documents (20 alphanumerics): migrated ids are
 * Firestore document ids, and new ones double as the mirror's document id.
 */
public final class Ids {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String newId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }
}
