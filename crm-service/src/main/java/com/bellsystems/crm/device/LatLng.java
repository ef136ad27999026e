package com.bellsystems.crm.device;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/** A device's position as the API takes it ({@code {"lat", "lng"}}); a GeoPoint in Firestore. */
@RegisterForReflection
public record LatLng(
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lng) {

    public Map<String, Object> asMap() {
        return Map.of("lat", lat, "lng", lng);
    }
}
