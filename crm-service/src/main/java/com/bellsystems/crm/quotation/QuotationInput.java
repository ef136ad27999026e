package com.bellsystems.crm.quotation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
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
 * A quotation as the Console sends it, with its item lines; null fields are left as they are on
 * update, and null items keep the stored lines. Totals are never taken from the client.
 */
@RegisterForReflection
public record QuotationInput(
        @Size(min = 1, max = 60) String quotationNumber,
        @Size(max = 100) String customerId,
        @Size(max = 300) String title,
        @Size(max = 1000) String subject,
        @Pattern(regexp = "[a-z][a-z_]{0,39}") String status,
        @Pattern(regexp = "[a-z]{2}") String language,
        @Pattern(regexp = "[A-Z]{3}") String currency,
        @DecimalMin("0") @DecimalMax("100") BigDecimal globalDiscountPercent,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal shippingCost,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal installCost,
        @Size(max = 300) String extrasLabel,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal extrasCost,
        @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent,
        @Size(max = 500) List<@NotNull @Valid ItemInput> items,
        List<@NotNull Map<String, Object>> comments,
        Map<String, Object> clientSnapshot,
        @Size(max = 500) String pdfPath) {

    /** One item line: unit cost x quantity, less its own discount. */
    @RegisterForReflection
    public record ItemInput(
            @Size(max = 100) String productId,
            @NotBlank @Size(max = 1000) String description,
            @Size(max = 20) String unitType,
            @NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal unitCost,
            @DecimalMin("0") @DecimalMax("100") BigDecimal discountPercent,
            @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 9, fraction = 3) BigDecimal quantity,
            @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent) {}
}
