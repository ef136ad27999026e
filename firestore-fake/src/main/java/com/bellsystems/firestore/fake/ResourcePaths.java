package com.bellsystems.firestore.fake;

import io.grpc.Status;
import java.util.Comparator;

/**
 * Resource names. The store keys documents by their path below {@code .../documents/} (for example
 * {@code customers/c1/orders/o1}), whatever project or database the client names, so a test can
 * seed with {@code put("customers/c1", ...)} and any project id reads it.
 */
final class ResourcePaths {

    private static final String DOCUMENTS = "/documents";

    private ResourcePaths() {}

    /**
     * Orders paths segment by segment, as Firestore orders document names: "/" sorts before every
     * other character, so {@code a/b/c} comes before {@code a/b-x/c} and a parent before its children.
     */
    static final Comparator<String> SEGMENT_ORDER = (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) {
                continue;
            }
            if (x == '/') {
                return -1;
            }
            if (y == '/') {
                return 1;
            }
            return Character.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    };

    /** {@code projects/p/databases/d} of a name that contains {@code /documents}. */
    static String database(String name) {
        int i = name.indexOf(DOCUMENTS);
        if (i < 0) {
            return name;
        }
        return name.substring(0, i);
    }

    /** The path below {@code /documents/}, "" for the root itself. */
    static String relative(String name) {
        int i = name.indexOf(DOCUMENTS);
        if (i < 0) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Not a document resource name: " + name)
                    .asRuntimeException();
        }
        String rest = name.substring(i + DOCUMENTS.length());
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    static String full(String database, String relative) {
        return relative.isEmpty() ? database + DOCUMENTS : database + DOCUMENTS + "/" + relative;
    }

    static int segments(String relative) {
        if (relative.isEmpty()) {
            return 0;
        }
        int count = 1;
        for (int i = 0; i < relative.length(); i++) {
            if (relative.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    /** The collection id a document path lives in (the second-to-last segment). */
    static String collectionId(String docPath) {
        int last = docPath.lastIndexOf('/');
        int before = docPath.lastIndexOf('/', last - 1);
        return docPath.substring(before + 1, last);
    }

    /** The path of the document or root that holds the collection a document lives in. */
    static String parentOfCollection(String docPath) {
        int last = docPath.lastIndexOf('/');
        int before = docPath.lastIndexOf('/', last - 1);
        return before < 0 ? "" : docPath.substring(0, before);
    }

    static String id(String docPath) {
        return docPath.substring(docPath.lastIndexOf('/') + 1);
    }

    static void checkDocumentPath(String relative) {
        if (relative.isEmpty() || segments(relative) % 2 != 0) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("Not a document path: " + relative)
                    .asRuntimeException();
        }
    }
}
