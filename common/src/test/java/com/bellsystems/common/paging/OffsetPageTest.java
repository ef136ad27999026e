package com.bellsystems.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page envelope as the API writes it (snake_case), with counted, open and rendered items. */
class OffsetPageTest {

    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Test
    void renderedItemsAreWrittenByteForByteAndReadableAsAList() throws Exception {
        // spacing and key order as Postgres rendered them: kept, which a parse and re-serialize would not
        byte[] rendered = "[{\"id\": \"c1\", \"name\": \"Åsa\"},{\"id\":\"c2\"}]".getBytes(StandardCharsets.UTF_8);
        OffsetPage<Map<String, Object>> page = OffsetPage.rendered(rendered, 2, 50, true);

        assertEquals(
                "{\"items\":[{\"id\": \"c1\", \"name\": \"Åsa\"},{\"id\":\"c2\"}],\"page\":2,\"size\":50,\"has_more\":true}",
                json.writeValueAsString(page));
        assertEquals(2, page.items().size());
        assertEquals("Åsa", page.items().get(0).get("name"));
    }

    @Test
    void countedAndOpenPagesSayOnlyWhatTheyKnow() throws Exception {
        assertEquals(
                "{\"items\":[\"a\"],\"page\":0,\"size\":1,\"total\":3}",
                json.writeValueAsString(OffsetPage.counted(List.of("a"), 0, 1, 3)));
        assertEquals(
                "{\"items\":[],\"page\":1,\"size\":1,\"has_more\":false}",
                json.writeValueAsString(OffsetPage.open(List.of(), 1, 1, false)));
    }
}
