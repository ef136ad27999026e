package com.bellsystems.ingest.device;

import com.bellsystems.common.problem.ProblemException;
import java.util.regex.Pattern;

/** The one definition of a valid device serial, used by the MQTT topics and the HTTP API alike. */
public final class DeviceSerial {

    /** Upper-case letters, digits and dashes, 3 to 32 characters, not starting with a dash. */
    public static final String REGEX = "^[A-Z0-9][A-Z0-9-]{2,31}$";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private DeviceSerial() {}

    public static boolean isValid(String serial) {
        return serial != null && PATTERN.matcher(serial).matches();
    }

    /** For path parameters: a 400 naming the field when the serial cannot be a device's. */
    public static String require(String serial) {
        if (!isValid(serial)) {
            throw ProblemException.invalidField("serial", "must match " + REGEX);
        }
        return serial;
    }
}
