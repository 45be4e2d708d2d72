package dev.lockstep.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.mapping.TargetRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mapped invoice columns ↔ Xero's invoice JSON (https://developer.xero.com/documentation/api/accounting/invoices).
 * A column {@code contact_<x>} is {@code Contact.<X>}, {@code line_item_<x>} is {@code <X>} of the
 * invoice's one line item, any other column is the top-level field {@code <X>}; {@code <X>} is the
 * snake_case name in PascalCase ({@code due_date} → {@code DueDate}, {@code line_item_unit_amount}
 * → {@code LineItems[0].UnitAmount}).
 *
 * <p>Reading an invoice back gives the same columns, in the same canonical form as mapped ones, so
 * {@link #hash} of both sides is equal exactly when the accounting record holds what the mapping
 * would send: numbers compare by value ({@code 1200.00} = {@code 1200.0}), and Xero's JSON dates
 * ({@code /Date(1793491200000+0000)/}) read as the ISO date they stand for.
 */
public final class XeroInvoices {

    static final String CONTACT = "contact_";
    static final String LINE_ITEM = "line_item_";
    private static final Pattern MS_DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private XeroInvoices() {
    }

    /** The invoice to send for a mapped row; with {@code InvoiceID} when the ledger links one (an update). */
    public static ObjectNode invoice(TargetRow row, String invoiceId) {
        ObjectNode invoice = NODES.objectNode();
        if (invoiceId != null) {
            invoice.put("InvoiceID", invoiceId);
        }
        row.values().forEach((column, value) -> {
            if (value == null) {
                return;
            }
            ObjectNode parent = invoice;
            String name = column;
            if (column.startsWith(CONTACT)) {
                parent = invoice.has("Contact") ? (ObjectNode) invoice.get("Contact") : invoice.putObject("Contact");
                name = column.substring(CONTACT.length());
            } else if (column.startsWith(LINE_ITEM)) {
                ArrayNode items = invoice.has("LineItems") ? (ArrayNode) invoice.get("LineItems") : invoice.putArray("LineItems");
                parent = items.isEmpty() ? items.addObject() : (ObjectNode) items.get(0);
                name = column.substring(LINE_ITEM.length());
            }
            parent.set(pascal(name), node(value));
        });
        return invoice;
    }

    /** The request body of a bulk create-or-update: {@code {"Invoices": [...]}}. */
    public static ObjectNode request(Collection<ObjectNode> invoices) {
        ObjectNode body = NODES.objectNode();
        body.putArray("Invoices").addAll(invoices);
        return body;
    }

    /** The mapped columns as an accounting invoice holds them (absent fields are null), canonical. */
    public static Map<String, Object> columns(JsonNode invoice, Collection<String> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String column : columns) {
            JsonNode node;
            if (column.startsWith(CONTACT)) {
                node = invoice.path("Contact").path(pascal(column.substring(CONTACT.length())));
            } else if (column.startsWith(LINE_ITEM)) {
                node = invoice.path("LineItems").path(0).path(pascal(column.substring(LINE_ITEM.length())));
            } else {
                node = invoice.path(pascal(column));
            }
            values.put(column, canonical(node));
        }
        return values;
    }

    /** Mapped values in the canonical form {@link #columns} reads back. */
    public static Map<String, Object> canonical(Map<String, Object> values) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        values.forEach((column, value) -> canonical.put(column, value == null ? null : canonical(node(value))));
        return canonical;
    }

    /**
     * The hash the ledger keeps and the reconciliation compares: of the canonical columns, with the
     * key column left out as {@link TargetRow#contentHash} does.
     */
    public static String hash(String keyColumn, Map<String, Object> values) {
        return new TargetRow(TargetRow.Write.UPSERT, "invoice", keyColumn, null, canonical(values)).contentHash();
    }

    /** {@code due_date} → {@code DueDate}. */
    static String pascal(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private static JsonNode node(Object value) {
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(BigDecimal.valueOf(d));
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.textNode(value.toString());
    }

    private static Object canonical(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue().stripTrailingZeros();
            return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
        }
        if (node.isBoolean()) {
            return String.valueOf(node.booleanValue());
        }
        String text = node.asText();
        Matcher ms = MS_DATE.matcher(text);
        if (ms.matches()) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(ms.group(1)));
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            return day.atStartOfDay(ZoneOffset.UTC).toInstant().equals(at) ? day.toString() : at.toString();
        }
        if (text.matches("\\d{4}-\\d{2}-\\d{2}T00:00:00")) {
            return text.substring(0, 10);
        }
        return text;
    }
}
