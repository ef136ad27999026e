package com.bellsystems.crm.customer.repository;

import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.crm.support.MirrorDoc;
import com.bellsystems.crm.support.PageRequest;
import com.bellsystems.crm.support.Responses;
import com.bellsystems.crm.support.Table;
import com.bellsystems.crm.support.TableReader;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The customers' SQL: the table's description (JSONB and array columns, status, the Firestore mirror
 * {@code crm_customers/{id}}) and the queries that choose a list page: plain filters, the tag index
 * and the word index of the search (V53, V54).
 */
@ApplicationScoped
public class CustomerRepository {

    public static final String COLLECTION = "crm_customers";

    public static final Table TABLE = Table.of("crm_customers", "customer", "name")
            .json(
                    "contacts",
                    "notes",
                    "location",
                    "owned_items",
                    "technical_issues",
                    "install_support",
                    "transaction_history",
                    "crm_summary")
            .arrays("tags", "linked_user_ids")
            .status("relationship_status")
            .mirroredTo(
                    row -> new MirrorDoc(COLLECTION, COLLECTION, String.valueOf(row.get("id"))),
                    "title",
                    "name",
                    "surname",
                    "organization",
                    "religion",
                    "language",
                    "folder_id",
                    "relationship_status",
                    "nextcloud_folder",
                    "contacts",
                    "notes",
                    "location",
                    "tags",
                    "owned_items",
                    "linked_user_ids",
                    "technical_issues",
                    "install_support",
                    "transaction_history",
                    "crm_summary",
                    "created_at",
                    "updated_at");

    /** List order of customers; crm_customer_words keeps the same columns for search pages. */
    private static final String LIST_ORDER = "name, surname, id";

    /** Tags longer than this are not in crm_customer_tags (V54): lists by them use the GIN index. */
    public static final int MAX_INDEXED_TAG_BYTES = 200;

    /** A search token found in more words than this is searched by walking the name order. */
    public static final int MAX_SEARCH_WORDS = 32;

    /** What q searches, lower-cased and split into words the same way by V54's crm_customer_search_words. */
    private static final String SEARCH_TEXT =
            "(coalesce(name, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(organization, ''))";

    /**
     * A tag's entries in list order (V54) with each customer's version (V88): one page of them,
     * index-only, not a walk past every customer. The tag and the status are read through sub-selects,
     * as the page bounds ({@link TableReader#pageBounds}), so that Postgres keeps one generic plan
     * (pgbench: 18,500 -> 25,700 pages/s by tag and status).
     */
    private static final String TAG_PAGE = "SELECT customer_id, version::text FROM crm_customer_tags"
            + " WHERE tag = (SELECT $1::text)%s ORDER BY name, surname, customer_id%s";

    /**
     * A search page's ids and versions ({@link TableReader#pageOf}) from the word index (V54, versions
     * V88), or one row of NULLs when the name-order walk of crm_customers is the cheaper way: a token
     * shorter than a trigram, or one found in more than {@value #MAX_SEARCH_WORDS} words, matches
     * densely. The longest whitespace-free token of the text, lower-cased as ILIKE does, is looked up
     * in the vocabulary; each word containing it is walked in list order in crm_customer_words
     * (index-only, filters on the index entries) and the walks are merged. A walk needs at most LIMIT +
     * OFFSET entries, so the merge holds the page. A one-token text matches every entry of a word
     * containing it; otherwise, and for overlong words (''), each entry is checked against the full
     * ILIKE. The {@code OFFSET 0} keeps that check a probe per entry: otherwise Postgres may hash every
     * customer matching the pattern. The walks are gated by a one-time filter ({@code use}), so the
     * fallback reads no entry.
     * <p>
     * Placeholders: $1 text, $2 ILIKE pattern, $3 status, $4 tag, $5 LIMIT, $6 OFFSET. All are read
     * through the {@code search} CTE so that no estimate depends on them and Postgres keeps one generic
     * plan instead of planning every search (0.5-0.7 ms each; it did while LIMIT and OFFSET were
     * plain placeholders: pgbench 3,700 -> 10,400 searches/s). The two {@code %s} after the word are
     * the optional status and tag filters.
     */
    private static final String SEARCH_PAGE =
            """
            WITH search AS (SELECT lower($1::text) AS text, $2::text AS pattern, $3::text AS status, $4::text AS tag,
              $5::int AS size, $6::bigint AS skip),
             token AS (SELECT text !~ '\\s' AS whole, CASE WHEN text ~ '\\s' THEN (SELECT t FROM
              regexp_split_to_table(text, '\\s+') t ORDER BY length(t) DESC, t LIMIT 1) ELSE text END AS t FROM search),
             words AS MATERIALIZED (SELECT v.word FROM crm_customer_vocabulary v, token WHERE length(token.t) >= 3
              AND v.word LIKE '%%' || replace(replace(replace(token.t, '\\', '\\\\'), '%%', '\\%%'), '_', '\\_') || '%%'
              LIMIT %d),
             use AS (SELECT (SELECT length(t) >= 3 FROM token) AND (SELECT count(*) FROM words) <= %d AS index),
             hits AS (SELECT s.customer_id, s.name, s.surname, s.version
              FROM (SELECT word FROM words UNION ALL SELECT '') d CROSS JOIN LATERAL
               (SELECT s.customer_id, s.name, s.surname, s.version FROM crm_customer_words s WHERE s.word = d.word%s%s
                AND ((d.word <> '' AND (SELECT whole FROM token))
                 OR EXISTS (SELECT 1 FROM crm_customers c WHERE c.id = s.customer_id AND %s
                  ILIKE (SELECT pattern FROM search) OFFSET 0))
                ORDER BY s.name, s.surname, s.customer_id LIMIT (SELECT size + skip FROM search)) s
              WHERE (SELECT index FROM use)
              GROUP BY s.name, s.surname, s.customer_id, s.version ORDER BY s.name, s.surname, s.customer_id
              LIMIT (SELECT size FROM search) OFFSET (SELECT skip FROM search))
            SELECT id, version FROM (SELECT customer_id AS id, version::text AS version, name, surname FROM hits
             UNION ALL SELECT NULL, NULL, NULL, NULL WHERE NOT (SELECT index FROM use)) p
            ORDER BY name, surname, id""";

