package com.bellsystems.common.audit;

import com.bellsystems.common.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What an audit row needs to know about the current HTTP request: the acting staff member (from the
 * verified JWT) and the meta every row carries (client address as the gateway saw it, request id).
 */
@RequestScoped
public class RequestAudit {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private final JsonWebToken jwt;
    private final HttpServerRequest request;
    private String requestId;

    @Inject
    public RequestAudit(JsonWebToken jwt, HttpServerRequest request) {
        this.jwt = jwt;
        this.request = request;
    }

    /** The signed-in staff member; 401 when the request carries no verified token. */
    public Actor actor() {
        if (jwt == null || jwt.getSubject() == null) {
            throw ProblemException.unauthorized("A valid bearer token is required");
        }
        String name = jwt.getClaim("name");
        return new Actor(jwt.getSubject(), name != null ? name : jwt.getSubject());
    }

    /**
     * The client's address: the TCP peer, or, when the peer is a trusted proxy
     * ({@code quarkus.http.proxy.trusted-proxies}, BELLSYS_TRUSTED_PROXIES), the address that proxy
     * forwarded. Vert.x resolves it before any of our code runs, so a direct caller's forged
     * X-Forwarded-For is ignored. Audit meta and login throttling both use this one rule.
     */
    public String clientAddress() {
        SocketAddress address = request.remoteAddress();
        if (address == null) {
            return null;
        }
        return address.hostAddress() != null ? address.hostAddress() : address.host();
    }

    /** The gateway's request id, or one made up here (once per request) when called directly. */
    public String requestId() {
        if (requestId == null) {
            String header = request.getHeader(REQUEST_ID_HEADER);
            requestId = header != null && !header.isBlank()
                    ? header
                    : UUID.randomUUID().toString();
        }
        return requestId;
    }

    /** {@code meta} for an audit row: client address and request id, plus any extra context. */
    public Map<String, Object> meta(Map<String, ?> extra) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("ip_address", clientAddress());
        meta.put("request_id", requestId());
        if (extra != null) {
            meta.putAll(extra);
        }
        return meta;
    }

    public Map<String, Object> meta() {
        return meta(null);
    }
}
