package com.bellsystems.common.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fresh database loaded with the Alembic fixture ({@link AlembicDatabase}) before the service
 * starts, so the service's start-up has to adopt it. The tables, columns and row fingerprints as
 * loaded are kept for the test to compare with after start ({@link #loaded(String)}).
 */
public class AlembicDatabaseResource extends TestDatabaseResource {

    /** What the fixture held before the service started. */
    public record Loaded(SortedMap<String, List<String>> tableColumns, SortedMap<String, String> fingerprints) {}

    private static final Map<String, Loaded> LOADED = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        String database = config.get("bellsys.test.database");
        AlembicDatabase.load(database);
        try (Connection c = connect(database)) {
            SortedMap<String, List<String>> columns = AlembicDatabase.tableColumns(c);
            LOADED.put(database, new Loaded(columns, AlembicDatabase.fingerprints(c, columns)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return config;
    }

    public static Loaded loaded(String database) {
        return LOADED.get(database);
    }
}
