package com.bellsystems.crm.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An order as the Console sends it (create, or partial update where null leaves a field as it is).
 * Clients send quantities, unit prices and the discount rule; every amount is computed here.
 */
@RegisterForReflection
public record OrderInput(
        @Size(min = 1, max = 60) String orderNumber,
        @Size(max = 300) String title,
        @Pattern(regexp = "[a-z][a-z_]{0,39}", message = "must be a lower-case status name") String status,
        @Size(max = 500) List<@NotNull @Valid Item> items,
        @Valid Discount discount,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        Map<String, Object> shipping,
        Map<String, Object> paymentStatus,
        @Size(max = 500) String invoicePath,
        @Size(max = 10_000) String notes) {

    /** One order line: quantity x unit price. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @Size(max = 100) String productId,
            @NotBlank @Size(max = 500) String description,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 9, fraction = 3) BigDecimal quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 4) BigDecimal unitPrice) {}

    /** A discount on the subtotal: {@code percent} (0-100) or a fixed {@code amount}. */
    @RegisterForReflection
    public record Discount(
            @NotNull @Pattern(regexp = "percent|amount", message = "must be percent or amount") String type,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 4) BigDecimal value) {}
}
