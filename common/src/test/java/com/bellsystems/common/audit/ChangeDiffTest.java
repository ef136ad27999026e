package com.bellsystems.common.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeDiffTest {

    @Test
    void onlyChangedFieldsAppearWithOldAndNew() {
        Map<String, Object> before = new HashMap<>(Map.of("name", "A", "status", "lead", "city", "Athens"));
        Map<String, Object> after = new HashMap<>(Map.of("name", "A", "status", "customer"));
        after.put("phone", "210");
        Map<String, Object> diff = ChangeDiff.between(before, after);
        assertEquals(Map.of("old", "lead", "new", "customer"), diff.get("status"));
        assertEquals(3, diff.size(), diff.toString());
        assertFalse(diff.containsKey("name"));
        Map<?, ?> removed = (Map<?, ?>) diff.get("city");
        assertEquals("Athens", removed.get("old"));
        assertTrue(removed.containsKey("new") && removed.get("new") == null);
    }

    @Test
    void secretsAreRedactedButTheirChangeIsRecorded() {
        Map<String, Object> diff = ChangeDiff.between(
                Map.of("hashed_password", "$2b$12$old", "refresh_token", "t1"),
                Map.of("hashed_password", "$2b$12$new", "refresh_token", "t2"));
        assertEquals(Map.of("old", ChangeDiff.REDACTED, "new", ChangeDiff.REDACTED), diff.get("hashed_password"));
        assertEquals(Map.of("old", ChangeDiff.REDACTED, "new", ChangeDiff.REDACTED), diff.get("refresh_token"));
        assertFalse(diff.toString().contains("$2b$"));
        assertEquals(
                ChangeDiff.REDACTED,
                ChangeDiff.redact(Map.of("password", "hunter2")).get("password"));
    }

    @Test
    void equalMoneyWithDifferentScaleIsNoChange() {
        assertTrue(ChangeDiff.between(Map.of("total", new BigDecimal("10.0")), Map.of("total", new BigDecimal("10.00")))
                .isEmpty());
    }
}
