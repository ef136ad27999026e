package com.bellsystems.crm.product;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** A product as the Console sends it; null fields are left as they are on update. */
@RegisterForReflection
public record ProductInput(
        @Size(min = 1, max = 300) String name,
        @Size(max = 100) String sku,
        @Size(max = 100) String category,
        @Size(max = 10_000) String description,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal price,
        @Pattern(regexp = "[A-Z]{3}") String currency,
        @Size(max = 20) String unitType,
        @DecimalMin("0") @DecimalMax("100") BigDecimal vatPercent,
        @Min(0) Integer stockOnHand,
        Boolean active,
        @Size(max = 1000) String photoUrl) {}
