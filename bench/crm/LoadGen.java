import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for bench/crm/run.sh (single-file Java: {@code java LoadGen.java ...}).
 * Signs a sysadmin token with the test key, runs N requests per scenario from C concurrent clients
 * (each client: one request at a time, closed loop) and prints p50/p90/p99/max in ms.
 *
 * args: baseUrl privateKeyPem concurrency requestsPerScenario customerIdsFile tagsCsv
 */
public class LoadGen {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = sign(Files.readString(Path.of(args[1])));
        int clients = Integer.parseInt(args[2]);
        int requests = Integer.parseInt(args[3]);
        List<String> customers = Files.readAllLines(Path.of(args[4])).stream().filter(s -> !s.isBlank()).toList();
        String[] tags = args[5].split(",");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        // warm-up: JIT and connection pools
        run(http, token, clients, Math.min(2000, requests), i -> get(base + "/api/crm/customers?size=50"), false, "warm-up");

        run(http, token, clients, requests, i -> get(base + "/api/crm/customers?size=50"), true, "list (no filter)");
        run(http, token, clients, requests, i -> get(base + "/api/crm/customers?size=50&relationship_status="
                + pick(new String[] {"lead", "active", "inactive", "prospect"})), true, "list relationship_status");
        run(http, token, clients, requests, i -> get(base + "/api/crm/customers?size=50&tag=" + pick(tags)), true, "list tag");
        run(http, token, clients, requests, i -> get(base + "/api/crm/customers?size=50&q="
                + pick(new String[] {"papa", "nikos", "church", "georg", "monast"})), true, "list search q");
        run(http, token, clients, requests, i -> get(base + "/api/crm/customers?size=50&relationship_status=active&tag="
                + pick(tags) + "&q=papa"), true, "list all filters");
        AtomicInteger seq = new AtomicInteger();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        run(http, token, clients, requests, i -> HttpRequest.newBuilder(URI.create(base + "/api/crm/customers/"
                        + customers.get(ThreadLocalRandom.current().nextInt(customers.size())) + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"order_number\":\"B-" + runId + "-" + seq.incrementAndGet()
                        + "\",\"items\":[{\"description\":\"Bell\",\"quantity\":2,\"unit_price\":199.99},"
                        + "{\"description\":\"Clapper\",\"quantity\":1,\"unit_price\":45.5}],"
                        + "\"discount\":{\"type\":\"percent\",\"value\":10}}")), true, "order create");
    }

    interface Req {
        HttpRequest.Builder build(int i);
    }

    static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    static String pick(String[] values) {
        return values[ThreadLocalRandom.current().nextInt(values.length)];
    }

    static void run(HttpClient http, String token, int clients, int total, Req req, boolean print, String name) throws Exception {
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    HttpRequest r = req.build(i).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
                        if (resp.statusCode() >= 300) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println(name + ": HTTP " + resp.statusCode() + " " + resp.body());
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!print) {
            return;
        }
        Arrays.sort(latencies);
        System.out.printf("%-26s n=%6d errors=%4d  %7.0f req/s  p50=%7.2f ms  p90=%7.2f ms  p99=%7.2f ms  max=%7.2f ms%n",
                name, total, errors.get(), total / seconds, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99),
                latencies[total - 1] / 1e6);
    }

    static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** An RS256 sysadmin token in the shape staff-auth issues (issuer bellsys), valid for an hour. */
    static String sign(String pem) throws Exception {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test\"}";
        String payload = "{\"iss\":\"bellsys\",\"sub\":\"bench-1\",\"name\":\"Bench\",\"role\":\"sysadmin\",\"groups\":[\"sysadmin\"],"
                + "\"permissions\":{},\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String signingInput = enc.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + enc.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + enc.encodeToString(sig.sign());
    }
}
