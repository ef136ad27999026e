import com.bellsystems.audit.log.AuditQuery;
import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.audit.log.rest.AuditLogParams;
import com.bellsystems.audit.log.repository.AuditLogRepository;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLEncoder;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit-service benchmark client (run by run.sh with the packaged service's jars on the class
 * path). For each filter combination it sends sequential requests with random values drawn from the
 * generated data set, reports p50/p99/max latency over HTTP, and runs EXPLAIN (ANALYZE, BUFFERS) on
 * the exact SQL the service builds for one sample (AuditLogParams + AuditLogRepository, the service's
 * own classes), listing the indexes the plan uses. Then it times the streamed CSV export.
 *
 * Args: baseUrl privateKeyPem database requestsPerCombination warmup
 */
public class AuditBench {

    static final String[] TYPES = {"customer", "order", "device", "melody", "product", "staff", "ticket", "note", "quotation"};
    static final String[] PREFIX = {"cus", "ord", "dev", "mel", "prd", "stf", "tkt", "not", "quo"};
    static final int ACTORS = Integer.parseInt(System.getenv().getOrDefault("ACTORS", "200"));
    static final int ENTITIES = Integer.parseInt(System.getenv().getOrDefault("ENTITIES", "50000"));
    /** Issue 21: p99 under 10 ms for every combination, at 50M rows. */
    static final double GOAL_MS = Double.parseDouble(System.getenv().getOrDefault("GOAL_MS", "10"));

    record Combo(String name, String path, Function<Random, Map<String, String>> params) {
    }

    static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String base;
    static String token;
    static OffsetDateTime first;
    static OffsetDateTime last;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--growth")) {
            growth(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        base = args[0];
        token = sign(Files.readString(Path.of(args[1])));
        String database = args[2];
        int requests = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        String[] range = psql(database, "SELECT min(occurred_at), max(occurred_at) FROM audit_log", "-tA", "-F|").trim().split("\\|");
        first = OffsetDateTime.parse(range[0].replace(' ', 'T') + (range[0].matches(".*[+-]\\d\\d$") ? ":00" : ""));
        last = OffsetDateTime.parse(range[1].replace(' ', 'T') + (range[1].matches(".*[+-]\\d\\d$") ? ":00" : ""));

        List<Combo> combos = combos();
        System.out.printf("%n%-34s %8s %8s %8s %6s  %-45s %s%n", "combination", "p50 ms", "p99 ms", "max ms", "rows",
                "indexes in plan (EXPLAIN ANALYZE sample)", "db ms");
        StringBuilder plans = new StringBuilder();
        StringBuilder tsv = new StringBuilder();
        boolean allUnder = true;
        // Warm every code path (JIT, pools, Postgres caches of the upper index pages) before measuring any.
        for (Combo combo : combos) {
            Random random = new Random(~combo.name().hashCode());
            for (int i = 0; i < warmup; i++) {
                get(combo.path(), combo.params().apply(random));
            }
        }
        for (Combo combo : combos) {
            Random random = new Random(combo.name().hashCode());
            long[] nanos = new long[requests];
            int rows = 0;
            for (int i = 0; i < requests; i++) {
                Map<String, String> p = combo.params().apply(random);
                long t0 = System.nanoTime();
                String body = get(combo.path(), p);
                nanos[i] = System.nanoTime() - t0;
                rows += count(body);
            }
            Arrays.sort(nanos);
            double p50 = nanos[(int) Math.ceil(0.50 * requests) - 1] / 1e6;
            double p99 = nanos[(int) Math.ceil(0.99 * requests) - 1] / 1e6;
            double max = nanos[requests - 1] / 1e6;
            allUnder &= p99 < GOAL_MS;

            Map<String, String> sample = combo.params().apply(new Random(7));
            String plan = explain(database, combo, sample);
            plans.append("\n### ").append(combo.name()).append("\nGET ").append(url(combo.path(), sample)).append("\n")
                    .append(plan);
            System.out.printf("%-34s %8.2f %8.2f %8.2f %6d  %-45s %s%n", combo.name(), p50, p99, max, rows / requests,
                    String.join(",", indexes(plan)), executionTime(plan));
            tsv.append(String.join("\t", combo.name(), String.format("%.2f", p50), String.format("%.2f", p99),
                    String.format("%.2f", max), String.valueOf(rows / requests), String.join(",", indexes(plan)),
                    executionTime(plan))).append('\n');
        }
        System.out.printf("%nGoal %s: p99 < %.0f ms for every combination%s.%n", allUnder ? "met" : "NOT met", GOAL_MS,
                allUnder ? "" : " (see above)");
        if (System.getenv("RESULT_TSV") != null) {
            Files.writeString(Path.of(System.getenv("RESULT_TSV")), tsv.toString());
        }
        if ("0".equals(System.getenv("EXPORTS"))) {
            Path planFile = Path.of(System.getenv().getOrDefault("PLANS_OUT", "bench/audit/plans.txt"));
            Files.writeString(planFile, plans.toString());
            System.out.println("\nExports skipped (EXPORTS=0). Plans written to " + planFile + ".");
            return;
        }

        export("export: one actor, 30 days", Map.of("actor_id", actor(new Random(1)), "from_date", daysBefore(30), "to_date", last.toLocalDate().toString()));
        export("export: one actor, all time", Map.of("actor_id", actor(new Random(2))));
        export("export: everything, last 30 days", Map.of("from_date", daysBefore(30)));
        if ("1".equals(System.getenv("EXPORT_ALL"))) {
            export("export: the whole log", Map.of());
        }

        Path planFile = Path.of(System.getenv().getOrDefault("PLANS_OUT", "bench/audit/plans.txt"));
        Files.writeString(planFile, plans.toString());
        System.out.println("\nPlans (EXPLAIN ANALYZE, BUFFERS) written to " + planFile + ":");
        System.out.println(plans);
    }

