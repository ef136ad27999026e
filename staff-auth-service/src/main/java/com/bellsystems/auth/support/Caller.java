package com.bellsystems.auth.support;

import com.bellsystems.common.audit.Actor;
import com.bellsystems.common.security.StaffPermissions;
import java.util.Map;

/**
 * Who is acting, captured on the request thread before work moves to a worker thread (where
 * request-scoped beans are not available): audit actor, role flags, the permissions the caller's
 * token holds (what it may grant to others) and the audit meta.
 */
public record Caller(
        Actor actor, boolean admin, boolean sysadmin, StaffPermissions permissions, Map<String, Object> meta) {}
