package com.bellsystems.crm.order.service;

import com.bellsystems.common.problem.Problem;
import com.bellsystems.common.problem.ProblemException;
import com.bellsystems.crm.order.OrderInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Order amounts, computed on the server with BigDecimal and stored as NUMERIC(12,2): each line is
 * quantity x unit price rounded HALF_UP to cents, the subtotal is the sum of the rounded lines,
 * a percent discount is rounded HALF_UP once on the subtotal, total = subtotal - discount.
 */
public final class OrderMoney {

    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** NUMERIC(12,2) holds at most this. */
    static final BigDecimal MAX = new BigDecimal("9999999999.99");

    private OrderMoney() {}

    /** One stored order line: quantity x unit price, rounded to cents. */
    public record Line(
            String productId, String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal lineTotal) {

        /** As stored in the order's {@code items} JSONB (no {@code product_id} when there is none). */
        Map<String, Object> stored() {
            Map<String, Object> stored = new LinkedHashMap<>();
            if (productId != null) {
                stored.put("product_id", productId);
            }
            stored.put("description", description);
            stored.put("quantity", quantity);
            stored.put("unit_price", unitPrice);
            stored.put("line_total", lineTotal);
            return stored;
        }
    }

    /** The discount as applied: the client's rule ({@code percent} or {@code amount}, value) and the amount off. */
    public record AppliedDiscount(String type, BigDecimal value, BigDecimal amount) {

        /** As stored in the order's {@code discount} JSONB. */
        Map<String, Object> stored() {
            Map<String, Object> stored = new LinkedHashMap<>();
            stored.put("type", type);
            stored.put("value", value);
            stored.put("amount", amount);
            return stored;
        }
    }

    /** The computed amounts; {@code discount} is null when there is none. */
    public record Totals(List<Line> lines, BigDecimal subtotal, AppliedDiscount discount, BigDecimal total) {

        /** The lines as stored in the order's {@code items} JSONB. */
        List<Map<String, Object>> storedItems() {
            return lines.stream().map(Line::stored).toList();
        }

        /** The discount as stored in the order's {@code discount} JSONB, or null. */
        Map<String, Object> storedDiscount() {
            return discount == null ? null : discount.stored();
        }
    }

    public static Totals compute(List<OrderInput.Item> items, OrderInput.Discount discount) {
        List<Line> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO.setScale(2);
        for (OrderInput.Item item : items) {
            BigDecimal line = item.quantity().multiply(item.unitPrice()).setScale(2, RoundingMode.HALF_UP);
            subtotal = subtotal.add(line);
            lines.add(new Line(item.productId(), item.description(), item.quantity(), item.unitPrice(), line));
        }
        BigDecimal off = BigDecimal.ZERO.setScale(2);
        AppliedDiscount applied = null;
        if (discount != null) {
            if ("percent".equals(discount.type())) {
                if (discount.value().compareTo(HUNDRED) > 0) {
                    throw unprocessable("discount.value", "a percent discount must be between 0 and 100");
                }
                off = subtotal.multiply(discount.value()).divide(HUNDRED, 2, RoundingMode.HALF_UP);
            } else {
                off = discount.value().setScale(2, RoundingMode.HALF_UP);
                if (off.compareTo(subtotal) > 0) {
                    throw unprocessable("discount.value", "the discount is larger than the subtotal " + subtotal);
                }
            }
            applied = new AppliedDiscount(discount.type(), discount.value(), off);
        }
        if (subtotal.compareTo(MAX) > 0) {
            throw unprocessable("items", "the subtotal exceeds " + MAX);
        }
        return new Totals(lines, subtotal, applied, subtotal.subtract(off));
    }

    /** Stored lines back into inputs, to recompute when only the discount changes. */
    @SuppressWarnings("unchecked")
    static List<OrderInput.Item> items(Object stored) {
        List<OrderInput.Item> items = new ArrayList<>();
        if (stored instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                items.add(new OrderInput.Item(
                        (String) m.get("product_id"),
                        (String) m.get("description"),
                        decimal(m.get("quantity")),
                        decimal(m.get("unit_price"))));
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    static OrderInput.Discount discount(Object stored) {
        if (stored instanceof Map<?, ?> m && m.get("type") != null && m.get("value") != null) {
            return new OrderInput.Discount((String) m.get("type"), decimal(m.get("value")));
        }
        return null;
    }

    private static BigDecimal decimal(Object v) {
        return v == null ? BigDecimal.ZERO : new BigDecimal(v.toString());
    }

    private static ProblemException unprocessable(String field, String message) {
        return ProblemException.unprocessable(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}
