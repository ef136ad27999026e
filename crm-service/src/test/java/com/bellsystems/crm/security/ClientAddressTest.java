package com.bellsystems.crm.security;

import static com.bellsystems.crm.Api.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bellsystems.common.testing.FirestoreEmulatorResource;
import com.bellsystems.common.testing.TestDatabaseResource;
import com.bellsystems.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client address in audit meta (and the login throttle) follows Quarkus' trusted-proxy rule,
 * configured once in common: X-Forwarded-For is believed only from a trusted proxy (default: the
 * gateway on 127.0.0.1); from any other caller it is ignored and the TCP peer is the client. The
 * untrusted caller is a real second address: the request leaves from 127.0.0.2.
 */
@QuarkusTest
@WithTestResource(TestDatabaseResource.class)
@WithTestResource(FirestoreEmulatorResource.class)
class ClientAddressTest {

    @Test
    void forgedForwardedForFromAnUntrustedCallerIsIgnored() throws IOException {
        String id = createCustomerFrom("127.0.0.2", "203.0.113.66");
        assertEquals("127.0.0.2", auditAddress(id));
    }

    @Test
    void forwardedForFromTheTrustedGatewayIsTheClient() throws IOException {
        String id = createCustomerFrom("127.0.0.1", "203.0.113.77");
        assertEquals("203.0.113.77", auditAddress(id));
    }

    @Test
    void withoutAHeaderTheTcpPeerIsTheClient() throws IOException {
        String id = createCustomerFrom("127.0.0.2", null);
        assertEquals("127.0.0.2", auditAddress(id));
    }

    private static String auditAddress(String customerId) {
        return (String) query(
                        "SELECT meta->>'ip_address' AS ip FROM audit_log WHERE entity_type = 'customer' AND entity_id = ?",
                        customerId)
                .get(0)
                .get("ip");
    }

    /** POST a customer over a socket bound to {@code from}, so the service sees that peer address. */
    private static String createCustomerFrom(String from, String forwardedFor) throws IOException {
        String body = "{\"name\":\"Address " + UUID.randomUUID() + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder()
                .append("POST /api/crm/customers HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(RestAssured.port)
                .append("\r\n")
                .append("Authorization: Bearer ")
                .append(TestTokens.sysadmin())
                .append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ")
                .append(bytes.length)
                .append("\r\n")
                .append("Connection: close\r\n");
        if (forwardedFor != null) {
            request.append("X-Forwarded-For: ").append(forwardedFor).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(60_000);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String response = readAll(socket.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 201"), response);
            Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(response);
            assertTrue(m.find(), response);
            return m.group(1);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
