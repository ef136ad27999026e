package com.bellsystems.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaffPermissionsTest {

    final StaffPermissions p = StaffPermissions.of(Map.of(
            "crm", Map.of("view", true, "edit", false),
            "audit", true,
            "devices", false));

    @Test
    void anAreaSetToTrueGrantsEveryAction() {
        assertTrue(p.allows("audit:view"));
        assertTrue(p.allows("audit", "export"));
    }

    @Test
    void anAreaMapGrantsOnlyTheActionsSetToTrue() {
        assertTrue(p.allows("crm:view"));
        assertFalse(p.allows("crm:edit"));
        assertTrue(p.allows("crm"), "some action in the area is enough for a bare area check");
    }

    @Test
    void missingOrFalseAreasGrantNothing() {
        assertFalse(p.allows("devices:view"));
        assertFalse(p.allows("staff:manage"));
        assertFalse(StaffPermissions.of(null).allows("crm:view"));
    }

    @Test
    void notHeldListsTheGrantsAMapGivesBeyondThesePermissions() {
        assertEquals(Set.of(), p.notHeld(Map.of("crm", Map.of("view", true), "audit", true)));
        assertEquals(Set.of(), p.notHeld(Map.of("audit", Map.of("export", true), "devices", false)));
        // holding crm:view does not allow granting all of crm, nor crm:edit
        assertEquals(Set.of("crm"), p.notHeld(Map.of("crm", true)));
        assertEquals(
                Set.of("crm:edit", "staff:manage"),
                p.notHeld(Map.of("crm", Map.of("edit", true), "staff", Map.of("manage", true))));
        assertEquals(Set.of(), p.notHeld(Map.of()));
        assertEquals(Set.of(), p.notHeld(null));
    }

    @Test
    void unknownNamesWhatTheCatalogueDoesNotKnow() {
        assertEquals(
                java.util.Set.of(),
                StaffPermissions.unknown(Map.of("crm", Map.of("view", true, "edit", false), "audit", true)));
        assertEquals(
                new java.util.TreeSet<>(java.util.List.of("crm:delete", "devices=yes", "shop", "staff:view=1")),
                StaffPermissions.unknown(Map.of(
                        "crm",
                        Map.of("view", true, "delete", true),
                        "shop",
                        true,
                        "devices",
                        "yes",
                        "staff",
                        Map.of("view", 1L))));
        assertEquals(java.util.Set.of(), StaffPermissions.unknown(null));
        assertTrue(StaffPermissions.ROLES.containsAll(java.util.List.of("sysadmin", "admin", "staff")));
    }
}