    /**
     * The growth table of one run: args are label=file.tsv pairs (as written via RESULT_TSV), smallest
     * data set first; it is the anchor every larger one is divided by.
     */
    static void growth(String[] sets) throws Exception {
        List<String> labels = new ArrayList<>();
        List<Map<String, String[]>> results = new ArrayList<>();
        for (String set : sets) {
            String[] kv = set.split("=", 2);
            labels.add(kv[0]);
            Map<String, String[]> byName = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(kv[1]))) {
                String[] f = line.split("\t");
                byName.put(f[0], f);
            }
            results.add(byName);
        }
        StringBuilder head = new StringBuilder(String.format("%-34s", "p99 ms (db exec ms of one sample)"));
        for (String label : labels) {
            head.append(String.format(" %18s", label));
        }
        for (int i = 1; i < labels.size(); i++) {
            head.append(String.format(" %9s", labels.get(i) + "/" + labels.get(0)));
        }
        System.out.println(head.append("  goal (p99 < ").append(String.format("%.0f", GOAL_MS)).append(" ms)"));
        boolean allMet = true;
        for (String name : results.get(0).keySet()) {
            StringBuilder line = new StringBuilder(String.format("%-34s", name));
            boolean met = true;
            for (Map<String, String[]> r : results) {
                String[] f = r.get(name);
                line.append(f == null ? String.format(" %18s", "-") : String.format(" %8s (%7s)", f[2], f[6]));
                met &= f != null && Double.parseDouble(f[2]) < GOAL_MS;
            }
            double anchor = Double.parseDouble(results.get(0).get(name)[2]);
            for (int i = 1; i < results.size(); i++) {
                String[] f = results.get(i).get(name);
                line.append(f == null ? String.format(" %9s", "-") : String.format(" %8.2fx", Double.parseDouble(f[2]) / anchor));
            }
            allMet &= met;
            System.out.println(line.append(met ? "  met" : "  NOT MET"));
        }
        System.out.printf("%nGoal %s at every size: p99 < %.0f ms for every combination.%n", allMet ? "met" : "NOT met", GOAL_MS);
    }

    static List<Combo> combos() {
        String list = "/api/audit-log";
        List<Combo> c = new ArrayList<>();
        c.add(new Combo("newest page (no filter)", list, r -> Map.of()));
        c.add(new Combo("actor", list, r -> Map.of("actor_id", actor(r))));
        c.add(new Combo("entity", list, r -> entity(r, new LinkedHashMap<>())));
        c.add(new Combo("entity type only", list, r -> Map.of("entity_type", TYPES[r.nextInt(TYPES.length)])));
        c.add(new Combo("action (common: UPDATE)", list, r -> Map.of("action", "UPDATE")));
        c.add(new Combo("action (rare: PERMISSION_CHANGE)", list, r -> Map.of("action", "PERMISSION_CHANGE")));
        c.add(new Combo("date range (1 day)", list, r -> day(r, new LinkedHashMap<>(), 1)));
        c.add(new Combo("to_date only (1 year ago)", list, r -> Map.of("to_date", daysBefore(365 + r.nextInt(30)))));
        c.add(new Combo("actor + action", list, r -> Map.of("actor_id", actor(r), "action", "UPDATE")));
        c.add(new Combo("actor + rare action", list, r -> Map.of("actor_id", actor(r), "action", "PERMISSION_CHANGE")));
        c.add(new Combo("actor + dates (30 days)", list, r -> day(r, new LinkedHashMap<>(Map.of("actor_id", actor(r))), 30)));
        c.add(new Combo("action + dates (7 days)", list, r -> day(r, new LinkedHashMap<>(Map.of("action", "DELETE")), 7)));
        c.add(new Combo("entity + action", list, r -> entity(r, new LinkedHashMap<>(Map.of("action", "UPDATE")))));
        c.add(new Combo("entity + dates (90 days)", list, r -> day(r, entity(r, new LinkedHashMap<>()), 90)));
        c.add(new Combo("actor + action + dates (90 days)", list, r -> day(r, new LinkedHashMap<>(Map.of("actor_id", actor(r), "action", "CREATE")), 90)));
        c.add(new Combo("offset 5000 (no filter)", list, r -> Map.of("offset", "5000")));
        c.add(new Combo("cursor, deep (no filter)", list, r -> Map.of("cursor", cursor(r))));
        c.add(new Combo("actor + cursor, deep", list, r -> Map.of("actor_id", actor(r), "cursor", cursor(r))));
        c.add(new Combo("limit 200 (no filter)", list, r -> Map.of("limit", "200")));
        c.add(new Combo("entity history endpoint", null, r -> entity(r, new LinkedHashMap<>())));
        return c;
    }

    static String actor(Random r) {
        return "staff-" + String.format("%03d", r.nextInt(ACTORS));
    }

    static Map<String, String> entity(Random r, Map<String, String> into) {
        int e = r.nextInt(ENTITIES);
        into.put("entity_type", TYPES[e % 9]);
        into.put("entity_id", PREFIX[e % 9] + "-" + e);
        return into;
    }

    static Map<String, String> day(Random r, Map<String, String> into, int days) {
        long span = ChronoUnit.DAYS.between(first, last) - days;
        OffsetDateTime from = first.truncatedTo(ChronoUnit.DAYS).plusDays(1 + (long) (r.nextDouble() * Math.max(1, span - 1)));
        into.put("from_date", from.toLocalDate().toString());
        into.put("to_date", from.plusDays(days - 1).toLocalDate().toString());
        return into;
    }

    static String daysBefore(int days) {
        return last.minusDays(days).toLocalDate().toString();
    }

    static String cursor(Random r) {
        long span = last.toEpochSecond() - first.toEpochSecond();
        OffsetDateTime t = first.plusSeconds((long) (r.nextDouble() * span)).truncatedTo(ChronoUnit.SECONDS);
        return new KeysetCursor(t.withOffsetSameInstant(ZoneOffset.UTC), Long.MAX_VALUE).encode();
    }

    static String path(String path, Map<String, String> p) {
        if (path != null) {
            return path;
        }
        return "/api/audit-log/entities/" + p.get("entity_type") + "/" + p.get("entity_id");
    }

    static String url(String path, Map<String, String> p) {
        StringBuilder q = new StringBuilder();
        p.forEach((k, v) -> {
            if (path == null && k.startsWith("entity_")) {
                return;
            }
            q.append(q.isEmpty() ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return path(path, p) + q;
    }

    static String get(String path, Map<String, String> p) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + url(path, p)))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " for " + url(path, p) + ": " + response.body());
        }
        return response.body();
    }

    static int count(String body) {
        int n = 0;
        for (int i = body.indexOf("\"occurred_at\""); i >= 0; i = body.indexOf("\"occurred_at\"", i + 1)) {
            n++;
        }
        return n;
    }

    static void export(String name, Map<String, String> p) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + url("/api/audit-log/export", p)))
                .header("Authorization", "Bearer " + token).GET().build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long firstByte = 0;
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (bytes == 0) {
                    firstByte = System.nanoTime() - t0;
                }
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-34s status %d, ~%d lines, %.1f MB in %.2f s (%.0f lines/s), first byte after %.1f ms%n",
                name, response.statusCode(), lines, bytes / 1e6, seconds, lines / seconds, firstByte / 1e6);
    }

    /** EXPLAIN ANALYZE of the service's own SQL for these parameters, values inlined. */
    static String explain(String database, Combo combo, Map<String, String> p) throws Exception {
        AuditLogParams params = new AuditLogParams();
        for (Field f : AuditLogParams.class.getDeclaredFields()) {
            var q = f.getAnnotation(org.jboss.resteasy.reactive.RestQuery.class);
            if (q == null) {
                continue;
            }
            String name = q.value().isEmpty() ? f.getName() : q.value();
            if (combo.path() == null && name.startsWith("entity_")) {
                continue;
            }
            f.setAccessible(true);
            f.set(params, p.get(name));
        }
        AuditQuery query = combo.path() == null ? params.toHistoryQuery(p.get("entity_type"), p.get("entity_id"))
                : params.toPagedQuery();
        AuditLogRepository.Sql sql = AuditLogRepository.select(query, query.cursor(), query.limit() + 1, query.offset());
        String text = sql.text();
        for (int i = sql.params().size(); i >= 1; i--) {
            Object v = sql.params().get(i - 1);
            String literal = v instanceof Number ? v.toString()
                    : v instanceof OffsetDateTime t ? "'" + t + "'::timestamptz"
                    : "'" + v.toString().replace("'", "''") + "'";
            text = text.replace("$" + i, literal);
        }
        return text + ";\n" + psql(database, "EXPLAIN (ANALYZE, BUFFERS) " + text);
    }

    static Set<String> indexes(String plan) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?:Index(?: Only)? Scan(?: Backward)? using|Bitmap Index Scan on) (\\w+)").matcher(plan);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (plan.contains("Seq Scan")) {
            names.add("SEQ SCAN");
        }
        return names;
    }

    static String executionTime(String plan) {
        Matcher m = Pattern.compile("Execution Time: ([\\d.]+) ms").matcher(plan);
        return m.find() ? m.group(1) : "?";
    }

    static String psql(String database, String sql, String... flags) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-h", System.getenv().getOrDefault("PGHOST", "127.0.0.1"),
                "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-c", sql));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    /** An RS256 staff token holding audit:view only (not sysadmin), as staff-auth-service would issue. */
    static String sign(String pem) throws Exception {
        String key = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test\"}";
        String payload = "{\"iss\":\"bellsys\",\"sub\":\"bench-1\",\"name\":\"Bench Viewer\",\"role\":\"staff\","
                + "\"groups\":[\"staff\"],\"permissions\":{\"audit\":{\"view\":true}},\"iat\":" + now
                + ",\"exp\":" + (now + 3 * 3600) + ",\"jti\":\"bench-" + now + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(privateKey);
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(signature.sign());
    }
}
