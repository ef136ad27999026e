package com.bellsystems.auth.staff.service;

import com.bellsystems.common.audit.Actor;
import java.util.Map;

/**
 * Who is acting, captured on the request thread before work moves to a worker thread (where
 * request-scoped beans are not available): audit actor, role flags and the audit meta.
 */
public record Caller(Actor actor, boolean admin, boolean sysadmin, Map<String, Object> meta) {}
