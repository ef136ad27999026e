package com.bellsystems.crm.customer;

import static com.bellsystems.crm.Api.admin;
import static com.bellsystems.crm.Api.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.crm.customer.repository.CustomerRepository;
import com.bellsystems.crm.support.Responses;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Search pages (q) come from the word index of V54 (crm_customer_words, kept by triggers). Every page
 * must equal what the plain definition gives: ILIKE over name, surname and organization in
 * (name, surname, id) order, with the same status and tag filters. Checked on a varied set of
 * customers, after changes through the API and through plain SQL, and for the cases the word index
 * hands back to the name-order walk (short tokens, tokens found in many words). Tag lists come from
 * the tag index of V54 (crm_customer_tags) and are checked the same way.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class CustomerSearchTest {

    private static final String SEARCH_TEXT =
            "coalesce(name, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(organization, '')";
    private static final List<String> STATUSES = List.of("lead", "active", "inactive");
    private static final List<String> TAGS = List.of("vip", "bells", "clock");
    private static final String LONG_TAG = "long" + "t".repeat(230);
    private static final List<String> QUERIES = List.of(
            "nikos",
            "NIKOS",
            "georg",
            "papa",
            "of st",
            "nikos pap",
            "os pa",
            "ΙΩΆΝ",
            "ιωάννης",
            "zzlongzz",
            "qqz",
            "qqz17",
            "x",
            "ou",
            "100%",
            "a_b",
            "monastery 4",
            " st\u00a0");

    @Test
    void searchPagesEqualTheIlikeDefinitionBeforeAndAfterChanges() {
        seed("sa", 240, 1);
        assertWordIndexMatchesCustomers();
        assertSearchesMatchDefinition();
        assertTagListsMatchDefinition();

        // changes through the API: name, surname, organization, status, tags; and a delete
        List<String> ids = query("SELECT id FROM crm_customers WHERE id LIKE 'sa%' ORDER BY id LIMIT 4").stream()
                .map(r -> (String) r.get("id"))
                .toList();
        patch(ids.get(0), Map.of("name", "Zacharias", "surname", "Nikolaidis"));
        patch(ids.get(1), Map.of("organization", "Monastery of St Nikos 4"));
        patch(ids.get(2), Map.of("relationship_status", "inactive", "tags", List.of("clock", "new")));
        admin().header("If-Match", etag(ids.get(3)))
                .delete("/api/crm/customers/" + ids.get(3))
                .then()
                .statusCode(204);
        // and through plain SQL (a migration or an operator's fix), several rows per statement
        query("UPDATE crm_customers SET surname = 'Papageorgiou' WHERE id LIKE 'sa%' AND name = 'Maria' RETURNING id");
        query("UPDATE crm_customers SET updated_at = now() WHERE id LIKE 'sa%' RETURNING id"); // words unchanged
        query(
                "DELETE FROM crm_customers WHERE id LIKE 'sa%' AND relationship_status = 'lead' AND 'vip' = ANY(tags) RETURNING id");
        seed("sb", 60, 2);
        assertWordIndexMatchesCustomers();
        assertSearchesMatchDefinition();
        assertTagListsMatchDefinition();
    }

    @Test
    void tagListsReadTheTagIndex() {
        String id = "st" + System.nanoTime();
        String tag = "tagindexed" + System.nanoTime();
        query(
                "INSERT INTO crm_customers (id, name, folder_id, tags, created_at, updated_at)"
                        + " VALUES (?, 'Tagged', ?, ARRAY[?], now(), now()) RETURNING id",
                id,
                id,
                tag);
        assertEquals(List.of(id), idsOf(admin().queryParam("tag", tag)));
        query("DELETE FROM crm_customer_tags WHERE customer_id = ? RETURNING tag", id);
        assertEquals(List.of(), idsOf(admin().queryParam("tag", tag)), "the page comes from crm_customer_tags");
        query("UPDATE crm_customers SET tags = ARRAY[?, 'other'] WHERE id = ? RETURNING id", tag, id);
        assertEquals(List.of(id), idsOf(admin().queryParam("tag", tag)));
        query("UPDATE crm_customers SET relationship_status = 'active' WHERE id = ? RETURNING id", id);
        assertEquals(List.of(id), idsOf(admin().queryParam("tag", tag).queryParam("relationship_status", "active")));
        assertEquals(List.of(), idsOf(admin().queryParam("tag", tag).queryParam("relationship_status", "lead")));
    }

    @Test
    void searchReadsTheWordIndex() {
        String id = "sw" + System.nanoTime();
        query(
                "INSERT INTO crm_customers (id, name, surname, organization, folder_id, created_at, updated_at)"
                        + " VALUES (?, 'Wordindexed', 'Quuxley', 'Parish', ?, now(), now()) RETURNING id",
                id,
                id);
        assertEquals(List.of(id), idsOf(admin().queryParam("q", "quuxley")));
        // without its word row the customer is not found: the page comes from crm_customer_words
        query("DELETE FROM crm_customer_words WHERE customer_id = ? AND word = 'quuxley' RETURNING word", id);
        assertEquals(List.of(), idsOf(admin().queryParam("q", "quuxley")));
        query("UPDATE crm_customers SET surname = 'Quuxleigh' WHERE id = ? RETURNING id", id);
        assertEquals(List.of(id), idsOf(admin().queryParam("q", "quuxleigh")));
        assertEquals(List.of(), idsOf(admin().queryParam("q", "quuxley")));
    }

    /** count customers with ids prefix+n: names and words drawn so filters and words overlap. */
    private static void seed(String prefix, int count, long seed) {
        Random random = new Random(seed);
        String[] names = {"Nikos", "Maria", "Georgios", "Eleni", "Ιωάννης", "Anna", "Nikolaos"};
        String[] surnames = {"Papadopoulos", "Georgiou", "Nikolaou", "Papanikolaou", "Pappas", null, "Stavrou"};
        String[] organizations = {
            "Church of St Nicholas",
            "Holy Monastery of Ossios Loukas",
            "Parish of St George",
            "100% Bells",
            "a_b works",
            null,
            "Monastery of St John"
        };
        for (int i = 0; i < count; i++) {
            String id = prefix + String.format("%05d", i);
            String organization = organizations[random.nextInt(organizations.length)];
            if (organization != null) {
                organization += " " + random.nextInt(12);
            }
            if (i % 40 == 7) { // more words with "qqz" than the index walks: the name-order walk takes over
                organization = "qqz" + i + " qqz" + (i + 1000);
            }
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            String tag = TAGS.get(random.nextInt(TAGS.size()));
            if (i % 97 == 5) { // a word too long for the index
                organization = "x".repeat(150) + "zzlongzz" + "y".repeat(150);
            }
            if (i % 50 == 3) { // a tag too long for the tag index: its lists use the GIN index
                tag = LONG_TAG;
            }
            query(
                    "INSERT INTO crm_customers (id, name, surname, organization, folder_id, relationship_status, tags,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ARRAY[?, 'all'], now(), now()) RETURNING id",
                    id,
                    names[random.nextInt(names.length)],
                    surnames[random.nextInt(surnames.length)],
                    organization,
                    "f" + id,
                    status,
                    tag);
        }
        // the qqz words, added in bulk: more than CustomerRepository.MAX_SEARCH_WORDS of them
        for (int i = 0; i <= CustomerRepository.MAX_SEARCH_WORDS; i++) {
            String id = prefix + "q" + i;
            query(
                    "INSERT INTO crm_customers (id, name, organization, folder_id, created_at, updated_at)"
                            + " VALUES (?, 'Qq', ?, ?, now(), now()) RETURNING id",
                    id,
                    "qqz" + (5000 + i),
                    "f" + id);
        }
    }

    private static void assertWordIndexMatchesCustomers() {
        List<Map<String, Object>> differences = query(
                """
                (SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags, c.xmin::text::bigint FROM crm_customers c,
                        crm_customer_search_words(c.name, c.surname, c.organization) w
                 EXCEPT SELECT word, customer_id, name, surname, relationship_status, tags, version FROM crm_customer_words)
                UNION ALL
                (SELECT word, customer_id, name, surname, relationship_status, tags, version FROM crm_customer_words
                 EXCEPT SELECT w, c.id, c.name, c.surname, c.relationship_status, c.tags, c.xmin::text::bigint FROM crm_customers c,
                        crm_customer_search_words(c.name, c.surname, c.organization) w)""");
        assertEquals(
                List.of(), differences, "crm_customer_words is exactly the customers' words, at each row's version");
        assertEquals(
                List.of(),
                query(
                        """
                (SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status, c.xmin::text::bigint FROM crm_customers c, unnest(c.tags) t
                 WHERE octet_length(t) <= 200
                 EXCEPT SELECT tag, customer_id, name, surname, relationship_status, version FROM crm_customer_tags)
                UNION ALL
                (SELECT tag, customer_id, name, surname, relationship_status, version FROM crm_customer_tags
                 EXCEPT SELECT DISTINCT t, c.id, c.name, c.surname, c.relationship_status, c.xmin::text::bigint FROM crm_customers c, unnest(c.tags) t
                 WHERE octet_length(t) <= 200)"""),
                "crm_customer_tags is exactly the customers' tags, at each row's version");
        assertEquals(
                List.of(),
                query("SELECT w FROM crm_customers c, crm_customer_search_words(c.name, c.surname,"
                        + " c.organization) w WHERE w NOT IN (SELECT word FROM crm_customer_vocabulary)"),
                "every word is in the vocabulary");
    }

    private static void assertSearchesMatchDefinition() {
        int nonEmpty = 0;
        for (String q : QUERIES) {
            for (int filter = 0; filter < 4; filter++) {
                String status = (filter & 1) != 0 ? "active" : null;
                String tag = (filter & 2) != 0 ? "bells" : null;
                nonEmpty += assertPagesMatchDefinition(q, status, tag, 7, 4);
            }
        }
        assertTrue(nonEmpty > 40, "the queries find customers: " + nonEmpty);
        assertFalse(definition("zzlongzz", null, null).isEmpty(), "the overlong word is searched");
    }

    private static void assertTagListsMatchDefinition() {
        List<String> tags = new ArrayList<>(TAGS);
        tags.addAll(List.of("all", LONG_TAG, "nosuchtag"));
        for (String tag : tags) {
            assertPagesMatchDefinition(null, null, tag, 9, 3);
            assertPagesMatchDefinition(null, "active", tag, 9, 3);
        }
        assertFalse(definition(null, null, LONG_TAG).isEmpty(), "the long tag is listed");
    }

    /** The first pages of the list with these filters equal the definition's; 1 if it is not empty. */
    private static int assertPagesMatchDefinition(String q, String status, String tag, int size, int pages) {
        List<String> expected = definition(q, status, tag);
        for (int page = 0; page * size <= expected.size() && page < pages; page++) {
            RequestSpecification request = admin().queryParam("size", size).queryParam("page", page);
            if (q != null) {
                request.queryParam("q", q);
            }
            if (status != null) {
                request.queryParam("relationship_status", status);
            }
            if (tag != null) {
                request.queryParam("tag", tag);
            }
            List<String> want = expected.subList(
                    Math.min(page * size, expected.size()), Math.min((page + 1) * size, expected.size()));
            assertEquals(want, idsOf(request), "q=" + q + " status=" + status + " tag=" + tag + " page=" + page);
        }
        return expected.isEmpty() ? 0 : 1;
    }

    private static List<String> definition(String q, String status, String tag) {
        List<Object> params = new ArrayList<>();
        String sql = "SELECT id FROM crm_customers WHERE (" + SEARCH_TEXT + ") ILIKE ?";
        params.add(q == null ? "%" : Responses.contains(q.trim()));
        if (status != null) {
            sql += " AND relationship_status = ?";
            params.add(status);
        }
        if (tag != null) {
            sql += " AND ? = ANY(tags)";
            params.add(tag);
        }
        return query(sql + " ORDER BY name, surname, id", params.toArray()).stream()
                .map(r -> (String) r.get("id"))
                .toList();
    }

    private static List<String> idsOf(RequestSpecification request) {
        return request.get("/api/crm/customers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id", String.class);
    }

    private static String etag(String id) {
        return admin().get("/api/crm/customers/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
    }

    private static void patch(String id, Map<String, Object> changes) {
        admin().header("If-Match", etag(id))
                .body(changes)
                .patch("/api/crm/customers/" + id)
                .then()
                .statusCode(200);
    }
}
