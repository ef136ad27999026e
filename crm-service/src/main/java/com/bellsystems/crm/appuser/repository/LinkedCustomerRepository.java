package com.bellsystems.crm.appuser.repository;

import com.bellsystems.crm.support.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** SQL: the CRM customers that list an app user in {@code linked_user_ids} (GIN index, V81). */
@ApplicationScoped
public class LinkedCustomerRepository {

    public static final int MAX = 100;

    private static final String LINKED =
            """
            SELECT id, name, surname, organization, relationship_status
            FROM crm_customers WHERE linked_user_ids @> ARRAY[$1]::text[]
            ORDER BY name, id LIMIT $2""";

    public Uni<List<Map<String, Object>>> linkedTo(SqlClient client, String userId) {
        return client.preparedQuery(LINKED).execute(Tuple.of(userId, MAX)).map(Rows::all);
    }
}