    /** {@link #SEARCH_PAGE} for each filter combination: [by status][by tag]. */
    private static final String[][] SEARCH_PAGES = {
        {searchPage(false, false), searchPage(false, true)}, {searchPage(true, false), searchPage(true, true)}
    };

    private final Pool pool;
    private final TableReader reader;

    public CustomerRepository(Pool pool, TableReader reader) {
        this.pool = pool;
        this.reader = reader;
    }

    /** One list page, filtered by any of status, tag and search text (each may be null or blank). */
    public Uni<OffsetPage<Map<String, Object>>> list(String status, String tag, String search, PageRequest page) {
        boolean byStatus = status != null && !status.isBlank();
        boolean byTag = tag != null && !tag.isBlank();
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (byStatus) {
            params.add(status);
            where.add("relationship_status = $" + params.size());
        }
        if (byTag) {
            params.add(tag);
            // tags @> ARRAY[$n] is what the GIN index on tags answers
            where.add("tags @> ARRAY[$" + params.size() + "]::text[]");
        }
        if (search == null || search.isBlank()) {
            if (byTag && tag.getBytes(StandardCharsets.UTF_8).length <= MAX_INDEXED_TAG_BYTES) {
                List<Object> tagParams = new ArrayList<>(List.of(tag));
                if (byStatus) {
                    tagParams.add(status);
                }
                String pageQuery = TAG_PAGE.formatted(
                        byStatus ? " AND relationship_status = (SELECT $2::text)" : "",
                        TableReader.pageBounds(tagParams.size() + 1));
                tagParams.add(page.size + 1);
                tagParams.add(page.offset());
                return pool.preparedQuery(pageQuery)
                        .execute(Tuple.from(tagParams))
                        .flatMap(rows -> reader.pageOf(TABLE, rows, page));
            }
            if (!byTag) {
                // the list order's indexes (V52) answer no filter and the status filter in their key
                return reader.listWalkingRows(TABLE, String.join(" AND ", where), params, LIST_ORDER, page);
            }
            return reader.list(TABLE, String.join(" AND ", where), params, LIST_ORDER, page);
        }
        String pattern = Responses.contains(search.trim());
        params.add(pattern);
        where.add(SEARCH_TEXT + " ILIKE $" + params.size());
        Tuple searchParams = Tuple.of(search.trim(), pattern, byStatus ? status : null, byTag ? tag : null)
                .addInteger(page.size + 1)
                .addLong(page.offset());
        return pool.preparedQuery(SEARCH_PAGES[byStatus ? 1 : 0][byTag ? 1 : 0])
                .execute(searchParams)
                .flatMap(rows -> {
                    boolean walk = rows.size() == 1 && rows.iterator().next().getString(0) == null;
                    return walk
                            ? reader.list(TABLE, String.join(" AND ", where), params, LIST_ORDER, page)
                            : reader.pageOf(TABLE, rows, page);
                });
    }

    private static String searchPage(boolean byStatus, boolean byTag) {
        return SEARCH_PAGE.formatted(
                MAX_SEARCH_WORDS + 1,
                MAX_SEARCH_WORDS,
                byStatus ? " AND s.relationship_status = (SELECT status FROM search)" : "",
                // = ANY rather than @> on index entries: ~20 % less per entry
                byTag ? " AND (SELECT tag FROM search) = ANY(s.tags)" : "",
                SEARCH_TEXT);
    }
}
