package dev.lockstep.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the parts of Salesforce's REST API Lockstep uses, one per JVM, holding
 * Contacts in memory:
 * <ul>
 *   <li>{@code POST /services/oauth2/token}: a new access token per login (client credentials or
 *       username-password), {@code instance_url} pointing here;</li>
 *   <li>{@code GET /services/data/vNN.N/query/?q=} and {@code /queryAll/?q=}: the SOQL Lockstep sends
 *       ({@code WHERE <field> >= <datetime> ORDER BY ...} and {@code WHERE <field> IN (...)}), paged
 *       {@link #pageSize} records at a time with {@code nextRecordsUrl};</li>
 *   <li>{@code PATCH /services/data/vNN.N/composite/sobjects/Contact/{externalIdField}}: sObject
 *       Collections upsert, at most 200 records, per-record results ({@code LastName} is required, as
 *       in a real org: {@code REQUIRED_FIELD_MISSING});</li>
 *   <li>{@code DELETE /services/data/vNN.N/composite/sobjects?ids=}: to the recycle bin ({@code IsDeleted}).</li>
 * </ul>
 * A stale token is answered {@code 401 INVALID_SESSION_ID}; {@link #limitExceeded} answers the next
 * calls {@code 403 REQUEST_LIMIT_EXCEEDED}. Every request is recorded ({@link #requests()}).
 */
public final class SalesforceStandIn {

    public static final String CLIENT_ID = "lockstep-test-client";
    public static final String CLIENT_SECRET = "lockstep-test-secret";

    /** One request as received. */
    public record Request(String method, String path, String query, String callOptions, String authorization, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);
    private static final Pattern SELECT = Pattern.compile("SELECT (.+?) FROM (\\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?");
    private static final Pattern SINCE = Pattern.compile("(\\w+) >= (\\S+)");
    private static final Pattern IN = Pattern.compile("(\\w+) IN \\((.*)\\)");
    private static SalesforceStandIn instance;

    private final HttpServer server;
    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> cursors = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();
    private volatile String limitedMethod;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String token = "none";
    private volatile int pageSize = 2000;
    private long lastStamp;

    private SalesforceStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "salesforce-stand-in-stop"));
    }

    public static synchronized SalesforceStandIn get() {
        if (instance == null) {
            try {
                instance = new SalesforceStandIn();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The shared context's Salesforce settings: the stand-in, client credentials, no scheduled runs but the first (tests start runs). */
    public static String[] properties() {
        return new String[] {
            "lockstep.systems.salesforce.login-url=" + get().url(),
            "lockstep.systems.salesforce.client-id=" + CLIENT_ID,
            "lockstep.systems.salesforce.client-secret=" + CLIENT_SECRET,
            "lockstep.systems.salesforce.poll-interval-ms=3600000",
            "lockstep.systems.salesforce.rate-limit-wait=2s",
        };
    }

    // ---- what tests see and do

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int logins() {
        return logins.get();
    }

    public void pageSize(int size) {
        pageSize = size;
    }

    /** The next request with the current token is answered 401 INVALID_SESSION_ID (the session expired). */
    public void expireSession() {
        token = "expired-" + token;
    }

    /** The next {@code calls} API calls are answered 403 REQUEST_LIMIT_EXCEEDED. */
    public void limitExceeded(int calls) {
        limitExceededOn(null, calls);
    }

    /** The next {@code calls} API calls with this HTTP method (null: any) are answered 403 REQUEST_LIMIT_EXCEEDED. */
    public void limitExceededOn(String method, int calls) {
        limitedMethod = method;
        limited.set(calls);
    }

    public synchronized JsonNode contact(String externalId, String field) {
        return contacts.values().stream().filter(c -> externalId.equals(c.path(field).asText(null)) && !c.path("IsDeleted").asBoolean())
                .findFirst().map(ObjectNode::deepCopy).orElse(null);
    }

    /** A person edits (or creates) a contact in Salesforce: the given fields change, SystemModstamp moves. */
    public synchronized void edit(String externalIdField, String externalId, Map<String, Object> fields) {
        ObjectNode c = contacts.values().stream().filter(x -> externalId.equals(x.path(externalIdField).asText(null))).findFirst()
                .orElseGet(() -> newContact(externalIdField, externalId));
        fields.forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        c.put("SystemModstamp", stamp());
    }

    // ---- the API

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Request(ex.getRequestMethod(), path, query == null ? null : URLDecoder.decode(query, StandardCharsets.UTF_8),
                ex.getRequestHeaders().getFirst("Sforce-Call-Options"), ex.getRequestHeaders().getFirst("Authorization"), body));
        try {
            if (path.equals("/services/oauth2/token")) {
                login(ex, body);
                return;
            }
            if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                answer(ex, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
                return;
            }
            if ((limitedMethod == null || limitedMethod.equals(ex.getRequestMethod())) && limited.get() > 0 && limited.decrementAndGet() >= 0) {
                answer(ex, 403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
                return;
            }
            Matcher m;
            if ((m = Pattern.compile("/services/data/v[\\d.]+/(query|queryAll)/?").matcher(path)).matches() && query != null) {
                answer(ex, 200, query(param(query, "q"), m.group(1).equals("queryAll")));
            } else if ((m = Pattern.compile("/services/data/v[\\d.]+/(?:query|queryAll)/([\\w-]+)").matcher(path)).matches()) {
                answer(ex, 200, more(m.group(1)));
            } else if ((m = Pattern.compile("/services/data/v[\\d.]+/composite/sobjects/Contact/(\\w+)").matcher(path)).matches()
                    && ex.getRequestMethod().equals("PATCH")) {
                upsert(ex, m.group(1), JSON.readTree(body));
            } else if (path.matches("/services/data/v[\\d.]+/composite/sobjects") && ex.getRequestMethod().equals("DELETE")) {
                answer(ex, 200, delete(List.of(param(query, "ids").split(","))));
            } else {
                answer(ex, 404, "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");
            }
        } catch (RuntimeException e) {
            answer(ex, 400, "[{\"message\":" + JSON.writeValueAsString(String.valueOf(e.getMessage())) + ",\"errorCode\":\"MALFORMED_QUERY\"}]");
        }
    }

    private void login(HttpExchange ex, String body) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            answer(ex, 400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
            return;
        }
        token = "token-" + logins.incrementAndGet();
        ObjectNode answer = JSON.createObjectNode();
        answer.put("access_token", token);
        answer.put("instance_url", url());
        answer.put("id", url() + "/id/00D000000000001/005000000000001");
        answer.put("token_type", "Bearer");
        answer.put("issued_at", String.valueOf(System.currentTimeMillis()));
        answer.put("signature", "c3RhbmQtaW4=");
        answer(ex, 200, answer.toString());
    }

    private synchronized String query(String soql, boolean all) {
        Matcher m = SELECT.matcher(soql.trim());
        if (!m.matches() || !m.group(2).equals("Contact")) {
            throw new IllegalArgumentException("unexpected SOQL: " + soql);
        }
        List<String> fields = List.of(m.group(1).split(",\\s*"));
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode c : contacts.values()) {
            if ((all || !c.path("IsDeleted").asBoolean()) && where(c, m.group(3))) {
                found.add(select(c, fields));
            }
        }
        if (m.group(4) != null) {
            String[] order = m.group(4).split(",\\s*");
            Comparator<ObjectNode> by = Comparator.comparing(c -> c.path(order[0].trim()).asText());
            for (int i = 1; i < order.length; i++) {
                String f = order[i].trim();
                by = by.thenComparing(c -> c.path(f).asText());
            }
            found.sort(by);
        }
        return page(found, "01g" + Integer.toHexString(soql.hashCode()) + "-" + System.nanoTime());
    }

    private synchronized String more(String locator) {
        List<ObjectNode> rest = cursors.remove(locator);
        if (rest == null) {
            throw new IllegalArgumentException("invalid query locator " + locator);
        }
        return page(rest, locator.replaceFirst("-\\d+$", "") + "-" + System.nanoTime());
    }

    private String page(List<ObjectNode> records, String locator) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("totalSize", records.size());
        List<ObjectNode> now = records.subList(0, Math.min(pageSize, records.size()));
        boolean done = now.size() == records.size();
        answer.put("done", done);
        if (!done) {
            cursors.put(locator, new ArrayList<>(records.subList(now.size(), records.size())));
            answer.put("nextRecordsUrl", "/services/data/v62.0/query/" + locator);
        }
        ArrayNode array = answer.putArray("records");
        now.forEach(array::add);
        return answer.toString();
    }

    private static boolean where(ObjectNode c, String where) {
        if (where == null) {
            return true;
        }
        Matcher since = SINCE.matcher(where);
        if (since.matches()) {
            return c.path(since.group(1)).asText().compareTo(SF_TIME.format(Instant.parse(since.group(2)))) >= 0;
        }
        Matcher in = IN.matcher(where);
        if (in.matches()) {
            List<String> values = new ArrayList<>();
            Matcher literal = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'").matcher(in.group(2));
            while (literal.find()) {
                values.add(literal.group(1).replace("\\'", "'").replace("\\\\", "\\"));
            }
            return values.contains(c.path(in.group(1)).asText(null));
        }
        throw new IllegalArgumentException("unexpected WHERE: " + where);
    }

    private static ObjectNode select(ObjectNode c, List<String> fields) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode attributes = out.putObject("attributes");
        attributes.put("type", "Contact");
        attributes.put("url", "/services/data/v62.0/sobjects/Contact/" + c.path("Id").asText());
        for (String f : fields) {
            out.set(f.trim(), c.has(f.trim()) ? c.get(f.trim()) : JSON.nullNode());
        }
        return out;
    }

    private synchronized void upsert(HttpExchange ex, String externalIdField, JsonNode body) throws IOException {
        JsonNode records = body.path("records");
        if (records.size() > 200) {
            answer(ex, 400, "[{\"message\":\"Exceeded max size limit of 200\",\"errorCode\":\"EXCEEDED_ID_LIMIT\"}]");
            return;
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode r : records) {
            String key = r.path(externalIdField).asText(null);
            ObjectNode result = results.addObject();
            ObjectNode existing = contacts.values().stream()
                    .filter(c -> key != null && key.equals(c.path(externalIdField).asText(null)) && !c.path("IsDeleted").asBoolean())
                    .findFirst().orElse(null);
            boolean lastName = r.has("LastName") ? !r.path("LastName").isNull() && !r.path("LastName").asText().isBlank()
                    : existing != null && !existing.path("LastName").isNull();
            if (key == null || !lastName) {
                result.putNull("id");
                result.put("success", false);
                ObjectNode error = result.putArray("errors").addObject();
                error.put("statusCode", key == null ? "MISSING_ARGUMENT" : "REQUIRED_FIELD_MISSING");
                error.put("message", key == null ? externalIdField + " not specified" : "Required fields are missing: [LastName]");
                error.putArray("fields").add(key == null ? externalIdField : "LastName");
                continue;
            }
            ObjectNode c = existing == null ? newContact(externalIdField, key) : existing;
            r.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("attributes")) {
                    c.set(e.getKey(), e.getValue());
                }
            });
            c.put("SystemModstamp", stamp());
            result.put("id", c.path("Id").asText());
            result.put("success", true);
            result.putArray("errors");
            result.put("created", existing == null);
        }
        answer(ex, 200, results.toString());
    }

    private synchronized String delete(List<String> ids) {
        ArrayNode results = JSON.createArrayNode();
        for (String id : ids) {
            ObjectNode c = contacts.get(id);
            ObjectNode result = results.addObject();
            result.put("id", id);
            if (c == null || c.path("IsDeleted").asBoolean()) {
                result.put("success", false);
                ObjectNode error = result.putArray("errors").addObject();
                error.put("statusCode", "ENTITY_IS_DELETED");
                error.put("message", "entity is deleted");
                error.putArray("fields");
            } else {
                c.put("IsDeleted", true);
                c.put("SystemModstamp", stamp());
                result.put("success", true);
                result.putArray("errors");
            }
        }
        return results.toString();
    }

    private ObjectNode newContact(String externalIdField, String externalId) {
        ObjectNode c = JSON.createObjectNode();
        String id = String.format("003%015d", ids.incrementAndGet());
        c.put("Id", id);
        c.put(externalIdField, externalId);
        c.put("IsDeleted", false);
        contacts.put(id, c);
        return c;
    }

    /** A SystemModstamp: milliseconds, always later than the previous one. */
    private synchronized String stamp() {
        lastStamp = Math.max(System.currentTimeMillis(), lastStamp + 1);
        return SF_TIME.format(Instant.ofEpochMilli(lastStamp));
    }

    private static String param(String rawQuery, String name) {
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("missing parameter " + name);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }
}
