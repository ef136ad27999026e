package com.bellsystems.crm.customer;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A customer as the Console sends it, for create and partial update (a null field is left as it
 * is). The JSONB columns have fixed shapes, validated here so bad data never reaches Firestore.
 */
@RegisterForReflection
public record CustomerInput(
        @Size(max = 50) String title,
        @Size(min = 1, max = 200) String name,
        @Size(max = 200) String surname,
        @Size(max = 300) String organization,
        @Size(max = 100) String religion,
        @Pattern(regexp = "[a-z]{2}(-[A-Z]{2})?", message = "must be a language code such as el or en") String language,
        @Size(min = 1, max = 200) String folderId,
        @Pattern(regexp = "[a-z][a-z_]{0,39}", message = "must be a lower-case status name") String relationshipStatus,
        @Size(max = 500) String nextcloudFolder,
        @Size(max = 50) List<@NotNull @Valid Contact> contacts,
        @Size(max = 500) List<@NotNull @Valid Note> notes,
        @Valid Location location,
        @Size(max = 50) List<@NotBlank @Size(max = 60) String> tags,
        @Size(max = 500) List<@NotNull @Valid OwnedItem> ownedItems,
        @Size(max = 50) List<@NotBlank String> linkedUserIds,
        List<@NotNull Map<String, Object>> technicalIssues,
        List<@NotNull Map<String, Object>> installSupport,
        List<@NotNull Map<String, Object>> transactionHistory,
        Map<String, Object> crmSummary) {

    /** One way to reach the customer. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(
            @NotBlank
                    @Pattern(
                            regexp = "email|phone|mobile|fax|website|social|other",
                            message = "must be one of email, phone, mobile, fax, website, social, other")
                    String type,
            @NotBlank @Size(max = 300) String value,
            @Size(max = 100) String label,
            Boolean primary) {}

    /** A dated free-text note about the customer. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Note(
            @NotBlank @Size(max = 10_000) String text, @Size(max = 200) String by, @Size(max = 40) String at) {}

    /** Something the customer owns (a bell, a controller), possibly linked to a product. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OwnedItem(
            @Size(max = 100) String productId,
            @NotBlank @Size(max = 300) String name,
            @Size(max = 100) String serial,
            @Min(1) Integer quantity,
            @Size(max = 40) String installedAt,
            @Size(max = 2000) String notes) {}

    /** Where the customer is. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(
            @Size(max = 300) String address,
            @Size(max = 100) String city,
            @Size(max = 100) String region,
            @Size(max = 20) String postalCode,
            @Size(max = 100) String country,
            @DecimalMin("-90") @DecimalMax("90") Double lat,
            @DecimalMin("-180") @DecimalMax("180") Double lng) {}
}
