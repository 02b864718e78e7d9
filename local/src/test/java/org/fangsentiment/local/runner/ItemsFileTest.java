package org.fangsentiment.local.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemsFileTest {

    private static List<Map<String, AttributeValue>> parse(String text) throws Exception {
        return ItemsFile.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "items.json");
    }

    @Test
    void readsItemsLosslessly() throws Exception {
        List<Map<String, AttributeValue>> items = parse("[\n {\"name\": \"Apple\", \"rank\": 1.50},\n {\"name\": \"Netflix\"}\n]");
        assertEquals(2, items.size());
        assertEquals("1.50", items.get(0).get("rank").n());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[\\n {\"name\": \"Apple\"},\\n {\"name\": \"Google\",}\\n]|line 3|",
        "[\\n {\"name\": \"Apple\"},\\n {\"title\": \"Google\"}\\n]|line 3|item 2 has no 'name'",
        "[\\n {\"name\": \"Apple\"},\\n\\n {\"name\": 7}\\n]|line 4|item 2 has no 'name'",
        "[\\n {\"name\": \"Apple\"},\\n \"Google\"\\n]|line 3|item 2 is a string, not a JSON object",
        "{\"name\": \"Apple\"}|line 1|must hold a JSON array",
        "[\\n {\"name\": \"Apple\"},\\n {\"name\": \"Apple\"}\\n]|line 3|repeats the name of the item on line 2",
        "[\\n {\"name\": \"Apple\", \"name\": \"Pear\"}\\n]|line 2|Duplicate field",
        "[\\n {\"name\": \"Apple\"}\\n||",
        "|line 1|empty",
    })
    void refusesBadFilesWithLineAndReason(String text, String line, String reason) {
        String content = text == null ? "" : text.replace("\\n", "\n");
        RunnerException error = assertThrows(RunnerException.class, () -> parse(content));
        assertTrue(error.getMessage().startsWith("Bad items file items.json"), error.getMessage());
        if (line != null) {
            assertTrue(error.getMessage().contains(line + ","), error.getMessage());
        }
        if (reason != null) {
            assertTrue(error.getMessage().contains(reason), error.getMessage());
        }
    }

    @Test
    void noneMeansNoItemsAndAMissingFileIsNamed() {
        assertTrue(ItemsFile.forOption("none").isEmpty());
        RunnerException error = assertThrows(RunnerException.class, () -> ItemsFile.read(Path.of("no/such/items.json")));
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }
}
