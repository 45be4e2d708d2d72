package dev.lockstep.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.PipelineProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Prepares the deliver step of an email-list pair for the {@code http} endpoint (whose URI is the
 * API's base URL): the member's path, the method, the JSON body and the API key.
 * <ul>
 *   <li>An upsert is {@code PUT /lists/{list-id}/members/{md5 of the lower-cased address}} with
 *       {@code email_address}, {@code status_if_new} and {@code merge_fields}: "add or update".
 *       {@code status} is never sent, so a member who unsubscribed on the email side stays
 *       unsubscribed; only a new member gets {@code status_if_new}.</li>
 *   <li>A delete is {@code DELETE} on the same path: the API archives the member (it keeps the
 *       member's history and unsubscribed state; an upsert later brings the member back).</li>
 * </ul>
 * Columns of the mapping: {@code merge_<tag>} becomes {@code merge_fields.<TAG>} (upper case; an
 * empty value clears the field), the key column is Lockstep's link and is not sent, every other
 * column is sent as a top-level field when it has a value. The key is sent as HTTP Basic
 * credentials, {@code lockstep:<api-key>}, as the API expects; request headers other than these are
 * cleared so nothing of the exchange leaks to the API.
 */
@Component("emailMemberRequest")
public class EmailMemberRequest implements Processor {

    static final String MERGE_PREFIX = "merge_";

    private final Environment env;
    private final ObjectMapper json;

    public EmailMemberRequest(Environment env, ObjectMapper json) {
        this.env = env;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        String member = exchange.getProperty(EmailMemberLink.MEMBER, String.class);
        String system = exchange.getProperty(dev.lockstep.deliver.http.HttpTarget.PROPERTY, "email", String.class);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_PATH, memberPath(required(system, "list-id"), member));
        message.setHeader("Authorization", basicAuth(required(system, "api-key")));
        message.setHeader("Accept", "application/json");
        switch (row.write()) {
            case UPSERT -> {
                message.setHeader(Exchange.HTTP_METHOD, "PUT");
                message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                message.setBody(json.writeValueAsString(body(row)));
            }
            case HARD_DELETE -> {
                message.setHeader(Exchange.HTTP_METHOD, "DELETE");
                message.setBody(null);
            }
            default -> throw new IllegalStateException("An email list takes upserts and deletes, not " + row.write()
                    + " (set deletes.policy to hard or ignore in the mapping)");
        }
    }

    /** {@code /lists/{list}/members/{subscriber hash}}. */
    public static String memberPath(String listId, String email) {
        return "/lists/" + URLEncoder.encode(listId, StandardCharsets.UTF_8) + "/members/" + subscriberHash(email);
    }

    /** The API's member id: the MD5 of the lower-cased e-mail address, in hex. */
    public static String subscriberHash(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON body of an upsert: top-level columns, and {@code merge_*} columns under {@code merge_fields}. */
    public static Map<String, Object> body(TargetRow row) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> mergeFields = new LinkedHashMap<>();
        row.values().forEach((column, value) -> {
            if (column.equals(row.keyColumn())) {
                return;
            }
            if (column.startsWith(MERGE_PREFIX)) {
                mergeFields.put(column.substring(MERGE_PREFIX.length()).toUpperCase(Locale.ROOT), value == null ? "" : value);
            } else if (value != null) {
                body.put(column, value);
            }
        });
        if (!mergeFields.isEmpty()) {
            body.put("merge_fields", mergeFields);
        }
        return body;
    }

    static String basicAuth(String apiKey) {
        return "Basic " + Base64.getEncoder().encodeToString(("lockstep:" + apiKey).getBytes(StandardCharsets.UTF_8));
    }

    private String required(String system, String key) {
        String value = env.getProperty("lockstep.systems." + system + "." + key, "");
        if (value.isBlank()) {
            throw new IllegalStateException("lockstep.systems." + system + "." + key + " is not set");
        }
        return value;
    }
}
