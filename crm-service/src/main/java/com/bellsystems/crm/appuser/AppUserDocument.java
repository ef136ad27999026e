package com.bellsystems.crm.appuser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Firestore {@code users} document of an app user (device owner), as the FlutterFlow app
 * writes and reads it (docs/devices.md; fixture crm-service/src/test/resources/firestore/legacy-app-user.json):
 * FlutterFlow's own fields ({@code email}, {@code display_name}, {@code photo_url}, {@code uid},
 * {@code created_time}, {@code phone_number}) plus {@code language} and {@code device_ids}.
 */
public final class AppUserDocument {

    public static final String COLLECTION = "users";
    public static final String EMAIL = "email";
    public static final String DISPLAY_NAME = "display_name";
    public static final String PHOTO_URL = "photo_url";
    public static final String PHONE = "phone_number";
    public static final String LANGUAGE = "language";

    private AppUserDocument() {}

    /** The fields a Console edit sets (null input fields are left out: unchanged). */
    public static Map<String, Object> edits(AppUserInput in) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (in.displayName() != null) {
            d.put(DISPLAY_NAME, in.displayName());
        }
        if (in.phoneNumber() != null) {
            d.put(PHONE, in.phoneNumber());
        }
        if (in.photoUrl() != null) {
            d.put(PHOTO_URL, in.photoUrl());
        }
        if (in.language() != null) {
            d.put(LANGUAGE, in.language());
        }
        return d;
    }
}
