package com.bellsystems.crm.device;

import com.bellsystems.common.problem.ProblemException;
import java.util.regex.Pattern;

/** What the API accepts as a Firestore document id in a path or body (a 400 naming the field otherwise). */
public final class DocIds {

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9_.:@+-]{1,128}$");

    private DocIds() {}

    public static String require(String field, String id) {
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..") || id.startsWith("__")) {
            throw ProblemException.invalidField(field, "is not a document id");
        }
        return id;
    }
}
