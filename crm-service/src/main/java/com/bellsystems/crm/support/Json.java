package com.bellsystems.crm.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Validated request records to the plain maps and lists stored in JSONB columns. */
@ApplicationScoped
public class Json {

    private final ObjectMapper mapper;

    public Json(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Map<String, Object> map(Object value) {
        return value == null ? null : mapper.convertValue(value, new TypeReference<Map<String, Object>>() {});
    }

    public List<Object> list(List<?> value) {
        return value == null ? null : mapper.convertValue(value, new TypeReference<List<Object>>() {});
    }
}
