package com.bellsystems.crm.device;

import com.bellsystems.firestore.FirestoreValues;
import com.google.cloud.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows the Firestore {@code devices} document the mobile app reads
 * (docs/devices.md; fixture crm-service/src/test/resources/firestore/legacy-device.json): field
 * names and their Firestore types. Every write the Console makes goes through here, so a created
 * or edited document keeps the legacy shape (Timestamp times, GeoPoint location, Long numbers).
 */
public final class DeviceDocument {

    public static final String COLLECTION = "devices";
    /** The app users collection (FlutterFlow's {@code users}); a device's owner is one of its documents. */
    public static final String OWNERS = "users";
    /** On an app user's document: the ids of the devices the app lists for them. */
    public static final String OWNER_DEVICE_IDS = "device_ids";

    public static final String SERIAL = "serial_number";
    public static final String NAME = "device_name";
    public static final String HW_TYPE = "hw_type";
    public static final String FIRMWARE = "firmware_version";
    public static final String STATUS = "status";
    public static final String OWNER = "owner_id";
    public static final String CUSTOMER = "customer_id";
    public static final String LOCATION = "location";
    public static final String ADDRESS = "address";
    public static final String TIMEZONE = "timezone";
    public static final String SETTINGS = "settings";
    public static final String CREATED = "created_at";
    public static final String UPDATED = "updated_at";
    public static final String RETIRED = "retired_at";

    public static final String ACTIVE = "active";
    public static final String RETIRED_STATUS = "retired";

    /** The fields a Console edit may set (serial_number names the device and stays). */
    public static final List<String> EDITABLE = List.of(NAME, HW_TYPE, FIRMWARE, LOCATION, ADDRESS, TIMEZONE, SETTINGS);

    private DeviceDocument() {}

    /** A new device as the app expects it: every field present, unassigned, active. */
    public static Map<String, Object> newDevice(DeviceInput in, Instant now) {
        Timestamp at = FirestoreValues.toTimestamp(now);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(SERIAL, in.serialNumber());
        d.put(NAME, in.deviceName() == null ? in.serialNumber() : in.deviceName());
        d.put(HW_TYPE, in.hwType() == null ? "" : in.hwType());
        d.put(FIRMWARE, in.firmwareVersion() == null ? "" : in.firmwareVersion());
        d.put(STATUS, ACTIVE);
        d.put(OWNER, "");
        d.put(CUSTOMER, "");
        d.put(
                LOCATION,
                in.location() == null
                        ? null
                        : FirestoreValues.toGeoPoint(in.location().asMap()));
        d.put(ADDRESS, in.address() == null ? "" : in.address());
        d.put(TIMEZONE, in.timezone() == null ? DeviceInput.DEFAULT_TIMEZONE : in.timezone());
        d.put(SETTINGS, FirestoreValues.toFirestoreMap(in.settings() == null ? Map.of() : in.settings()));
        d.put(CREATED, at);
        d.put(UPDATED, at);
        d.put(RETIRED, null);
        return d;
    }

    /** The Firestore values of the fields an edit sets (null input fields are left out: unchanged). */
    public static Map<String, Object> edits(DeviceInput in) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (in.deviceName() != null) {
            d.put(NAME, in.deviceName());
        }
        if (in.hwType() != null) {
            d.put(HW_TYPE, in.hwType());
        }
        if (in.firmwareVersion() != null) {
            d.put(FIRMWARE, in.firmwareVersion());
        }
        if (in.location() != null) {
            d.put(LOCATION, FirestoreValues.toGeoPoint(in.location().asMap()));
        }
        if (in.address() != null) {
            d.put(ADDRESS, in.address());
        }
        if (in.timezone() != null) {
            d.put(TIMEZONE, in.timezone());
        }
        if (in.settings() != null) {
            // the whole settings map, as the Console edits it (a dotted-path merge would keep removed keys)
            d.put(SETTINGS, FirestoreValues.toFirestoreMap(in.settings()));
        }
        return d;
    }

    /** The JSON the API answers with: the document's fields as plain JSON values, plus its id. */
    public static Map<String, Object> view(String id, Map<String, Object> data) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", id);
        v.putAll(FirestoreValues.toJsonMap(data == null ? Map.of() : data));
        return v;
    }

    /** Whether the document is retired (status or retired_at says so). */
    public static boolean isRetired(Map<String, Object> data) {
        return RETIRED_STATUS.equals(data.get(STATUS)) || data.get(RETIRED) != null;
    }

    /** A device's serial as the telemetry tables key it, or null. */
    public static String serial(Map<String, Object> data) {
        Object s = data.get(SERIAL);
        return s instanceof String str && !str.isBlank() ? str : null;
    }

    /** An empty string means unassigned in the legacy documents. */
    public static String assigned(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
